// The report as the REST API answers it (GET, POST, PATCH /api/v1/incidents[/{id}]): the structured document with
// the version a change must name, the review state and the sign-off that still stands. Also creating a report from
// the API's body, where the document's fields sit at the top level rather than under `document` as in the editor.
import "server-only";
import { getDb } from "@/lib/db/client";
import type { AnyActor } from "@/lib/auth/actor";
import { InvalidInputError } from "@/lib/errors";
import type { Viewer } from "@/lib/incidents/access";
import { createReport } from "@/lib/incidents/mutations";
import { createIncidentBodySchema, type IncidentResponse, type ReportDocument, type SignOffSummary, type TimelineListResponse } from "@/lib/incidents/schema";
import { loadVisibleReport } from "@/lib/incidents/store";
import { checkLatestSignOff } from "@/lib/reviews/revisions";

/**
 * The latest sign-off, when its signed revision is intact (its content still hashes to the hash the audit trail
 * recorded at signing); null when the report was never signed off, or when that revision was altered: a hash that
 * no longer proves anything is not passed on. A reopened report keeps its sign-off here (`reportState` says it is no
 * longer approved; `matchesCurrent` whether the content moved on), as the report page shows "Previously signed off".
 */
async function standingSignOff(incidentId: string, current: ReportDocument): Promise<SignOffSummary | null> {
  const check = await checkLatestSignOff(incidentId, getDb(), current);
  if (!check?.revisionIntact) return null;
  return {
    by: check.reviewer,
    at: check.signedAt.toISOString(),
    sha256: check.contentHash,
    revision: check.revisionNumber,
    matchesCurrent: check.matchesCurrent,
  };
}

/** The report when `viewer` may open it; null when it does not exist or is not theirs to see. */
export async function getIncidentResource(viewer: Viewer, idOrPublicId: string): Promise<IncidentResponse | null> {
  const loaded = await loadVisibleReport(getDb(), viewer, idOrPublicId);
  if (!loaded?.report.id || !loaded.report.publicId) return null;
  const { report } = loaded;
  return {
    ...report,
    id: loaded.report.id,
    publicId: loaded.report.publicId,
    version: loaded.version,
    reportState: loaded.reportState,
    signOff: await standingSignOff(loaded.report.id, report),
  };
}

/** The report's timeline in time order with its version, when `viewer` may open it; else null. */
export async function getTimeline(viewer: Viewer, idOrPublicId: string): Promise<TimelineListResponse | null> {
  const loaded = await loadVisibleReport(getDb(), viewer, idOrPublicId);
  if (!loaded) return null;
  const items = loaded.report.timeline.flatMap(({ id, ...event }) => (id ? [{ id, ...event }] : []));
  return { items, version: loaded.version };
}

/**
 * POST /api/v1/incidents: the body is the document itself (plus `templateId`), so every error path names a field as
 * the client sent it (`title`, not `document.title`). Unknown fields are refused rather than dropped unseen.
 */
export async function createIncidentFromApi(body: unknown, actor: AnyActor | null): Promise<{ id: string; publicId: string }> {
  const parsed = createIncidentBodySchema.safeParse(body);
  if (!parsed.success) throw InvalidInputError.fromZod(parsed.error);
  const { templateId, ...document } = parsed.data;
  try {
    const created = await createReport({ templateId, document }, actor);
    return { id: created.id, publicId: created.publicId };
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    const issues = error.issues.map((issue) => ({ ...issue, path: issue.path.replace(/^document\./, "") }));
    throw new InvalidInputError(error.message.replace(/(^|[\s:;(])document\./g, "$1"), issues);
  }
}

// Writes of tracker sync, each a guarded action:
//   createTrackerIssue      a person creates a GitHub or Jira issue from an action item and links the item to it;
//   applyTrackerIssueState  the tracker's webhook (as SYSTEM) closes or reopens the linked item.
//
// Creating the issue is a call to the tracker that may take seconds: it happens in `prepare`, before the transaction
// opens (a transaction holds a database connection, and the embedded database has one), and only its result is
// stored in the transaction. If the tracker refuses, nothing is stored and the user reads the tracker's reason.
import "server-only";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { actingUser, type AnyActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from "@/lib/errors";
import { visibleIncidentsWhere } from "@/lib/incidents/access";
import { EDIT_REFUSAL, mayEditActionItem } from "@/lib/action-items/edit-rights";
import { claimIntegrationEvent } from "@/lib/integrations/events";
import { activeIntegration, type OpenIntegration } from "@/lib/integrations/queries";
import { SealedSecretError } from "@/lib/integrations/sealed";
import { appBaseUrl } from "@/lib/mail/links";
import { createGithubIssue } from "@/lib/trackers/github";
import { TrackerError } from "@/lib/trackers/http";
import { issueContent } from "@/lib/trackers/issue-content";
import { createJiraIssue } from "@/lib/trackers/jira";
import { createTrackerIssueInput, TRACKER_KIND_LABELS, type TrackerKind, type TrackerLink } from "@/lib/trackers/schema";
import { trackerSettings } from "@/lib/trackers/settings";
import { isClosedStatus, queueTrackerUpdate } from "@/lib/trackers/sync";

const ACTION_ITEMS_PATH = "/action-items";
const INCIDENTS_PATH = "/incidents";

/** The tracker integration an issue is to be created in; a 422 naming `integrationId` when there is no such tracker. */
async function openTracker(integrationId: string): Promise<OpenIntegration & { kind: TrackerKind }> {
  let integration: OpenIntegration | null;
  try {
    integration = await activeIntegration(integrationId);
  } catch (error) {
    if (error instanceof SealedSecretError) throw new TrackerError(`The tracker integration's token cannot be read: ${error.message}`);
    throw error;
  }
  if (!integration || (integration.kind !== "GITHUB" && integration.kind !== "JIRA")) {
    throw new InvalidInputError("integrationId: no active GitHub or Jira integration has this id.", [
      { path: "integrationId", message: "must be an active GitHub or Jira integration (Admin > Integrations)" },
    ]);
  }
  return integration as OpenIntegration & { kind: TrackerKind };
}

type CreatedLink = { link: TrackerLink; incidentId: string; publicId: string; before: { trackerUrl: string | null } };

export const createTrackerIssue = defineAction({
  name: "action-item.tracker-issue.create",
  permission: "action-item:edit",
  input: createTrackerIssueInput,
  prepare: async (input, actor: AnyActor) => {
    const user = actingUser(actor);
    const item = await getDb().actionItem.findFirst({
      where: { id: input.itemId, ...(user ? { incident: visibleIncidentsWhere(user) } : {}) },
      select: {
        title: true,
        description: true,
        dueDate: true,
        priority: true,
        ownerId: true,
        ownerName: true,
        trackerKey: true,
        trackerUrl: true,
        owner: { select: { name: true } },
        incident: { select: { authorId: true, private: true, publicId: true, title: true } },
      },
    });
    if (!item) throw new NotFoundError("The action item");
    if (user && !mayEditActionItem(user, { ownerId: item.ownerId, authorId: item.incident.authorId })) throw new ForbiddenError(EDIT_REFUSAL);
    if (item.trackerKey) throw new ConflictError(`This action item is already linked to ${item.trackerKey}; no other issue was created.`);

    if (!input.integrationId) {
      throw new InvalidInputError("integrationId: name the GitHub or Jira integration to create the issue in.", [
        { path: "integrationId", message: "is required: the id of a GitHub or Jira integration" },
      ]);
    }
    const integration = await openTracker(input.integrationId);
    const settings = trackerSettings(integration);
    const content = issueContent({
      title: item.title,
      description: item.description,
      dueDate: item.dueDate ? item.dueDate.toISOString().slice(0, 10) : null,
      priority: item.priority,
      ownerName: item.owner?.name ?? item.ownerName,
      report: item.incident,
      baseUrl: (await appBaseUrl()).replace(/\/+$/, ""),
    });
    const created = settings.kind === "GITHUB" ? await createGithubIssue(settings, content) : await createJiraIssue(settings, content);
    return { integration: { id: integration.id, kind: integration.kind }, created, before: { trackerUrl: item.trackerUrl } };
  },
  run: async ({ tx, input, prepared }): Promise<CreatedLink> => {
    const { integration, created } = prepared;
    // Linked only if nobody linked it in the meantime (two people pressing the button at once).
    const claimed = await tx.actionItem.updateMany({
      where: { id: input.itemId, trackerKey: null },
      data: { trackerIntegrationId: integration.id, trackerKey: created.key, trackerUrl: created.url, version: { increment: 1 } },
    });
    if (claimed.count !== 1) {
      throw new ConflictError(
        `Someone linked this action item to another issue at the same moment. The ${TRACKER_KIND_LABELS[integration.kind]} issue just created, ${created.key} (${created.url}), is not linked: close it there.`,
      );
    }
    const row = await tx.actionItem.findUniqueOrThrow({
      where: { id: input.itemId },
      select: { version: true, status: true, incident: { select: { id: true, publicId: true } } },
    });
    // An item already done or won't do gets its issue closed at once (the tracker opened it).
    await queueTrackerUpdate(tx, {
      itemId: input.itemId,
      trackerIntegrationId: integration.id,
      trackerKey: created.key,
      before: "OPEN",
      after: row.status,
      version: row.version,
    });
    return {
      link: {
        actionItemId: input.itemId,
        integrationId: integration.id,
        kind: integration.kind,
        trackerKey: created.key,
        trackerUrl: created.url,
        version: row.version,
      },
      incidentId: row.incident.id,
      publicId: row.incident.publicId,
      before: prepared.before,
    };
  },
  audit: ({ link, incidentId, before }) => ({
    entityType: "ActionItem",
    entityId: link.actionItemId,
    incidentId,
    changes: {
      trackerKey: { before: null, after: link.trackerKey },
      trackerUrl: { before: before.trackerUrl, after: link.trackerUrl },
    },
    meta: { integrationId: link.integrationId, version: link.version },
  }),
  revalidate: ({ publicId }) => [ACTION_ITEMS_PATH, INCIDENTS_PATH, `${INCIDENTS_PATH}/${publicId}`],
});

// ---------------------------------------------------------------------------------------------------------------

export const trackerIssueStateInput = z.object({
  integrationId: z.string().min(1),
  /** named in the audit entry, so that the report's history says which integration changed the item */
  integrationName: z.string().max(200),
  /** as stored on the item: "owner/repo#12", "OPS-12" */
  trackerKey: z.string().min(1).max(300),
  /** the delivery's replay id: the same id is applied once */
  eventId: z.string().min(1).max(300),
  state: z.enum(["closed", "open"]),
  /** GitHub's "closed as not planned": the item becomes won't do instead of done */
  notPlanned: z.boolean().default(false),
  /** for the reason of a won't-do: "GitHub", "Jira" */
  tracker: z.enum(["GitHub", "Jira"]),
});

export type TrackerIssueStateResult =
  | { outcome: "replayed" | "ignored" | "unchanged"; itemId: string | null }
  | {
      outcome: "applied";
      itemId: string;
      incidentId: string;
      publicId: string;
      version: number;
      changes: Record<string, { before: unknown; after: unknown }>;
    };

/** Run as SYSTEM by the webhooks, once their signature matched an integration; changes that come from here are not sent back. */
export const applyTrackerIssueState = defineAction({
  name: "action-item.tracker-sync",
  permission: "action-item:edit",
  input: trackerIssueStateInput,
  run: async ({ tx, input }): Promise<TrackerIssueStateResult> => {
    const item = await tx.actionItem.findFirst({
      where: { trackerIntegrationId: input.integrationId, trackerKey: { equals: input.trackerKey, mode: "insensitive" } },
      select: { id: true, status: true, completedAt: true, wontDoReason: true, incident: { select: { id: true, publicId: true } } },
    });
    if (!item) return { outcome: "ignored", itemId: null };
    if (!(await claimIntegrationEvent(tx, input.integrationId, input.eventId, item.incident.id))) return { outcome: "replayed", itemId: item.id };

    const wasClosed = isClosedStatus(item.status);
    if ((input.state === "closed") === wasClosed) return { outcome: "unchanged", itemId: item.id };
    const after =
      input.state === "open"
        ? { status: "OPEN" as const, completedAt: null, wontDoReason: null }
        : input.notPlanned
          ? { status: "WONT_DO" as const, completedAt: null, wontDoReason: `Closed as not planned in ${input.tracker} (${input.trackerKey}).` }
          : { status: "DONE" as const, completedAt: new Date(), wontDoReason: null };
    const updated = await tx.actionItem.update({ where: { id: item.id }, data: { ...after, version: { increment: 1 } }, select: { version: true } });
    // As for a change in the table: a report editor opened before this must not put the old status back.
    await tx.incident.update({ where: { id: item.incident.id }, data: { version: { increment: 1 } } });
    const changes: Record<string, { before: unknown; after: unknown }> = { status: { before: item.status, after: after.status } };
    if ((item.completedAt?.toISOString() ?? null) !== (after.completedAt?.toISOString() ?? null))
      changes.completedAt = { before: item.completedAt?.toISOString() ?? null, after: after.completedAt?.toISOString() ?? null };
    if (item.wontDoReason !== after.wontDoReason) changes.wontDoReason = { before: item.wontDoReason, after: after.wontDoReason };
    return { outcome: "applied", itemId: item.id, incidentId: item.incident.id, publicId: item.incident.publicId, version: updated.version, changes };
  },
  audit: (result, input) =>
    result.outcome === "applied"
      ? {
          entityType: "ActionItem",
          entityId: result.itemId,
          incidentId: result.incidentId,
          changes: result.changes,
          meta: {
            integration: input.integrationName,
            integrationId: input.integrationId,
            trackerKey: input.trackerKey,
            eventId: input.eventId,
            version: result.version,
          },
        }
      : null,
  revalidate: (result) => (result.outcome === "applied" ? [ACTION_ITEMS_PATH, INCIDENTS_PATH, `${INCIDENTS_PATH}/${result.publicId}`] : []),
});

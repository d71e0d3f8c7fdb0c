// Reads of one incident. The list is lib/incidents/list.ts; the full structured report is read by
// lib/incidents/store.ts (loadReport).
import "server-only";
import { getDb } from "@/lib/db/client";
import { visibleIncidentsWhere, type Viewer } from "@/lib/incidents/access";
import type { PostmortemDue, ReportDocument } from "@/lib/incidents/schema";
import { loadReport } from "@/lib/incidents/store";
import { postmortemDue, postmortemPolicy } from "@/lib/incidents/postmortem-due";
import { getSettings } from "@/lib/settings/queries";

/** The incident's database id when `viewer` may see it (by database id or public id), else null. */
export async function findVisibleIncidentId(viewer: Viewer, idOrPublicId: string): Promise<string | null> {
  const incident = await getDb().incident.findFirst({
    where: { AND: [{ OR: [{ id: idOrPublicId }, { publicId: idOrPublicId }] }, visibleIncidentsWhere(viewer)] },
    select: { id: true },
  });
  return incident?.id ?? null;
}

/**
 * Whether the incident owes a postmortem now (lib/incidents/postmortem-due.ts); null when not, or when there is no such
 * incident. By database id, with no visibility check: ask after getVisibleReport or findVisibleIncidentId.
 */
export async function getPostmortemDue(incidentId: string, now: Date = new Date()): Promise<PostmortemDue | null> {
  const db = getDb();
  const [incident, settings] = await Promise.all([
    db.incident.findUnique({
      where: { id: incidentId },
      select: { severity: true, endedAt: true, reportState: true, timeZone: true, author: { select: { timeZone: true } } },
    }),
    getSettings(db),
  ]);
  return incident ? postmortemDue({ ...incident, authorTimeZone: incident.author?.timeZone ?? null }, postmortemPolicy(settings), now) : null;
}

/** The whole structured report, when `viewer` may see it; null when it does not exist or is not visible. */
export async function getVisibleReport(viewer: Viewer, idOrPublicId: string): Promise<ReportDocument | null> {
  const id = await findVisibleIncidentId(viewer, idOrPublicId);
  return id ? loadReport(getDb(), id) : null;
}

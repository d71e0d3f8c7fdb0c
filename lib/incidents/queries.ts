// Reads for incident lists. The full structured report is read by lib/incidents/store.ts (loadReport).
import "server-only";
import { z } from "zod";
import { oneLine } from "@/lib/text/schema";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { visibleIncidentsWhere, type Viewer } from "@/lib/incidents/access";
import type { IncidentListRow, PostmortemDue, ReportDocument } from "@/lib/incidents/schema";
import { loadReport } from "@/lib/incidents/store";
import { postmortemDue, postmortemPolicy } from "@/lib/incidents/postmortem-due";
import { getSettings } from "@/lib/settings/queries";

export const incidentListFilterSchema = z.object({
  // a search with a control character can match nothing (none is stored); the page drops it like any unreadable value
  q: oneLine(z.string().trim().max(200)).optional().catch(undefined),
  severity: oneLine(z.string().trim().max(50)).optional().catch(undefined),
  state: z.enum(["DRAFT", "IN_REVIEW", "CHANGES_REQUESTED", "APPROVED"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});
export type IncidentListFilter = z.infer<typeof incidentListFilterSchema>;

/**
 * The same filter as the API reads it: a value the page would quietly drop (a search of 10,000 characters, a NUL, an
 * unknown state) is a 422 naming the parameter instead, since a client that sent it would otherwise get every incident.
 */
export const incidentListQuerySchema = z.object({
  q: oneLine(z.string().trim().max(200, "must be at most 200 characters")).optional(),
  severity: oneLine(z.string().trim().max(50, "must be at most 50 characters")).optional(),
  state: z.enum(["DRAFT", "IN_REVIEW", "CHANGES_REQUESTED", "APPROVED"]).optional(),
  page: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(10_000, "must be at most 10,000").default(1),
});

export const INCIDENT_PAGE_SIZE = 25;

export async function listIncidents(viewer: Viewer, filter: IncidentListFilter): Promise<{ rows: IncidentListRow[]; total: number }> {
  const where: Prisma.IncidentWhereInput = { AND: [visibleIncidentsWhere(viewer)] };
  const and = where.AND as Prisma.IncidentWhereInput[];
  if (filter.q) {
    and.push({
      OR: [
        { title: { contains: filter.q, mode: "insensitive" } },
        { publicId: { contains: filter.q, mode: "insensitive" } },
        { services: { some: { service: { name: { contains: filter.q, mode: "insensitive" } } } } },
      ],
    });
  }
  if (filter.severity) and.push({ severity: filter.severity });
  if (filter.state) and.push({ reportState: filter.state });

  const db = getDb();
  const [incidents, total, settings] = await Promise.all([
    db.incident.findMany({
      where,
      orderBy: [{ startedAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
      skip: (filter.page - 1) * INCIDENT_PAGE_SIZE,
      take: INCIDENT_PAGE_SIZE,
      select: {
        id: true,
        publicId: true,
        title: true,
        severity: true,
        status: true,
        reportState: true,
        private: true,
        startedAt: true,
        endedAt: true,
        timeZone: true,
        author: { select: { name: true, timeZone: true } },
        services: { orderBy: { position: "asc" }, select: { service: { select: { name: true } } } },
        _count: { select: { actionItems: { where: { status: { in: ["OPEN", "IN_PROGRESS"] } } } } },
      },
    }),
    db.incident.count({ where }),
    getSettings(db),
  ]);
  // One policy and one "now" for the whole page: the rows computed in TypeScript, no per-row query.
  const policy = postmortemPolicy(settings);
  const now = new Date();
  return {
    total,
    rows: incidents.map((incident) => ({
      id: incident.id,
      publicId: incident.publicId,
      title: incident.title,
      severity: incident.severity,
      status: incident.status,
      reportState: incident.reportState,
      private: incident.private,
      startedAt: incident.startedAt,
      endedAt: incident.endedAt,
      services: incident.services.map((s) => s.service.name),
      openActionItems: incident._count.actionItems,
      authorName: incident.author?.name ?? null,
      postmortemDue: postmortemDue({ ...incident, authorTimeZone: incident.author?.timeZone ?? null }, policy, now),
    })),
  };
}

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

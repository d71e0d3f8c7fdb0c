// Reading the audit trail, newest first.
import "server-only";
import { getDb } from "@/lib/db/client";
import { InvalidInputError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AuditEventView } from "@/lib/audit/schema";

export type AuditFilter = {
  incidentId?: string;
  entity?: { type: string; id?: string };
  actorId?: string;
  /** page backwards: events with an id lower than this one */
  before?: string;
  /** default 100, at most 500 */
  limit?: number;
};

const MAX_AUDIT_ID = 2n ** 63n - 1n; // the column is a bigint

/** A history cursor: the id of an audit event, a whole number that fits the bigint column. */
export function isAuditCursor(value: string): boolean {
  return /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_AUDIT_ID;
}

/** `?before=` as the API takes it: absent, or a valid cursor; anything else is a 422 naming the parameter. */
export function parseAuditCursor(value: string | null): string | undefined {
  if (value === null || value === "") return undefined;
  if (isAuditCursor(value)) return value;
  const message = `must be the id of a history entry: a whole number from 0 to ${MAX_AUDIT_ID}`;
  throw new InvalidInputError(`Invalid query: before: ${message}`, [{ path: "before", message }]);
}

export async function listAuditEvents(filter: AuditFilter = {}): Promise<AuditEventView[]> {
  const where: Prisma.AuditEventWhereInput = {};
  if (filter.incidentId) where.incidentId = filter.incidentId;
  if (filter.entity) {
    where.entityType = filter.entity.type;
    if (filter.entity.id) where.entityId = filter.entity.id;
  }
  if (filter.actorId) where.actorId = filter.actorId;
  // pages pass the URL's value on: one that is not a cursor is ignored (the first page), never sent to the database
  if (filter.before && isAuditCursor(filter.before)) where.id = { lt: BigInt(filter.before) };
  const take = Math.min(Math.max(filter.limit ?? 100, 1), 500);

  const rows = await getDb().auditEvent.findMany({
    where,
    orderBy: { id: "desc" },
    take,
    include: { actor: { select: { id: true, name: true, email: true } } },
  });
  return rows.map((row) => ({
    id: row.id.toString(),
    at: row.at,
    actorType: row.actorType,
    actor: row.actor,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    incidentId: row.incidentId,
    changes: row.changes,
    meta: row.meta,
  }));
}

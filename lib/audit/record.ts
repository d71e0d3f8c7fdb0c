// Writing the audit trail. Append-only: this module inserts and nothing anywhere updates or deletes audit rows.
// Always called with the transaction that makes the change, so the change and its record commit or vanish together.
import "server-only";
import type { Tx } from "@/lib/db/client";
import type { AnyActor } from "@/lib/auth/actor";
import type { Prisma } from "@/lib/generated/prisma/client";

/** `{ field: { before, after } }`, only for fields that changed. Never put secrets (passwords, tokens) here. */
export type AuditChanges = Record<string, { before?: unknown; after?: unknown }>;

export type AuditEntry = {
  /** e.g. incident.update, user.create, token.revoke */
  action: string;
  entityType: string;
  entityId?: string | null;
  incidentId?: string | null;
  changes?: AuditChanges;
  meta?: Record<string, unknown>;
};

export type AuditEvent = AuditEntry & { actor: AnyActor };

export async function recordAudit(tx: Tx, event: AuditEvent): Promise<void> {
  const { actor } = event;
  const meta: Record<string, unknown> = { ...event.meta };
  if (actor.type === "token") meta.tokenId = actor.tokenId;
  if (actor.type === "system") meta.source = actor.label;
  await tx.auditEvent.create({
    data: {
      actorId: actor.type === "system" ? null : actor.user.id,
      actorType: actor.type === "user" ? "USER" : actor.type === "token" ? "API_TOKEN" : "SYSTEM",
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId ?? null,
      incidentId: event.incidentId ?? null,
      changes: toJson(event.changes ?? {}),
      meta: toJson(meta),
    },
  });
}

/** The fields whose values differ between two snapshots, as audit `changes`. */
export function changesBetween<T extends Record<string, unknown>>(before: T, after: Partial<T>, fields: readonly (keyof T & string)[]): AuditChanges {
  const changes: AuditChanges = {};
  for (const field of fields) {
    if (!(field in after)) continue;
    const a = normalise(before[field]);
    const b = normalise(after[field]);
    if (JSON.stringify(a) !== JSON.stringify(b)) changes[field] = { before: a, after: b };
  }
  return changes;
}

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  return value ?? null;
}

/** JSON columns take plain JSON: dates become ISO strings, bigints strings, undefined disappears. */
function toJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v))) as Prisma.InputJsonValue;
}

// Writes of the outbound delivery pass, each a guarded action run by the system (systemActor("job:outbound") in the
// worker) or by an admin ("Retry now"), as the reminders' are (lib/reminders/mutations.ts):
//   claim    lease due rows (FOR UPDATE SKIP LOCKED + nextAttemptAt = now + lease, attempts + 1): two workers never
//            take the same row, and the HTTP call happens outside any transaction. A row whose integration was
//            revoked is FAILED here, without a call.
//   results  after the calls: SENT, or again later (Retry-After, else the backoff), or FAILED after the last try;
//            dropped ones (their report became private) are removed unsent
//   retry    an admin puts a FAILED delivery back in line
// Audit: the rows are the log of what went out; the trail records each delivery that finally failed and each retry.
import "server-only";
import { defineAction } from "@/lib/actions/define-action";
import type { Tx } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { CLAIM_LEASE_MS, MAX_ATTEMPTS, nextAttemptAfterFailure } from "@/lib/reminders/backoff";
import { claimHookDeliveriesInput, hookDeliveryResultsInput, retryHookDeliveryInput } from "@/lib/outbound/schema";

/** Who may run the outbound machinery by hand: whoever manages integrations (the worker runs as the system). */
const PERMISSION = "integration:manage" as const;

export const REVOKED_ERROR = "integration revoked";

export type ClaimedHookDelivery = {
  id: string;
  key: string;
  kind: string;
  payload: Prisma.JsonValue;
  attempts: number;
  integrationId: string;
};

type FailedRow = { id: string; key: string; kind: string; integrationId: string; attempts: number; lastError: string | null };

function failureAudit(rows: FailedRow[]) {
  return rows.map((row) => ({
    action: "outbound.delivery-failed",
    entityType: "HookDelivery",
    entityId: row.id,
    meta: { key: row.key, kind: row.kind, integrationId: row.integrationId, attempts: row.attempts, error: row.lastError },
  }));
}

/**
 * Takes up to `limit` deliveries due at `at` (new, retry time come, or lease run out): counts the attempt and leases
 * them. Those whose integration has been revoked are FAILED on the spot and not returned.
 */
export const claimHookDeliveries = defineAction({
  name: "outbound.claim",
  permission: PERMISSION,
  input: claimHookDeliveriesInput,
  run: async ({ tx, input }) => {
    const leaseUntil = new Date(input.at.getTime() + CLAIM_LEASE_MS);
    const onlyIds = input.ids ? Prisma.sql`AND d.id = ANY(${input.ids}::text[])` : Prisma.empty;
    const onlyIntegrations = input.integrationIds ? Prisma.sql`AND d."integrationId" = ANY(${input.integrationIds}::text[])` : Prisma.empty;
    const claimed = await tx.$queryRaw<ClaimedHookDelivery[]>`
      WITH due AS (
        SELECT d.id FROM "HookDelivery" d
        WHERE d.status = 'PENDING' AND (d."nextAttemptAt" IS NULL OR d."nextAttemptAt" <= ${input.at}) ${onlyIds} ${onlyIntegrations}
        ORDER BY d."createdAt", d.id
        LIMIT ${input.limit}
        FOR UPDATE SKIP LOCKED
      )
      UPDATE "HookDelivery" d SET attempts = d.attempts + 1, "nextAttemptAt" = ${leaseUntil}
      FROM due WHERE d.id = due.id
      RETURNING d.id, d.key, d.kind, d.payload, d.attempts, d."integrationId" AS "integrationId"`;
    if (claimed.length === 0) return { deliveries: [], revoked: [] as FailedRow[] };
    const revoked = await tx.$queryRaw<FailedRow[]>`
      UPDATE "HookDelivery" d SET status = 'FAILED', "nextAttemptAt" = NULL, "lastError" = ${REVOKED_ERROR}
      FROM "Integration" i
      WHERE d.id = ANY(${claimed.map((row) => row.id)}::text[]) AND i.id = d."integrationId" AND i."revokedAt" IS NOT NULL
      RETURNING d.id, d.key, d.kind, d."integrationId" AS "integrationId", d.attempts, d."lastError" AS "lastError"`;
    const revokedIds = new Set(revoked.map((row) => row.id));
    // in the order claimed: oldest first
    return { deliveries: claimed.filter((row) => !revokedIds.has(row.id)).sort(byCreation(claimed)), revoked };
  },
  audit: ({ revoked }) => failureAudit(revoked),
  revalidate: ({ revoked }) => (revoked.length ? ["/admin/outbox"] : []),
});

/** RETURNING gives no order: keep the one the rows were claimed in. */
function byCreation(claimed: ClaimedHookDelivery[]) {
  const position = new Map(claimed.map((row, index) => [row.id, index]));
  return (a: ClaimedHookDelivery, b: ClaimedHookDelivery) => position.get(a.id)! - position.get(b.id)!;
}

/** Failed tries: again at `retryAt` (or after the backoff), or FAILED after the last or a final one. */
async function recordFailures(tx: Tx, at: Date, failures: { id: string; attempts: number; error: string; retryAt: Date | null; final: boolean }[]) {
  const failed: FailedRow[] = [];
  const retrying: { id: string; nextAttemptAt: Date }[] = [];
  // One after the other: a transaction's queries share one connection. A pass records one delivery at a time.
  for (const failure of failures) {
    const next = failure.final || failure.attempts >= MAX_ATTEMPTS ? null : (failure.retryAt ?? nextAttemptAfterFailure(failure.attempts, at));
    // Only a row still PENDING at the attempt count this worker saw: one another worker has taken since is its own.
    const [row] = await tx.$queryRaw<FailedRow[]>`
      UPDATE "HookDelivery"
      SET status = ${next ? "PENDING" : "FAILED"}::"DeliveryStatus", "nextAttemptAt" = ${next}, "lastError" = ${failure.error}
      WHERE id = ${failure.id} AND status = 'PENDING' AND attempts = ${failure.attempts}
      RETURNING id, key, kind, "integrationId", attempts, "lastError"`;
    if (!row) continue;
    if (next) retrying.push({ id: row.id, nextAttemptAt: next });
    else failed.push(row);
  }
  return { failed, retrying };
}

/** Records how the calls went (after them, outside any transaction that would have held a connection meanwhile). */
export const recordHookDeliveryResults = defineAction({
  name: "outbound.deliver",
  permission: PERMISSION,
  input: hookDeliveryResultsInput,
  run: async ({ tx, input }) => {
    let sent = 0;
    if (input.sent.length) {
      sent = await tx.$executeRaw`
        UPDATE "HookDelivery" SET status = 'SENT', "sentAt" = ${input.at}, "nextAttemptAt" = NULL, "lastError" = NULL
        WHERE id = ANY(${input.sent}::text[]) AND status = 'PENDING'`;
    }
    const { failed, retrying } = await recordFailures(tx, input.at, input.failed);
    let dropped = 0;
    if (input.dropped.length) {
      dropped = await tx.$executeRaw`DELETE FROM "HookDelivery" WHERE id = ANY(${input.dropped}::text[]) AND status = 'PENDING'`;
    }
    return { sent, failed, retrying, dropped };
  },
  audit: ({ failed }) => failureAudit(failed),
  revalidate: () => ["/admin/outbox"],
});

/**
 * "Retry now" on a FAILED delivery: back to PENDING with a fresh round of tries, due at once. The caller then
 * delivers it (lib/outbound/deliver.ts `retryFailedHookDelivery`). A revoked integration's deliveries stay failed.
 */
export const retryHookDelivery = defineAction({
  name: "outbound.retry",
  permission: PERMISSION,
  input: retryHookDeliveryInput,
  run: async ({ tx, input }) => {
    const delivery = await tx.hookDelivery.findUnique({
      where: { id: input.id },
      select: { id: true, key: true, kind: true, status: true, attempts: true, lastError: true, integration: { select: { name: true, revokedAt: true } } },
    });
    if (!delivery) throw new NotFoundError("The delivery");
    if (delivery.status !== "FAILED") {
      throw new ConflictError(delivery.status === "SENT" ? "This delivery was sent already." : "This delivery is already waiting to be sent.");
    }
    if (delivery.integration.revokedAt) {
      throw new ConflictError(`The integration "${delivery.integration.name}" was revoked: nothing is sent to it any more.`);
    }
    await tx.hookDelivery.update({ where: { id: delivery.id }, data: { status: "PENDING", attempts: 0, nextAttemptAt: null } });
    return delivery;
  },
  audit: (delivery) => ({
    entityType: "HookDelivery",
    entityId: delivery.id,
    changes: { status: { before: "FAILED", after: "PENDING" }, attempts: { before: delivery.attempts, after: 0 } },
    meta: { key: delivery.key, kind: delivery.kind, integration: delivery.integration.name, lastError: delivery.lastError },
  }),
  revalidate: () => ["/admin/outbox"],
});

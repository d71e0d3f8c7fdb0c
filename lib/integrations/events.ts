// Inbound webhook events already applied, so that a replay (a sender retrying after a timeout, an attacker resending a
// captured request) changes nothing the second time.
import "server-only";
import type { Tx } from "@/lib/db/client";

/**
 * Records that `externalId` from this integration is being applied, inside the transaction that applies it. False when
 * it was recorded before: the caller skips it. Two deliveries racing on the same id: one waits on the other's row lock
 * and then sees it (the unique index decides), so exactly one applies it.
 */
export async function claimIntegrationEvent(tx: Tx, integrationId: string, externalId: string, incidentId: string | null = null): Promise<boolean> {
  const inserted = await tx.$executeRaw`
    INSERT INTO "IntegrationEvent" ("id", "integrationId", "externalId", "incidentId", "receivedAt")
    VALUES (gen_random_uuid()::text, ${integrationId}, ${externalId}, ${incidentId}, now())
    ON CONFLICT ("integrationId", "externalId") DO NOTHING`;
  return inserted === 1;
}

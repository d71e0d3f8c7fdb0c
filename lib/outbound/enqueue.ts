// Queueing an outgoing call to an integration (a chat message, a tracker issue closed or reopened): a HookDelivery
// row written in the caller's transaction, so it is sent if and only if the change it reports is committed. The worker
// sends it (lib/outbound/deliver.ts) with the reminders' retries and backoff.
import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db/client";

export type HookDeliveryKind = "chat" | "tracker.close" | "tracker.reopen";

export type NewHookDelivery = {
  /** makes it happen once: e.g. `chat:<integration>:review.approved:<revision>` */
  key: string;
  integrationId: string;
  kind: HookDeliveryKind;
  payload: Prisma.InputJsonValue;
};

/** Queues the deliveries; one whose key was queued before is left as it is. Returns how many were new. */
export async function enqueueHookDeliveries(tx: Tx, deliveries: NewHookDelivery[]): Promise<number> {
  if (deliveries.length === 0) return 0;
  const { count } = await tx.hookDelivery.createMany({ data: deliveries, skipDuplicates: true });
  return count;
}

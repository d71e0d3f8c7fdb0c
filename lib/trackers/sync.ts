// Hindsight -> tracker: when an action item linked to a GitHub or Jira issue is closed (done, won't do) or taken up
// again in Hindsight, its issue is closed or reopened. The update is queued in the transaction that changes the item
// (lib/outbound/enqueue.ts), so it goes out if and only if the change commits, and is sent with retries by the
// outbound pass (lib/trackers/deliver.ts). Changes that came FROM the tracker's webhook never call this: no echo.
import "server-only";
import type { Tx } from "@/lib/db/client";
import type { ActionItemStatus } from "@/lib/incidents/enums";
import { enqueueHookDeliveries } from "@/lib/outbound/enqueue";
import type { TrackerUpdatePayload } from "@/lib/trackers/schema";

export function isClosedStatus(status: ActionItemStatus): boolean {
  return status === "DONE" || status === "WONT_DO";
}

export type ItemStatusChange = {
  itemId: string;
  trackerIntegrationId: string | null;
  trackerKey: string | null;
  before: ActionItemStatus;
  after: ActionItemStatus;
  /** the item's version after the change: each change is queued once */
  version: number;
};

/** Queues "tracker.close" or "tracker.reopen" when a linked item crosses between open and closed; true when queued. */
export async function queueTrackerUpdate(tx: Tx, change: ItemStatusChange): Promise<boolean> {
  const { trackerIntegrationId, trackerKey } = change;
  if (!trackerIntegrationId || !trackerKey) return false;
  const closed = isClosedStatus(change.after);
  if (closed === isClosedStatus(change.before)) return false;
  // A revoked integration sends nothing more.
  const active = await tx.integration.count({ where: { id: trackerIntegrationId, revokedAt: null } });
  if (!active) return false;
  const kind = closed ? "tracker.close" : "tracker.reopen";
  const payload: TrackerUpdatePayload = { itemId: change.itemId, trackerKey };
  await enqueueHookDeliveries(tx, [{ key: `${kind}:${change.itemId}:${change.version}`, integrationId: trackerIntegrationId, kind, payload }]);
  return true;
}

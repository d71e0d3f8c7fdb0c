// Sending a queued tracker update (lib/outbound/enqueue.ts kinds "tracker.close" and "tracker.reopen") to the GitHub or
// Jira issue an action item is linked to. Called by the outbound delivery pass; throws on failure (it is retried).
//
// The item is read again when the update is sent: an update the item has moved past since it was queued (closed,
// then reopened before the close went out; or unlinked) is skipped, so a retried old update never undoes a newer one.
import "server-only";
import { getDb } from "@/lib/db/client";
import type { OpenIntegration } from "@/lib/integrations/queries";
import { setGithubIssueState } from "@/lib/trackers/github";
import { setJiraIssueState } from "@/lib/trackers/jira";
import { trackerSettings } from "@/lib/trackers/settings";
import { trackerUpdatePayload } from "@/lib/trackers/schema";
import { isClosedStatus } from "@/lib/trackers/sync";

export type TrackerUpdate = { kind: "tracker.close" | "tracker.reopen"; payload: unknown };

export async function deliverTrackerUpdate(integration: OpenIntegration, update: TrackerUpdate): Promise<void> {
  await sendTrackerUpdate(integration, update);
}

/** What was done: "sent", or why nothing had to be ("skipped: ..."). */
export async function sendTrackerUpdate(integration: OpenIntegration, update: TrackerUpdate): Promise<"sent" | `skipped: ${string}`> {
  const payload = trackerUpdatePayload.safeParse(update.payload);
  if (!payload.success) throw new Error(`A ${update.kind} delivery without its item and issue key cannot be sent.`);
  const { itemId, trackerKey } = payload.data;
  const item = await getDb().actionItem.findUnique({ where: { id: itemId }, select: { status: true, trackerIntegrationId: true, trackerKey: true } });
  if (!item || item.trackerIntegrationId !== integration.id || item.trackerKey !== trackerKey) return "skipped: the item is no longer linked to this issue";
  const closing = update.kind === "tracker.close";
  if (closing !== isClosedStatus(item.status)) return "skipped: the item's status changed again since";

  const settings = trackerSettings(integration);
  if (settings.kind === "GITHUB") {
    await setGithubIssueState(
      settings,
      trackerKey,
      closing ? { state: "closed", reason: item.status === "WONT_DO" ? "not_planned" : "completed" } : { state: "open" },
    );
  } else {
    await setJiraIssueState(settings, trackerKey, closing ? "done" : "open");
  }
  return "sent";
}

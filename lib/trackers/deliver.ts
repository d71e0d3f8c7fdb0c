// Sending a queued tracker update (lib/outbound/enqueue.ts kinds "tracker.close" and "tracker.reopen") to the GitHub or
// Jira issue an action item is linked to. Called by the outbound delivery pass; throws on failure (it is retried).
import "server-only";
import type { OpenIntegration } from "@/lib/integrations/queries";

export type TrackerUpdate = { kind: "tracker.close" | "tracker.reopen"; payload: unknown };

export async function deliverTrackerUpdate(integration: OpenIntegration, update: TrackerUpdate): Promise<void> {
  throw new Error(`Tracker updates to ${integration.kind} are not implemented yet (${update.kind}).`);
}

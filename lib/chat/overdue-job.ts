// The daily overdue summary job (lib/jobs/queues.ts, 09:00 UTC): queue one summary per chat webhook that has
// anything overdue in its scope, then send them at once rather than at the next minute's delivery pass.
import "server-only";
import { systemActor, type AnyActor } from "@/lib/auth/actor";
import { planOverdueSummaries } from "@/lib/chat/enqueue";
import { deliverDueHookDeliveries } from "@/lib/outbound/deliver";
import type { HookDeliveryOutcome } from "@/lib/outbound/schema";

export type OverdueSummaryRun = { day: string; queued: number; deliveries: HookDeliveryOutcome[] };

export async function runOverdueSummaries({
  at = new Date(),
  actor = systemActor("job:chat-overdue"),
}: { at?: Date; actor?: AnyActor } = {}): Promise<OverdueSummaryRun> {
  const { day, queued, integrationIds } = await planOverdueSummaries({ at }, actor);
  const deliveries = integrationIds.length ? await deliverDueHookDeliveries({ at, actor, integrationIds }) : [];
  return { day, queued, deliveries };
}

/** The job's summary line, or null when there was nothing to post. */
export async function runOverdueSummaryJob(options: { at?: Date; actor?: AnyActor } = {}): Promise<string | null> {
  const { day, queued, deliveries } = await runOverdueSummaries(options);
  if (queued === 0 && deliveries.length === 0) return null;
  const sent = deliveries.filter((delivery) => delivery.status === "sent").length;
  return `${day}: ${queued} overdue summaries queued, ${sent} sent`;
}

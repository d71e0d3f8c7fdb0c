// Queueing chat messages for the webhooks that want them, in the transaction of the change they report: a review
// decision that is rolled back posts nothing, and one that commits is posted by the worker (lib/outbound/deliver.ts)
// with retries. Which webhooks: active CHAT integrations that chose the event, instance-wide ones (no service) and
// those of one of the report's services. A private report queues nothing at all.
import "server-only";
import { defineAction } from "@/lib/actions/define-action";
import type { Db, Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { countOverdue } from "@/lib/chat/overdue";
import type { ChatDeliveryPayload } from "@/lib/chat/schema";
import type { ChatEvent } from "@/lib/integrations/schema";
import { enqueueHookDeliveries } from "@/lib/outbound/enqueue";
import { calendarDayAt } from "@/lib/time/calendar-day";
import { z } from "zod";

/** Active chat webhooks that chose `event`; with `serviceIds`, only instance-wide ones and those of these services. */
async function chatIntegrationsFor(db: Db | Tx, event: ChatEvent, serviceIds?: string[]): Promise<{ id: string; serviceId: string | null }[]> {
  const where: Prisma.IntegrationWhereInput = {
    kind: "CHAT",
    revokedAt: null,
    config: { path: ["events"], array_contains: [event] },
    ...(serviceIds ? { OR: [{ serviceId: null }, { serviceId: { in: serviceIds } }] } : {}),
  };
  return db.integration.findMany({ where, select: { id: true, serviceId: true }, orderBy: { createdAt: "asc" } });
}

/** The key that makes a chat message happen once: per webhook, event and what it is about. */
export function chatDeliveryKey(integrationId: string, event: ChatEvent, about: string): string {
  return `chat:${integrationId}:${event}:${about}`;
}

type ReviewEvent = Extract<ChatDeliveryPayload, { incidentId: string }>;

/**
 * Queues `event` for every chat webhook that wants it (inside the caller's transaction, which has already changed
 * the report). Once per webhook and revision. Returns how many were queued.
 */
export async function queueReviewChatEvent(tx: Tx, payload: ReviewEvent): Promise<number> {
  const incident = await tx.incident.findUnique({
    where: { id: payload.incidentId },
    select: { private: true, services: { select: { serviceId: true } } },
  });
  if (!incident || incident.private) return 0;
  const integrations = await chatIntegrationsFor(
    tx,
    payload.event,
    incident.services.map((entry) => entry.serviceId),
  );
  return enqueueHookDeliveries(
    tx,
    integrations.map((integration) => ({
      key: chatDeliveryKey(integration.id, payload.event, payload.revisionId),
      integrationId: integration.id,
      kind: "chat" as const,
      payload,
    })),
  );
}

/**
 * The daily overdue summary: for each chat webhook that wants it and has anything overdue in its scope, one
 * delivery for the UTC day of `at`. The key holds the day, so a second run that day (another worker, a retry of the
 * job) queues nothing.
 */
export const planOverdueSummaries = defineAction({
  name: "chat.plan-overdue-summaries",
  permission: "integration:manage",
  input: z.object({ at: z.date() }),
  run: async ({ tx, input }) => {
    const day = calendarDayAt(input.at, "UTC");
    const integrations = await chatIntegrationsFor(tx, "action-items.overdue");
    const wanted = [];
    for (const integration of integrations) {
      if ((await countOverdue(tx, day, integration.serviceId)) === 0) continue;
      wanted.push({
        key: chatDeliveryKey(integration.id, "action-items.overdue", day),
        integrationId: integration.id,
        kind: "chat" as const,
        payload: { event: "action-items.overdue", day } satisfies ChatDeliveryPayload,
      });
    }
    // the webhooks with something to post today (queued now, or by an earlier run that day)
    return { day, queued: await enqueueHookDeliveries(tx, wanted), integrationIds: wanted.map((entry) => entry.integrationId) };
  },
  audit: ({ day, queued }) => (queued ? { entityType: "HookDelivery", entityId: null, meta: { event: "action-items.overdue", day, queued } } : null),
});

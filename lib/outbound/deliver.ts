// Sending queued HookDelivery rows (lib/outbound/enqueue.ts): claim a batch with a lease, make each call outside any
// transaction, record each outcome as soon as it is known. The same shape as the reminders' SMTP path
// (lib/reminders/deliver.ts), with the same backoff (lib/reminders/backoff.ts): after 5, 10, 20 and 40 minutes, FAILED
// after the fifth try and listed at Admin > Outbox with a "Retry now" button. A 429 or 503 that says when to come
// back (Retry-After) is tried again then instead.
//
//   chat             POST the message (written now, lib/chat/messages.ts) to the webhook URL; 2xx is sent (Slack
//                    answers 200 "ok", a Teams workflow 202)
//   tracker.close    deliverTrackerUpdate (lib/trackers/deliver.ts) closes or reopens the linked issue; it throws
//   tracker.reopen   on failure
import "server-only";
import { systemActor, type AnyActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { buildChatMessage } from "@/lib/chat/messages";
import { chatDeliveryPayload } from "@/lib/chat/schema";
import { chatConfig } from "@/lib/integrations/schema";
import { activeIntegration, type OpenIntegration } from "@/lib/integrations/queries";
import { appBaseUrl } from "@/lib/mail/links";
import { OutboundHttpError, postJson, redactUrl } from "@/lib/outbound/http";
import { claimHookDeliveries, recordHookDeliveryResults, retryHookDelivery, REVOKED_ERROR, type ClaimedHookDelivery } from "@/lib/outbound/mutations";
import type { HookDeliveryOutcome } from "@/lib/outbound/schema";
import { nextAttemptAfterFailure } from "@/lib/reminders/backoff";
import { deliverTrackerUpdate } from "@/lib/trackers/deliver";

/** Deliveries per claim: well within the lease (10 minutes) even if every call takes its full 10 s timeout. */
const BATCH = 25;
/** Calls in flight at once (different webhooks, mostly: one slow endpoint does not hold up the others). */
const CONCURRENCY = 4;
/** A pass stops claiming after this long; what is left is due at the next run. */
const DEFAULT_TIME_BUDGET_MS = 5 * 60_000;
const ERROR_MAX = 2_000;

type Result = { status: "sent" } | { status: "dropped"; reason: string } | { status: "failed"; error: string; retryAt: Date | null; final: boolean };

const failure = (error: string, { retryAt = null, final = false }: { retryAt?: Date | null; final?: boolean } = {}): Result => ({
  status: "failed",
  error: error.slice(0, ERROR_MAX),
  retryAt,
  final,
});

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

type PassContext = { at: Date; baseUrl: string; integrations: Map<string, Promise<OpenIntegration | null>> };

async function sendChat(delivery: ClaimedHookDelivery, integration: OpenIntegration, context: PassContext): Promise<Result> {
  const payload = chatDeliveryPayload.safeParse(delivery.payload);
  if (!payload.success) return failure("the queued message is not one this version can send", { final: true });
  const config = chatConfig.safeParse(integration.config);
  if (!config.success) return failure("the chat webhook's settings are unreadable: create it again", { final: true });
  const url = integration.secrets.webhookUrl;
  if (!url) return failure("no webhook URL is stored for this integration: create it again", { final: true });

  const built = await buildChatMessage(payload.data, { db: getDb(), baseUrl: context.baseUrl, format: config.data.format, serviceId: integration.serviceId });
  if ("drop" in built) return { status: "dropped", reason: built.drop };
  try {
    await postJson(url, built.body, { now: () => context.at });
    return { status: "sent" };
  } catch (error) {
    if (error instanceof OutboundHttpError) {
      const retryAt = error.retryAfterMs === null ? null : new Date(context.at.getTime() + error.retryAfterMs);
      return failure(error.message, { retryAt });
    }
    return failure(redactUrl(errorText(error), url));
  }
}

async function send(delivery: ClaimedHookDelivery, context: PassContext): Promise<Result> {
  let integration: OpenIntegration | null;
  try {
    let opened = context.integrations.get(delivery.integrationId);
    if (!opened) {
      opened = activeIntegration(delivery.integrationId);
      context.integrations.set(delivery.integrationId, opened);
    }
    integration = await opened;
  } catch (error) {
    // Sealed secrets that no longer open (AUTH_SECRET changed): retried, so that re-entering them lets it go out.
    return failure(errorText(error));
  }
  // revoked between the claim and now
  if (!integration) return failure(REVOKED_ERROR, { final: true });
  try {
    switch (delivery.kind) {
      case "chat":
        return await sendChat(delivery, integration, context);
      case "tracker.close":
      case "tracker.reopen":
        await deliverTrackerUpdate(integration, { kind: delivery.kind, payload: delivery.payload });
        return { status: "sent" };
      default:
        return failure(`unknown delivery kind "${delivery.kind}"`, { final: true });
    }
  } catch (error) {
    const retryAt = error instanceof OutboundHttpError && error.retryAfterMs !== null ? new Date(context.at.getTime() + error.retryAfterMs) : null;
    return failure(errorText(error), { retryAt });
  }
}

function outcomeOf(delivery: ClaimedHookDelivery, result: Result, at: Date): HookDeliveryOutcome {
  const base = { id: delivery.id, key: delivery.key, kind: delivery.kind, integrationId: delivery.integrationId, attempts: delivery.attempts };
  if (result.status === "sent") return { ...base, status: "sent" };
  if (result.status === "dropped") return { ...base, status: "dropped", error: result.reason };
  const nextAttemptAt = result.final ? null : (result.retryAt ?? nextAttemptAfterFailure(delivery.attempts, at));
  return { ...base, status: nextAttemptAt ? "retrying" : "failed", error: result.error, nextAttemptAt };
}

export type DeliverHooksOptions = {
  /** the pass's clock: what is due, and when a retry will be */
  at?: Date;
  actor?: AnyActor;
  /** only these deliveries */
  ids?: string[];
  /** only these integrations' deliveries */
  integrationIds?: string[];
  timeBudgetMs?: number;
};

/** Sends every delivery due at `at`, batch by batch, until none is left or the time budget is spent. */
export async function deliverDueHookDeliveries({
  at = new Date(),
  actor = systemActor("job:outbound"),
  ids,
  integrationIds,
  timeBudgetMs = DEFAULT_TIME_BUDGET_MS,
}: DeliverHooksOptions = {}): Promise<HookDeliveryOutcome[]> {
  const deadline = Date.now() + timeBudgetMs;
  const outcomes: HookDeliveryOutcome[] = [];
  const context: PassContext = { at, baseUrl: await appBaseUrl(), integrations: new Map() };
  for (;;) {
    const { deliveries, revoked } = await claimHookDeliveries({ at, limit: BATCH, ids, integrationIds }, actor);
    for (const row of revoked) {
      outcomes.push({
        id: row.id,
        key: row.key,
        kind: row.kind,
        integrationId: row.integrationId,
        attempts: row.attempts,
        status: "failed",
        error: REVOKED_ERROR,
      });
    }
    if (deliveries.length === 0 && revoked.length === 0) return outcomes;
    // CONCURRENCY senders take the next delivery as soon as theirs is done, and record its outcome before that:
    // a crash can repeat only the calls in flight at that moment.
    let next = 0;
    const sender = async () => {
      while (next < deliveries.length) {
        const delivery = deliveries[next++]!;
        const result = await send(delivery, context);
        await recordHookDeliveryResults(
          {
            at,
            sent: result.status === "sent" ? [delivery.id] : [],
            dropped: result.status === "dropped" ? [delivery.id] : [],
            failed:
              result.status === "failed"
                ? [{ id: delivery.id, attempts: delivery.attempts, error: result.error, retryAt: result.retryAt, final: result.final }]
                : [],
          },
          actor,
        );
        outcomes.push(outcomeOf(delivery, result, at));
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, deliveries.length) }, sender));
    if (deliveries.length + revoked.length < BATCH || Date.now() > deadline) return outcomes;
  }
}

/** An admin's "Retry now": the FAILED delivery gets a fresh round of tries, and the first one happens now. */
export async function retryFailedHookDelivery(id: unknown, actor: AnyActor | null | undefined, at = new Date()): Promise<HookDeliveryOutcome | null> {
  const delivery = await retryHookDelivery({ id }, actor);
  // retryHookDelivery refused anyone who may not do this, so there is an actor here
  const [outcome] = await deliverDueHookDeliveries({ at, actor: actor as AnyActor, ids: [delivery.id] });
  return outcome ?? null;
}

// Sending recorded reminders, batch by batch, until none is due: to the outbox table when no SMTP is configured (one
// transaction per batch), else through SMTP (claim with a lease, send outside any transaction, record the outcome).
//
// Sends happen in the pass itself, by claiming rows, rather than as one pg-boss job per mail: the ReminderDelivery row
// already is a durable queue entry with its own lease, attempt count, backoff and error that admins can see, so
// per-mail jobs would be a second copy of that state to keep in step, thousands of job rows per pass, and extra round
// trips on the embedded database's single connection. pg-boss runs the pass on a schedule; FOR UPDATE SKIP LOCKED
// and the lease are what let two workers share the rows safely.
import "server-only";
import type { AnyActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { smtpUrl } from "@/lib/mail/config";
import { appBaseUrl } from "@/lib/mail/links";
import { sendSmtp, SMTP_CONNECTIONS } from "@/lib/mail/smtp";
import { nextAttemptAfterFailure } from "@/lib/reminders/backoff";
import { claimDeliveries, recordDeliveryResults, retryDelivery, sendDueToOutbox } from "@/lib/reminders/mutations";
import type { DeliveryDetails } from "@/lib/reminders/plan-sql";
import { deliveryOutcome, prepareDeliveries, type PreparedBatch, type PreparedMail } from "@/lib/reminders/prepare";
import type { DeliveryOutcome } from "@/lib/reminders/schema";
import { env } from "@/lib/env";

/**
 * Outbox rows are written in bulk, one transaction per batch. The embedded database serves the app's requests on the
 * same single connection, so its batches are small enough not to keep a page waiting.
 */
const outboxBatch = () => (env().HINDSIGHT_EMBEDDED_DB ? 200 : 2_000);
/**
 * Outbox batches written at the same time on PostgreSQL (disjoint rows: SKIP LOCKED), so that rendering one overlaps
 * the database writing the other. One at a time on the embedded database's one connection.
 */
const outboxConcurrency = () => (env().HINDSIGHT_EMBEDDED_DB ? 1 : 2);
/** Recipients per SMTP batch (each one mail): a batch is sent well within its lease (CLAIM_LEASE_MS). */
const SMTP_BATCH = 50;
/** Mails handed to the SMTP server at the same time: one per pooled connection. */
const SMTP_CONCURRENCY = SMTP_CONNECTIONS;
/** A pass stops claiming after this long; what is left is due at the next run. */
const DEFAULT_TIME_BUDGET_MS = 10 * 60_000;

function failureOutcome(details: DeliveryDetails, error: string, at: Date, subject: string | null): DeliveryOutcome {
  const nextAttemptAt = nextAttemptAfterFailure(details.attempts, at);
  return deliveryOutcome(details, { status: nextAttemptAt ? "retrying" : "failed", error, nextAttemptAt, via: "smtp", subject });
}

function describeSmtpError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, response } = error as { code?: string; response?: string };
  return [code, response ?? error.message].filter(Boolean).join(": ").slice(0, 2_000);
}

async function sendMail(url: string, { to, mail }: PreparedMail): Promise<string | null> {
  try {
    await sendSmtp(url, { to, ...mail });
    return null;
  } catch (error) {
    return describeSmtpError(error);
  }
}

/**
 * Sends a claimed batch: each mail carries one or more deliveries (one recipient's reminders), which are SENT, or
 * retried, together. Outcomes are recorded after every few mails: a crash can repeat at most those.
 */
async function sendBatchBySmtp(url: string, prepared: PreparedBatch, at: Date, actor: AnyActor): Promise<DeliveryOutcome[]> {
  const outcomes: DeliveryOutcome[] = [];
  const dropped = prepared.dropped.map(({ details, reason }) => {
    outcomes.push(deliveryOutcome(details, { status: "dropped", error: reason }));
    return details.id!;
  });
  const failed = prepared.broken.map(({ details, error }) => {
    outcomes.push(failureOutcome(details, error, at, null));
    return { id: details.id!, attempts: details.attempts, error };
  });
  if (dropped.length || failed.length) await recordDeliveryResults({ at, sent: [], dropped, failed }, actor);
  // SMTP_CONCURRENCY senders take the next mail as soon as theirs is done (no waiting for the slowest of a chunk), and
  // each records its mail's outcome before taking the next: a crash can repeat only the mails in flight at that moment.
  let next = 0;
  const sender = async () => {
    while (next < prepared.mails.length) {
      const entry = prepared.mails[next++]!;
      const error = await sendMail(url, entry);
      const sent: string[] = [];
      const failures: { id: string; attempts: number; error: string }[] = [];
      for (const details of entry.deliveries) {
        if (!error) {
          sent.push(details.id!);
          outcomes.push(deliveryOutcome(details, { status: "sent", via: "smtp", subject: entry.mail.subject }));
        } else {
          failures.push({ id: details.id!, attempts: details.attempts, error });
          outcomes.push(failureOutcome(details, error, at, entry.mail.subject));
        }
      }
      await recordDeliveryResults({ at, sent, dropped: [], failed: failures }, actor);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SMTP_CONCURRENCY, prepared.mails.length) }, sender));
  return outcomes;
}

export type DeliverOptions = {
  /** the pass's clock: what is due, and when a retry will be */
  at: Date;
  actor: AnyActor;
  /** only these deliveries */
  ids?: string[];
  timeBudgetMs?: number;
  /** filled in: the time spent judging and rendering the mails (the pass's "render", beside claiming and storing) */
  stats?: { rendering: [number, number][] };
};

/** Sends every delivery due at `at`, batch by batch, until none is left or the time budget is spent. */
export async function deliverDueReminders({ at, actor, ids, timeBudgetMs = DEFAULT_TIME_BUDGET_MS, stats }: DeliverOptions): Promise<DeliveryOutcome[]> {
  const url = smtpUrl();
  const deadline = Date.now() + timeBudgetMs;
  const outcomes: DeliveryOutcome[] = [];
  if (!url) {
    const drain = async () => {
      for (;;) {
        const batch = await sendDueToOutbox({ at, limit: outboxBatch(), ids }, actor);
        outcomes.push(...batch.outcomes);
        if (stats && batch.rendering) stats.rendering.push(batch.rendering);
        if (batch.claimed < outboxBatch() || Date.now() > deadline) return;
      }
    };
    await Promise.all(Array.from({ length: ids ? 1 : outboxConcurrency() }, drain));
    return outcomes;
  }
  const baseUrl = await appBaseUrl();
  for (;;) {
    const claimed = await claimDeliveries({ at, limit: SMTP_BATCH, ids }, actor);
    if (claimed.length === 0) return outcomes;
    const prepared = await prepareDeliveries(claimed, { baseUrl, db: getDb(), at });
    if (stats) stats.rendering.push(prepared.rendering);
    outcomes.push(...(await sendBatchBySmtp(url, prepared, at, actor)));
    if (claimed.length < SMTP_BATCH || Date.now() > deadline) return outcomes;
  }
}

/** An admin's "Retry now": the FAILED delivery gets a fresh round of tries, and the first one happens now. */
export async function retryFailedDelivery(id: unknown, actor: AnyActor | null | undefined, at = new Date()): Promise<DeliveryOutcome | null> {
  const delivery = await retryDelivery({ id }, actor);
  // retryDelivery refused anyone who may not do this, so there is an actor here
  const [result] = await deliverDueReminders({ at, actor: actor as AnyActor, ids: [delivery.id] });
  return result ?? null;
}

// One reminder pass: record every reminder due at `at` (each under its unique key, once), then send every delivery
// that is due (just recorded, a retry whose time has come, or one a crashed pass left PENDING).
// Safe to run concurrently (two app instances, the worker and the CLI): see lib/reminders/mutations.ts.
import { systemActor, type AnyActor } from "@/lib/auth/actor";
import type { ReminderKind } from "@/lib/generated/prisma/enums";
import { deliverDueReminders } from "@/lib/reminders/deliver";
import { planReminders } from "@/lib/reminders/mutations";
import { previewReminderPass } from "@/lib/reminders/queries";
import type { DeliveryOutcome, PassMail, ReminderPassResult } from "@/lib/reminders/schema";

export type ReminderPassOptions = {
  /** the instant the pass runs "as of" (default: now); also the clock for leases and retry times */
  at?: Date;
  /** compute and render, write and send nothing */
  dryRun?: boolean;
  actor?: AnyActor;
  timeBudgetMs?: number;
};

export async function runReminderPass({
  at = new Date(),
  dryRun = false,
  actor = systemActor("job:reminders"),
  timeBudgetMs,
}: ReminderPassOptions = {}): Promise<ReminderPassResult> {
  const started = performance.now();
  if (dryRun) {
    const preview = await previewReminderPass(at);
    const durationMs = performance.now() - started;
    return {
      at,
      dryRun,
      planned: preview.planned.length,
      plannedByKind: countByKind(preview.planned),
      deliveries: preview.deliveries,
      mails: preview.mails,
      durationMs,
      planMs: durationMs,
      renderMs: 0,
    };
  }
  const planned = await planReminders({ at }, actor);
  const planMs = performance.now() - started;
  const stats = { rendering: [] as [number, number][] };
  const deliveries = await deliverDueReminders({ at, actor, timeBudgetMs, stats });
  return {
    at,
    dryRun,
    planned: planned.total,
    plannedByKind: planned.byKind,
    deliveries,
    mails: mailsOf(deliveries),
    durationMs: performance.now() - started,
    planMs,
    renderMs: coveredMs(stats.rendering),
  };
}

/** Only the sends (retries due, PENDING rows left behind) without planning: the worker's every-minute job. */
export async function deliverDue({ at = new Date(), actor = systemActor("job:reminders") }: { at?: Date; actor?: AnyActor } = {}) {
  return deliverDueReminders({ at, actor });
}

/** The mails a live pass sent: its sent deliveries grouped by recipient and subject (one mail each). */
function mailsOf(deliveries: DeliveryOutcome[]): PassMail[] {
  const mails = new Map<string, PassMail>();
  for (const delivery of deliveries) {
    if (delivery.status !== "sent" || delivery.subject === null) continue;
    const key = `${delivery.to}\n${delivery.subject}`;
    const mail = mails.get(key) ?? { to: delivery.to, subject: delivery.subject, keys: [] };
    mail.keys.push(delivery.key);
    mails.set(key, mail);
  }
  return [...mails.values()];
}

/** How long at least one of the intervals was running: batches rendered at the same time count once. */
function coveredMs(intervals: [number, number][]): number {
  let total = 0;
  let reach = -Infinity;
  for (const [start, end] of [...intervals].sort((a, b) => a[0] - b[0])) {
    if (end <= reach) continue;
    total += end - Math.max(start, reach);
    reach = end;
  }
  return total;
}

function countByKind(rows: { kind: ReminderKind }[]): Partial<Record<ReminderKind, number>> {
  const counts: Partial<Record<ReminderKind, number>> = {};
  for (const row of rows) counts[row.kind] = (counts[row.kind] ?? 0) + 1;
  return counts;
}

/** "12 recorded; 11 kept in the outbox (no SMTP_URL), 1 retrying; 3 mails" */
export function summarizePass(result: ReminderPassResult): string {
  const mails = `${result.mails.length} mail${result.mails.length === 1 ? "" : "s"}`;
  return `${result.planned} ${result.dryRun ? "to record" : "recorded"}; ${summarizeDeliveries(result.deliveries)}; ${mails}`;
}

/**
 * "11 sent by SMTP, 1 retrying", or "5 kept in the outbox (no SMTP_URL)": a delivery counted as sent went where it
 * went, and a log that said "sent" for mail kept in the database had people look for it in their inboxes.
 */
export function summarizeDeliveries(deliveries: DeliveryOutcome[]): string {
  const counts = new Map<string, number>();
  for (const delivery of deliveries) {
    const label = delivery.status !== "sent" ? delivery.status : delivery.via === "outbox" ? "kept in the outbox (no SMTP_URL)" : "sent by SMTP";
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts].map(([label, count]) => `${count} ${label}`).join(", ") || "nothing to send";
}

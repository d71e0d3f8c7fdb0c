// Writes of the reminder pass, each a guarded action run by the system (systemActor("job:reminders") in the worker,
// "cli:reminders" from the CLI) or by an admin ("Retry now"):
//   plan      INSERT ... SELECT ... ON CONFLICT (key) DO NOTHING, one statement per kind: a reminder is recorded once
//   outbox    no SMTP: lock due rows (FOR UPDATE SKIP LOCKED), store their messages and mark them SENT, all in ONE
//             transaction: exactly once, and a crash leaves them PENDING for the next pass
//   claim     SMTP: lease due rows (FOR UPDATE SKIP LOCKED + nextAttemptAt): two workers never take the same row, and
//             the network send happens outside any transaction
//   results   after SMTP sends: SENT, or retry later with backoff, or FAILED after the last try
//   retry     an admin puts a FAILED delivery back in line
// Audit: the delivery rows are the log of what went out; the audit trail records what the planner decided (counts
// per kind), each delivery that finally failed, and each retry an admin asked for.
import "server-only";
import { defineAction } from "@/lib/actions/define-action";
import type { Tx } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ReminderKind } from "@/lib/generated/prisma/enums";
import { getSettings } from "@/lib/settings/queries";
import { postmortemPolicy } from "@/lib/incidents/postmortem-due";
import { appBaseUrl } from "@/lib/mail/links";
import { CLAIM_LEASE_MS, nextAttemptAfterFailure } from "@/lib/reminders/backoff";
import { inSendWindow, zoneCalendar } from "@/lib/reminders/calendar-days";
import { deliveryDetailsSelect, insertDeliveriesSql, REMINDER_KINDS, type DeliveryDetails, type PlanParameters } from "@/lib/reminders/plan-sql";
import { deliveryOutcome, prepareDeliveries } from "@/lib/reminders/prepare";
import {
  claimInput,
  deliveryResultsInput,
  NOTIFICATION_KINDS,
  planInput,
  retryDeliveryInput,
  type DeliveryOutcome,
  type PlanCounts,
} from "@/lib/reminders/schema";

// Any constant bigint, distinct from the other advisory locks in this database.
const PLAN_LOCK = 0x4853_5201n;

/** Who may run the reminder machinery by hand: admins (the worker and the CLI run as the system). */
const PERMISSION = "settings:manage" as const;

export async function planParameters(tx: Tx, at: Date): Promise<PlanParameters> {
  const settings = await getSettings(tx);
  const zones = await tx.$queryRaw<{ timeZone: string }[]>`SELECT DISTINCT "timeZone" FROM "User" WHERE active`;
  return {
    at,
    zones: zones.map(({ timeZone }) => zoneCalendar(timeZone, at, settings["reminders.followUpSoonDays"])),
    dueSoonDays: settings["reminders.dueSoonDays"],
    followUpSoonDays: settings["reminders.followUpSoonDays"],
    reviewWaitingDays: settings["reminders.reviewWaitingDays"],
    overdueDailyDays: settings["reminders.overdueDailyDays"],
    overdueRepeatDays: settings["reminders.overdueRepeatDays"],
    overdueDigestOnlyAfterDays: settings["reminders.overdueDigestOnlyAfterDays"],
    postmortem: postmortemPolicy(settings),
  };
}

/** The zones of active users in which `at` is inside the send window: reminder mail to anyone else waits. */
export async function zonesInSendWindow(tx: Tx, at: Date): Promise<string[]> {
  const settings = await getSettings(tx);
  const window = {
    startHour: settings["reminders.windowStartHour"],
    endHour: settings["reminders.windowEndHour"],
    weekdaysOnly: settings["reminders.windowWeekdaysOnly"],
  };
  const zones = await tx.$queryRaw<{ timeZone: string }[]>`SELECT DISTINCT "timeZone" FROM "User"`;
  return zones.map(({ timeZone }) => timeZone).filter((zone) => inSendWindow(zone, at, window));
}

/** Records every reminder due at `at` that is not recorded yet; counts those this call recorded. */
export const planReminders = defineAction({
  name: "reminders.plan",
  permission: PERMISSION,
  input: planInput,
  run: async ({ tx, input }): Promise<PlanCounts> => {
    // ON CONFLICT alone already keeps a key unique; the lock keeps two instances' planners from deadlocking on
    // each other's half-inserted keys. The second one waits, then finds everything recorded.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PLAN_LOCK})`;
    const parameters = await planParameters(tx, input.at);
    const counts: PlanCounts = { total: 0, byKind: {} };
    if (parameters.zones.length === 0) return counts;
    for (const kind of REMINDER_KINDS) {
      const [row] = await tx.$queryRaw<{ inserted: number }[]>(insertDeliveriesSql(kind, parameters));
      if (row && row.inserted > 0) {
        counts.byKind[kind] = row.inserted;
        counts.total += row.inserted;
      }
    }
    return counts;
  },
  audit: (counts, input) =>
    counts.total === 0
      ? null
      : { entityType: "ReminderDelivery", entityId: null, meta: { at: input.at.toISOString(), planned: counts.total, counts: counts.byKind } },
});

type Failure = { id: string; expectedAttempts: number; attempts: number; error: string };
type FailureRecord = {
  id: string;
  key: string;
  kind: ReminderKind;
  recipientEmail: string;
  status: "PENDING" | "FAILED";
  attempts: number;
  lastError: string;
  nextAttemptAt: Date | null;
};

/**
 * A failed try: back in line with backoff, or FAILED after the last one. Only rows still PENDING at the attempt
 * count this worker saw: a row another worker has taken since is left to it.
 */
async function recordFailures(tx: Tx, at: Date, failures: Failure[]): Promise<FailureRecord[]> {
  if (failures.length === 0) return [];
  const next = failures.map((failure) => nextAttemptAfterFailure(failure.attempts, at)?.toISOString() ?? null);
  return tx.$queryRaw<FailureRecord[]>`
    UPDATE "ReminderDelivery" d
    SET attempts = r.attempts, status = (CASE WHEN r.next_attempt_at IS NULL THEN 'FAILED' ELSE 'PENDING' END)::"DeliveryStatus",
        "nextAttemptAt" = r.next_attempt_at, "lastError" = r.error
    FROM unnest(${failures.map((failure) => failure.id)}::text[], ${failures.map((failure) => failure.expectedAttempts)}::int[],
                ${failures.map((failure) => failure.attempts)}::int[], ${failures.map((failure) => failure.error)}::text[], ${next}::timestamptz[])
         AS r(id, expected_attempts, attempts, error, next_attempt_at)
    WHERE d.id = r.id AND d.status = 'PENDING' AND d.attempts = r.expected_attempts
    RETURNING d.id, d.key, d.kind::text AS kind, d."recipientEmail" AS "recipientEmail", d.status::text AS status, d.attempts,
              d."lastError" AS "lastError", d."nextAttemptAt" AS "nextAttemptAt"`;
}

function failureAudit(failures: FailureRecord[]) {
  return failures
    .filter((failure) => failure.status === "FAILED")
    .map((failure) => ({
      action: "reminders.delivery-failed",
      entityType: "ReminderDelivery",
      entityId: failure.id,
      meta: { key: failure.key, kind: failure.kind, to: failure.recipientEmail, attempts: failure.attempts, error: failure.lastError },
    }));
}

const NOTIFICATIONS = Prisma.sql`(${Prisma.join(NOTIFICATION_KINDS.map((kind) => Prisma.sql`${kind}::"ReminderKind"`))})`;

// Any constant int, distinct from the other advisory locks: a recipient's due rows are claimed by one transaction.
const RECIPIENT_LOCK = 0x4853_5202;

/**
 * Takes every due delivery (new, retry time come, lease run out) of up to `limit` recipients, so that each of them
 * gets ONE mail with all of it. Reminders wait for the recipient's send window; notifications do not (an admin's
 * "Retry now", `ids`, does not wait either). A per-recipient advisory lock keeps two claimers from splitting one
 * person's rows into two mails; FOR UPDATE SKIP LOCKED keeps them off each other's rows.
 */
async function claimSource(tx: Tx, input: { at: Date; limit: number; ids?: string[] }, set: Prisma.Sql): Promise<DeliveryDetails[]> {
  const only = input.ids ? Prisma.sql`AND d.id = ANY(${input.ids}::text[])` : Prisma.empty;
  const windowZones = input.ids ? null : await zonesInSendWindow(tx, input.at);
  const inWindow = windowZones
    ? Prisma.sql`AND (d.kind IN ${NOTIFICATIONS} OR u."timeZone" IS NULL OR u."timeZone" = ANY(${windowZones}::text[]))`
    : Prisma.empty;
  const due = Prisma.sql`d.status = 'PENDING' AND (d."nextAttemptAt" IS NULL OR d."nextAttemptAt" <= ${input.at}) ${only} ${inWindow}`;
  return tx.$queryRaw<DeliveryDetails[]>`
    WITH recipients AS (
      SELECT d."recipientEmail" AS email
      FROM "ReminderDelivery" d LEFT JOIN "User" u ON u.id = d."recipientId"
      WHERE ${due}
      GROUP BY d."recipientEmail"
      ORDER BY min(d."createdAt")
      LIMIT ${input.limit}
    ), due AS (
      SELECT d.id
      FROM "ReminderDelivery" d JOIN recipients r ON r.email = d."recipientEmail" LEFT JOIN "User" u ON u.id = d."recipientId"
      WHERE ${due} AND pg_try_advisory_xact_lock(${RECIPIENT_LOCK}::int, hashtext(d."recipientEmail"))
      FOR UPDATE OF d SKIP LOCKED
    ), source AS (
      UPDATE "ReminderDelivery" d SET ${set}
      FROM due WHERE d.id = due.id AND d.status = 'PENDING'
      RETURNING d.id, d.key, d.kind, d.day, d.attempts, d."recipientId" AS recipient_id, d."recipientEmail" AS recipient_email,
                d."actionItemId" AS action_item_id, d."followUpReviewId" AS follow_up_review_id,
                d."reviewAssignmentId" AS review_assignment_id, d."incidentId" AS incident_id
    )
    ${deliveryDetailsSelect}`;
}

/**
 * No SMTP configured: up to `limit` due deliveries go to the outbox table. Locking them, storing their messages and
 * marking them SENT is one transaction, so each is stored exactly once, whatever else runs, and a crash leaves them
 * PENDING. Rendering happens inside it: it is quick (no network), and it needs the rows it has locked.
 */
export const sendDueToOutbox = defineAction({
  name: "reminders.outbox",
  permission: PERMISSION,
  input: claimInput,
  run: async ({ tx, input }) => {
    // Marked SENT as they are locked (one statement); those that turn out not to be sendable are set right below,
    // in the same transaction, so nobody ever sees them SENT without a message.
    const due = await claimSource(
      tx,
      input,
      Prisma.sql`status = 'SENT', attempts = d.attempts + 1, "sentAt" = ${input.at}, "nextAttemptAt" = NULL, "lastError" = NULL`,
    );
    if (due.length === 0) return { claimed: 0, outcomes: [] as DeliveryOutcome[], failures: [] as FailureRecord[], rendering: null };
    const prepared = await prepareDeliveries(due, { baseUrl: await appBaseUrl(tx), db: tx, at: input.at });

    const outcomes: DeliveryOutcome[] = [];
    const { mails } = prepared;
    if (mails.length) {
      const column = (pick: (entry: (typeof mails)[number]) => string) => mails.map(pick);
      await tx.$executeRaw`
        INSERT INTO "OutboxMessage" (id, "to", subject, text, html, "deliveryId")
        SELECT gen_random_uuid()::text, m.recipient, m.subject, m.text, m.html, m.delivery_id
        FROM unnest(${column((entry) => entry.to)}::text[], ${column((entry) => entry.mail.subject)}::text[],
                    ${column((entry) => entry.mail.text)}::text[], ${column((entry) => entry.mail.html)}::text[],
                    ${column((entry) => entry.deliveries[0]!.id!)}::text[]) AS m(recipient, subject, text, html, delivery_id)`;
      for (const { deliveries, mail } of mails) {
        for (const details of deliveries) outcomes.push(deliveryOutcome(details, { status: "sent", via: "outbox", subject: mail.subject }));
      }
    }

    const { dropped, broken } = prepared;
    if (dropped.length) {
      await tx.$executeRaw`DELETE FROM "ReminderDelivery" WHERE id = ANY(${dropped.map((entry) => entry.details.id!)}::text[])`;
      for (const entry of dropped) outcomes.push(deliveryOutcome(entry.details, { status: "dropped", error: entry.reason }));
    }

    if (broken.length) {
      await tx.$executeRaw`UPDATE "ReminderDelivery" SET status = 'PENDING', "sentAt" = NULL WHERE id = ANY(${broken.map((entry) => entry.details.id!)}::text[])`;
    }
    const failures = await recordFailures(
      tx,
      input.at,
      broken.map((entry) => ({ id: entry.details.id!, expectedAttempts: entry.details.attempts, attempts: entry.details.attempts, error: entry.error })),
    );
    for (const failure of failures) {
      const entry = broken.find((candidate) => candidate.details.id === failure.id)!;
      outcomes.push(
        deliveryOutcome(entry.details, {
          status: failure.status === "FAILED" ? "failed" : "retrying",
          via: "outbox",
          error: failure.lastError,
          nextAttemptAt: failure.nextAttemptAt,
        }),
      );
    }
    return { claimed: due.length, outcomes, failures, rendering: prepared.rendering };
  },
  audit: ({ failures }) => failureAudit(failures),
  revalidate: () => ["/admin/outbox"],
});

/**
 * Takes up to `limit` deliveries due at `at` (new, or whose retry time has come, or whose lease ran out): counts
 * the attempt and leases them. Returns them with what their messages need.
 */
export const claimDeliveries = defineAction({
  name: "reminders.claim",
  permission: PERMISSION,
  input: claimInput,
  run: async ({ tx, input }) => {
    const leaseUntil = new Date(input.at.getTime() + CLAIM_LEASE_MS);
    return claimSource(tx, input, Prisma.sql`attempts = d.attempts + 1, "nextAttemptAt" = ${leaseUntil}`);
  },
  audit: () => null,
});

/** Records how SMTP sends went (after them, outside any transaction that would have held a connection meanwhile). */
export const recordDeliveryResults = defineAction({
  name: "reminders.deliver",
  permission: PERMISSION,
  input: deliveryResultsInput,
  run: async ({ tx, input }) => {
    let sent = 0;
    if (input.sent.length) {
      sent = await tx.$executeRaw`
        UPDATE "ReminderDelivery" SET status = 'SENT', "sentAt" = ${input.at}, "nextAttemptAt" = NULL, "lastError" = NULL
        WHERE id = ANY(${input.sent}::text[]) AND status = 'PENDING'`;
    }
    const failures = await recordFailures(
      tx,
      input.at,
      input.failed.map((failure) => ({ id: failure.id, expectedAttempts: failure.attempts, attempts: failure.attempts, error: failure.error })),
    );
    let dropped = 0;
    if (input.dropped.length) {
      dropped = await tx.$executeRaw`DELETE FROM "ReminderDelivery" WHERE id = ANY(${input.dropped}::text[]) AND status = 'PENDING'`;
    }
    return { sent, failures, dropped };
  },
  audit: ({ failures }) => failureAudit(failures),
  revalidate: () => ["/admin/outbox"],
});

/**
 * "Retry now" on a FAILED delivery: back to PENDING with a fresh round of tries, due at once. The caller then
 * delivers it (lib/reminders/deliver.ts `retryFailedDelivery`).
 */
export const retryDelivery = defineAction({
  name: "reminders.retry",
  permission: PERMISSION,
  input: retryDeliveryInput,
  run: async ({ tx, input }) => {
    const delivery = await tx.reminderDelivery.findUnique({
      where: { id: input.id },
      select: { id: true, key: true, status: true, attempts: true, lastError: true, recipientEmail: true },
    });
    if (!delivery) throw new NotFoundError("The delivery");
    if (delivery.status !== "FAILED")
      throw new ConflictError(delivery.status === "SENT" ? "This reminder was sent already." : "This reminder is already waiting to be sent.");
    await tx.reminderDelivery.update({ where: { id: delivery.id }, data: { status: "PENDING", attempts: 0, nextAttemptAt: null } });
    return delivery;
  },
  audit: (delivery) => ({
    entityType: "ReminderDelivery",
    entityId: delivery.id,
    changes: { status: { before: "FAILED", after: "PENDING" }, attempts: { before: delivery.attempts, after: 0 } },
    meta: { key: delivery.key, to: delivery.recipientEmail, lastError: delivery.lastError },
  }),
  revalidate: () => ["/admin/outbox"],
});

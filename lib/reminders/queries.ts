// Reads: the dry run of a pass, and what admins see of deliveries at /admin/outbox.
import "server-only";
import { getDb } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ReminderKind } from "@/lib/generated/prisma/enums";
import { smtpUrl } from "@/lib/mail/config";
import { appBaseUrl } from "@/lib/mail/links";
import { prepareDeliveries } from "@/lib/reminders/prepare";
import { planParameters } from "@/lib/reminders/mutations";
import { deliveryDetailsSelect, newCandidatesSql, REMINDER_KINDS, type DeliveryDetails } from "@/lib/reminders/plan-sql";
import type { DeliveryOutcome } from "@/lib/reminders/schema";

/**
 * What a pass at `at` would do, without writing anything: the reminders it would record, and the deliveries it
 * would send (those new ones plus recorded ones that are due: retries, or left PENDING by a crash).
 */
/** A mail a pass would send: to whom, what it says, and the deliveries (keys) it carries. */
export type PreviewMail = { to: string; subject: string; text: string; keys: string[] };

export async function previewReminderPass(at: Date): Promise<{ planned: DeliveryOutcome[]; deliveries: DeliveryOutcome[]; mails: PreviewMail[] }> {
  const db = getDb();
  // A read-only transaction: the same settings and zones for every kind, and a guarantee that nothing is written.
  const { fresh, due } = await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SET TRANSACTION READ ONLY`;
      const parameters = await planParameters(tx, at);
      const fresh: DeliveryDetails[] = [];
      if (parameters.zones.length)
        for (const kind of REMINDER_KINDS) fresh.push(...(await tx.$queryRaw<DeliveryDetails[]>(newCandidatesSql(kind, parameters))));
      const due = await tx.$queryRaw<DeliveryDetails[]>(Prisma.sql`
        WITH source AS (
          SELECT id, key, kind, day, attempts + 1 AS attempts, "recipientId" AS recipient_id, "recipientEmail" AS recipient_email,
                 "actionItemId" AS action_item_id, "followUpReviewId" AS follow_up_review_id, "reviewAssignmentId" AS review_assignment_id,
                 "incidentId" AS incident_id
          FROM "ReminderDelivery"
          WHERE status = 'PENDING' AND ("nextAttemptAt" IS NULL OR "nextAttemptAt" <= ${at})
        )
        ${deliveryDetailsSelect}`);
      return { fresh, due };
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
  const via = smtpUrl() ? "smtp" : "outbox";
  const prepared = await prepareDeliveries([...due, ...fresh.map((details) => ({ ...details, attempts: 1 }))], { baseUrl: await appBaseUrl(), db, at });
  const outcome = (details: DeliveryDetails, fields: Pick<DeliveryOutcome, "status" | "subject"> & { error?: string }): DeliveryOutcome => ({
    id: details.id,
    key: details.key,
    kind: details.kind,
    to: details.recipientEmail,
    attempts: details.attempts,
    via,
    ...fields,
  });
  const deliveries = [
    ...prepared.mails.flatMap(({ deliveries, mail }) => deliveries.map((details) => outcome(details, { status: "would-send", subject: mail.subject }))),
    ...prepared.dropped.map(({ details, reason }) => outcome(details, { status: "would-drop", subject: null, error: reason })),
    ...prepared.broken.map(({ details, error }) => outcome(details, { status: "would-send", subject: null, error })),
  ];
  const mails = prepared.mails.map(({ to, mail, deliveries }) => ({
    to,
    subject: mail.subject,
    text: mail.text,
    keys: deliveries.map((details) => details.key),
  }));
  const freshKeys = new Set(fresh.map((details) => details.key));
  return { planned: deliveries.filter((delivery) => freshKeys.has(delivery.key)), deliveries, mails };
}

export type DeliveryRow = {
  id: string;
  key: string;
  kind: ReminderKind;
  recipientEmail: string;
  recipientName: string | null;
  status: "PENDING" | "SENT" | "FAILED";
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
  subjectLabel: string | null;
};

const deliverySelect = {
  id: true,
  key: true,
  kind: true,
  recipientEmail: true,
  status: true,
  attempts: true,
  lastError: true,
  nextAttemptAt: true,
  createdAt: true,
  subject: true,
  recipient: { select: { name: true } },
  actionItem: { select: { title: true } },
  followUpReview: { select: { incident: { select: { publicId: true } } } },
  reviewAssignment: { select: { incident: { select: { publicId: true } } } },
  incident: { select: { publicId: true } },
} satisfies Prisma.ReminderDeliverySelect;

type SelectedDelivery = Prisma.ReminderDeliveryGetPayload<{ select: typeof deliverySelect }>;

function toRow(delivery: SelectedDelivery): DeliveryRow {
  const { recipient, actionItem, followUpReview, reviewAssignment, incident, subject, ...rest } = delivery;
  return {
    ...rest,
    recipientName: recipient?.name ?? null,
    subjectLabel:
      actionItem?.title ??
      followUpReview?.incident.publicId ??
      reviewAssignment?.incident.publicId ??
      incident?.publicId ??
      subject ?? // a notification: its stored subject ("Review requested: INC-…")
      (delivery.kind === "MANAGER_DIGEST" ? "Weekly digest" : null),
  };
}

/** Deliveries that gave up after their last try: admins retry them from /admin/outbox. */
export async function listFailedDeliveries({ limit = 100 }: { limit?: number } = {}): Promise<{ deliveries: DeliveryRow[]; total: number }> {
  const db = getDb();
  const [deliveries, total] = await Promise.all([
    db.reminderDelivery.findMany({ where: { status: "FAILED" }, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: limit, select: deliverySelect }),
    db.reminderDelivery.count({ where: { status: "FAILED" } }),
  ]);
  return { deliveries: deliveries.map(toRow), total };
}

/** Deliveries that failed at least once and will be tried again. */
export async function listRetryingDeliveries({ limit = 100 }: { limit?: number } = {}): Promise<{ deliveries: DeliveryRow[]; total: number }> {
  const db = getDb();
  const where = { status: "PENDING", attempts: { gt: 0 }, lastError: { not: null } } satisfies Prisma.ReminderDeliveryWhereInput;
  const [deliveries, total] = await Promise.all([
    db.reminderDelivery.findMany({ where, orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }], take: limit, select: deliverySelect }),
    db.reminderDelivery.count({ where }),
  ]);
  return { deliveries: deliveries.map(toRow), total };
}

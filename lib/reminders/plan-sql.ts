// The reminder pass in SQL: for each kind, one SELECT of the reminders due at instant `at`, each row keyed
// kind:subject:day:recipient. The planner inserts them with ON CONFLICT (key) DO NOTHING (mutations.ts); the dry run
// reads those not recorded yet (queries.ts). Set-based on purpose: 100,000 action items take one statement per kind,
// not a loop (see `npm run bench`).
//
// "Day" is the recipient's local calendar day. Time zones are resolved in TypeScript (calendar-days.ts) and arrive
// as the `zones` table: one row per zone name users have, with that zone's today, weekday and day boundaries.
//
// No reminder names a report its recipient cannot open: every kind keeps only recipients who may see the report
// (incidentVisibleToSql, the read path's rule in SQL), and deliveryDetailsSelect checks again at send time, since a
// report can turn private, or a recipient lose a role, between recording and sending.
import "server-only";
import { OPEN_STATUSES as STILL_TO_DO } from "@/lib/action-items/overdue";
import { Prisma } from "@/lib/generated/prisma/client";
import { incidentVisibleToSql } from "@/lib/incidents/access";
import type { ReminderKind } from "@/lib/generated/prisma/enums";
import type { ZoneCalendar } from "@/lib/reminders/calendar-days";

export type PlanParameters = {
  at: Date;
  zones: ZoneCalendar[];
  dueSoonDays: number;
  followUpSoonDays: number;
  reviewWaitingDays: number;
};

/** Kinds in the order a pass plans them. */
export const REMINDER_KINDS = [
  "ACTION_OVERDUE",
  "ACTION_DUE_TODAY",
  "ACTION_DUE_SOON",
  "FOLLOW_UP_TODAY",
  "FOLLOW_UP_SOON",
  "REVIEW_WAITING",
  "MANAGER_DIGEST",
] as const satisfies readonly ReminderKind[];
/** A kind the pass plans (the others are notifications, recorded when their event happens). */
export type PlannedKind = (typeof REMINDER_KINDS)[number];

/** Still to do: the statuses lib/action-items/overdue.ts counts as open (overdue = one of these, due before today). */
const OPEN_STATUSES = Prisma.sql`(${Prisma.join(STILL_TO_DO.map((status) => Prisma.sql`${status}::"ActionItemStatus"`))})`;

function zonesCte(zones: ZoneCalendar[]): Prisma.Sql {
  const iso = (dates: Date[]) => dates.map((date) => date.toISOString());
  return Prisma.sql`zones AS (
    SELECT * FROM unnest(
      ${zones.map((zone) => zone.zone)}::text[],
      ${zones.map((zone) => zone.today)}::date[],
      ${zones.map((zone) => zone.weekday)}::int[],
      ${iso(zones.map((zone) => zone.todayStart))}::timestamptz[],
      ${iso(zones.map((zone) => zone.todayEnd))}::timestamptz[],
      ${iso(zones.map((zone) => zone.soonStart))}::timestamptz[],
      ${iso(zones.map((zone) => zone.soonEnd))}::timestamptz[]
    ) AS z(zone, today, weekday, today_start, today_end, soon_start, soon_end)
  )`;
}

const dayText = Prisma.sql`to_char(z.today, 'YYYY-MM-DD')`;

/**
 * Action items remind their owner; an item without an owner reminds the report's author. Inactive people get
 * nothing (an inactive owner's items do not fall back to the author: the owner field says who is responsible), nor
 * does an owner who cannot open the report (it was made private after they were given the item).
 */
function actionItemCandidates(kind: ReminderKind, dueCondition: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT ${kind}::text || ':' || a.id || ':' || ${dayText} || ':' || u.id AS key,
           ${kind}::text AS kind, z.today AS day, u.id AS recipient_id, u.email AS recipient_email,
           a.id AS action_item_id, NULL::text AS follow_up_review_id, NULL::text AS review_assignment_id
    FROM "ActionItem" a
    JOIN "Incident" i ON i.id = a."incidentId"
    JOIN "User" u ON u.id = COALESCE(a."ownerId", i."authorId")
    JOIN zones z ON z.zone = u."timeZone"
    WHERE u.active AND a.status IN ${OPEN_STATUSES} AND a."dueDate" IS NOT NULL AND ${dueCondition}
      AND ${incidentVisibleToSql("i", "u")}`;
}

/** Follow-up reviews remind their attendees who can open the report, or the report's author when nobody is invited. */
function followUpCandidates(kind: ReminderKind, windowCondition: Prisma.Sql, parameters: PlanParameters): Prisma.Sql {
  // Local days lie within 14 h of UTC days: this coarse window lets the scheduledAt index cut the table first.
  const from = new Date(parameters.at.getTime() - 2 * 86_400_000);
  const to = new Date(parameters.at.getTime() + (parameters.followUpSoonDays + 2) * 86_400_000);
  return Prisma.sql`
    SELECT ${kind}::text || ':' || f.id || ':' || ${dayText} || ':' || u.id AS key,
           ${kind}::text AS kind, z.today AS day, u.id AS recipient_id, u.email AS recipient_email,
           NULL::text AS action_item_id, f.id AS follow_up_review_id, NULL::text AS review_assignment_id
    FROM "FollowUpReview" f
    JOIN "Incident" i ON i.id = f."incidentId"
    CROSS JOIN LATERAL (
      SELECT fa."userId" AS user_id FROM "FollowUpAttendee" fa WHERE fa."followUpReviewId" = f.id
      UNION ALL
      SELECT i."authorId" WHERE i."authorId" IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM "FollowUpAttendee" fa WHERE fa."followUpReviewId" = f.id)
    ) r
    JOIN "User" u ON u.id = r.user_id
    JOIN zones z ON z.zone = u."timeZone"
    WHERE u.active AND f."completedAt" IS NULL
      AND f."scheduledAt" >= ${from} AND f."scheduledAt" < ${to}
      AND ${windowCondition}
      AND ${incidentVisibleToSql("i", "u")}`;
}

/**
 * Mondays in the manager's zone: one digest of the overdue items in the reports they signed off, to managers who
 * want digests and have something overdue to read about in reports they can still open (one who signed off a
 * private report and is no longer a manager hears nothing of it).
 */
function digestCandidates(): Prisma.Sql {
  return Prisma.sql`
    SELECT 'MANAGER_DIGEST:weekly:' || ${dayText} || ':' || m.id AS key,
           'MANAGER_DIGEST' AS kind, z.today AS day, m.id AS recipient_id, m.email AS recipient_email,
           NULL::text AS action_item_id, NULL::text AS follow_up_review_id, NULL::text AS review_assignment_id
    FROM "User" m
    JOIN zones z ON z.zone = m."timeZone"
    WHERE m.active AND m."receiveDigests" AND z.weekday = 1
      AND EXISTS (
        SELECT 1 FROM "SignOff" s JOIN "ActionItem" a ON a."incidentId" = s."incidentId" JOIN "Incident" i ON i.id = s."incidentId"
        WHERE s."reviewerId" = m.id AND a.status IN ${OPEN_STATUSES} AND a."dueDate" < z.today
          AND ${incidentVisibleToSql("i", "m")}
      )`;
}

/**
 * A review request still PENDING on a report in review, more than N days after it was made: one reminder to the
 * reviewer per request (a request made again after a reminder gets its own).
 */
function reviewWaitingCandidates(parameters: PlanParameters): Prisma.Sql {
  const waitingSince = new Date(parameters.at.getTime() - parameters.reviewWaitingDays * 86_400_000);
  return Prisma.sql`
    SELECT 'REVIEW_WAITING:' || r.id || ':' || ${dayText} || ':' || u.id AS key,
           'REVIEW_WAITING' AS kind, z.today AS day, u.id AS recipient_id, u.email AS recipient_email,
           NULL::text AS action_item_id, NULL::text AS follow_up_review_id, r.id AS review_assignment_id
    FROM "ReviewAssignment" r
    JOIN "Incident" i ON i.id = r."incidentId"
    JOIN "User" u ON u.id = r."reviewerId"
    JOIN zones z ON z.zone = u."timeZone"
    WHERE u.active AND r.decision = 'PENDING' AND i."reportState" = 'IN_REVIEW'
      AND r."requestedAt" < ${waitingSince}
      AND ${incidentVisibleToSql("i", "u")}
      AND NOT EXISTS (
        SELECT 1 FROM "ReminderDelivery" d
        WHERE d."reviewAssignmentId" = r.id AND d.kind = 'REVIEW_WAITING' AND d."createdAt" >= r."requestedAt"
      )`;
}

function candidates(kind: PlannedKind, parameters: PlanParameters): Prisma.Sql {
  switch (kind) {
    case "ACTION_DUE_SOON":
      return actionItemCandidates(kind, Prisma.sql`a."dueDate" = z.today + ${parameters.dueSoonDays}::int`);
    case "ACTION_DUE_TODAY":
      return actionItemCandidates(kind, Prisma.sql`a."dueDate" = z.today`);
    case "ACTION_OVERDUE":
      return actionItemCandidates(kind, Prisma.sql`a."dueDate" < z.today`);
    case "FOLLOW_UP_SOON":
      return followUpCandidates(kind, Prisma.sql`f."scheduledAt" >= z.soon_start AND f."scheduledAt" < z.soon_end`, parameters);
    case "FOLLOW_UP_TODAY":
      // a reminder for a meeting that has already begun is noise
      return followUpCandidates(
        kind,
        Prisma.sql`f."scheduledAt" >= z.today_start AND f."scheduledAt" < z.today_end AND f."scheduledAt" > ${parameters.at}`,
        parameters,
      );
    case "MANAGER_DIGEST":
      return digestCandidates();
    case "REVIEW_WAITING":
      return reviewWaitingCandidates(parameters);
  }
}

/** Records the reminders of one kind due at `at`; counts only the rows this statement inserted (`inserted`). */
export function insertDeliveriesSql(kind: PlannedKind, parameters: PlanParameters): Prisma.Sql {
  return Prisma.sql`
    WITH ${zonesCte(parameters.zones)}, candidates AS (${candidates(kind, parameters)}),
    inserted AS (
      INSERT INTO "ReminderDelivery"
        (id, key, kind, day, "recipientId", "recipientEmail", "actionItemId", "followUpReviewId", "reviewAssignmentId", "createdAt")
      SELECT gen_random_uuid()::text, c.key, c.kind::"ReminderKind", c.day, c.recipient_id, c.recipient_email,
             c.action_item_id, c.follow_up_review_id, c.review_assignment_id, ${parameters.at}
      FROM candidates c
      ON CONFLICT (key) DO NOTHING
      RETURNING 1
    )
    SELECT count(*)::int AS inserted FROM inserted`;
}

/**
 * The reminders of one kind due at `at` that are not recorded yet, shaped like deliveries (for the dry run):
 * id NULL, attempts 0.
 */
export function newCandidatesSql(kind: PlannedKind, parameters: PlanParameters): Prisma.Sql {
  return Prisma.sql`
    WITH ${zonesCte(parameters.zones)}, candidates AS (${candidates(kind, parameters)}),
    source AS (
      SELECT NULL::text AS id, c.key, c.kind, c.day, 0 AS attempts, c.recipient_id, c.recipient_email,
             c.action_item_id, c.follow_up_review_id, c.review_assignment_id
      FROM candidates c
      WHERE NOT EXISTS (SELECT 1 FROM "ReminderDelivery" d WHERE d.key = c.key)
    )
    ${deliveryDetailsSelect}`;
}

/**
 * Everything a message needs, read beside each delivery of a relation `source` (id, key, kind, day, attempts,
 * recipient_id, recipient_email, action_item_id, follow_up_review_id, review_assignment_id).
 */
export const deliveryDetailsSelect = Prisma.sql`
  SELECT s.id, s.key, s.kind::text AS kind, to_char(s.day, 'YYYY-MM-DD') AS day, s.attempts,
         COALESCE(u.email, s.recipient_email) AS "recipientEmail",
         s.recipient_id AS "recipientId", u.name AS "recipientName", u."timeZone" AS "recipientTimeZone",
         COALESCE(u.active, false) AS "recipientActive", COALESCE(u."receiveDigests", false) AS "recipientWantsDigests",
         s.action_item_id AS "actionItemId", a.title AS "actionItemTitle", to_char(a."dueDate", 'YYYY-MM-DD') AS "dueDate",
         a.status::text AS "actionItemStatus", (a."ownerId" IS NOT NULL AND a."ownerId" = s.recipient_id) AS "ownedByRecipient",
         s.follow_up_review_id AS "followUpReviewId", f."scheduledAt" AS "scheduledAt", (f."completedAt" IS NOT NULL) AS "followUpCompleted",
         s.review_assignment_id AS "reviewAssignmentId", r."requestedAt" AS "requestedAt", r.decision::text AS "reviewDecision",
         i."publicId" AS "incidentPublicId", i.title AS "incidentTitle",
         (i.id IS NULL OR u.id IS NULL OR ${incidentVisibleToSql("i", "u")}) AS "recipientCanSee",
         m.subject AS "messageSubject", m.text AS "messageText", m.html AS "messageHtml"
  FROM source s
  LEFT JOIN "ReminderDelivery" m ON m.id = s.id
  LEFT JOIN "User" u ON u.id = s.recipient_id
  LEFT JOIN "ActionItem" a ON a.id = s.action_item_id
  LEFT JOIN "FollowUpReview" f ON f.id = s.follow_up_review_id
  LEFT JOIN "ReviewAssignment" r ON r.id = s.review_assignment_id
  LEFT JOIN "Incident" i ON i.id = COALESCE(a."incidentId", f."incidentId", r."incidentId")
  ORDER BY s.kind, s.key`;

/** A delivery with what its message needs (the row shape of deliveryDetailsSelect). */
export type DeliveryDetails = {
  id: string | null;
  key: string;
  kind: ReminderKind;
  day: string;
  attempts: number;
  recipientEmail: string;
  recipientId: string | null;
  recipientName: string | null;
  recipientTimeZone: string | null;
  recipientActive: boolean;
  recipientWantsDigests: boolean;
  actionItemId: string | null;
  actionItemTitle: string | null;
  dueDate: string | null;
  actionItemStatus: string | null;
  ownedByRecipient: boolean | null;
  followUpReviewId: string | null;
  scheduledAt: Date | null;
  followUpCompleted: boolean | null;
  reviewAssignmentId: string | null;
  requestedAt: Date | null;
  reviewDecision: string | null;
  incidentPublicId: string | null;
  incidentTitle: string | null;
  /** whether the recipient may see the report the message is about (true when it is about none) */
  recipientCanSee: boolean;
  /** a notification's message, stored when its event happened (lib/reminders/notifications.ts); null for reminders */
  messageSubject: string | null;
  messageText: string | null;
  messageHtml: string | null;
};

/** The overdue items each manager's digest lists, as of each digest's day: only in reports the manager can open. */
export function digestItemsSql(digests: { managerId: string; day: string }[]): Prisma.Sql {
  return Prisma.sql`
    SELECT DISTINCT m.manager_id AS "managerId", to_char(m.day, 'YYYY-MM-DD') AS "digestDay", a.id,
           a.title, to_char(a."dueDate", 'YYYY-MM-DD') AS "dueDate", o.name AS "ownerName",
           i."publicId" AS "incidentPublicId", i.title AS "incidentTitle", a.position
    FROM unnest(${digests.map((digest) => digest.managerId)}::text[], ${digests.map((digest) => digest.day)}::date[]) AS m(manager_id, day)
    JOIN "User" mu ON mu.id = m.manager_id
    JOIN "SignOff" s ON s."reviewerId" = m.manager_id
    JOIN "ActionItem" a ON a."incidentId" = s."incidentId"
    JOIN "Incident" i ON i.id = a."incidentId"
    LEFT JOIN "User" o ON o.id = a."ownerId"
    WHERE a.status IN ${OPEN_STATUSES} AND a."dueDate" < m.day AND ${incidentVisibleToSql("i", "mu")}
    ORDER BY "managerId", "digestDay", "dueDate", "incidentPublicId", a.position, a.id`;
}

export type DigestItemRow = {
  managerId: string;
  digestDay: string;
  id: string;
  title: string;
  dueDate: string;
  ownerName: string | null;
  incidentPublicId: string;
  incidentTitle: string;
  position: number;
};

// The reminder pass in SQL: for each kind, one SELECT of the reminders due at instant `at`. The planner inserts them with ON CONFLICT (key) DO NOTHING (mutations.ts); the dry run
// reads those not recorded yet (queries.ts). Set-based on purpose: 100,000 action items take one statement per kind,
// not a loop (see `npm run bench`).
//
// Never miss: a reminder is keyed by what it is about, not by the day a pass happened to run. An item due within
// the lead window that has not had its due-soon reminder FOR THAT DUE DATE gets it on the next pass, whether it was
// created inside the window, moved into it, or the worker was down on the day: kind:item:dueDate:recipient. Moving
// the due date makes a new key (re-armed); the old row, if still unsent, is dropped at send time. Follow-ups key
// on their scheduled time the same way; the weekly digest on its week; overdue reminders on their cadence period
// (daily for the first days, then every N days, then weekly only), so a missed day is caught up by the next pass.
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
import type { PostmortemPolicy } from "@/lib/incidents/postmortem-due";
import { owedPostmortemsSql } from "@/lib/reminders/postmortem-sql";

export type PlanParameters = {
  at: Date;
  zones: ZoneCalendar[];
  dueSoonDays: number;
  followUpSoonDays: number;
  reviewWaitingDays: number;
  /** overdue items: a reminder every day for this many days late, then every `overdueRepeatDays` */
  overdueDailyDays: number;
  overdueRepeatDays: number;
  /** overdue longer than this: listed once a week only */
  overdueDigestOnlyAfterDays: number;
  postmortem: PostmortemPolicy;
};

/** Kinds in the order a pass plans them. */
export const REMINDER_KINDS = [
  "ACTION_OVERDUE",
  "ACTION_DUE_TODAY",
  "ACTION_DUE_SOON",
  "FOLLOW_UP_TODAY",
  "FOLLOW_UP_SOON",
  "REVIEW_WAITING",
  "POSTMORTEM_OVERDUE",
  "POSTMORTEM_DUE_SOON",
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
      ${iso(zones.map((zone) => zone.soonEnd))}::timestamptz[],
      ${zones.map((zone) => zone.weekStart)}::date[]
    ) AS z(zone, today, weekday, today_start, today_end, soon_start, soon_end, week_start)
  )`;
}

const dayText = Prisma.sql`to_char(z.today, 'YYYY-MM-DD')`;

/**
 * Action items remind their owner; an item without an owner reminds the report's author. Inactive people get
 * nothing (an inactive owner's items do not fall back to the author: the owner field says who is responsible), nor
 * does an owner who cannot open the report (it was made private after they were given the item).
 */
function actionItemCandidates(kind: ReminderKind, dueCondition: Prisma.Sql, period: Prisma.Sql = Prisma.empty): Prisma.Sql {
  return Prisma.sql`
    SELECT ${kind}::text || ':' || a.id || ':' || to_char(a."dueDate", 'YYYY-MM-DD') || ':' ${period} || u.id AS key,
           ${kind}::text AS kind, z.today AS day, u.id AS recipient_id, u.email AS recipient_email,
           a.id AS action_item_id, NULL::text AS follow_up_review_id, NULL::text AS review_assignment_id, NULL::text AS incident_id
    FROM "ActionItem" a
    JOIN "Incident" i ON i.id = a."incidentId"
    JOIN "User" u ON u.id = COALESCE(a."ownerId", i."authorId")
    JOIN zones z ON z.zone = u."timeZone"
    WHERE u.active AND u."receiveReminders" AND a.status IN ${OPEN_STATUSES} AND a."dueDate" IS NOT NULL AND ${dueCondition}
      AND ${incidentVisibleToSql("i", "u")}`;
}

/** Follow-up reviews remind their attendees who can open the report, or the report's author when nobody is invited. */
function followUpCandidates(kind: ReminderKind, windowCondition: Prisma.Sql, parameters: PlanParameters): Prisma.Sql {
  // Local days lie within 14 h of UTC days: this coarse window lets the scheduledAt index cut the table first.
  const from = new Date(parameters.at.getTime() - 2 * 86_400_000);
  const to = new Date(parameters.at.getTime() + (parameters.followUpSoonDays + 2) * 86_400_000);
  return Prisma.sql`
    SELECT ${kind}::text || ':' || f.id || ':' || (extract(epoch FROM f."scheduledAt") * 1000)::bigint || ':' || u.id AS key,
           ${kind}::text AS kind, z.today AS day, u.id AS recipient_id, u.email AS recipient_email,
           NULL::text AS action_item_id, f.id AS follow_up_review_id, NULL::text AS review_assignment_id, NULL::text AS incident_id
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
    WHERE u.active AND u."receiveReminders" AND f."completedAt" IS NULL
      AND f."scheduledAt" >= ${from} AND f."scheduledAt" < ${to}
      AND ${windowCondition}
      AND ${incidentVisibleToSql("i", "u")}`;
}

/**
 * Once a week, on the first weekday pass of the manager's ISO week in their zone (Monday; Tuesday to Friday if the
 * Monday passes were missed; a weekend pass never sends the week that is ending): one digest of the overdue items in the reports they signed off, to managers who
 * want digests and have something overdue to read about in reports they can still open (one who signed off a
 * private report and is no longer a manager hears nothing of it).
 */
function digestCandidates(parameters: PlanParameters): Prisma.Sql {
  return Prisma.sql`
    SELECT 'MANAGER_DIGEST:weekly:' || to_char(z.week_start, 'YYYY-MM-DD') || ':' || m.id AS key,
           'MANAGER_DIGEST' AS kind, z.today AS day, m.id AS recipient_id, m.email AS recipient_email,
           NULL::text AS action_item_id, NULL::text AS follow_up_review_id, NULL::text AS review_assignment_id, NULL::text AS incident_id
    FROM "User" m
    JOIN zones z ON z.zone = m."timeZone"
    WHERE m.active AND m."receiveDigests" AND z.weekday <= 5
      AND (EXISTS (
        SELECT 1 FROM "SignOff" s JOIN "ActionItem" a ON a."incidentId" = s."incidentId" JOIN "Incident" i ON i.id = s."incidentId"
        WHERE s."reviewerId" = m.id AND a.status IN ${OPEN_STATUSES} AND a."dueDate" < z.today
          AND ${incidentVisibleToSql("i", "m")}
      ) OR (m.role IN ('MANAGER', 'ADMIN') AND EXISTS (
        SELECT 1 FROM (${owedPostmortemsSql(parameters.postmortem)}) o JOIN "Incident" i ON i.id = o.incident_id
        WHERE ${incidentVisibleToSql("i", "m")}
      )))`;
}

/**
 * A postmortem the policy requires and nobody has had signed off: its author is reminded (the incident's participants
 * when it has no author) the day before it is due and on the day, then when it is overdue on the overdue items'
 * cadence. Keyed by the due day, so a changed end time or policy re-arms it.
 */
function postmortemCandidates(kind: "POSTMORTEM_DUE_SOON" | "POSTMORTEM_OVERDUE", parameters: PlanParameters): Prisma.Sql {
  const late = Prisma.sql`(z.today - o.due_day)`;
  const daily = parameters.overdueDailyDays;
  const condition =
    kind === "POSTMORTEM_DUE_SOON"
      ? Prisma.sql`z.today >= o.due_day - 1 AND z.today <= o.due_day`
      : Prisma.sql`z.today > o.due_day AND (${late} <= ${daily}::int OR ${late} > ${parameters.overdueDigestOnlyAfterDays}::int
          OR ${late} - ${daily}::int >= ${parameters.overdueRepeatDays}::int)`;
  const period =
    kind === "POSTMORTEM_DUE_SOON"
      ? Prisma.empty
      : Prisma.sql`|| (CASE WHEN ${late} <= ${daily}::int THEN 'd' || ${late}
          WHEN ${late} <= ${parameters.overdueDigestOnlyAfterDays}::int THEN 'r' || ((${late} - ${daily}::int) / ${parameters.overdueRepeatDays}::int)
          ELSE 'w' || to_char(z.week_start, 'YYYY-MM-DD') END) || ':'`;
  return Prisma.sql`
    SELECT ${kind}::text || ':' || i.id || ':' || to_char(o.due_day, 'YYYY-MM-DD') || ':' ${period} || u.id AS key,
           ${kind}::text AS kind, z.today AS day, u.id AS recipient_id, u.email AS recipient_email,
           NULL::text AS action_item_id, NULL::text AS follow_up_review_id, NULL::text AS review_assignment_id, i.id AS incident_id
    FROM (${owedPostmortemsSql(parameters.postmortem)}) o
    JOIN "Incident" i ON i.id = o.incident_id
    CROSS JOIN LATERAL (
      SELECT i."authorId" AS user_id WHERE i."authorId" IS NOT NULL
      UNION ALL
      SELECT p."userId" FROM "IncidentParticipant" p WHERE p."incidentId" = i.id AND i."authorId" IS NULL
    ) r
    JOIN "User" u ON u.id = r.user_id
    JOIN zones z ON z.zone = u."timeZone"
    WHERE u.active AND u."receiveReminders" AND ${condition} AND ${incidentVisibleToSql("i", "u")}`;
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
           NULL::text AS action_item_id, NULL::text AS follow_up_review_id, r.id AS review_assignment_id, NULL::text AS incident_id
    FROM "ReviewAssignment" r
    JOIN "Incident" i ON i.id = r."incidentId"
    JOIN "User" u ON u.id = r."reviewerId"
    JOIN zones z ON z.zone = u."timeZone"
    WHERE u.active AND u."receiveReminders" AND r.decision = 'PENDING' AND i."reportState" = 'IN_REVIEW'
      AND r."requestedAt" < ${waitingSince}
      AND ${incidentVisibleToSql("i", "u")}
      AND NOT EXISTS (
        SELECT 1 FROM "ReminderDelivery" d
        WHERE d."reviewAssignmentId" = r.id AND d.kind = 'REVIEW_WAITING' AND d."createdAt" >= r."requestedAt"
      )`;
}

/** Days an item is late on the recipient's today. */
const lateDays = Prisma.sql`(z.today - a."dueDate")`;

/**
 * The overdue cadence: every day for the first D days late ("d3"), then every R days ("r2": the second R-day step
 * after the daily ones), then, past the weekly-only age, once per ISO week ("w2025-03-03", listed in the long-overdue
 * section). A pass that missed a day sends the current period's reminder: no burst of the missed ones.
 */
function overduePeriod(parameters: PlanParameters): Prisma.Sql {
  const daily = parameters.overdueDailyDays;
  return Prisma.sql`(CASE WHEN ${lateDays} <= ${daily}::int THEN 'd' || ${lateDays}
    WHEN ${lateDays} <= ${parameters.overdueDigestOnlyAfterDays}::int THEN 'r' || ((${lateDays} - ${daily}::int) / ${parameters.overdueRepeatDays}::int)
    ELSE 'w' || to_char(z.week_start, 'YYYY-MM-DD') END)`;
}

function overdueCondition(parameters: PlanParameters): Prisma.Sql {
  const daily = parameters.overdueDailyDays;
  return Prisma.sql`a."dueDate" < z.today AND (${lateDays} <= ${daily}::int OR ${lateDays} > ${parameters.overdueDigestOnlyAfterDays}::int
    OR ${lateDays} - ${daily}::int >= ${parameters.overdueRepeatDays}::int)`;
}

function candidates(kind: PlannedKind, parameters: PlanParameters): Prisma.Sql {
  switch (kind) {
    case "ACTION_DUE_SOON":
      // anywhere in the lead window, not only on its first day: created, imported or moved inside it, or missed
      return actionItemCandidates(kind, Prisma.sql`a."dueDate" > z.today AND a."dueDate" <= z.today + ${parameters.dueSoonDays}::int`);
    case "ACTION_DUE_TODAY":
      return actionItemCandidates(kind, Prisma.sql`a."dueDate" = z.today`);
    case "ACTION_OVERDUE":
      return actionItemCandidates(kind, overdueCondition(parameters), Prisma.sql`|| ${overduePeriod(parameters)} || ':'`);
    case "FOLLOW_UP_SOON":
      // after today, up to N days ahead
      return followUpCandidates(kind, Prisma.sql`f."scheduledAt" >= z.today_end AND f."scheduledAt" < z.soon_end`, parameters);
    case "FOLLOW_UP_TODAY":
      // a reminder for a meeting that has already begun is noise
      return followUpCandidates(
        kind,
        Prisma.sql`f."scheduledAt" >= z.today_start AND f."scheduledAt" < z.today_end AND f."scheduledAt" > ${parameters.at}`,
        parameters,
      );
    case "MANAGER_DIGEST":
      return digestCandidates(parameters);
    case "POSTMORTEM_DUE_SOON":
    case "POSTMORTEM_OVERDUE":
      return postmortemCandidates(kind, parameters);
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
        (id, key, kind, day, "recipientId", "recipientEmail", "actionItemId", "followUpReviewId", "reviewAssignmentId", "incidentId", "createdAt")
      SELECT gen_random_uuid()::text, c.key, c.kind::"ReminderKind", c.day, c.recipient_id, c.recipient_email,
             c.action_item_id, c.follow_up_review_id, c.review_assignment_id, c.incident_id, ${parameters.at}
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
             c.action_item_id, c.follow_up_review_id, c.review_assignment_id, c.incident_id
      FROM candidates c
      WHERE NOT EXISTS (SELECT 1 FROM "ReminderDelivery" d WHERE d.key = c.key)
    )
    ${deliveryDetailsSelect}`;
}

/**
 * Everything a message needs, read beside each delivery of a relation `source` (id, key, kind, day, attempts,
 * recipient_id, recipient_email, action_item_id, follow_up_review_id, review_assignment_id, incident_id).
 */
export const deliveryDetailsSelect = Prisma.sql`
  SELECT s.id, s.key, s.kind::text AS kind, to_char(s.day, 'YYYY-MM-DD') AS day, s.attempts,
         COALESCE(u.email, s.recipient_email) AS "recipientEmail",
         s.recipient_id AS "recipientId", u.name AS "recipientName", u."timeZone" AS "recipientTimeZone",
         COALESCE(u.active, false) AS "recipientActive", COALESCE(u."receiveDigests", false) AS "recipientWantsDigests",
         COALESCE(u."receiveReminders", false) AS "recipientWantsReminders", u."unsubscribeToken" AS "unsubscribeToken",
         s.action_item_id AS "actionItemId", a.title AS "actionItemTitle", to_char(a."dueDate", 'YYYY-MM-DD') AS "dueDate",
         a.status::text AS "actionItemStatus", (a."ownerId" IS NOT NULL AND a."ownerId" = s.recipient_id) AS "ownedByRecipient",
         CASE WHEN a."ownerId" IS NULL THEN a."ownerName" END AS "keptOwnerName",
         s.follow_up_review_id AS "followUpReviewId", f."scheduledAt" AS "scheduledAt", (f."completedAt" IS NOT NULL) AS "followUpCompleted",
         s.review_assignment_id AS "reviewAssignmentId", r."requestedAt" AS "requestedAt", r.decision::text AS "reviewDecision",
         i.id AS "incidentId", i."publicId" AS "incidentPublicId", i.title AS "incidentTitle",
         i.severity AS "incidentSeverity", i."endedAt" AS "incidentEndedAt", i."reportState"::text AS "incidentReportState",
         i."timeZone" AS "incidentTimeZone", au."timeZone" AS "authorTimeZone",
         (i.id IS NULL OR u.id IS NULL OR ${incidentVisibleToSql("i", "u")}) AS "recipientCanSee",
         m.subject AS "messageSubject", m.text AS "messageText", m.html AS "messageHtml"
  FROM source s
  LEFT JOIN "ReminderDelivery" m ON m.id = s.id
  LEFT JOIN "User" u ON u.id = s.recipient_id
  LEFT JOIN "ActionItem" a ON a.id = s.action_item_id
  LEFT JOIN "FollowUpReview" f ON f.id = s.follow_up_review_id
  LEFT JOIN "ReviewAssignment" r ON r.id = s.review_assignment_id
  LEFT JOIN "Incident" i ON i.id = COALESCE(a."incidentId", f."incidentId", r."incidentId", s.incident_id)
  LEFT JOIN "User" au ON au.id = i."authorId"
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
  recipientWantsReminders: boolean;
  unsubscribeToken: string | null;
  actionItemId: string | null;
  actionItemTitle: string | null;
  dueDate: string | null;
  actionItemStatus: string | null;
  ownedByRecipient: boolean | null;
  /** the owner as the report named them when no user owns the item (the report's author is reminded instead) */
  keptOwnerName: string | null;
  followUpReviewId: string | null;
  scheduledAt: Date | null;
  followUpCompleted: boolean | null;
  reviewAssignmentId: string | null;
  requestedAt: Date | null;
  reviewDecision: string | null;
  incidentId: string | null;
  incidentPublicId: string | null;
  incidentTitle: string | null;
  incidentSeverity: string | null;
  incidentEndedAt: Date | null;
  incidentReportState: string | null;
  incidentTimeZone: string | null;
  authorTimeZone: string | null;
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
           a.title, to_char(a."dueDate", 'YYYY-MM-DD') AS "dueDate", coalesce(o.name, a."ownerName") AS "ownerName",
           (o.id IS NOT NULL) AS "ownerIsUser", i.id AS "incidentId", i."publicId" AS "incidentPublicId", i.title AS "incidentTitle", a.position
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
  /** a user's name, or the name a report gave for someone who is not a user here (ownerIsUser false) */
  ownerName: string | null;
  ownerIsUser: boolean;
  incidentPublicId: string;
  incidentTitle: string;
  position: number;
};

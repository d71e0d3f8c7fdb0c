// Turning claimed deliveries into mail: drop those no longer due, then ONE mail per recipient for all their
// reminders (each delivery row stays the exactly-once record underneath), and one mail per notification (a review
// event's message was written when it happened). Reads only.
import "server-only";
import { isStillToDo } from "@/lib/action-items/overdue";
import type { Db, Tx } from "@/lib/db/client";
import type { ReminderKind } from "@/lib/generated/prisma/enums";
import { absoluteUrl } from "@/lib/mail/links";
import { localDay, type CalendarDay } from "@/lib/reminders/calendar-days";
import { renderReminderMail, type DigestItem, type OwedPostmortem, type ReminderEntry, type RenderedMail } from "@/lib/reminders/messages";
import { digestItemsSql, REMINDER_KINDS, type DeliveryDetails, type DigestItemRow, type PlannedKind } from "@/lib/reminders/plan-sql";
import { digestPostmortemsSql, type DigestPostmortemRow } from "@/lib/reminders/postmortem-sql";
import type { DeliveryOutcome } from "@/lib/reminders/schema";
import { postmortemDue, postmortemPolicy, type PostmortemPolicy } from "@/lib/incidents/postmortem-due";
import { getSettings } from "@/lib/settings/queries";

/** A mail to send and the deliveries it carries: all SENT together, or all retried together. */
export type PreparedMail = { to: string; deliveries: DeliveryDetails[]; mail: RenderedMail };

export type PreparedBatch = {
  mails: PreparedMail[];
  /** no longer due: removed unsent */
  dropped: { details: DeliveryDetails; reason: string }[];
  /** could not be rendered: counts as a failed try */
  broken: { details: DeliveryDetails; error: string }[];
  /** when this ran (performance.now() at start and end): reading digests and settings, judging and rendering */
  rendering: [number, number];
};

const isPlannedKind = (kind: ReminderKind): kind is PlannedKind => (REMINDER_KINDS as readonly ReminderKind[]).includes(kind);

const ACTION_KINDS: ReminderKind[] = ["ACTION_DUE_SOON", "ACTION_DUE_TODAY", "ACTION_OVERDUE"];
const FOLLOW_UP_KINDS: ReminderKind[] = ["FOLLOW_UP_SOON", "FOLLOW_UP_TODAY"];
const POSTMORTEM_KINDS: ReminderKind[] = ["POSTMORTEM_DUE_SOON", "POSTMORTEM_OVERDUE"];

/** kind:subject:<due date | scheduled ms>:...: the part of the key a reminder was armed for. */
function armedFor(details: DeliveryDetails): string | undefined {
  return details.key.split(":")[2];
}

/**
 * Why a recorded reminder should no longer go out, judged on the recipient's day NOW (`today`), not the day it was
 * recorded: a send deferred to the morning, a retry, or a crash between recording and sending must not mail what
 * has changed since (the item done or moved, the review held, the report made private, the person gone).
 */
export function dropReason(details: DeliveryDetails, today: CalendarDay, at: Date, digest: Digest | undefined, policy: PostmortemPolicy): string | null {
  if (!details.recipientActive) return "the recipient is no longer active";
  if (!details.recipientCanSee) return "the recipient cannot open the report";
  if (details.kind === "MANAGER_DIGEST") {
    if (!details.recipientWantsDigests) return "the manager turned digests off";
    if (!digest || (digest.items.length === 0 && digest.postmortems.length === 0)) return "nothing is overdue or owed any more";
    return null;
  }
  if (isPlannedKind(details.kind) && !details.recipientWantsReminders) return "the recipient unsubscribed from reminder mail";
  if (ACTION_KINDS.includes(details.kind)) {
    if (!details.actionItemTitle || !details.dueDate) return "the action item was deleted or lost its due date";
    if (!isStillToDo(details.actionItemStatus ?? "")) return "the action item is closed";
    if (armedFor(details) !== details.dueDate) return "the due date changed";
    const stillRight =
      details.kind === "ACTION_OVERDUE" ? details.dueDate < today : details.kind === "ACTION_DUE_TODAY" ? details.dueDate === today : details.dueDate > today;
    if (!stillRight) return "superseded: the item's due day has come or gone since";
  } else if (FOLLOW_UP_KINDS.includes(details.kind)) {
    if (!details.scheduledAt) return "the follow-up review was deleted";
    if (details.followUpCompleted) return "the follow-up review took place";
    if (armedFor(details) !== String(details.scheduledAt.getTime())) return "the follow-up review was moved";
    if (details.scheduledAt.getTime() <= at.getTime()) return "the follow-up review has begun";
  } else if (details.kind === "REVIEW_WAITING") {
    if (!details.requestedAt) return "the review request was withdrawn";
    if (details.reviewDecision !== "PENDING") return "the reviewer decided";
  } else if (POSTMORTEM_KINDS.includes(details.kind)) {
    if (!details.incidentPublicId) return "the incident was deleted";
    const due = postmortemDueOf(details, policy, at);
    if (!due) return "the incident no longer owes a postmortem";
    if (armedFor(details) !== due.dueDay) return "the postmortem's due day changed";
  }
  return null;
}

type Digest = { items: DigestItem[]; postmortems: OwedPostmortem[] };

function postmortemDueOf(details: DeliveryDetails, policy: PostmortemPolicy, at: Date) {
  if (!details.incidentSeverity || !details.incidentReportState) return null;
  return postmortemDue(
    {
      severity: details.incidentSeverity,
      endedAt: details.incidentEndedAt,
      reportState: details.incidentReportState,
      authorTimeZone: details.authorTimeZone,
      timeZone: details.incidentTimeZone ?? "UTC",
    },
    policy,
    at,
  );
}

async function loadDigests(db: Db | Tx, deliveries: DeliveryDetails[], policy: PostmortemPolicy): Promise<Map<string, Digest>> {
  const digests = deliveries.filter((details) => details.kind === "MANAGER_DIGEST" && details.recipientId);
  const result = new Map<string, Digest>();
  if (digests.length === 0) return result;
  const wanted = digests.map((details) => ({ managerId: details.recipientId!, day: details.day }));
  for (const { managerId, day } of wanted) result.set(`${managerId}:${day}`, { items: [], postmortems: [] });
  const [items, postmortems] = [
    await db.$queryRaw<DigestItemRow[]>(digestItemsSql(wanted)),
    await db.$queryRaw<DigestPostmortemRow[]>(digestPostmortemsSql(wanted, policy)),
  ];
  for (const row of items) {
    result.get(`${row.managerId}:${row.digestDay}`)?.items.push({
      id: row.id,
      title: row.title,
      dueDate: row.dueDate,
      ownerName: row.ownerName,
      ownerIsUser: row.ownerIsUser,
      incidentPublicId: row.incidentPublicId,
      incidentTitle: row.incidentTitle,
    });
  }
  for (const row of postmortems) {
    result
      .get(`${row.managerId}:${row.digestDay}`)
      ?.postmortems.push({ incidentPublicId: row.incidentPublicId, incidentTitle: row.incidentTitle, dueDay: row.dueDay });
  }
  return result;
}

function toEntry(details: DeliveryDetails & { kind: PlannedKind }, digest: Digest | undefined, postmortemDueDay: string | null): ReminderEntry {
  return {
    kind: details.kind,
    day: details.day,
    incident: details.incidentPublicId ? { publicId: details.incidentPublicId, title: details.incidentTitle ?? "" } : null,
    actionItem:
      details.actionItemId && details.actionItemTitle && details.dueDate
        ? {
            id: details.actionItemId,
            title: details.actionItemTitle,
            dueDate: details.dueDate,
            ownedByRecipient: Boolean(details.ownedByRecipient),
            keptOwnerName: details.keptOwnerName,
          }
        : null,
    longOverdue: details.kind === "ACTION_OVERDUE" && details.key.split(":")[3]?.startsWith("w") === true,
    followUp: details.scheduledAt ? { scheduledAt: details.scheduledAt } : null,
    review: details.requestedAt ? { requestedAt: details.requestedAt } : null,
    postmortem: postmortemDueDay ? { dueDay: postmortemDueDay } : null,
    digest: details.kind === "MANAGER_DIGEST" ? (digest ?? null) : null,
  };
}

/** One entry per thing: rows deferred over days (overdue on Saturday, Sunday, Monday) say the item once. */
function distinctEntries(rows: { details: DeliveryDetails; entry: ReminderEntry }[]): ReminderEntry[] {
  const seen = new Map<string, ReminderEntry>();
  for (const { details, entry } of rows) {
    const subject = details.actionItemId ?? details.followUpReviewId ?? details.reviewAssignmentId ?? details.incidentId ?? details.key;
    const key = `${entry.kind === "MANAGER_DIGEST" ? "digest" : entry.kind.split("_")[0]}:${subject}`;
    const previous = seen.get(key);
    if (!previous || previous.day <= entry.day) seen.set(key, entry);
  }
  return [...seen.values()];
}

/** Renders a batch: one mail per recipient for reminders, one per notification, and finds what is no longer due. */
export async function prepareDeliveries(
  deliveries: DeliveryDetails[],
  { baseUrl, db, at }: { baseUrl: string; db: Db | Tx; at: Date },
): Promise<PreparedBatch> {
  const started = performance.now();
  const policy = postmortemPolicy(await getSettings(db));
  const digests = await loadDigests(db, deliveries, policy);
  const batch: PreparedBatch = { mails: [], dropped: [], broken: [], rendering: [0, 0] };
  const byRecipient = new Map<string, { details: DeliveryDetails; entry: ReminderEntry }[]>();
  // one local day per zone for the whole batch (thousands of rows, a few zones)
  const todays = new Map<string, CalendarDay>();
  const todayIn = (zone: string | null) => {
    const name = zone ?? "UTC";
    let day = todays.get(name);
    if (day === undefined) todays.set(name, (day = localDay(at, name)));
    return day;
  };
  for (const details of deliveries) {
    const today = todayIn(details.recipientTimeZone);
    const digest = details.kind === "MANAGER_DIGEST" ? digests.get(`${details.recipientId}:${details.day}`) : undefined;
    const drop = dropReason(details, today, at, digest, policy);
    if (drop) {
      batch.dropped.push({ details, reason: drop });
      continue;
    }
    if (details.messageSubject !== null) {
      const mail = { subject: details.messageSubject, text: details.messageText ?? "", html: details.messageHtml ?? "" };
      batch.mails.push({ to: details.recipientEmail, deliveries: [details], mail });
      continue;
    }
    const kind = details.kind;
    if (!isPlannedKind(kind)) {
      batch.broken.push({ details, error: "the notification's message was not stored" });
      continue;
    }
    const rows = byRecipient.get(details.recipientEmail) ?? [];
    const postmortemDueDay = POSTMORTEM_KINDS.includes(kind) ? (postmortemDueOf(details, policy, at)?.dueDay ?? null) : null;
    rows.push({ details, entry: toEntry({ ...details, kind }, digest, postmortemDueDay) });
    byRecipient.set(details.recipientEmail, rows);
  }
  for (const [to, rows] of byRecipient) {
    const first = rows[0]!.details;
    try {
      const mail = renderReminderMail({
        recipient: { name: first.recipientName ?? "", timeZone: first.recipientTimeZone ?? "UTC" },
        day: todayIn(first.recipientTimeZone),
        baseUrl,
        unsubscribeUrl: absoluteUrl(baseUrl, `/unsubscribe/${encodeURIComponent(first.unsubscribeToken ?? "")}`),
        entries: distinctEntries(rows),
      });
      if (mail) batch.mails.push({ to, deliveries: rows.map((row) => row.details), mail });
      else for (const row of rows) batch.dropped.push({ details: row.details, reason: "nothing left to say" });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      for (const row of rows) batch.broken.push({ details: row.details, error: message });
    }
  }
  batch.rendering = [started, performance.now()];
  return batch;
}

/** What happened to a delivery, for the pass's report. */
export function deliveryOutcome(details: DeliveryDetails, fields: Partial<DeliveryOutcome> & Pick<DeliveryOutcome, "status">): DeliveryOutcome {
  return { id: details.id, key: details.key, kind: details.kind, to: details.recipientEmail, subject: null, attempts: details.attempts, via: null, ...fields };
}

// Turning recorded deliveries into mail: find those no longer due, render the others. Reads only.
import "server-only";
import { isStillToDo } from "@/lib/action-items/overdue";
import type { Db, Tx } from "@/lib/db/client";
import type { ReminderKind } from "@/lib/generated/prisma/enums";
import { renderReminder, type DigestItem, type RenderedMail } from "@/lib/reminders/messages";
import { digestItemsSql, REMINDER_KINDS, type DeliveryDetails, type DigestItemRow, type PlannedKind } from "@/lib/reminders/plan-sql";
import type { DeliveryOutcome } from "@/lib/reminders/schema";

export type PreparedDelivery =
  | { state: "mail"; details: DeliveryDetails; mail: RenderedMail }
  /** no longer due: removed unsent */
  | { state: "drop"; details: DeliveryDetails; reason: string }
  /** could not be rendered: counts as a failed try */
  | { state: "error"; details: DeliveryDetails; error: string };

const isPlannedKind = (kind: ReminderKind): kind is PlannedKind => (REMINDER_KINDS as readonly ReminderKind[]).includes(kind);

const ACTION_KINDS: ReminderKind[] = ["ACTION_DUE_SOON", "ACTION_DUE_TODAY", "ACTION_OVERDUE"];
const FOLLOW_UP_KINDS: ReminderKind[] = ["FOLLOW_UP_SOON", "FOLLOW_UP_TODAY"];

/**
 * Why a recorded reminder should no longer go out (its item was done, its recipient deactivated, its report made
 * private... since it was recorded, which matters for retries), or null when it should.
 */
export function dropReason(details: DeliveryDetails, digestItems: DigestItem[] | undefined): string | null {
  if (!details.recipientActive) return "the recipient is no longer active";
  if (!details.recipientCanSee) return "the recipient cannot open the report";
  if (ACTION_KINDS.includes(details.kind)) {
    if (!details.actionItemTitle || !details.dueDate) return "the action item was deleted or lost its due date";
    if (!isStillToDo(details.actionItemStatus ?? "")) return "the action item is closed";
    const stillRight =
      details.kind === "ACTION_OVERDUE"
        ? details.dueDate < details.day
        : details.kind === "ACTION_DUE_TODAY"
          ? details.dueDate === details.day
          : details.dueDate > details.day;
    if (!stillRight) return "the due date changed";
  } else if (FOLLOW_UP_KINDS.includes(details.kind)) {
    if (!details.scheduledAt) return "the follow-up review was deleted";
    if (details.followUpCompleted) return "the follow-up review took place";
  } else if (details.kind === "REVIEW_WAITING") {
    if (!details.requestedAt) return "the review request was withdrawn";
    if (details.reviewDecision !== "PENDING") return "the reviewer decided";
  } else if (details.kind === "MANAGER_DIGEST") {
    if (!details.recipientWantsDigests) return "the manager turned digests off";
    if (!digestItems?.length) return "nothing is overdue any more";
  }
  return null;
}

async function loadDigestItems(db: Db | Tx, deliveries: DeliveryDetails[]): Promise<Map<string, DigestItem[]>> {
  const digests = deliveries.filter((details) => details.kind === "MANAGER_DIGEST" && details.recipientId);
  const items = new Map<string, DigestItem[]>();
  if (digests.length === 0) return items;
  const rows = await db.$queryRaw<DigestItemRow[]>(digestItemsSql(digests.map((details) => ({ managerId: details.recipientId!, day: details.day }))));
  for (const row of rows) {
    const key = `${row.managerId}:${row.digestDay}`;
    const list = items.get(key) ?? [];
    list.push({ title: row.title, dueDate: row.dueDate, ownerName: row.ownerName, incidentPublicId: row.incidentPublicId, incidentTitle: row.incidentTitle });
    items.set(key, list);
  }
  return items;
}

/** Renders the messages of a batch and finds those no longer due. */
export async function prepareDeliveries(deliveries: DeliveryDetails[], { baseUrl, db }: { baseUrl: string; db: Db | Tx }): Promise<PreparedDelivery[]> {
  const digestItems = await loadDigestItems(db, deliveries);
  return deliveries.map((details): PreparedDelivery => {
    const items = details.kind === "MANAGER_DIGEST" ? digestItems.get(`${details.recipientId}:${details.day}`) : undefined;
    const drop = dropReason(details, items);
    if (drop) return { state: "drop", details, reason: drop };
    // A notification's message was written when its event happened.
    if (details.messageSubject !== null) {
      return { state: "mail", details, mail: { subject: details.messageSubject, text: details.messageText ?? "", html: details.messageHtml ?? "" } };
    }
    const kind = details.kind;
    if (!isPlannedKind(kind)) return { state: "error", details, error: "the notification's message was not stored" };
    try {
      const mail = renderReminder({
        kind,
        day: details.day,
        recipient: { name: details.recipientName ?? "", timeZone: details.recipientTimeZone ?? "UTC" },
        baseUrl,
        incident: details.incidentPublicId ? { publicId: details.incidentPublicId, title: details.incidentTitle ?? "" } : null,
        actionItem:
          details.actionItemTitle && details.dueDate
            ? { title: details.actionItemTitle, dueDate: details.dueDate, ownedByRecipient: Boolean(details.ownedByRecipient) }
            : null,
        followUp: details.scheduledAt ? { scheduledAt: details.scheduledAt } : null,
        review: details.requestedAt ? { requestedAt: details.requestedAt } : null,
        digest: items ? { items } : null,
      });
      return { state: "mail", details, mail };
    } catch (error) {
      return { state: "error", details, error: error instanceof Error ? error.message : String(error) };
    }
  });
}

/** What happened to a delivery, for the pass's report. */
export function deliveryOutcome(details: DeliveryDetails, fields: Partial<DeliveryOutcome> & Pick<DeliveryOutcome, "status">): DeliveryOutcome {
  return { id: details.id, key: details.key, kind: details.kind, to: details.recipientEmail, subject: null, attempts: details.attempts, via: null, ...fields };
}

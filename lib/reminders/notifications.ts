// Notifications of events (a review requested, changes requested, a report approved): recorded as deliveries inside
// the event's own transaction, with the message as written then, and sent like reminders. So a notification exists
// exactly when its event does (a rolled-back change notifies no one), and a mail server that is down delays it
// instead of losing it: the reminder pass retries it with the same backoff, and admins see it at Admin > Outbox.
//
// A notification names its report, so it is recorded only for recipients who may see that report (the read path's
// rule, lib/incidents/access.ts): whoever an action picks, nobody is mailed about a report they cannot open.
import "server-only";
import type { AnyActor } from "@/lib/auth/actor";
import type { Tx } from "@/lib/db/client";
import { peopleWhoCannotSee } from "@/lib/incidents/access";
import { mailMessageSchema, type MailMessage } from "@/lib/mail/schema";
import type { NotificationKind } from "@/lib/reminders/schema";
import { deliverDueReminders } from "@/lib/reminders/deliver";
import { log } from "@/lib/log/logger";

export type Notification = {
  kind: NotificationKind;
  /** the id of what happened (a revision, a comment, a sign-off): with the kind and recipient, the delivery's key */
  eventId: string;
  /** the report the message is about */
  incidentId: string;
  recipientId: string;
  message: MailMessage;
};

/**
 * Records the notifications in the caller's transaction, leaving out those to people who cannot open their report;
 * returns the delivery ids, for sendNotificationsNow.
 */
export async function recordNotifications(tx: Tx, notifications: Notification[], at = new Date()): Promise<string[]> {
  const allowed: Notification[] = [];
  for (const notification of notifications) {
    const hidden = await peopleWhoCannotSee(tx, notification.incidentId, [notification.recipientId]);
    if (hidden.length === 0) allowed.push(notification);
  }
  if (allowed.length === 0) return [];
  const rows = await tx.reminderDelivery.createManyAndReturn({
    data: allowed.map(({ kind, eventId, recipientId, message: written }) => {
      const message = mailMessageSchema.parse(written);
      const day = new Date(`${at.toISOString().slice(0, 10)}T00:00:00.000Z`);
      return {
        key: `${kind}:${eventId}:${recipientId}`,
        kind,
        day,
        recipientId,
        recipientEmail: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
      };
    }),
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/**
 * Sends recorded notifications now, after their transaction committed. Never throws: what could not be sent stays
 * due (or retrying), and the next reminder pass sends it.
 */
export async function sendNotificationsNow(ids: string[], actor: AnyActor): Promise<void> {
  if (ids.length === 0) return;
  try {
    await deliverDueReminders({ at: new Date(), actor, ids });
  } catch (error) {
    log.warn({ err: error, notifications: ids }, "Notifications were not sent now; the reminder pass will retry them");
  }
}

// sendMail: the one way any feature sends an email.
//
//   import { sendMail } from "@/lib/mail/send";
//   await sendMail({ to: reviewer.email, subject: "Review requested: INC-…", text, html });
//
// - With SMTP_URL set, the message goes to that server now (From: MAIL_FROM, default "Hindsight <hindsight@localhost>");
//   a failure throws (the SMTP error), nothing is retried or kept.
// - Without SMTP_URL, it is stored in the outbox table that admins read at /admin/outbox, so that a fresh install
//   shows its mail without a mail server.
// Call it AFTER your transaction commits (never inside one: SMTP is slow and cannot be rolled back), with `text` and
// `html` bodies whose every interpolated value went through escapeHtml (lib/mail/html.ts); build links with
// appBaseUrl() + absoluteUrl() (lib/mail/links.ts). Mail that must not be lost when the server is down is better
// recorded as a delivery and sent by the worker with retries, as reminders are (lib/reminders/deliver.ts).
import { systemActor } from "@/lib/auth/actor";
import { smtpUrl } from "@/lib/mail/config";
import { recordOutboxMessage } from "@/lib/mail/mutations";
import { mailMessageSchema, type MailMessage, type MailReceipt } from "@/lib/mail/schema";
import { sendSmtp } from "@/lib/mail/smtp";

export async function sendMail(message: MailMessage, { source = "mail" }: { source?: string } = {}): Promise<MailReceipt> {
  const url = smtpUrl();
  if (url) return { via: "smtp", messageId: await sendSmtp(url, mailMessageSchema.parse(message)) };
  const stored = await recordOutboxMessage(message, systemActor(source));
  return { via: "outbox", outboxMessageId: stored.id };
}

// What a mail is, wherever it goes (SMTP or the outbox table). Every mail is recorded as a delivery first and sent by
// lib/reminders/deliver.ts: reminders rendered when sent, notifications (lib/reminders/notifications.ts) as written.
import { z } from "zod";

export const mailMessageSchema = z.object({
  to: z.email("Enter a valid email address."),
  subject: z
    .string()
    .trim()
    .min(1)
    .max(300)
    // a header: one line
    .transform((subject) => subject.replace(/\s+/g, " ")),
  /** plain-text body: every mail has one */
  text: z.string().min(1),
  /** HTML body: every value interpolated into it escaped (lib/mail/html.ts) */
  html: z.string().min(1),
});

export type MailMessage = z.input<typeof mailMessageSchema>;

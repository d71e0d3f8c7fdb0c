// What a mail is, wherever it goes (SMTP or the outbox table).
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

export type MailReceipt = { via: "smtp"; messageId: string } | { via: "outbox"; outboxMessageId: string };

// Where mail goes, from the environment: SMTP_URL (smtp://user:pass@host:587, smtps://host:465) and MAIL_FROM.
// Without SMTP_URL, mail is kept in the OutboxMessage table, readable by admins at /admin/outbox.
import "server-only";
import { env } from "@/lib/env";

export const DEFAULT_MAIL_FROM = "Hindsight <hindsight@localhost>";

/** The SMTP server URL, or null when mail goes to the outbox. Read on every send, so a restart is not needed in tests. */
export function smtpUrl(): string | null {
  return env().SMTP_URL ?? null;
}

export function mailFrom(): string {
  return env().MAIL_FROM ?? DEFAULT_MAIL_FROM;
}

/** "smtp://mail.example.com:587" without credentials, for pages and logs. */
export function describeSmtpUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    parsed.search = "";
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return "(unreadable SMTP_URL)";
  }
}

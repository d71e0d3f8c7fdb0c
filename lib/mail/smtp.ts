// Sending through the SMTP server at SMTP_URL. One transport per URL, one connection per message: reminders are a
// few hundred mails a day on most instances, and a fresh connection recovers by itself when the server restarts.
import nodemailer, { type Transporter } from "nodemailer";
import { parseConnectionUrl } from "nodemailer/lib/shared";
import { mailFrom } from "@/lib/mail/config";

// Fail within seconds when the server is down or silent; the delivery is retried later (lib/reminders/backoff.ts).
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const;

const transports = new Map<string, Transporter>();

function transportFor(url: string): Transporter {
  let transport = transports.get(url);
  if (!transport) {
    // nodemailer reads either a URL or an options object, not both: parse the URL with its own parser (so every
    // option it documents works as a query parameter, e.g. ?requireTLS=true or ?tls.rejectUnauthorized=false),
    // then add the timeouts unless the URL sets them.
    if (!/^smtps?:\/\//i.test(url)) throw new Error("SMTP_URL must start with smtp:// or smtps://.");
    transport = nodemailer.createTransport({ ...TIMEOUTS, ...parseConnectionUrl(url) });
    transports.set(url, transport);
  }
  return transport;
}

export async function sendSmtp(url: string, message: { to: string; subject: string; text: string; html: string }): Promise<string> {
  const info = await transportFor(url).sendMail({ from: mailFrom(), ...message });
  if (info.rejected.length > 0) throw new Error(`The SMTP server refused ${info.rejected.map(String).join(", ")}.`);
  return info.messageId;
}

/** Lets a short-lived process (CLI, tests) exit. */
export function closeSmtpTransports(): void {
  for (const transport of transports.values()) transport.close();
  transports.clear();
}

// Sending through the SMTP server at SMTP_URL: one pooled transport per URL (a few connections, each reused for up to
// 100 messages, so a large pass does not pay a TCP and TLS handshake per mail). A connection that fails is dropped
// and the next message opens a new one, so a restarted server is picked up by itself.
import nodemailer, { type Transporter } from "nodemailer";
import { parseConnectionUrl } from "nodemailer/lib/shared";
import { mailFrom } from "@/lib/mail/config";

// Fail within seconds when the server is down or silent; the delivery is retried later (lib/reminders/backoff.ts).
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const;
/** At most this many connections to the server at once: also how many mails a pass hands it at the same time. */
export const SMTP_CONNECTIONS = 4;
const POOL = { pool: true, maxConnections: SMTP_CONNECTIONS, maxMessages: 100 } as const;

const transports = new Map<string, Transporter>();

function transportFor(url: string): Transporter {
  let transport = transports.get(url);
  if (!transport) {
    // nodemailer reads either a URL or an options object, not both: parse the URL with its own parser (so every
    // option it documents works as a query parameter, e.g. ?requireTLS=true or ?tls.rejectUnauthorized=false),
    // then add the timeouts and pooling unless the URL sets them.
    if (!/^smtps?:\/\//i.test(url)) throw new Error("SMTP_URL must start with smtp:// or smtps://.");
    transport = nodemailer.createTransport({ ...POOL, ...TIMEOUTS, ...parseConnectionUrl(url) });
    transports.set(url, transport);
  }
  return transport;
}

export async function sendSmtp(url: string, message: { to: string; subject: string; text: string; html: string }): Promise<string> {
  const info = await transportFor(url).sendMail({ from: mailFrom(), ...message });
  if (info.rejected.length > 0) throw new Error(`The SMTP server refused ${info.rejected.map(String).join(", ")}.`);
  return info.messageId;
}

/** Closes the pooled connections: lets a short-lived process (CLI, tests) exit, and a worker stop cleanly. */
export function closeSmtpTransports(): void {
  for (const transport of transports.values()) transport.close();
  transports.clear();
}

// Sending through the SMTP server at SMTP_URL: one pooled transport per URL (a few connections, each reused for up to
// 100 messages, so a large pass does not pay a TCP and TLS handshake per mail). A connection that fails is dropped
// and the next message opens a new one, so a restarted server is picked up by itself.
import net from "node:net";
import nodemailer, { type Transporter } from "nodemailer";
import { parseConnectionUrl } from "nodemailer/lib/shared";
import { mailFrom } from "@/lib/mail/config";

// Fail within seconds when the server is down or silent; the delivery is retried later (lib/reminders/backoff.ts).
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const;
/** At most this many connections to the server at once: also how many mails a pass hands it at the same time. */
export const SMTP_CONNECTIONS = 4;
const POOL = { pool: true, maxConnections: SMTP_CONNECTIONS, maxMessages: 100 } as const;

const transports = new Map<string, Transporter>();

/**
 * Nagle's algorithm off (TCP_NODELAY) on every SMTP connection. nodemailer writes a message's end ("\r\n.\r\n") as a
 * small segment after the body; with Nagle on, that segment waits for the ACK of the body, which the server delays
 * by up to 40 ms (Linux delayed ACK), so each mail on a connection cost about 40 ms however fast the server was.
 * Switchable only so that bench/reminders.bench.ts can measure the difference.
 */
let noDelay = true;

export function setSmtpNoDelay(enabled: boolean): void {
  noDelay = enabled;
  closeSmtpTransports();
}

type SocketRequest = { host?: string; port?: number | string; secure?: boolean; localAddress?: string };

/**
 * nodemailer's `getSocket` hook: opens the TCP connection itself (nodemailer has no option for TCP_NODELAY) and hands
 * it over while it is still connecting, so that nodemailer's own handling applies as to a socket of its own: the
 * connection and greeting timeouts, a refused or failed connection dropped from the pool (an error passed back
 * here instead would leave a dead slot in the pool), TLS at once for smtps:// (`secure`) or STARTTLS after EHLO.
 * The TLS socket runs over this TCP socket, so it keeps the setting.
 */
function openSocket(options: SocketRequest, callback: (error: Error | null, socketOptions: { connection: net.Socket }) => void): void {
  const port = Number(options.port) || (options.secure ? 465 : 587);
  const connection = net.connect({ host: options.host || "localhost", port, localAddress: options.localAddress, noDelay, keepAlive: true });
  callback(null, { connection });
}

function transportFor(url: string): Transporter {
  let transport = transports.get(url);
  if (!transport) {
    // nodemailer reads either a URL or an options object, not both: parse the URL with its own parser (so every
    // option it documents works as a query parameter, e.g. ?requireTLS=true or ?tls.rejectUnauthorized=false),
    // then add the timeouts and pooling unless the URL sets them.
    if (!/^smtps?:\/\//i.test(url)) throw new Error("SMTP_URL must start with smtp:// or smtps://.");
    const options = parseConnectionUrl(url);
    // a proxy (?proxy=...) opens the connection its own way
    transport = nodemailer.createTransport({ ...POOL, ...TIMEOUTS, ...("proxy" in options ? {} : { getSocket: openSocket }), ...options });
    transports.set(url, transport);
  }
  return transport;
}

export async function sendSmtp(
  url: string,
  message: { to: string; subject: string; text: string; html: string; headers?: Record<string, string> },
): Promise<string> {
  const info = await transportFor(url).sendMail({ from: mailFrom(), ...message });
  if (info.rejected.length > 0) throw new Error(`The SMTP server refused ${info.rejected.map(String).join(", ")}.`);
  return info.messageId;
}

/** Closes the pooled connections: lets a short-lived process (CLI, tests) exit, and a worker stop cleanly. */
export function closeSmtpTransports(): void {
  for (const transport of transports.values()) transport.close();
  transports.clear();
}

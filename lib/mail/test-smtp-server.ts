// Test-only: a real SMTP server (smtp-server) on 127.0.0.1 that keeps what it receives, so tests can count the mails
// each address got. Also used by `npm run bench` as a local sink.
import net from "node:net";
import { SMTPServer } from "smtp-server";

/** `text` and `html`: the decoded bodies of the text/plain and text/html parts. */
export type ReceivedMail = { from: string; to: string[]; subject: string; text: string; html: string; raw: string };

export type TestSmtpServer = {
  port: number;
  /** an SMTP_URL for this server */
  url: string;
  messages: ReceivedMail[];
  /** messages whose data has arrived and that wait (`dataDelayMs`, or held) before they are accepted */
  waiting(): number;
  /** with `hold`: accept the next `count` held messages (in arrival order) */
  release(count?: number): void;
  /** with `hold`: stop holding (and accept every held message) or start again */
  setHold(on: boolean): void;
  /** mails addressed to `address` */
  receivedBy(address: string): ReceivedMail[];
  stop(): Promise<void>;
};

/** A port nothing listens on (at the moment of asking): a mail server that is down. */
export async function unusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * `refuse`: answer every recipient with a permanent error, as a server that rejects mail does.
 * `dataDelayMs`: accept each message only this long after its data has arrived, as a slow server does (a worker can
 * then be stopped in the middle of a pass). The message counts as received when it is accepted; one whose client
 * went away before that is not (the client never learned it was accepted, so it will send it again).
 * `hold`: accept a message only when the test says so (`release`), so that a test can stop a worker at an exact point.
 */
export async function startTestSmtpServer({
  port = 0,
  refuse = false,
  dataDelayMs = 0,
  hold = false,
}: { port?: number; refuse?: boolean; dataDelayMs?: number; hold?: boolean } = {}): Promise<TestSmtpServer> {
  let holding = hold;
  const held: (() => void)[] = [];
  const messages: ReceivedMail[] = [];
  const closedSessions = new Set<string>();
  let waiting = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    // no reverse DNS per connection: it is slow (or times out) where no resolver answers
    disableReverseLookup: true,
    // pooled clients stay connected: let stop() end them instead of waiting for them
    closeTimeout: 1_000,
    onClose(session) {
      closedSessions.add(session.id);
    },
    onRcptTo(_address, _session, callback) {
      if (refuse) {
        const error = new Error("Mailbox unavailable") as Error & { responseCode?: number };
        error.responseCode = 550;
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        if (holding || dataDelayMs > 0) {
          waiting += 1;
          await (holding ? new Promise<void>((resolve) => held.push(resolve)) : new Promise((resolve) => setTimeout(resolve, dataDelayMs)));
          waiting -= 1;
          if (closedSessions.has(session.id)) return callback(new Error("The client went away before the message was accepted."));
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          subject: headerValue(raw, "Subject"),
          text: mimePart(raw, "text/plain"),
          html: mimePart(raw, "text/html"),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  // A client that dies in the middle of a message (a worker killed with SIGKILL) resets its connection: smtp-server
  // reports that as the server's "error" event, which without a listener would be an uncaught exception in the test
  // process. For this server it is an expected event: the message is simply not accepted (onClose above).
  server.on("error", (error: Error & { code?: string }) => {
    if (error.code !== "ECONNRESET" && error.code !== "EPIPE") console.error("test SMTP server:", error);
  });
  const actualPort = (server.server.address() as net.AddressInfo).port;
  return {
    port: actualPort,
    url: `smtp://127.0.0.1:${actualPort}`,
    messages,
    waiting: () => waiting,
    release: (count = 1) => {
      for (let released = 0; released < count && held.length > 0; released++) held.shift()!();
    },
    setHold: (on) => {
      holding = on;
      if (!on) while (held.length > 0) held.shift()!();
    },
    receivedBy: (address) => messages.filter((message) => message.to.includes(address)),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One header of a raw message, unfolded, with RFC 2047 encoded words decoded. */
export function headerValue(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? "";
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  const line = unfolded.split(/\r?\n/).find((candidate) => candidate.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (!line) return "";
  return line
    .slice(name.length + 1)
    .trim()
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_match, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(
            text.replace(/_/g, " ").replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            "latin1",
          ).toString("utf8"),
    );
}

/** The decoded body of the first part of `type` in a (possibly multipart) message; "" when there is none. */
export function mimePart(raw: string, type: string): string {
  const [head = "", ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join("\r\n\r\n");
  const contentType = headerValue(`${head}\r\n\r\n`, "Content-Type");
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (boundary) {
    for (const part of body.split(`--${boundary}`)) {
      const found = mimePart(part.replace(/^\r?\n/, ""), type);
      if (found) return found;
    }
    return "";
  }
  if (!contentType.toLowerCase().startsWith(type)) return "";
  const encoding = headerValue(`${head}\r\n\r\n`, "Content-Transfer-Encoding").toLowerCase();
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") {
    const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8").replace(/\r\n/g, "\n").trimEnd();
  }
  return body.replace(/\r\n/g, "\n").trimEnd();
}

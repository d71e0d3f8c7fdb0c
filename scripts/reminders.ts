// npm run reminders -- [--at <ISO time>] [--dry-run]
// Runs one reminder pass as if it were that time (default: now) and prints each delivery it sent, or with --dry-run
// would send, one per line: kind, status, recipient, subject, key (tab-separated, header first); then the mails, one
// per recipient, each with the deliveries it carries (and, in a dry run, its text). The summary goes to stderr.
// --dry-run writes nothing and sends nothing. Mail goes where the app's goes: SMTP_URL, else the outbox.
import { pathToFileURL } from "node:url";
import { consoleIo, parseOptions, type Io } from "@/scripts/cli";
import { systemActor } from "@/lib/auth/actor";
import { smtpUrl, describeSmtpUrl } from "@/lib/mail/config";
import { closeSmtpTransports } from "@/lib/mail/smtp";
import { runReminderPass, summarizePass } from "@/lib/reminders/pass";
import { loadDotEnvFile } from "@/scripts/launcher-settings";

const USAGE = "Usage: npm run reminders -- [--at <ISO time, e.g. 2025-03-03T09:00:00Z>] [--dry-run]";

export async function remindersCommand(argv: string[], io: Io = consoleIo): Promise<number> {
  const values = parseOptions<{ at?: string; "dry-run"?: boolean }>(argv, { at: { type: "string" }, "dry-run": { type: "boolean" } }, USAGE, io);
  if (typeof values === "number") return values;
  const at = values.at === undefined ? new Date() : new Date(values.at);
  if (Number.isNaN(at.getTime()) || (values.at !== undefined && !/^\d{4}-\d{2}-\d{2}/.test(values.at))) {
    io.err(`"${values.at}" is not an ISO time.\n${USAGE}`);
    return 2;
  }
  const dryRun = values["dry-run"] === true;
  try {
    const result = await runReminderPass({ at, dryRun, actor: systemActor("cli:reminders") });
    io.out(["KIND", "STATUS", "RECIPIENT", "SUBJECT", "KEY"].join("\t"));
    for (const delivery of result.deliveries) {
      const subject = delivery.subject ?? (delivery.error ? `(${delivery.error})` : "");
      io.out([delivery.kind, delivery.status, delivery.to, subject, delivery.key].join("\t"));
    }
    for (const mail of result.mails) {
      io.out("");
      io.out(`MAIL to ${mail.to}: ${mail.subject} (${mail.keys.length} ${mail.keys.length === 1 ? "delivery" : "deliveries"})`);
      for (const key of mail.keys) io.out(`  ${key}`);
      if (mail.text) io.out(mail.text.replace(/^/gm, "  | "));
    }
    const url = smtpUrl();
    const destination = url ? `SMTP ${describeSmtpUrl(url)}` : "the outbox (no SMTP_URL)";
    io.err(
      `${dryRun ? "Dry run, nothing written or sent" : "Reminder pass"} as of ${at.toISOString()}: ${summarizePass(result)}; mail ${dryRun ? "would go" : "went"} to ${destination}; ${Math.round(result.durationMs)} ms.`,
    );
    return 0;
  } finally {
    closeSmtpTransports();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  loadDotEnvFile(); // .env as `npm start` reads it (variables set in the environment win over it)
  const { withDatabase } = await import("@/lib/db/bootstrap");
  process.exitCode = await withDatabase(() => remindersCommand(process.argv.slice(2)));
}

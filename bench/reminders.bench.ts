// The reminder pass at scale: 100,000 action items across 1,000 incidents (one in five private, so that the planner's
// visibility check has work to do) and 500 people in a dozen time zones, with follow-up reviews, sign-offs and waiting
// review requests. Goal (the issue): the pass (plan + record + render) <= 1 s, and AT MOST ONE reminder mail per
// recipient; then delivery of those mails through a real SMTP server on 127.0.0.1 (smtp-server) with pooled
// connections, in mails per second, with Nagle's algorithm on (as nodemailer left it) and off (lib/mail/smtp.ts).
//
// 1. the pass at a fixed time (a Monday in every zone, so digests go too) with mail to the outbox table: plan ms,
//    render ms (claim + render + store the mails), total vs the goal (PASS/FAIL printed, a timing miss never throws);
//    mails vs recipients (two reminder mails to one recipient throws). A second pass at the same time sends nothing.
// 2. SMTP, each with TCP_NODELAY off (as nodemailer left it) and on: the transport alone (the rendered mails from the
//    outbox handed to sendSmtp on 4 pooled connections), then the same deliveries put back to PENDING and sent by the
//    real delivery path (deliverDue: claim 20 recipients at a time, render, send on 4 pooled connections, record).
// The send window (settings reminders.window*, default 08-18 on weekdays in each recipient's zone) is set to the whole
// day for the bench: no instant is inside 08-18 in all twelve zones (Los Angeles to Auckland spans 19 hours).
//
// A fresh database is created on the PostgreSQL at BENCH_DATABASE_URL (default TEST_DATABASE_URL, else
// postgresql://postgres@127.0.0.1:5432/postgres) and dropped at the end. Run: npm run bench -- reminders
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { systemActor } from "@/lib/auth/actor";
import { disconnectDb, getDb } from "@/lib/db/client";
import { migrateDeploy, parseDatabaseUrl } from "@/lib/db/migrate";
import os from "node:os";
import { closeSmtpTransports, sendSmtp, setSmtpNoDelay, SMTP_CONNECTIONS } from "@/lib/mail/smtp";
import { startTestSmtpServer, type TestSmtpServer } from "@/lib/mail/test-smtp-server";
import { NOTIFICATION_KINDS } from "@/lib/reminders/schema";
import { deliverDue, runReminderPass } from "@/lib/reminders/pass";
import type { ReminderPassResult } from "@/lib/reminders/schema";
import { updateSettings } from "@/lib/settings/mutations";

export type RemindersBenchOptions = { items?: number; incidents?: number; users?: number };

/** Monday 3 June 2030, 07:00 UTC: Monday in every zone below, from Los Angeles (00:00) to Auckland (19:00). */
const AT = new Date("2030-06-03T07:00:00Z");
const GOAL_MS = 1_000;
const ZONES = [
  "UTC",
  "Europe/London",
  "Europe/Paris",
  "Europe/Berlin",
  "America/New_York",
  "America/Chicago",
  "America/Los_Angeles",
  "America/Sao_Paulo",
  "Asia/Tokyo",
  "Asia/Kolkata",
  "Australia/Sydney",
  "Pacific/Auckland",
];

const adminUrl = () => process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Everything in set-based INSERT ... SELECT FROM generate_series: the database builds the rows, nothing crosses the wire. */
async function seed({ items, incidents, users }: Required<RemindersBenchOptions>): Promise<void> {
  const db = getDb();
  const today = AT.toISOString().slice(0, 10);
  // Deterministic "random" numbers per row: hashtext('<what>' || n), independent of each other and of n's residues.
  await db.$executeRawUnsafe(`
    INSERT INTO "User" (id, email, name, role, active, "timeZone", "receiveDigests", "updatedAt")
    SELECT 'u' || n, 'person' || n || '@bench.example', 'Person ' || n,
           (CASE WHEN n % 5 = 0 THEN 'MANAGER' ELSE 'SRE' END)::"Role",
           n % 20 <> 7, (ARRAY['${ZONES.join("','")}'])[1 + n % ${ZONES.length}], n % 10 <> 3, now()
    FROM generate_series(1, ${users}) n`);
  await db.$executeRawUnsafe(`
    INSERT INTO "Incident" (id, "publicId", title, severity, "reportState", "authorId", private, "updatedAt")
    SELECT 'i' || n, 'INC-BENCH-' || lpad(n::text, 5, '0'), 'Incident ' || n || ': <checkout> & "payments"', 'High',
           (CASE n % 10 WHEN 0 THEN 'DRAFT' WHEN 1 THEN 'IN_REVIEW' WHEN 2 THEN 'IN_REVIEW' ELSE 'APPROVED' END)::"ReportState",
           'u' || (1 + n % ${users}), n % 5 = 1, now()
    FROM generate_series(1, ${incidents}) n`);
  // One report in five is private; its follow-up attendees (below) take part in it, most item owners do not.
  await db.$executeRawUnsafe(`
    INSERT INTO "IncidentParticipant" ("incidentId", "userId")
    SELECT 'i' || n, 'u' || (1 + (n * k) % ${users}) FROM generate_series(1, ${incidents}) n, generate_series(2, 3) k
    WHERE n % 5 = 1
    ON CONFLICT DO NOTHING`);
  // Due days from 120 days ago to 60 days ahead. Most items past their day are done, as in a team that follows up.
  await db.$executeRawUnsafe(`
    INSERT INTO "ActionItem" (id, "incidentId", position, title, "ownerId", "dueDate", status, "updatedAt")
    SELECT 'a' || n, 'i' || (1 + n % ${incidents}), n / ${incidents}, 'Action item ' || n || ' <b>fix</b>',
           CASE WHEN abs(hashtext('owned' || n)) % 100 < 8 THEN NULL ELSE 'u' || (1 + abs(hashtext('owner' || n)) % ${users}) END,
           due, (CASE
             WHEN due < DATE '${today}' AND done < 85 THEN (CASE WHEN n % 9 = 0 THEN 'WONT_DO' ELSE 'DONE' END)
             WHEN done < 30 THEN 'DONE'
             WHEN n % 3 = 0 THEN 'IN_PROGRESS' ELSE 'OPEN' END)::"ActionItemStatus", now()
    FROM (
      SELECT n, DATE '${today}' + (abs(hashtext('due' || n)) % 181 - 120) AS due, abs(hashtext('done' || n)) % 100 AS done
      FROM generate_series(1, ${items}) n
    ) s`);
  await db.$executeRawUnsafe(`
    INSERT INTO "FollowUpReview" (id, "incidentId", "scheduledAt")
    SELECT 'f' || n, 'i' || n, TIMESTAMPTZ '${AT.toISOString()}' + ((n * 13) % 61 - 30) * interval '1 day' + (n % 8) * interval '1 hour'
    FROM generate_series(1, ${incidents}) n`);
  await db.$executeRawUnsafe(`
    INSERT INTO "FollowUpAttendee" ("followUpReviewId", "userId")
    SELECT 'f' || n, 'u' || (1 + (n * k) % ${users}) FROM generate_series(1, ${incidents}) n, generate_series(2, 3) k
    WHERE n % 4 <> 0
    ON CONFLICT DO NOTHING`);
  await db.$executeRawUnsafe(`
    INSERT INTO "Revision" (id, "incidentId", number, content, "contentHash", reason)
    SELECT 'r' || n, 'i' || n, 1, '{}', md5(n::text), 'sign-off' FROM generate_series(1, ${incidents}) n WHERE n % 10 >= 3`);
  await db.$executeRawUnsafe(`
    INSERT INTO "SignOff" (id, "incidentId", "revisionId", "reviewerId")
    SELECT 's' || n, 'i' || n, 'r' || n, 'u' || (5 * (1 + n % ${Math.floor(users / 5)})) FROM generate_series(1, ${incidents}) n WHERE n % 10 >= 3`);
  await db.$executeRawUnsafe(`
    INSERT INTO "ReviewAssignment" (id, "incidentId", "reviewerId", "requestedAt")
    SELECT 'ra' || n, 'i' || n, 'u' || (5 * (1 + (n * 3) % ${Math.floor(users / 5)})), TIMESTAMPTZ '${AT.toISOString()}' - (n % 7) * interval '1 day' - interval '1 hour'
    FROM generate_series(1, ${incidents}) n WHERE n % 10 IN (1, 2)`);
  // As on a database that has been running: statistics current, hint bits set (the first reader would set them).
  await db.$executeRawUnsafe("VACUUM ANALYZE");
}

function describeResult(result: ReminderPassResult): string {
  const sent = result.deliveries.filter((delivery) => delivery.status === "sent").length;
  const kinds = Object.entries(result.plannedByKind)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(", ");
  return `${result.planned} recorded (${kinds || "none"}), ${sent} sent, ${result.deliveries.length - sent} other`;
}

const loadAverage = () =>
  os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(", ");

/** Reminder mails (notifications of review events are one mail each by design) per recipient, from the outbox. */
async function mailsPerRecipient(): Promise<{ mails: number; recipients: number; worst: { to: string; mails: number } | null }> {
  const rows = await getDb().$queryRawUnsafe<{ to: string; mails: number }[]>(`
    SELECT m."to", count(*)::int AS mails
    FROM "OutboxMessage" m LEFT JOIN "ReminderDelivery" d ON d.id = m."deliveryId"
    WHERE d.kind IS NULL OR d.kind::text NOT IN ('${NOTIFICATION_KINDS.join("','")}')
    GROUP BY m."to" ORDER BY mails DESC`);
  return { mails: rows.reduce((sum, row) => sum + row.mails, 0), recipients: rows.length, worst: rows[0] ?? null };
}

/** Every delivery the outbox pass sent, back to PENDING and not yet tried, so the SMTP runs send the same mails. */
async function resetDeliveries(): Promise<number> {
  await getDb().$executeRawUnsafe(`DELETE FROM "OutboxMessage"`);
  return getDb().$executeRawUnsafe(
    `UPDATE "ReminderDelivery" SET status = 'PENDING', attempts = 0, "sentAt" = NULL, "nextAttemptAt" = NULL, "lastError" = NULL WHERE status = 'SENT'`,
  );
}

type RenderedMail = { to: string; subject: string; text: string; html: string };

/** The SMTP transport alone: the pass's rendered mails handed to sendSmtp, one per pooled connection at a time. */
async function sendRendered(sink: TestSmtpServer, mails: RenderedMail[], noDelay: boolean): Promise<number> {
  sink.messages.length = 0;
  setSmtpNoDelay(noDelay);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: SMTP_CONNECTIONS }, async () => {
      while (next < mails.length) await sendSmtp(sink.url, mails[next++]!);
    }),
  );
  const ms = performance.now() - started;
  closeSmtpTransports();
  if (sink.messages.length !== mails.length) throw new Error(`The SMTP sink received ${sink.messages.length} of ${mails.length} mails.`);
  const perSecond = (mails.length / ms) * 1000;
  console.log(
    `reminders: SMTP transport only, TCP_NODELAY ${noDelay ? "on " : "off"}: ${mails.length} mails in ${Math.round(ms)} ms: ${perSecond.toFixed(1)} mails/s, ` +
      `${(ms / mails.length).toFixed(2)} ms per mail (${((ms * SMTP_CONNECTIONS) / mails.length).toFixed(1)} ms per mail per connection); load average ${loadAverage()}`,
  );
  return perSecond;
}

/** One delivery run through SMTP by the pass's own code (claim, render, send, record); returns mails per second. */
async function deliverBySmtp(sink: TestSmtpServer, noDelay: boolean, expectedMails: number): Promise<number> {
  const rows = await resetDeliveries();
  sink.messages.length = 0;
  setSmtpNoDelay(noDelay);
  const started = performance.now();
  const outcomes = await deliverDue({ at: AT, actor: systemActor("bench:reminders") });
  const ms = performance.now() - started;
  closeSmtpTransports();
  const failed = outcomes.filter((outcome) => outcome.status !== "sent" && outcome.status !== "dropped").length;
  const perSecond = (sink.messages.length / ms) * 1000;
  console.log(
    `reminders: SMTP delivery, TCP_NODELAY ${noDelay ? "on " : "off"} (${SMTP_CONNECTIONS} pooled connections): ${sink.messages.length} mails ` +
      `(${rows} deliveries) in ${Math.round(ms)} ms: ${perSecond.toFixed(1)} mails/s, ${(ms / Math.max(1, sink.messages.length)).toFixed(2)} ms per mail ` +
      `(${((ms * SMTP_CONNECTIONS) / Math.max(1, sink.messages.length)).toFixed(1)} ms per mail per connection); load average ${loadAverage()}`,
  );
  if (failed) throw new Error(`${failed} deliveries were not sent through the SMTP sink.`);
  if (sink.messages.length !== expectedMails) throw new Error(`The SMTP sink received ${sink.messages.length} mails, the outbox pass wrote ${expectedMails}.`);
  const recipients = new Set(sink.messages.flatMap((message) => message.to));
  if (recipients.size !== sink.messages.length) throw new Error(`${sink.messages.length} mails went to only ${recipients.size} recipients.`);
  return perSecond;
}

/** BENCH_KEEP=1 keeps the database for a look afterwards (its name is printed). */
export async function run(options: RemindersBenchOptions = {}): Promise<void> {
  const items = options.items ?? 100_000;
  const incidents = options.incidents ?? 1_000;
  const users = options.users ?? 500;
  const name = `hindsight_bench_${process.pid}_${randomUUID().slice(0, 8)}`;
  const saved = { DATABASE_URL: process.env.DATABASE_URL, HINDSIGHT_EMBEDDED_DB: process.env.HINDSIGHT_EMBEDDED_DB, SMTP_URL: process.env.SMTP_URL };
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;

  await disconnectDb();
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  const sink = await startTestSmtpServer();
  try {
    await migrateDeploy(parseDatabaseUrl(url.toString()), { lock: false });
    process.env.DATABASE_URL = url.toString();
    delete process.env.HINDSIGHT_EMBEDDED_DB;
    delete process.env.SMTP_URL;
    console.log(`reminders: load average ${loadAverage()} (${os.cpus().length} CPUs)`);

    let started = performance.now();
    await seed({ items, incidents, users });
    const actor = systemActor("bench:reminders");
    await updateSettings({ "reminders.windowStartHour": 0, "reminders.windowEndHour": 24 }, actor);
    console.log(
      `reminders: seeded ${items.toLocaleString("en-US")} action items, ${incidents.toLocaleString("en-US")} incidents, ${users} people in ${ZONES.length} zones in ${Math.round(performance.now() - started)} ms; send window set to 00-24`,
    );

    started = performance.now();
    const first = await runReminderPass({ at: AT, actor });
    const firstMs = performance.now() - started;
    // The goal counts what the issue names: plan + record (planMs) and render (renderMs: judging and rendering each
    // recipient's mail). Claiming the rows and storing the mails (or, with SMTP, sending them) is delivery, printed beside.
    const goalMs = first.planMs + first.renderMs;
    const deliveryMs = firstMs - first.planMs - first.renderMs;
    console.log(
      `reminders: pass at ${AT.toISOString()} to the outbox: plan + record ${Math.round(first.planMs)} ms + render ${Math.round(first.renderMs)} ms = ` +
        `${Math.round(goalMs)} ms: ${goalMs <= GOAL_MS ? "PASS" : "FAIL"} (goal <= ${GOAL_MS} ms); then claim + store ${Math.round(deliveryMs)} ms ` +
        `(whole pass ${Math.round(firstMs)} ms); load average ${loadAverage()}`,
    );
    console.log(`reminders: pass ${describeResult(first)}`);
    const { mails, recipients, worst } = await mailsPerRecipient();
    const people = new Set(first.deliveries.filter((delivery) => delivery.status === "sent").map((delivery) => delivery.to)).size;
    console.log(
      `reminders: ${mails} reminder mails to ${recipients} recipients (${people} people had a reminder sent; at most one mail each: ${worst && worst.mails > 1 ? "NO" : "yes"})`,
    );
    if (worst && worst.mails > 1) throw new Error(`${worst.to} got ${worst.mails} reminder mails from one pass: at most one per recipient.`);
    if (recipients !== people) throw new Error(`${people} people had reminders sent but ${recipients} got a mail.`);
    if (mails === 0) throw new Error("The pass sent nothing: the data set or the send window is wrong.");

    started = performance.now();
    const second = await runReminderPass({ at: AT, actor });
    console.log(`reminders: second pass at the same time took ${Math.round(performance.now() - started)} ms: ${describeResult(second)}`);
    if (second.planned !== 0 || second.deliveries.length !== 0) {
      throw new Error(`The second pass at the same time recorded ${second.planned} and delivered ${second.deliveries.length}: a reminder went out twice.`);
    }

    const rendered = await getDb().outboxMessage.findMany({ select: { to: true, subject: true, text: true, html: true } });
    const transportBefore = await sendRendered(sink, rendered, false);
    const transportAfter = await sendRendered(sink, rendered, true);
    process.env.SMTP_URL = sink.url;
    const before = await deliverBySmtp(sink, false, mails);
    const after = await deliverBySmtp(sink, true, mails);
    console.log(
      `reminders: TCP_NODELAY off -> on: transport ${transportBefore.toFixed(1)} -> ${transportAfter.toFixed(1)} mails/s (x${(transportAfter / transportBefore).toFixed(1)}), ` +
        `delivery by the pass ${before.toFixed(1)} -> ${after.toFixed(1)} mails/s (x${(after / before).toFixed(1)})`,
    );
  } finally {
    setSmtpNoDelay(true);
    await disconnectDb();
    closeSmtpTransports();
    await sink.stop();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    if (process.env.BENCH_KEEP === "1") console.log(`reminders: kept the database ${name}`);
    else
      await admin(async (client) => {
        await client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]);
        await client.query(`DROP DATABASE IF EXISTS "${name}"`);
      });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run();
  process.exit(0);
}

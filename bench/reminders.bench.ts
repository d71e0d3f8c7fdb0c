// The reminder pass at scale: 100,000 action items across 1,000 incidents (one in five private, so that the planner's
// visibility check has work to do) and 500 people in a dozen time zones, with follow-up reviews, sign-offs and waiting
// review requests. One pass at a fixed time (a Monday, so digests go too) records and sends everything due; its time
// is the figure (goal: <= 5 s). A second pass at the same time must send nothing (exit non-zero otherwise). Mail
// goes to the outbox, or with BENCH_SMTP=1 to a local SMTP sink.
//
// A fresh database is created on the PostgreSQL at BENCH_DATABASE_URL (default TEST_DATABASE_URL, else
// postgresql://postgres@127.0.0.1:5432/postgres) and dropped at the end. Run: npm run bench -- reminders
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { systemActor } from "@/lib/auth/actor";
import { disconnectDb, getDb } from "@/lib/db/client";
import { migrateDeploy, parseDatabaseUrl } from "@/lib/db/migrate";
import { closeSmtpTransports } from "@/lib/mail/smtp";
import { startTestSmtpServer } from "@/lib/mail/test-smtp-server";
import { runReminderPass } from "@/lib/reminders/pass";
import type { ReminderPassResult } from "@/lib/reminders/schema";

export type RemindersBenchOptions = { items?: number; incidents?: number; users?: number; smtp?: boolean };

/** Monday 3 June 2030, 07:00 UTC: Monday in every zone below, from Los Angeles (00:00) to Auckland (19:00). */
const AT = new Date("2030-06-03T07:00:00Z");
const GOAL_MS = 5_000;
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
async function seed({ items, incidents, users }: Required<Omit<RemindersBenchOptions, "smtp">>): Promise<void> {
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

/** BENCH_KEEP=1 keeps the database for a look afterwards (its name is printed). */
export async function run(options: RemindersBenchOptions = {}): Promise<void> {
  const items = options.items ?? 100_000;
  const incidents = options.incidents ?? 1_000;
  const users = options.users ?? 500;
  const useSmtp = options.smtp ?? process.env.BENCH_SMTP === "1";
  const name = `hindsight_bench_${process.pid}_${randomUUID().slice(0, 8)}`;
  const saved = { DATABASE_URL: process.env.DATABASE_URL, HINDSIGHT_EMBEDDED_DB: process.env.HINDSIGHT_EMBEDDED_DB, SMTP_URL: process.env.SMTP_URL };
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;

  await disconnectDb();
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  const sink = useSmtp ? await startTestSmtpServer() : null;
  try {
    await migrateDeploy(parseDatabaseUrl(url.toString()), { lock: false });
    process.env.DATABASE_URL = url.toString();
    delete process.env.HINDSIGHT_EMBEDDED_DB;
    if (sink) process.env.SMTP_URL = sink.url;
    else delete process.env.SMTP_URL;

    let started = performance.now();
    await seed({ items, incidents, users });
    console.log(
      `reminders: seeded ${items.toLocaleString("en-US")} action items, ${incidents.toLocaleString("en-US")} incidents, ${users} people in ${ZONES.length} zones in ${Math.round(performance.now() - started)} ms`,
    );

    const actor = systemActor("bench:reminders");
    started = performance.now();
    const first = await runReminderPass({ at: AT, actor });
    const firstMs = performance.now() - started;
    const verdict = firstMs <= GOAL_MS ? "ok" : "FAIL (slower than the goal)";
    console.log(
      `reminders: first pass at ${AT.toISOString()} took ${Math.round(firstMs)} ms (goal <= ${GOAL_MS} ms: ${verdict}): ` +
        `${Math.round(first.planMs)} ms recording, ${Math.round(firstMs - first.planMs)} ms sending to ${sink ? "an SMTP sink" : "the outbox"}`,
    );
    console.log(`reminders: first pass ${describeResult(first)}`);
    const outbox = await getDb().outboxMessage.count();
    console.log(`reminders: ${sink ? `${sink.messages.length} mails received by the SMTP sink` : `${outbox} messages in the outbox`}`);

    started = performance.now();
    const second = await runReminderPass({ at: AT, actor });
    console.log(`reminders: second pass at the same time took ${Math.round(performance.now() - started)} ms: ${describeResult(second)}`);
    if (second.planned !== 0 || second.deliveries.length !== 0) {
      throw new Error(`The second pass at the same time recorded ${second.planned} and delivered ${second.deliveries.length}: a reminder went out twice.`);
    }
    const sentOnce = first.deliveries.filter((delivery) => delivery.status === "sent").length;
    const received = sink ? sink.messages.length : await getDb().outboxMessage.count();
    if (received !== sentOnce) throw new Error(`${sentOnce} deliveries were sent but ${received} messages arrived.`);
  } finally {
    await disconnectDb();
    closeSmtpTransports();
    await sink?.stop();
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

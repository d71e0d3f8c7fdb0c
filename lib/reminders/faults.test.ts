// Faults around the reminder pass, against the real database and real SMTP servers on 127.0.0.1: the mail server down
// for a while, the worker killed (SIGKILL) in the middle of sending, two instances' workers at once, and the database
// dropping every connection (as a PostgreSQL restart does). Each time: every reminder goes out once, and each person's
// reminders arrive together as ONE mail. Worker processes are real child processes (`scripts/reminders.ts`).
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { closeSmtpTransports } from "@/lib/mail/smtp";
import { startTestSmtpServer, unusedPort, type TestSmtpServer } from "@/lib/mail/test-smtp-server";
import { CLAIM_LEASE_MS } from "@/lib/reminders/backoff";
import { runReminderPass } from "@/lib/reminders/pass";
import { updateSettings } from "@/lib/settings/mutations";
import { createActionItem, createPerson, createReport, deliveriesFor, type Person } from "@/lib/reminders/test-fixtures";
import { ownDatabaseForThisFile } from "@/test/helpers/own-database";

// Each pass acts on every row of the database: this file gets one of its own (test/helpers/own-database.ts).
ownDatabaseForThisFile();
const repository = fileURLToPath(new URL("../..", import.meta.url));
const previousSmtpUrl = process.env.SMTP_URL;
const servers: TestSmtpServer[] = [];
const children: ChildProcess[] = [];
const SETTINGS = {
  "reminders.overdueDailyDays": 7,
  "reminders.windowStartHour": 8,
  "reminders.windowEndHour": 18,
  "reminders.windowWeekdaysOnly": true,
} as const;

async function smtpServer(options?: Parameters<typeof startTestSmtpServer>[0]): Promise<TestSmtpServer> {
  const server = await startTestSmtpServer(options);
  servers.push(server);
  return server;
}

// Every pass below runs at 09:00-10:00 UTC on a Monday: inside the send window of these people (all in UTC).
beforeAll(async () => {
  await updateSettings(SETTINGS, systemActor("test"));
});

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) killGroup(child);
  closeSmtpTransports();
  await Promise.all(servers.splice(0).map((server) => server.stop()));
  if (previousSmtpUrl === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = previousSmtpUrl;
});

afterAll(async () => {
  await getDb().setting.deleteMany({ where: { key: { in: Object.keys(SETTINGS) } } });
});

type Owner = { person: Person; titles: string[] };

/** `count` people, each the owner of `items` open action items due on `due` (overdue on the days the tests run). */
async function ownersOfOverdueItems(count: number, items: number, due: string): Promise<Owner[]> {
  const report = await createReport();
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const person = await createPerson();
      const titles: string[] = [];
      for (let item = 0; item < items; item++) {
        const { title } = await createActionItem({ incidentId: report.id, ownerId: person.id, due, title: `Fix ${index}.${item} ${person.id}` });
        titles.push(title);
      }
      return { person, titles };
    }),
  );
}

/** Each owner got exactly one mail, carrying every one of their items, and every delivery row is SENT. */
async function expectEachOwnerMailedOnce(smtp: TestSmtpServer, owners: Owner[]): Promise<void> {
  for (const { person, titles } of owners) {
    const mails = smtp.receivedBy(person.email);
    expect(mails, person.email).toHaveLength(1);
    for (const title of titles) expect(mails[0]!.text).toContain(title);
  }
  const rows = await deliveriesFor(...owners.map((owner) => owner.person));
  expect(rows).toHaveLength(owners.reduce((sum, owner) => sum + owner.titles.length, 0));
  expect(new Set(rows.map((row) => row.status))).toEqual(new Set(["SENT"]));
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

type Exit = { code: number | null; signal: NodeJS.Signals | null; output: string };

/** `npm run reminders -- --at <at>` as its own process (npx, tsx and node: its own process group, to kill it all). */
function reminderWorker(at: string, smtpUrl: string): { child: ChildProcess; exited: Promise<Exit> } {
  const child = spawn("npx", ["tsx", "--conditions=react-server", "scripts/reminders.ts", "--at", at], {
    cwd: repository,
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL, SMTP_URL: smtpUrl },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<Exit>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, output })));
  return { child, exited };
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // already gone
  }
}

/** What a PostgreSQL restart does to the app's connections: the server ends every one of them. */
async function terminateOtherConnections(): Promise<number> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ terminated: boolean }>(
      "SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
    );
    return rows.filter((row) => row.terminated).length;
  } finally {
    await client.end();
  }
}

describe("the mail server down for a while, then up", () => {
  it("sends each person's reminders once, together in one mail, when it is back", async () => {
    const port = await unusedPort();
    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
    const owners = await ownersOfOverdueItems(3, 3, "2033-01-08");

    await runReminderPass({ at: new Date("2033-01-10T09:00:00Z") });
    const failed = await deliveriesFor(...owners.map((owner) => owner.person));
    expect(failed).toHaveLength(9);
    for (const row of failed) expect(row).toMatchObject({ status: "PENDING", attempts: 1, nextAttemptAt: new Date("2033-01-10T09:05:00Z") });
    expect(failed[0]!.lastError).toContain("ECONNREFUSED");

    const smtp = await smtpServer({ port });
    await runReminderPass({ at: new Date("2033-01-10T09:05:00Z") });
    await expectEachOwnerMailedOnce(smtp, owners);
    expect((await deliveriesFor(...owners.map((owner) => owner.person))).map((row) => row.attempts)).toEqual(failed.map(() => 2));

    for (const time of ["09:20", "09:40", "10:00"]) await runReminderPass({ at: new Date(`2033-01-10T${time}:00Z`) });
    await expectEachOwnerMailedOnce(smtp, owners);
  });
});

describe("the worker killed with SIGKILL in the middle of sending", () => {
  it("leaves nothing sent twice and nothing missing once the rerun after the lease is done", { timeout: 90_000 }, async () => {
    const owners = await ownersOfOverdueItems(8, 2, "2033-02-12");
    // The server holds every mail until the test releases it: the first is accepted and recorded, the next ones are in
    // flight (their data sent, not yet accepted) when the worker dies. A mail accepted but not yet recorded would go
    // out again after the lease, the one window no protocol closes (lib/reminders/backoff.ts); the worker records each
    // mail right after its send, so the window is only the mails in flight.
    // The worker sends everything due in this database at `at`, other tests' people included: the kill condition is
    // about every mail this server accepted, and each recipient gets one mail per pass.
    const slow = await smtpServer({ hold: true });
    const at = new Date("2033-02-14T09:00:00Z");
    /** recipients whose rows this worker recorded SENT (sentAt is the pass's clock) */
    const recorded = async () => (await getDb().reminderDelivery.groupBy({ by: ["recipientEmail"], where: { status: "SENT", sentAt: at } })).length;

    const worker = reminderWorker(at.toISOString(), slow.url);
    await until(() => slow.waiting() >= 1, 60_000, "the first mail to arrive");
    slow.release(1);
    let seen = "";
    await until(
      async () => {
        const rows = await recorded();
        seen = `${slow.messages.length} accepted, ${slow.waiting()} waiting, ${rows} recipients recorded`;
        return slow.messages.length === 1 && slow.waiting() >= 1 && rows === 1;
      },
      30_000,
      "the first mail recorded, the next in flight",
    ).catch((error: Error) => {
      throw new Error(`${error.message} Last seen: ${seen}.`);
    });
    killGroup(worker.child);
    const exit = await worker.exited;
    expect(exit.signal, exit.output).toBe("SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 300)); // the server sees the connections close
    slow.setHold(false); // the mails in flight are let through now: their client is gone, so none is accepted
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(slow.messages).toHaveLength(1);
    expect(await recorded()).toBe(1);
    // the people whose mails the dead worker had claimed and not sent: leased until at + CLAIM_LEASE_MS
    const leaseEnd = new Date(at.getTime() + CLAIM_LEASE_MS);
    const leased = new Set(
      (await getDb().reminderDelivery.findMany({ where: { status: "PENDING", nextAttemptAt: leaseEnd }, select: { recipientEmail: true } })).map(
        (row) => row.recipientEmail,
      ),
    );
    expect(leased.size).toBeGreaterThan(0);

    process.env.SMTP_URL = slow.url;
    // Still leased by the dead worker: a pass before the lease ran out sends none of them (it may send to others).
    await runReminderPass({ at: new Date(at.getTime() + CLAIM_LEASE_MS / 2) });
    for (const email of leased) expect(slow.receivedBy(email), email).toEqual([]);

    const rerun = reminderWorker(new Date(at.getTime() + CLAIM_LEASE_MS + 60_000).toISOString(), slow.url);
    expect((await rerun.exited).code, (await rerun.exited).output).toBe(0);
    await expectEachOwnerMailedOnce(slow, owners);
    // and nobody else got a mail twice either
    const recipients = slow.messages.flatMap((message) => message.to);
    expect(recipients.length).toBe(new Set(recipients).size);
  });
});

describe("two instances' workers on one database at once", () => {
  it("send each reminder once and one mail per person", { timeout: 90_000 }, async () => {
    // More people than one claim takes (50, lib/reminders/deliver.ts), and a server slow enough (0.2 s a mail) that
    // both workers are sending at the same time and share the people between them.
    const owners = await ownersOfOverdueItems(110, 2, "2033-03-12");
    const smtp = await smtpServer({ dataDelayMs: 200 });
    const at = "2033-03-14T09:00:00Z";

    const [first, second] = await Promise.all([reminderWorker(at, smtp.url).exited, reminderWorker(at, smtp.url).exited]);
    expect(first.code, first.output).toBe(0);
    expect(second.code, second.output).toBe(0);
    await expectEachOwnerMailedOnce(smtp, owners);
    const sentBy = (exit: Exit) => owners.filter(({ person }) => exit.output.includes(`\tsent\t${person.email}\t`)).length;
    expect(sentBy(first) + sentBy(second)).toBe(owners.length);
    expect(Math.min(sentBy(first), sentBy(second)), "each worker sent some of the mails").toBeGreaterThan(0);
    const rows = await deliveriesFor(...owners.map((owner) => owner.person));
    expect(rows.map((row) => row.attempts)).toEqual(rows.map(() => 1));
  });
});

/**
 * The worker's next tick comes a quarter of an hour later; by then the pool has long read each dead connection's
 * "terminating connection" message and dropped it. Half a second stands in for that quarter hour on a busy machine.
 */
const nextTick = () => new Promise((resolve) => setTimeout(resolve, 500));

describe("the database ending every connection (a PostgreSQL restart)", () => {
  it("between passes: the pool drops the dead connections by itself; at the latest the next tick sends everything, once", async () => {
    const smtp = await smtpServer();
    process.env.SMTP_URL = smtp.url;
    const earlier = await ownersOfOverdueItems(3, 2, "2033-04-09");
    await runReminderPass({ at: new Date("2033-04-11T09:00:00Z") }); // the pool has open connections now
    await expectEachOwnerMailedOnce(smtp, earlier);

    const owners = await ownersOfOverdueItems(3, 2, "2033-04-16");
    expect(await terminateOtherConnections()).toBeGreaterThan(0);
    // A query can reach a dead connection before the pool has noticed its end: that pass may fail, as the worker's
    // job would, and the next tick (a quarter of an hour later) must find a working pool and do everything once.
    await runReminderPass({ at: new Date("2033-04-18T09:00:00Z") }).catch(() => null);
    await nextTick();
    await runReminderPass({ at: new Date("2033-04-18T09:15:00Z") });
    await expectEachOwnerMailedOnce(smtp, owners);
  });

  it("during a pass: that pass or the next tick completes it, and every reminder goes out once", async () => {
    const slow = await smtpServer({ dataDelayMs: 300 });
    process.env.SMTP_URL = slow.url;
    const owners = await ownersOfOverdueItems(6, 2, "2033-05-07");

    const pass = runReminderPass({ at: new Date("2033-05-09T09:00:00Z") }).then(
      () => null,
      (error: unknown) => error,
    );
    await until(() => slow.waiting() >= 1, 20_000, "the pass to be sending");
    expect(await terminateOtherConnections()).toBeGreaterThan(0);
    const error = await pass;
    // the next tick of the worker (every quarter hour)
    await nextTick();
    await runReminderPass({ at: new Date("2033-05-09T09:15:00Z") });
    await expectEachOwnerMailedOnce(slow, owners);
    expect(error).toBeNull();
  });
});

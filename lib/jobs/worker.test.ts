// The job worker: pg-boss on the app's own database and connection pool runs the reminder pass on its schedule.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { updateSettings } from "@/lib/settings/mutations";
import { workerEnabled } from "@/lib/jobs/in-app";
import { createBoss } from "@/lib/jobs/boss";
import { RECURRING_JOBS, REMINDERS_DELIVER, REMINDERS_PASS } from "@/lib/jobs/queues";
import { ensureQueue, runJobNow, startWorker, stopWorker, workerRunning } from "@/lib/jobs/worker";
import { addDays, localDay } from "@/lib/reminders/calendar-days";
import { createActionItem, createPerson, createReport } from "@/lib/reminders/test-fixtures";
import { register } from "@/instrumentation";

const previous = { SMTP_URL: process.env.SMTP_URL, HINDSIGHT_WORKER: process.env.HINDSIGHT_WORKER, NEXT_RUNTIME: process.env.NEXT_RUNTIME };

afterEach(async () => {
  await stopWorker();
  for (const [key, value] of Object.entries(previous)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("the job worker", () => {
  it("schedules the reminder pass every 15 minutes and runs it, in the app's own connection pool", async () => {
    delete process.env.SMTP_URL; // to the outbox
    // The pass runs at the real time: open the send window to every hour of every day (pass.test.ts tests the window),
    // or after 18:00 or at a weekend the mail would rightly wait for Monday morning.
    await updateSettings({ "reminders.windowStartHour": 0, "reminders.windowEndHour": 24, "reminders.windowWeekdaysOnly": false }, systemActor("test"));
    const owner = await createPerson();
    const report = await createReport();
    await createActionItem({ incidentId: report.id, ownerId: owner.id, due: addDays(localDay(new Date(), "UTC"), -2), title: "Backfill the metrics" });

    const boss = await startWorker({ pollingIntervalSeconds: 0.5, cronWorkerIntervalSeconds: 1, firstPassAfterSeconds: null, log: () => {} });
    const schedules = await boss.getSchedules();
    expect(schedules.map((schedule) => [schedule.name, schedule.cron])).toEqual(
      expect.arrayContaining([
        [REMINDERS_PASS, "*/15 * * * *"],
        [REMINDERS_DELIVER, "* * * * *"],
      ]),
    );

    await runJobNow(REMINDERS_PASS);
    const messages = await eventually(
      () => getDb().outboxMessage.findMany({ where: { to: owner.email } }),
      (rows) => rows.length > 0,
    );
    expect(messages.map((message) => message.subject)).toEqual(["Overdue by 2 days: Backfill the metrics"]);

    // pg-boss opened no connections of its own (it would name them "pgboss")
    const own = await getDb().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'pgboss'`;
    expect(own[0]!.n).toBe(0);
  });

  it("starts inside the app unless HINDSIGHT_WORKER=off", async () => {
    expect(workerEnabled({ HINDSIGHT_WORKER: "off" })).toBe(false);
    expect(workerEnabled({})).toBe(true);

    process.env.NEXT_RUNTIME = "nodejs";
    process.env.HINDSIGHT_WORKER = "off";
    await register();
    expect(workerRunning()).toBe(false);

    delete process.env.HINDSIGHT_WORKER;
    await register();
    expect(workerRunning()).toBe(true);
  });
});

describe("two workers starting at once", () => {
  it("both create the job queues on a new database; neither dies of the deadlock pg-boss's queue creation can meet", async () => {
    // Each worker on its own pool, as two processes would be, and a schema of this test's own, new like a fresh install.
    const schema = `pgboss_t_${randomBytes(4).toString("hex")}`;
    const pools = [0, 1].map(() => new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 5 }));
    const bosses = pools.map((pool) => createBoss(pool, { schema }));
    for (const boss of bosses) boss.on("error", () => {});
    try {
      await Promise.all(bosses.map((boss) => boss.start()));
      const created = await Promise.allSettled(
        bosses.map(async (boss) => {
          for (const job of RECURRING_JOBS) await ensureQueue(boss, job.name, { name: job.name, policy: "stately" });
        }),
      );
      expect(created.map((result) => (result.status === "rejected" ? String(result.reason) : "created"))).toEqual(["created", "created"]);
      const names = (await bosses[0]!.getQueues())
        .map((queue) => queue.name)
        .filter((name) => !name.startsWith("__pgboss"))
        .sort();
      expect(names).toEqual(RECURRING_JOBS.map((job) => job.name).sort());
    } finally {
      await Promise.all(bosses.map((boss) => boss.stop({ graceful: false, close: false, wait: true }).catch(() => undefined)));
      await pools[0]!.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });
});

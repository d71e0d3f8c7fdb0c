// The job worker: pg-boss started once per process, its recurring jobs scheduled and worked. It runs inside the app
// (instrumentation.ts, unless HINDSIGHT_WORKER=off) or on its own (`npm run worker`, scripts/worker.ts).
// Several workers may run at once (several app instances, or apps + worker processes): cron runs are enqueued once,
// and the reminder pass is safe to run concurrently anyway (lib/reminders/mutations.ts).
import "server-only";
import type PgBoss from "pg-boss";
import { getDb, poolOf, type Db } from "@/lib/db/client";
import { createBoss } from "@/lib/jobs/boss";
import { sqlState } from "@/lib/errors";
import { RECURRING_JOBS, REMINDERS_PASS } from "@/lib/jobs/queues";
import { closeSmtpTransports } from "@/lib/mail/smtp";
import { log as logger, withLogContext } from "@/lib/log/logger";

export type WorkerOptions = {
  log?: (line: string) => void;
  db?: Db;
  /** how often each queue is polled for work (seconds) */
  pollingIntervalSeconds?: number;
  cronWorkerIntervalSeconds?: number;
  /**
   * Run the reminder pass this many seconds after start, not only at the next quarter hour, so a fresh install shows
   * its reminders in the outbox at once. null: only on schedule.
   */
  firstPassAfterSeconds?: number | null;
};

// On globalThis: one worker per process, also across Next dev's module reloads.
const globalForWorker = globalThis as unknown as { hindsightWorker?: Promise<PgBoss> };

const defaultLog = (line: string) => logger.info(line);

export function startWorker(options: WorkerOptions = {}): Promise<PgBoss> {
  globalForWorker.hindsightWorker ??= start(options).catch((error: unknown) => {
    globalForWorker.hindsightWorker = undefined;
    throw error;
  });
  return globalForWorker.hindsightWorker;
}

/**
 * Creates the queue unless it exists. pg-boss 10's createQueue runs DDL (a partition table, a foreign key) without a
 * lock of its own: two workers starting together on a new database, or after an upgrade that adds a queue, took those
 * locks in different orders and PostgreSQL aborted one of them ("deadlock detected", 40P01), which stopped that worker
 * (found by the two-worker run, bench/scale-out.bench.ts). Creating a queue is idempotent, so the loser tries again.
 */
export async function ensureQueue(boss: PgBoss, name: string, options: PgBoss.Queue, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      if (!(await boss.getQueue(name))) await boss.createQueue(name, options);
      return;
    } catch (error) {
      if (sqlState(error) !== "40P01" || attempt >= attempts) throw error;
      logger.warn({ queue: name, attempt }, "creating the job queue met another worker doing the same (deadlock): trying again");
    }
  }
}

async function start({
  log = defaultLog,
  db = getDb(),
  pollingIntervalSeconds = 10,
  cronWorkerIntervalSeconds,
  firstPassAfterSeconds = 15,
}: WorkerOptions): Promise<PgBoss> {
  const boss = createBoss(poolOf(db), { cronWorkerIntervalSeconds });
  boss.on("error", (error: Error) => logger.error({ err: error }, "job queue error"));
  await boss.start();
  try {
    for (const job of RECURRING_JOBS) {
      // stately: at most one run waiting and one running, so a slow run never piles up behind itself
      await ensureQueue(boss, job.name, { name: job.name, policy: "stately", retryLimit: 1, retryDelay: 60, expireInSeconds: 15 * 60 });
      await boss.schedule(job.name, job.cron, {}, { tz: "UTC" });
      // Every line a run logs names the job and the run (pg-boss's job id), as a request's lines name the request.
      await boss.work(job.name, { pollingIntervalSeconds }, ([run]) =>
        withLogContext({ job: job.name, jobId: run?.id }, async () => {
          try {
            return { summary: await job.run(log) };
          } catch (error) {
            logger.error({ err: error }, `${job.name} failed`);
            throw error;
          }
        }),
      );
    }
    // Several instances starting together enqueue one run: the queue is stately.
    if (firstPassAfterSeconds !== null) await boss.send(REMINDERS_PASS, {}, { startAfter: firstPassAfterSeconds });
  } catch (error) {
    await boss.stop({ graceful: false, close: false }).catch(() => {});
    throw error;
  }
  log(`job worker started: ${RECURRING_JOBS.map((job) => `${job.name} (${job.cron})`).join(", ")}`);
  return boss;
}

export function workerRunning(): boolean {
  return globalForWorker.hindsightWorker !== undefined;
}

/** Lets a running job finish (up to `timeoutMs`), then stops. The database pool stays open: it is the app's. */
export async function stopWorker({ timeoutMs = 30_000 }: { timeoutMs?: number } = {}): Promise<void> {
  const worker = globalForWorker.hindsightWorker;
  globalForWorker.hindsightWorker = undefined;
  if (!worker) return;
  const boss = await worker.catch(() => null);
  await boss?.stop({ graceful: true, timeout: timeoutMs, close: false });
  closeSmtpTransports();
}

/** Runs a recurring job now instead of at its next scheduled time (returns null when a run is already waiting). */
export async function runJobNow(name: string): Promise<string | null> {
  const worker = globalForWorker.hindsightWorker;
  if (!worker) throw new Error("The job worker is not running in this process.");
  return (await worker).send(name, {});
}

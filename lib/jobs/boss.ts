// pg-boss, the job queue, on the app's own PostgreSQL (its tables live in the `pgboss` schema): no other server.
//
// It runs its SQL through the app's pg pool (the one under Prisma, lib/db/client.ts `poolOf`) rather than a pool of
// its own. On the embedded database that is a requirement: PGlite serves ONE connection, which the app holds. On
// PostgreSQL it costs nothing, as jobs are a few queries a minute. pg-boss 10 (Node >= 20; 11 and 12 need Node 22).
// NOTIFY does not reach workers on PGlite, so workers poll; the intervals below keep that to a few queries a minute.
import type pg from "pg";
import PgBoss from "pg-boss";

export const JOB_SCHEMA = "pgboss";

export type BossOptions = {
  /** how often the cron clock's own queue is polled (pg-boss default 5 s) */
  cronWorkerIntervalSeconds?: number;
  /** the schema pg-boss keeps its tables in (tests use one of their own) */
  schema?: string;
};

export function createBoss(pool: pg.Pool, { cronWorkerIntervalSeconds = 15, schema = JOB_SCHEMA }: BossOptions = {}): PgBoss {
  return new PgBoss({
    db: { executeSql: (text: string, values?: unknown[]) => pool.query(text, values) },
    schema,
    // creates or upgrades its schema at start, under its own advisory lock: safe with several instances
    migrate: true,
    // cron: every instance keeps time, the database makes sure one of them enqueues each run
    schedule: true,
    cronMonitorIntervalSeconds: 30,
    cronWorkerIntervalSeconds,
    // archiving and deleting old jobs
    supervise: true,
    maintenanceIntervalMinutes: 10,
    archiveCompletedAfterSeconds: 12 * 3600,
    deleteAfterDays: 7,
  });
}

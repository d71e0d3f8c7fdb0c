// Health: the database answers, every committed migration is applied, and a job worker was seen recently. One SQL
// statement (this is what load balancers poll, and the page benchmark's baseline): no schema engine, no pg-boss call.
//
// "A job worker was seen": pg-boss keeps its clock's last run in pgboss.version.cron_on. Every running worker (in an
// app instance, or `npm run worker`) checks every 30 s (cronMonitorIntervalSeconds in lib/jobs/boss.ts) and one of
// them moves it to now() when it is older than 30 s, so with any worker alive it is at most about a minute old. The
// age is computed by the database (now() - cron_on), so clocks of app servers do not matter.
import "server-only";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { getDb, type Db } from "@/lib/db/client";
import { JOB_SCHEMA } from "@/lib/jobs/boss";
import { sqlState } from "@/lib/errors";

/** No worker seen for this long: reminders and webhooks are not going out. Three missed beats of pg-boss's clock. */
export const WORKER_STALE_AFTER_SECONDS = 180;

export type HealthPart = "database" | "migrations" | "jobs";

export type Health = {
  ok: boolean;
  /** the parts that made it unhealthy (empty when ok) */
  failed: HealthPart[];
  database: "up" | "down";
  migrations: { expected: number; applied: number; pending: string[] };
  /**
   * up: a worker ran within `staleAfterSeconds`. starting: none seen yet, but this process started less than that
   * long ago (a worker starting with it has not had its first beat). down: none seen for longer. unknown: no database.
   */
  jobs: { status: "up" | "starting" | "down" | "unknown"; workerSeenSecondsAgo: number | null; staleAfterSeconds: number };
  error?: string;
};

let localMigrations: Promise<string[]> | undefined;

function listLocalMigrations(): Promise<string[]> {
  localMigrations ??= readdir(path.join(process.cwd(), "prisma", "migrations"), { withFileTypes: true }).then((entries) =>
    entries
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort(),
  );
  return localMigrations;
}

type Row = { applied: string[] | null; worker_seen: number | null };

const APPLIED = `SELECT coalesce(array_agg(migration_name), '{}') FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;

async function readState(db: Db): Promise<Row> {
  try {
    const [row] = await db.$queryRawUnsafe<Row[]>(
      `SELECT (${APPLIED}) AS applied, (SELECT EXTRACT(EPOCH FROM now() - cron_on)::float8 FROM ${JOB_SCHEMA}.version) AS worker_seen`,
    );
    return row!;
  } catch (error) {
    // No pg-boss tables yet: no worker has ever started on this database (a fresh one, before the first start).
    if (sqlState(error) !== "42P01") throw error;
    const [row] = await db.$queryRawUnsafe<Row[]>(`SELECT (${APPLIED}) AS applied, NULL::float8 AS worker_seen`);
    return row!;
  }
}

export type HealthOptions = {
  db?: Db;
  /** seconds this process has been running (process.uptime()) */
  uptimeSeconds?: number;
};

export async function checkHealth({ db, uptimeSeconds = process.uptime() }: HealthOptions = {}): Promise<Health> {
  const expected = await listLocalMigrations();
  const staleAfterSeconds = WORKER_STALE_AFTER_SECONDS;
  try {
    const row = await readState(db ?? getDb());
    const applied = new Set(row.applied ?? []);
    const pending = expected.filter((name) => !applied.has(name));
    const seen = row.worker_seen;
    const fresh = seen !== null && seen <= staleAfterSeconds;
    const jobsStatus = fresh ? "up" : uptimeSeconds < staleAfterSeconds ? "starting" : "down";
    const failed: HealthPart[] = [...(pending.length > 0 ? (["migrations"] as const) : []), ...(jobsStatus === "down" ? (["jobs"] as const) : [])];
    return {
      ok: failed.length === 0,
      failed,
      database: "up",
      migrations: { expected: expected.length, applied: applied.size, pending },
      jobs: { status: jobsStatus, workerSeenSecondsAgo: seen === null ? null : Math.round(seen), staleAfterSeconds },
    };
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return {
      ok: false,
      failed: ["database"],
      database: "down",
      migrations: { expected: expected.length, applied: 0, pending: expected },
      jobs: { status: "unknown", workerSeenSecondsAgo: null, staleAfterSeconds },
      error: message,
    };
  }
}

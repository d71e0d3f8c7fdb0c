// Pages at scale (issue 13): 10,000 incidents with whole reports (timelines of 5-15 events, contributing factors,
// impact metrics, resolution steps, lessons, 1-3 of 40 services, one in ten private with participants) over three
// years, and 100,000 action items owned by 200 people, seeded set-based into a fresh database; then the BUILT app
// (`next start`, job worker off) is served on 127.0.0.1 and autocannon puts 20 connections on each page for 10 s
// after a short warm-up, signed in as the demo manager. Printed per page: req/s, p50, p95 (exact, from every
// response's time), bytes per response (headers included), CPU time per response of the app server and of PostgreSQL
// (from /proc: steadier than wall time on a busy machine, though runs on this VM still differ by ±25%; the database's
// is what a shared database pays per view when several app instances serve), non-2xx responses, and req/s as a share
// of /api/health's on the same server (called without the session cookie, as a monitor would).
// The server gets the bench's environment. BENCH_COMPARE=NAME=value[,...] starts a second server with those settings
// on the same data and measures both, page by page in turn, then prints both tables and the change
// (BENCH_COMPARE=DATABASE_PREPARED_STATEMENTS=off: what prepared statements save); BENCH_COMPARE_BUILD=<dir> serves
// the second from another checkout's build (before and after a change). BENCH_CPU_PROF=<dir> writes the server's CPU
// profile there (bench/profile-summary.ts reads it).
// Goal (the issue): every page >= 25% of /api/health's throughput and p95 <= 100 ms. A miss is printed as FAIL,
// never thrown: timing depends on the machine. What does throw: a seed, sign-in or server that does not work.
//
// Needs a production build (`npm run build`). A fresh database is created on the PostgreSQL at BENCH_DATABASE_URL
// (default TEST_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres) and dropped at the end; BENCH_KEEP=1
// keeps it (its name is printed). Run: npm run bench -- pages
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { hashPassword } from "@/lib/auth/password";
import { migrateDeploy, parseDatabaseUrl } from "@/lib/db/migrate";
import { DEMO_USERS } from "@/prisma/demo-users";
import { adminUrl, freePort, loadAverage, signIn, startApp, stopApp, waitForHealth, withClient } from "./app-server";

export type PagesBenchOptions = { incidents?: number; actionItems?: number; users?: number; connections?: number; seconds?: number };

const GOAL_SHARE = 0.25;
const GOAL_P95_MS = 100;
const WARM_UP_SECONDS = 3;
/** The 1-minute load average above which the machine counts as busy before the measured runs. */
const BUSY_LOAD = 1.5;

// prettier-ignore
const SERVICES = [
  "checkout-api", "payments", "auth-service", "search", "catalog", "inventory", "orders", "shipping", "notifications",
  "email-sender", "billing", "invoicing", "user-profile", "recommendations", "pricing", "cart", "gateway", "cdn-edge",
  "dns", "load-balancer", "postgres-primary", "postgres-replica", "redis-cache", "kafka", "rabbitmq", "object-storage",
  "image-resizer", "analytics-pipeline", "reporting", "feature-flags", "config-service", "identity-provider",
  "mobile-backend", "web-frontend", "admin-console", "webhooks", "scheduler", "batch-jobs", "ledger", "fraud-detection",
];

/** Picks the element `n` of an SQL array literal by a per-row hash: (ARRAY[...])[1 + abs(hashtext(salt || key)) % len]. */
function pick(values: string[], salt: string, key: string): string {
  const literal = values.map((value) => `'${value.replace(/'/g, "''")}'`).join(", ");
  return `(ARRAY[${literal}])[1 + abs(hashtext('${salt}' || ${key})) % ${values.length}]`;
}
const hash = (salt: string, key: string) => `abs(hashtext('${salt}' || ${key}))`;

// Texts with %s filled by the incident's first service. About a third of titles and a fair share of the other texts
// say "connection", so that the search target matches many rows but not all.
const TITLES = [
  "%s: database connection pool exhausted",
  "Elevated 5xx from %s after a deploy",
  "%s latency spike during peak traffic",
  "Connection resets between %s and the load balancer",
  "%s unavailable: expired TLS certificate",
  "Message backlog in the %s consumer",
  "%s out of memory after a configuration change",
  "DNS resolution failures in %s",
  "Slow queries on the %s primary",
  "Connection timeouts from %s to the cache",
];
const SUMMARIES = [
  "Requests to %s failed for part of the window while the pool waited on connections that never came back. Customers saw errors at checkout and retried, which made it worse.",
  "A rollout of %s shipped a change that doubled the work per request; latency rose until the autoscaler caught up and the change was rolled back.",
  "%s lost its connection to its primary dependency after a network change; retries without backoff kept it saturated until traffic was shed.",
  "A certificate used by %s expired overnight. Clients refused the handshake until a new certificate was issued and deployed.",
  "A batch job competed with %s for the same database, slowing every query on the hot path until the job was paused.",
];
const ROOT_CAUSES = [
  "The connection pool of %s was sized for last year's traffic and had no alert on saturation.",
  "A retry loop in %s had no jitter, so every client retried at once after the first timeout.",
  "A configuration default changed in a library upgrade of %s and nobody reviewed the release notes.",
  "Certificate renewal for %s depended on a cron job that had been disabled during a migration.",
  "An unindexed query introduced in %s scanned the whole table under load.",
];
const TRIGGERS = [
  "A deploy of %s at the start of the window",
  "Traffic peak from a marketing campaign",
  "A network change in one availability zone",
  "Scheduled batch job started early",
  "Certificate expiry at midnight UTC",
];
const DETECTIONS = [
  "Paged by the error-rate alert on %s",
  "Customer support tickets about failed payments",
  "Synthetic check from three regions failed",
  "Engineer noticed the latency graph during a deploy",
  "Connection error logs crossed the alert threshold",
];
const EVENTS = [
  "Alert fired: error rate on %s above 5%%",
  "On-call acknowledged the page and opened the incident channel",
  "Dashboards show connection refused errors from %s",
  "Rolled back the last deploy of %s",
  "Raised the connection pool size from 50 to 200",
  "Traffic shifted away from the affected zone",
  "Latency back under the SLO; monitoring",
  "Customer support informed; status page updated",
  "Found the retry storm in the client logs",
  "Restarted the %s pods one at a time",
  "Database connections back to normal levels",
  "Declared resolved after an hour of clean metrics",
];
const FACTORS = [
  "No alert on connection pool saturation for %s",
  "Retries without jitter multiplied the load",
  "The runbook for %s was out of date",
  "Canary stage too short to catch the regression",
  "Shared database between %s and batch jobs",
  "Timeouts longer than the caller's, so connections piled up",
];
const STEPS = [
  "Rolled back %s to the previous release",
  "Increased connection limits on the database",
  "Paused the batch job",
  "Issued and deployed a new certificate",
  "Drained and restarted the affected nodes",
  "Enabled the circuit breaker on the %s client",
];
const LESSONS = [
  "Alerting on saturation would have paged us 20 minutes earlier",
  "The rollback was fast because the deploy was small",
  "We were lucky the incident happened off-peak",
  "Nobody knew who owned %s",
  "Connection limits must be load-tested before each peak season",
];
const ACTION_TITLES = [
  "Add an alert on connection pool saturation",
  "Add jitter to client retries",
  "Update the runbook",
  "Extend the canary stage to 30 minutes",
  "Move batch jobs to a replica",
  "Align client and server timeouts",
  "Automate certificate renewal",
  "Load-test before peak season",
  "Add an index for the slow query",
  "Document service ownership",
];

/** Everything in set-based INSERT ... SELECT FROM generate_series: the database builds the rows, nothing crosses the wire. */
async function seed(client: pg.Client, { incidents, actionItems, users }: { incidents: number; actionItems: number; users: number }): Promise<void> {
  const exec = (sql: string, values: unknown[] = []) => client.query(sql, values);
  // The search document's triggers would recompute every report once per statement below: off for this load, then
  // one refresh of all of them at the end (prisma/migrations/20261204173000_full_text_search says so).
  await exec("SET hindsight.search_refresh = 'off'");
  const demo = await Promise.all(DEMO_USERS.map(async (user) => ({ ...user, passwordHash: await hashPassword(user.password) })));
  await exec(
    `INSERT INTO "User" (id, email, name, role, "passwordHash", "updatedAt")
     SELECT 'demo-' || lower(role), email, name, role::"Role", hash, now()
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS d(email, name, role, hash)`,
    [demo.map((u) => u.email), demo.map((u) => u.name), demo.map((u) => u.role), demo.map((u) => u.passwordHash)],
  );
  await exec(`
    INSERT INTO "User" (id, email, name, role, "timeZone", "updatedAt")
    SELECT 'u' || n, 'person' || n || '@bench.example', 'Person ' || n,
           (CASE WHEN n % 10 = 0 THEN 'MANAGER' WHEN n % 10 < 7 THEN 'SRE' ELSE 'VIEWER' END)::"Role",
           ${pick(["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo"], "tz", "n")}, now()
    FROM generate_series(1, ${users}) n`);
  await exec(`INSERT INTO "Service" (id, name, team) SELECT 's' || k, name, 'team-' || (1 + k % 8) FROM unnest($1::text[]) WITH ORDINALITY AS s(name, k)`, [
    SERVICES,
  ]);
  const service = `(SELECT name FROM "Service" WHERE id = 's' || (1 + ${hash("svc", "n")} % ${SERVICES.length}))`;
  // Start times spread over the three years before now; the first service fills the %s of the texts.
  await exec(`
    INSERT INTO "Incident" (id, "publicId", title, severity, "impactSummary", status, "reportState", "startedAt", "detectedAt",
      "mitigatedAt", "resolvedAt", "endedAt", private, summary, "rootCause", trigger, detection, "usersAffected", "errorRate",
      "dataLoss", "authorId", "createdAt", "updatedAt")
    SELECT 'i' || n, 'INC-' || to_char(started, 'YYYY-MMDD') || '-' || lpad(n::text, 5, '0'),
           format(${pick(TITLES, "title", "n")}, svc),
           CASE WHEN h % 20 < 2 THEN 'Critical' WHEN h % 20 < 7 THEN 'High' WHEN h % 20 < 15 THEN 'Medium' ELSE 'Low' END,
           format('About %s users saw errors on %s for %s minutes.', (h % 50000) + 100, svc, (h % 240) + 5),
           (CASE WHEN h % 50 = 0 THEN 'INVESTIGATING' WHEN h % 50 = 1 THEN 'IDENTIFIED' WHEN h % 50 = 2 THEN 'MONITORING'
                 WHEN h % 50 < 30 THEN 'RESOLVED' ELSE 'CLOSED' END)::"IncidentStatus",
           (CASE WHEN r % 20 < 12 THEN 'APPROVED' WHEN r % 20 < 15 THEN 'DRAFT' WHEN r % 20 < 18 THEN 'IN_REVIEW'
                 ELSE 'CHANGES_REQUESTED' END)::"ReportState",
           started, detected, mitigated, CASE WHEN h % 50 < 3 THEN NULL ELSE resolved END, CASE WHEN h % 50 < 3 THEN NULL ELSE resolved END,
           n % 10 = 0,
           format(${pick(SUMMARIES, "summary", "n")}, svc), format(${pick(ROOT_CAUSES, "root", "n")}, svc),
           format(${pick(TRIGGERS, "trigger", "n")}, svc), format(${pick(DETECTIONS, "detection", "n")}, svc),
           (h % 50000) + 100, (h % 300) / 1000.0, h % 97 = 0, 'u' || (1 + ${hash("author", "n")} % ${users}), started, started
    FROM (
      SELECT *, started + (2 + h % 28) * interval '1 minute' AS detected,
             started + (7 + h % 28 + (h / 29) % 120) * interval '1 minute' AS mitigated,
             started + (17 + h % 28 + (h / 29) % 120 + (h / 3481) % 300) * interval '1 minute' AS resolved
      FROM (
        SELECT n, ${hash("h", "n")} AS h, ${hash("r", "n")} AS r, ${service} AS svc,
               date_trunc('minute', now()) - (${hash("start", "n")} % (3 * 365 * 24 * 60)) * interval '1 minute' AS started
        FROM generate_series(1, ${incidents}) n
      ) t
    ) s`);
  // Private reports: 2-4 participants each, the author among them.
  await exec(`
    INSERT INTO "IncidentParticipant" ("incidentId", "userId", role)
    SELECT i.id, 'u' || (1 + (${hash("p", "i.id")} + k * 37) % ${users}), 'RESPONDER'
    FROM "Incident" i, generate_series(1, 4) k WHERE i.private AND k <= 2 + ${hash("pc", "i.id")} % 3
    ON CONFLICT DO NOTHING`);
  await exec(`
    INSERT INTO "IncidentParticipant" ("incidentId", "userId", role)
    SELECT id, "authorId", 'AUTHOR' FROM "Incident" WHERE private ON CONFLICT DO NOTHING`);
  // 1-3 services: the first is the one the texts name; the others 7 and 14 places on in the catalog.
  await exec(`
    INSERT INTO "IncidentService" ("incidentId", "serviceId", position)
    SELECT 'i' || n, 's' || (1 + (${hash("svc", "n")} + (k - 1) * 7) % ${SERVICES.length}), k - 1
    FROM generate_series(1, ${incidents}) n, generate_series(1, 3) k WHERE k <= 1 + ${hash("sc", "n")} % 3`);
  const perIncident = (table: string, columns: string, values: string, salt: string, min: number, spread: number) =>
    exec(`
      INSERT INTO "${table}" (id, "incidentId", position, ${columns})
      SELECT '${salt}' || i.n || '_' || k, 'i' || i.n, k - 1, ${values}
      FROM (SELECT n, ${service} AS svc FROM generate_series(1, ${incidents}) n) i, generate_series(1, ${min + spread - 1}) k
      WHERE k <= ${min} + ${hash(`${salt}count`, "i.n")} % ${spread}`);
  const key = "(i.n || '_' || k)";
  await perIncident("ContributingFactor", "text", `format(${pick(FACTORS, "cf", key)}, svc)`, "cf", 2, 3);
  await perIncident("ResolutionStep", "text", `format(${pick(STEPS, "rs", key)}, svc)`, "rs", 2, 4);
  await perIncident(
    "LessonLearned",
    "category, text",
    `(${pick(["GENERAL", "WENT_WELL", "WENT_WRONG", "LUCKY"], "lc", key)})::"LessonCategory", format(${pick(LESSONS, "ll", key)}, svc)`,
    "ll",
    2,
    3,
  );
  await perIncident(
    "ImpactMetric",
    'kind, label, value, unit, baseline, "baselineUnit", qualifier',
    `(ARRAY['ERROR_RATE', 'LATENCY', 'USERS_AFFECTED'])[k]::"ImpactMetricKind", (ARRAY['Error rate', 'p95 latency', 'Users affected'])[k],
     (ARRAY[1 + ${hash("v", key)} % 40, 0.5 + (${hash("v", key)} % 50) / 10.0, 100 + ${hash("v", key)} % 90000])[k],
     (ARRAY['%', 's', NULL])[k], (ARRAY[0.2, 180, NULL])[k], (ARRAY['%', 'ms', NULL])[k], 'at peak'`,
    "im",
    1,
    3,
  );
  // 5-15 timeline events in time order: the alert at the start, the 2nd is detection, the second-to-last mitigation
  // and the last resolution (milestones at the incident's times), the others between detection and mitigation.
  await exec(`
    INSERT INTO "TimelineEvent" (id, "incidentId", "occurredAt", position, text, kind, milestone)
    SELECT 'te' || i.id || '_' || k, i.id,
           CASE WHEN k = 1 THEN i."startedAt" WHEN k = 2 THEN i."detectedAt" WHEN k = c - 1 THEN i."mitigatedAt"
                WHEN k = c THEN coalesce(i."resolvedAt", i."mitigatedAt" + interval '1 hour')
                ELSE i."detectedAt" + (k - 2) * (i."mitigatedAt" - i."detectedAt") / (c - 3) END,
           0, format(CASE WHEN k = 1 THEN '${EVENTS[0]}' WHEN k = c AND i."resolvedAt" IS NOT NULL THEN '${EVENTS.at(-1)}'
                          ELSE ${pick(EVENTS.slice(1, -1), "ev", "(i.id || '_' || k)")} END,
                     (SELECT s.name FROM "IncidentService" x JOIN "Service" s ON s.id = x."serviceId" WHERE x."incidentId" = i.id AND x.position = 0)),
           (CASE WHEN k = 1 THEN 'ALERT' WHEN k = 2 OR k = c - 1 OR (k = c AND i."resolvedAt" IS NOT NULL) THEN 'MILESTONE'
                 WHEN k % 3 = 0 THEN 'ACTION' ELSE 'OBSERVATION' END)::"TimelineEventKind",
           (CASE WHEN k = 2 THEN 'DETECTED' WHEN k = c - 1 THEN 'MITIGATED' WHEN k = c AND i."resolvedAt" IS NOT NULL THEN 'RESOLVED' END)::"Milestone"
    FROM (SELECT *, 5 + ${hash("tl", "id")} % 11 AS c FROM "Incident") i, generate_series(1, 15) k WHERE k <= i.c`);
  // Action items spread evenly over the incidents, due from a year ago to half a year ahead; most past ones done.
  await exec(`
    INSERT INTO "ActionItem" (id, "incidentId", position, title, description, "ownerId", "dueDate", priority, status,
      "wontDoReason", "completedAt", "createdById", "createdAt", "updatedAt")
    SELECT 'a' || n, 'i' || (1 + n % ${incidents}), n / ${incidents}, ${pick(ACTION_TITLES, "at", "n")},
           'So that this does not happen again: see the contributing factors.',
           CASE WHEN ${hash("owned", "n")} % 100 < 8 THEN NULL ELSE 'u' || (1 + ${hash("owner", "n")} % ${users}) END,
           due, ${pick(["CRITICAL", "HIGH", "MEDIUM", "MEDIUM", "LOW"], "prio", "n")}::"Priority", status::"ActionItemStatus",
           CASE WHEN status = 'WONT_DO' THEN 'Superseded by a platform change' END,
           CASE WHEN status = 'DONE' THEN due - (${hash("c", "n")} % 20) * interval '1 day' END,
           'u' || (1 + ${hash("creator", "n")} % ${users}), now(), now()
    FROM (
      SELECT n, due, CASE WHEN due < current_date AND done < 80 THEN (CASE WHEN n % 9 = 0 THEN 'WONT_DO' ELSE 'DONE' END)
                          WHEN done < 20 THEN 'DONE' WHEN n % 3 = 0 THEN 'IN_PROGRESS' ELSE 'OPEN' END AS status
      FROM (SELECT n, current_date + (${hash("due", "n")} % 545 - 365) AS due, ${hash("done", "n")} % 100 AS done
            FROM generate_series(1, ${actionItems}) n) d
    ) s`);
  // As on a database that has been running: statistics current, hint bits set (the first reader would set them).
  await exec("RESET hindsight.search_refresh");
  await exec(`SELECT incident_search_refresh(ARRAY(SELECT id FROM "Incident"))`);
  await exec("VACUUM ANALYZE");
}

// autocannon ships no types; the part used here.
type AutocannonResult = { requests: { average: number; total: number }; non2xx: number; errors: number; timeouts: number; duration: number };
type AutocannonInstance = PromiseLike<AutocannonResult> & {
  on(event: "response", listener: (client: unknown, statusCode: number, responseBytes: number, responseTimeMs: number) => void): void;
};
type Autocannon = (options: { url: string; connections: number; duration: number; headers?: Record<string, string>; timeout?: number }) => AutocannonInstance;
// Loaded when the runs start: a missing devDependency is then a clear error, not a failure to import this file.
const autocannon: Autocannon = (options) => (createRequire(import.meta.url)("autocannon") as Autocannon)(options);

type Measurement = {
  path: string;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  bytes: number;
  non2xx: number;
  errors: number;
  responses: number;
  /** CPU time per response of the app server (its whole process group) */
  appCpuMsPerResponse: number;
  /** CPU time per response of PostgreSQL (every postgres process: the page's statements, parsed, planned, run) */
  databaseCpuMsPerResponse: number;
  /** printed for comparison, not held to the goal */
  info?: boolean;
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Clock ticks per second of /proc/<pid>/stat's CPU times (USER_HZ: 100 on Linux). */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time used so far, in ms, by the processes `which` picks (from /proc: Linux only, NaN elsewhere): the app
 * server's process group, or every PostgreSQL process. CPU time, not wall time: on a machine that load generator,
 * server and database share, a statement's wall time grows with the contention while its CPU time does not.
 */
function cpuMs(which: (stat: { comm: string; pgrp: number }) => boolean): number {
  if (process.platform !== "linux") return NaN;
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // pid (comm) state ppid pgrp ... utime stime: comm may hold spaces and parentheses, so split after the last ")"
    const close = stat.lastIndexOf(")");
    const fields = stat.slice(close + 2).split(" ");
    if (which({ comm: stat.slice(stat.indexOf("(") + 1, close), pgrp: Number(fields[2]) })) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

type CpuSample = { app: number; database: number };

function sampleCpu(serverPid: number): CpuSample {
  return { app: cpuMs((stat) => stat.pgrp === serverPid), database: cpuMs((stat) => stat.comm === "postgres") };
}

async function load(base: string, path: string, cookie: string | null, connections: number, seconds: number, serverPid: number): Promise<Measurement> {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  await autocannon({ url: `${base}${path}`, connections, duration: WARM_UP_SECONDS, headers, timeout: 30 });
  const cpuBefore = sampleCpu(serverPid);
  const times: number[] = [];
  let bytes = 0;
  const instance = autocannon({ url: `${base}${path}`, connections, duration: seconds, headers, timeout: 30 });
  instance.on("response", (_client, _status, responseBytes, responseTimeMs) => {
    times.push(responseTimeMs);
    bytes += responseBytes;
  });
  const result = await instance;
  const cpuAfter = sampleCpu(serverPid);
  times.sort((a, b) => a - b);
  return {
    path,
    // Every response counted over the measured duration (autocannon's average is of whole seconds only).
    requestsPerSecond: times.length / (result.duration || seconds),
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    bytes: times.length ? bytes / times.length : 0,
    appCpuMsPerResponse: times.length ? (cpuAfter.app - cpuBefore.app) / times.length : NaN,
    databaseCpuMsPerResponse: times.length ? (cpuAfter.database - cpuBefore.database) / times.length : NaN,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    responses: times.length,
  };
}

type Served = { base: string; cookie: string; pid: number; rows: Measurement[] };

/** BENCH_COMPARE="NAME=value,NAME2=value2": the second server's settings. */
function parseCompare(value: string | undefined): Record<string, string> | null {
  if (!value?.trim()) return null;
  const pairs = value.split(",").map((pair) => {
    const equals = pair.indexOf("=");
    return equals < 0 ? [pair.trim()] : [pair.slice(0, equals).trim(), pair.slice(equals + 1)];
  });
  if (pairs.some((pair) => pair.length !== 2 || !/^[A-Z][A-Z0-9_]*$/.test(pair[0]!))) {
    throw new Error(`BENCH_COMPARE must be NAME=value pairs separated by commas, e.g. DATABASE_PREPARED_STATEMENTS=off; got "${value}"`);
  }
  return Object.fromEntries(pairs);
}

/**
 * The second server, if any: other settings (BENCH_COMPARE), another build (BENCH_COMPARE_BUILD: a checkout with its
 * own `npm ci` and `npm run build`, e.g. a worktree of the commit before a change), or both.
 */
function comparison(settings: string | undefined, build: string | undefined): { env: Record<string, string>; cwd?: string; label: string } | null {
  const env = parseCompare(settings);
  const cwd = build?.trim() ? path.resolve(build.trim()) : undefined;
  if (!env && !cwd) return null;
  if (cwd && !existsSync(path.join(cwd, ".next", "BUILD_ID")))
    throw new Error(`BENCH_COMPARE_BUILD=${cwd} has no production build: run \`npm run build\` there`);
  const label = [cwd ? `built at ${cwd}` : "", env ? `with ${formatEnv(env)}` : ""].filter(Boolean).join(" ");
  return { env: env ?? {}, cwd, label };
}

function formatEnv(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([name, value]) => `${name}=${value}`)
    .join(", ");
}

/** Per page, the configured server's figures against the compared one's, and the change. */
function printComparison(configured: Measurement[], compared: Measurement[], label: string): void {
  const change = (a: number, b: number) => `${a >= b ? "+" : ""}${(((a - b) / b) * 100).toFixed(0)}%`;
  console.log(`\npages: as configured against ${label} (change relative to ${label}):`);
  console.log(`| page | req/s | app CPU ms/resp | DB CPU ms/resp |`);
  console.log(`|:--|--:|--:|--:|`);
  configured.forEach((row, index) => {
    const other = compared[index]!;
    console.log(
      `| ${row.path} | ${row.requestsPerSecond.toFixed(1)} vs ${other.requestsPerSecond.toFixed(1)} (${change(row.requestsPerSecond, other.requestsPerSecond)}) | ` +
        `${row.appCpuMsPerResponse.toFixed(1)} vs ${other.appCpuMsPerResponse.toFixed(1)} (${change(row.appCpuMsPerResponse, other.appCpuMsPerResponse)}) | ` +
        `${row.databaseCpuMsPerResponse.toFixed(1)} vs ${other.databaseCpuMsPerResponse.toFixed(1)} (${change(row.databaseCpuMsPerResponse, other.databaseCpuMsPerResponse)}) |`,
    );
  });
}

function printTable(rows: Measurement[], health: Measurement): void {
  const header = ["page", "req/s", "p50 ms", "p95 ms", "bytes/resp", "app CPU ms", "DB CPU ms", "non-2xx", "errors", "vs health", "goal"];
  const lines = rows.map((row) => {
    const share = row.requestsPerSecond / health.requestsPerSecond;
    const isHealth = row === health;
    const pass = share >= GOAL_SHARE && row.p95 <= GOAL_P95_MS && row.non2xx === 0 && row.errors === 0;
    return [
      row.path,
      row.requestsPerSecond.toFixed(1),
      row.p50.toFixed(1),
      row.p95.toFixed(1),
      Math.round(row.bytes).toLocaleString("en-US"),
      row.appCpuMsPerResponse.toFixed(1),
      row.databaseCpuMsPerResponse.toFixed(1),
      String(row.non2xx),
      String(row.errors),
      `${(share * 100).toFixed(1)}%`,
      isHealth ? "(baseline)" : row.info ? "(info)" : pass ? "PASS" : "FAIL",
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: string[]) =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(" | ")} |`;
  console.log(format(header));
  console.log(`|${widths.map((width, column) => (column === 0 ? ":" : "-") + "-".repeat(width) + (column === 0 ? "-" : ":")).join("|")}|`);
  for (const line of lines) console.log(format(line));
  console.log(
    `pages: goal per page: >= ${GOAL_SHARE * 100}% of /api/health's req/s and p95 <= ${GOAL_P95_MS} ms (and no non-2xx or errors); p95 is exact, from every response's time`,
  );
}

/** Waits (at most `maxMs`) for the 1-minute load average to fall under BUSY_LOAD: the seed and the build leave it high. */
async function waitForQuiet(maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (os.loadavg()[0]! > BUSY_LOAD && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5_000));
  const busy = os.loadavg()[0]! > BUSY_LOAD;
  console.log(
    `pages: load average before the runs ${loadAverage()} (${os.cpus().length} CPUs)${busy ? `: BUSY (> ${BUSY_LOAD}), figures are pessimistic` : ""}`,
  );
}

export async function run(options: PagesBenchOptions = {}): Promise<void> {
  const incidents = options.incidents ?? 10_000;
  const actionItems = options.actionItems ?? 100_000;
  const users = options.users ?? 200;
  const connections = options.connections ?? 20;
  const seconds = options.seconds ?? 10;
  if (!existsSync(".next/BUILD_ID")) throw new Error("No production build: run `npm run build` first (from the repository root).");
  const name = `hindsight_bench_pages_${process.pid}_${randomUUID().slice(0, 8)}`;
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  console.log(`pages: load average at start ${loadAverage()} (${os.cpus().length} CPUs)`);

  await withClient(adminUrl(), (client) => client.query(`CREATE DATABASE "${name}"`));
  const servers: ChildProcess[] = [];
  const compare = comparison(process.env.BENCH_COMPARE, process.env.BENCH_COMPARE_BUILD);
  try {
    await migrateDeploy(parseDatabaseUrl(databaseUrl), { lock: false });
    const started = performance.now();
    const report = await withClient(databaseUrl, async (client) => {
      await seed(client, { incidents, actionItems, users });
      const counts = await client.query<Record<string, number>>(`
        SELECT (SELECT count(*)::int FROM "Incident") AS incidents, (SELECT count(*)::int FROM "ActionItem") AS "actionItems",
               (SELECT count(*)::int FROM "TimelineEvent") AS "timelineEvents", (SELECT count(*)::int FROM "ContributingFactor") AS factors,
               (SELECT count(*)::int FROM "Incident" WHERE private) AS private,
               (SELECT count(*)::int FROM "Incident" WHERE title ILIKE '%connection%') AS "titlesWithConnection"`);
      console.log(
        `pages: seeded in ${Math.round(performance.now() - started)} ms (set-based SQL, VACUUM ANALYZE included): ${Object.entries(counts.rows[0]!)
          .map(([key, value]) => `${key} ${value.toLocaleString("en-US")}`)
          .join(", ")}`,
      );
      // A typical report: approved, public, with as many action items as most.
      const row = await client.query<{ publicId: string }>(
        `SELECT "publicId" FROM "Incident" WHERE NOT private AND "reportState" = 'APPROVED' AND "resolvedAt" IS NOT NULL ORDER BY "startedAt" DESC LIMIT 1`,
      );
      return row.rows[0]!.publicId;
    });

    const manager = DEMO_USERS.find((user) => user.role === "MANAGER")!;
    const serve = async (extraEnv: Record<string, string>, label: string, cwd?: string): Promise<Served> => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const started = performance.now();
      const server = startApp(databaseUrl, port, extraEnv, cwd);
      servers.push(server);
      await waitForHealth(base, server, 60_000);
      console.log(`pages: ${label}next start healthy on ${base} in ${Math.round(performance.now() - started)} ms (job worker off)`);
      const cookie = await signIn(base, manager.email, manager.password);
      return { base, cookie, pid: server.pid!, rows: [] };
    };
    const configured = await serve({}, "");
    console.log(`pages: signed in as ${manager.email} (MANAGER: sees private reports too)`);
    // BENCH_COMPARE(_BUILD): a second server with other settings or another build, measured page by page alternately
    // with the first, so that the machine's drift over the run (on this shared VM, ±30% between runs minutes apart)
    // falls on both alike.
    const compared = compare ? await serve(compare.env, `${compare.label}: `, compare.cwd) : null;

    // The health check is the baseline as a monitor calls it, without a session. Beside it, with the cookie: proxy.ts
    // decrypts the session token on each request that carries one, a cost every page pays and health does not.
    const HEALTH_SIGNED_IN = "/api/health (session cookie)";
    // The floor for any page: the signed-in layout around a sentence, no data of its own. What a page costs above it
    // is the page's; what it costs up to it is Next's rendering, the session and the layout, which every page pays.
    const LAYOUT_ONLY = "/forbidden (layout only)";
    const targets: { label: string; path: string; signedIn: boolean }[] = [
      { label: "/api/health", path: "/api/health", signedIn: false },
      { label: HEALTH_SIGNED_IN, path: "/api/health", signedIn: true },
      { label: LAYOUT_ONLY, path: "/forbidden", signedIn: true },
      ...[
        "/incidents",
        "/incidents?q=connection",
        "/incidents?severity=High&state=APPROVED&service=payments",
        "/action-items",
        "/insights",
        `/incidents/${encodeURIComponent(report)}`,
      ].map((path) => ({ label: path, path, signedIn: true })),
    ];
    await waitForQuiet(120_000);
    for (const [index, { label, path, signedIn }] of targets.entries()) {
      // A then B, B then A on the next page: neither always runs on the warmer machine
      const order = compared ? (index % 2 === 0 ? [configured, compared] : [compared, configured]) : [configured];
      for (const served of order) {
        const probe = await fetch(`${served.base}${path}`, { redirect: "manual", headers: { cookie: served.cookie } });
        await probe.arrayBuffer();
        if (probe.status !== 200) throw new Error(`${path} answered ${probe.status} before the run`);
        const measurement = {
          ...(await load(served.base, path, signedIn ? served.cookie : null, connections, seconds, served.pid)),
          path: label,
          info: label === HEALTH_SIGNED_IN || label === LAYOUT_ONLY,
        };
        served.rows.push(measurement);
        console.log(
          `pages: ${served === compared ? `[${compare!.label}] ` : ""}${label}: ${measurement.responses} responses in ${seconds} s at ${connections} connections (after ${WARM_UP_SECONDS} s of warm-up); load average ${loadAverage()}`,
        );
      }
    }
    console.log(`pages: ${incidents.toLocaleString("en-US")} incidents, ${actionItems.toLocaleString("en-US")} action items; report page ${report}`);
    printTable(configured.rows, configured.rows[0]!);
    if (compared) {
      console.log(`\npages: the same pages on the server ${compare!.label}:`);
      printTable(compared.rows, compared.rows[0]!);
      printComparison(configured.rows, compared.rows, compare!.label);
    }
    console.log(`pages: load average after ${loadAverage()}`);
  } finally {
    for (const server of servers) await stopApp(server);
    if (process.env.BENCH_KEEP === "1") console.log(`pages: kept the database ${name}`);
    else await withClient(adminUrl(), (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
}

/**
 * The same data in a new database that is kept, for measuring queries by hand (EXPLAIN ANALYZE):
 * `npx tsx --conditions=react-server bench/pages.bench.ts --seed-only` prints its URL. Drop it when done.
 */
export async function seedOnly(options: PagesBenchOptions = {}): Promise<string> {
  const name = `hindsight_bench_pages_seed_${randomUUID().slice(0, 8)}`;
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  await withClient(adminUrl(), (client) => client.query(`CREATE DATABASE "${name}"`));
  await migrateDeploy(parseDatabaseUrl(url.toString()), { lock: false });
  await withClient(url.toString(), (client) =>
    seed(client, { incidents: options.incidents ?? 10_000, actionItems: options.actionItems ?? 100_000, users: options.users ?? 200 }),
  );
  return url.toString();
}

/**
 * The built app on a kept database (from --seed-only), signed in as the demo manager, until Ctrl-C: for measuring one
 * page by hand (`curl -H "cookie: ..."`, a profiler). `... bench/pages.bench.ts --serve postgresql://.../name`
 */
async function serve(databaseUrl: string): Promise<void> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = startApp(databaseUrl, port);
  await waitForHealth(base, server, 60_000);
  const manager = DEMO_USERS.find((user) => user.role === "MANAGER")!;
  console.log(`pages: serving ${base}\ncookie: ${await signIn(base, manager.email, manager.password)}`);
  await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
  await stopApp(server);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const serveAt = process.argv.indexOf("--serve");
  if (process.argv.includes("--seed-only")) console.log(`pages: seeded ${await seedOnly()}`);
  else if (serveAt > 0) await serve(process.argv[serveAt + 1] ?? adminUrl());
  else await run();
  process.exit(0);
}

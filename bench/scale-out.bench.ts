// Scale-out proof (issue 17): two app instances and two job workers on one PostgreSQL database, all on 127.0.0.1.
//   A, B     `next start` from the same build, HINDSIGHT_WORKER=off, the same AUTH_SECRET and DATABASE_URL
//   W1, W2   `npm run worker` (scripts/worker.ts), SMTP_URL pointing at a real SMTP server this run starts
//            (lib/mail/test-smtp-server.ts, smtp-server), which keeps every mail it accepts, so mails are counted
// and shows:
//   1. sessions work on both: signed in on A, the cookie reads a page and the API and creates a report on B (and the
//      reverse); signed out on one, the same cookie is refused by the other (sessions are revoked in the database)
//   2. load shared: GET /incidents with a session, alternated between A and B (a round-robin like a load balancer's):
//      requests served by each, errors, req/s and p95 per instance
//   3. reminders go once: (a) the workers' own schedule (each enqueues a first pass at start; the queue is stately) for
//      overdue items owned by 20 people; (b) overdue items owned by 500 more people, then at the same moment the pass
//      sent to the queue by two clients and `npm run reminders` in two processes. Each owner gets exactly one mail
//      (counted at the SMTP server), naming each of their items, and the database's delivery rows agree: each SENT once,
//      after one attempt, the per-process "sent" counts adding up to them
//   4. webhooks for one alert group at both instances make one draft: the same Alertmanager notification (payload
//      version 4) posted twice to A and twice to B at once, then the group's next notification the same way, for 10
//      groups: one draft per groupKey, its events each stored once
// Prints a table with the load average and throws (non-zero exit) when a claim fails.
//
// Needs a production build in this checkout (`npm run build`). A fresh database is created on the PostgreSQL at
// BENCH_DATABASE_URL (default TEST_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres) and dropped at the
// end; BENCH_KEEP=1 keeps it (its name is printed). SCALE_OUT_PORTS=3304,3305 picks the apps' ports (default: free
// ones). Everything it starts is stopped at the end, also when a step fails. Run: npm run bench -- scale-out
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import os from "node:os";
import { pathToFileURL } from "node:url";
import PgBoss from "pg-boss";
import pg from "pg";
import { hashPassword } from "@/lib/auth/password";
import { migrateDeploy, parseDatabaseUrl } from "@/lib/db/migrate";
import { REMINDERS_PASS } from "@/lib/jobs/queues";
import { JOB_SCHEMA } from "@/lib/jobs/boss";
import { startTestSmtpServer, type TestSmtpServer } from "@/lib/mail/test-smtp-server";
import { DEMO_USERS } from "@/prisma/demo-users";
import { adminUrl, freePort, keepCookies, loadAverage, signIn, waitForHealth, withClient } from "./app-server";
import { messageOf, startManaged, stopAll, waitForLine, type Managed } from "./scale-out-processes";

export type ScaleOutOptions = {
  /** owners of overdue items in the workers' scheduled pass, and in the concurrent passes after it */
  scheduledOwners?: number;
  concurrentOwners?: number;
  itemsPerOwner?: number;
  requests?: number;
  concurrency?: number;
  alertGroups?: number;
  /** how long the SMTP server takes to accept each mail, as a real relay does: makes concurrent passes overlap */
  smtpDelayMs?: number;
};

type Check = { area: string; claim: string; figure: string; ok: boolean };

const demo = (role: string) => DEMO_USERS.find((user) => user.role === role)!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------------------------
// Seed: the demo sign-ins (known passwords), reports, and overdue action items owned by people with no other mail due.

async function seed(client: pg.Client, { scheduledOwners, concurrentOwners, itemsPerOwner }: Required<ScaleOutOptions>): Promise<void> {
  const users = await Promise.all(DEMO_USERS.map(async (user) => ({ ...user, hash: await hashPassword(user.password) })));
  await client.query(
    `INSERT INTO "User" (id, email, name, role, "passwordHash", "updatedAt")
     SELECT 'demo-' || lower(role), email, name, role::"Role", hash, now()
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS d(email, name, role, hash)`,
    [users.map((u) => u.email), users.map((u) => u.name), users.map((u) => u.role), users.map((u) => u.hash)],
  );
  for (const [round, owners] of [
    ["r1", scheduledOwners],
    ["r2", concurrentOwners],
  ] as const) {
    await client.query(
      `INSERT INTO "User" (id, email, name, role, "updatedAt")
       SELECT 'owner-${round}-' || n, 'owner-${round}-' || n || '@scale-out.example', 'Owner ${round} ' || n, 'SRE', now()
       FROM generate_series(1, $1::int) n`,
      [owners],
    );
  }
  // Drafts still open (no end): no postmortem is owed, so the owners' overdue items are the only reminders due.
  await client.query(`
    INSERT INTO "Incident" (id, "publicId", title, severity, "reportState", "authorId", "startedAt", "updatedAt")
    SELECT 'so-' || n, 'INC-SCALE-' || lpad(n::text, 3, '0'), 'Scale-out report ' || n, 'High', 'DRAFT', 'demo-sre',
           now() - interval '10 days', now()
    FROM generate_series(1, 20) n`);
  // Send reminder mail at any hour on any day, so the run does not depend on when it happens.
  await client.query(`
    INSERT INTO "Setting" (key, value, "updatedAt") VALUES
      ('reminders.windowStartHour', '0', now()), ('reminders.windowEndHour', '24', now()), ('reminders.windowWeekdaysOnly', 'false', now())`);
  await insertOverdueItems(client, "r1", scheduledOwners, itemsPerOwner);
}

/** `itemsPerOwner` items per owner of the round, due two days ago (UTC, the owners' zone), spread over the reports. */
async function insertOverdueItems(client: pg.Client, round: string, owners: number, itemsPerOwner: number): Promise<number> {
  const result = await client.query(
    `INSERT INTO "ActionItem" (id, "incidentId", position, title, "ownerId", "dueDate", status, "updatedAt")
     SELECT 'item-${round}-' || n, 'so-' || (1 + n % 20), n, 'Scale-out ${round} item ' || n, 'owner-${round}-' || (1 + (n - 1) % $1::int),
            (now() AT TIME ZONE 'UTC')::date - 2, 'OPEN', now()
     FROM generate_series(1, $1::int * $2::int) n`,
    [owners, itemsPerOwner],
  );
  return result.rowCount ?? 0;
}

// ---------------------------------------------------------------------------------------------------------------------
// Sessions

/** Cookie header <-> jar, merging a response's Set-Cookie (an expired cookie removes its name). */
function mergeCookies(cookie: string, response: Response): string {
  const jar = new Map(
    cookie
      .split(";")
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)] as [string, string]),
  );
  keepCookies(response, jar);
  return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
}

/** Auth.js's sign-out as the user menu's form posts it: CSRF token, then POST /api/auth/signout. Returns the HTTP status. */
async function signOut(base: string, cookie: string): Promise<number> {
  const csrfResponse = await fetch(`${base}/api/auth/csrf`, { headers: { cookie } });
  const withCsrf = mergeCookies(cookie, csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: withCsrf, origin: base },
    body: new URLSearchParams({ csrfToken, callbackUrl: `${base}/login` }),
  });
  await response.arrayBuffer();
  return response.status;
}

/** What a session cookie gets on `base`: the list page's status, /api/v1/me's status and email. */
async function probeSession(base: string, cookie: string): Promise<{ page: number; location: string | null; me: number; email: string | null }> {
  const page = await fetch(`${base}/incidents`, { redirect: "manual", headers: { cookie } });
  await page.arrayBuffer();
  const me = await fetch(`${base}/api/v1/me`, { headers: { cookie } });
  const body = (await me.json().catch(() => null)) as { email?: string } | null;
  return { page: page.status, location: page.headers.get("location"), me: me.status, email: body?.email ?? null };
}

async function sessionChecks(a: string, b: string, checks: Check[]): Promise<void> {
  const pairs = [
    { from: "A", to: "B", signInAt: a, useAt: b, user: demo("SRE") },
    { from: "B", to: "A", signInAt: b, useAt: a, user: demo("MANAGER") },
  ];
  const sessions: { cookie: string; from: string; to: string; signInAt: string; useAt: string; email: string }[] = [];
  for (const pair of pairs) {
    const cookie = await signIn(pair.signInAt, pair.user.email, pair.user.password);
    const probe = await probeSession(pair.useAt, cookie);
    // A change made with the cookie on the other instance, from that instance's own origin (the same-origin rule).
    const created = await fetch(`${pair.useAt}/api/v1/incidents`, {
      method: "POST",
      headers: { cookie, origin: pair.useAt, "content-type": "application/json" },
      body: JSON.stringify({ title: `Created on ${pair.to} with a session from ${pair.from}`, severity: "Low" }),
    });
    const report = (await created.json().catch(() => null)) as { publicId?: string } | null;
    // ... and read back on the instance where the session began.
    const readBack = report?.publicId ? await fetch(`${pair.signInAt}/api/v1/incidents/${encodeURIComponent(report.publicId)}`, { headers: { cookie } }) : null;
    await readBack?.arrayBuffer();
    const ok = probe.page === 200 && probe.me === 200 && probe.email === pair.user.email && created.status === 201 && readBack?.status === 200;
    checks.push({
      area: "sessions",
      claim: `signed in on ${pair.from} (${pair.user.role}), used on ${pair.to}`,
      figure: `page ${probe.page}, /api/v1/me ${probe.me} (${probe.email}), POST report ${created.status}, read back on ${pair.from} ${readBack?.status ?? "-"}`,
      ok,
    });
    sessions.push({ ...pair, cookie, email: pair.user.email });
  }
  // A third session stays signed in throughout: revoking one session leaves the user's others alone.
  const bystander = await signIn(a, demo("SRE").email, demo("SRE").password);
  for (const session of sessions) {
    const status = await signOut(session.useAt, session.cookie);
    const after = await probeSession(session.signInAt, session.cookie);
    const ok = after.page === 307 && /\/login\?error=session-ended/.test(after.location ?? "") && after.me === 401;
    checks.push({
      area: "sessions",
      claim: `signed out on ${session.to}: the cookie is refused by ${session.from}`,
      figure: `sign-out ${status}; then on ${session.from}: page ${after.page} -> ${after.location ?? "-"}, /api/v1/me ${after.me}`,
      ok,
    });
  }
  const still = await probeSession(b, bystander);
  checks.push({
    area: "sessions",
    claim: "another session of the same user still works",
    figure: `page ${still.page}, /api/v1/me ${still.me} on B`,
    ok: still.page === 200 && still.me === 200,
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// Load through a round-robin

type InstanceLoad = { name: string; served: number; errors: number; latencies: number[] };

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);

async function roundRobinLoad(instances: { name: string; base: string }[], cookie: string, requests: number, concurrency: number) {
  const loads: InstanceLoad[] = instances.map(({ name }) => ({ name, served: 0, errors: 0, latencies: [] }));
  const statuses = new Map<string, number>();
  let next = 0;
  const one = async (index: number) => {
    const target = index % instances.length;
    const load = loads[target]!;
    const started = performance.now();
    try {
      const response = await fetch(`${instances[target]!.base}/incidents`, { redirect: "manual", headers: { cookie } });
      await response.arrayBuffer();
      const ms = performance.now() - started;
      if (response.status === 200) {
        load.served += 1;
        load.latencies.push(ms);
      } else {
        load.errors += 1;
        statuses.set(`${load.name} ${response.status}`, (statuses.get(`${load.name} ${response.status}`) ?? 0) + 1);
      }
    } catch (error) {
      load.errors += 1;
      const key = `${load.name} ${error instanceof Error ? error.message : String(error)}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
    }
  };
  // warm-up: each instance renders the page once before the clock starts
  for (let index = 0; index < instances.length * 5; index++) await one(index);
  for (const load of loads) Object.assign(load, { served: 0, errors: 0, latencies: [] });
  statuses.clear();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) await one(next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { loads, seconds, statuses };
}

// ---------------------------------------------------------------------------------------------------------------------
// Reminders

/** What a process's output says it sent: the worker's job log lines, or the CLI's delivery table and summary. */
function sentByProcess(managed: Managed, fromLine = 0): { deliveries: number; mails: number } {
  let deliveries = 0;
  let mails = 0;
  for (const line of managed.lines.slice(fromLine).map(messageOf)) {
    // the pass: "reminders: 40 recorded; 40 sent by SMTP; 20 mails"
    const pass = /reminders: \d+ recorded; (.*); (\d+) mails?$/.exec(line);
    if (pass) {
      deliveries += Number(/(\d+) sent/.exec(pass[1]!)?.[1] ?? 0);
      mails += Number(pass[2]);
    }
    // the every-minute delivery job (rows left PENDING, retries): "reminders: 200 due: 200 sent by SMTP, 1 retrying"
    const due = /reminders: \d+ due: (.*)$/.exec(line);
    if (due) deliveries += Number(/(\d+) sent/.exec(due[1]!)?.[1] ?? 0);
  }
  return { deliveries, mails };
}

/** The CLI's stdout: one tab-separated row per delivery (KIND, STATUS, ...), then "MAIL to ..." per mail. */
function sentByCli(managed: Managed): { deliveries: number; mails: number } {
  return {
    deliveries: managed.stdout.filter((line) => line.split("\t")[1] === "sent").length,
    mails: managed.stdout.filter((line) => line.startsWith("MAIL to ")).length,
  };
}

type Ledger = { sent: number; other: number; maxAttempts: number; recipients: number; keys: number; outbox: number };

async function deliveryLedger(databaseUrl: string, round: string): Promise<Ledger> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<Ledger>(
      `SELECT count(*) FILTER (WHERE status = 'SENT')::int AS sent, count(*) FILTER (WHERE status <> 'SENT')::int AS other,
              coalesce(max(attempts), 0)::int AS "maxAttempts", count(DISTINCT "recipientId")::int AS recipients,
              count(DISTINCT key)::int AS keys, (SELECT count(*)::int FROM "OutboxMessage") AS outbox
       FROM "ReminderDelivery" WHERE "recipientEmail" LIKE $1`,
      [`owner-${round}-%`],
    );
    return rows[0]!;
  });
}

/** Each owner of the round got exactly one mail, and it names each of their items. */
function mailCheck(sink: TestSmtpServer, round: string, owners: number, itemsPerOwner: number) {
  const byOwner = new Map<string, { mails: number; titlesMissing: number }>();
  for (let owner = 1; owner <= owners; owner++) byOwner.set(`owner-${round}-${owner}@scale-out.example`, { mails: 0, titlesMissing: 0 });
  for (const message of sink.messages) {
    for (const to of message.to) {
      const entry = byOwner.get(to);
      if (!entry) continue;
      entry.mails += 1;
      const owner = Number(/owner-r\d-(\d+)@/.exec(to)![1]);
      for (let k = 0; k < itemsPerOwner; k++) {
        // not followed by a digit: "item 1" must not be found in "item 10"
        const title = new RegExp(`Scale-out ${round} item ${owner + k * owners}(?!\\d)`);
        if (!title.test(message.text)) entry.titlesMissing += 1;
      }
    }
  }
  const counts = [...byOwner.values()];
  return {
    exactlyOne: counts.filter((entry) => entry.mails === 1).length,
    none: counts.filter((entry) => entry.mails === 0).length,
    duplicated: counts.filter((entry) => entry.mails > 1).length,
    extraMails: counts.reduce((sum, entry) => sum + Math.max(0, entry.mails - 1), 0),
    titlesMissing: counts.reduce((sum, entry) => sum + entry.titlesMissing, 0),
  };
}

async function waitUntil(what: string, timeoutMs: number, condition: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(250);
  }
}

async function jobStates(databaseUrl: string, since: Date): Promise<Record<string, number>> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ state: string; count: number }>(
      `SELECT state::text, count(*)::int AS count FROM ${JOB_SCHEMA}.job WHERE name = $1 AND created_on >= $2 GROUP BY state`,
      [REMINDERS_PASS, since],
    );
    return Object.fromEntries(rows.map((row) => [row.state, row.count]));
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// Alertmanager webhooks

/** An Alertmanager 0.25 notification (webhook_config, payload version 4) for `groupKey`. */
function notification(groupKey: string, alertName: string, alerts: { id: string; status: "firing" | "resolved"; startsAt: string; endsAt?: string }[]) {
  return {
    receiver: "hindsight",
    status: alerts.every((alert) => alert.status === "resolved") ? "resolved" : "firing",
    alerts: alerts.map((alert) => ({
      status: alert.status,
      labels: { alertname: alertName, service: "checkout", instance: `checkout-${alert.id}:9090`, severity: "critical" },
      annotations: { summary: `Error rate above 5% on checkout-${alert.id}` },
      startsAt: alert.startsAt,
      endsAt: alert.endsAt ?? "0001-01-01T00:00:00Z",
      generatorURL: "http://prometheus.example.org:9090/graph?g0.expr=job%3Acheckout_errors%3Aratio5m+%3E+0.05",
      fingerprint: createFingerprint(groupKey, alert.id),
    })),
    groupLabels: { alertname: alertName },
    commonLabels: { alertname: alertName, service: "checkout", severity: "critical" },
    commonAnnotations: {},
    externalURL: "http://alertmanager.example.org:9093",
    version: "4",
    groupKey,
    truncatedAlerts: 0,
  };
}

const createFingerprint = (groupKey: string, id: string) => Buffer.from(`${groupKey}/${id}`).toString("hex").slice(-16);

type Post = { instance: string; status: number; incidentId: string | null };

async function postEverywhere(targets: { name: string; base: string }[], secret: string, body: unknown): Promise<Post[]> {
  const text = JSON.stringify(body);
  return Promise.all(
    targets.map(async ({ name, base }) => {
      const response = await fetch(`${base}/api/v1/webhooks/alertmanager`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${secret}`, "user-agent": "Alertmanager/0.25.0" },
        body: text,
      });
      const answer = (await response.json().catch(() => null)) as { incidentId?: string | null } | null;
      return { instance: name, status: response.status, incidentId: answer?.incidentId ?? null };
    }),
  );
}

async function webhookChecks(databaseUrl: string, env: NodeJS.ProcessEnv, a: string, b: string, groups: number, checks: Check[]): Promise<void> {
  const create = startManaged(
    "integration:create",
    "npm",
    ["run", "--silent", "integration:create", "--", "--kind", "alertmanager", "--name", "Scale-out Alertmanager"],
    env,
    { echo: false },
  );
  const code = await create.exited;
  const secret = create.stdout.find((line) => line.startsWith("SECRET="))?.slice("SECRET=".length);
  if (code !== 0 || !secret) throw new Error(`npm run integration:create failed (exit ${code}): ${create.stderr.join("\n")}`);
  console.log(
    `scale-out: created an Alertmanager integration with npm run integration:create (${create.stdout.filter((line) => line.startsWith("WEBHOOK_URL=")).join("")})`,
  );

  // Each notification goes to A, B, A, B at the same moment, as two Alertmanager replicas (or retries) behind a
  // balancer might deliver it.
  const targets = [
    { name: "A", base: a },
    { name: "B", base: b },
    { name: "A", base: a },
    { name: "B", base: b },
  ];
  const answers: Post[][] = [];
  const keys: string[] = [];
  const started = performance.now();
  for (let group = 1; group <= groups; group++) {
    const alertName = `ScaleOutErrors${group}`;
    const groupKey = `{}/{severity="critical"}:{alertname="${alertName}", service="checkout"}`;
    keys.push(groupKey);
    const first = new Date(Date.now() - 30 * 60_000).toISOString();
    const firing = [1, 2, 3].map((id) => ({ id: String(id), status: "firing" as const, startsAt: first }));
    answers.push(await postEverywhere(targets, secret, notification(groupKey, alertName, firing)));
    // group_interval later: alert 1 resolved, alert 4 joined; alerts 2 and 3 are sent again (already stored)
    const later = [
      { ...firing[0]!, status: "resolved" as const, endsAt: new Date(Date.now() - 5 * 60_000).toISOString() },
      firing[1]!,
      firing[2]!,
      { id: "4", status: "firing" as const, startsAt: new Date(Date.now() - 10 * 60_000).toISOString() },
    ];
    answers.push(await postEverywhere(targets, secret, notification(groupKey, alertName, later)));
  }
  const ms = performance.now() - started;
  const posts = answers.flat();
  const byInstance = (name: string) => posts.filter((post) => post.instance === name);
  const statusText = (list: Post[]) =>
    [...new Set(list.map((post) => post.status))]
      .sort()
      .map((status) => `${list.filter((post) => post.status === status).length}x${status}`)
      .join(" ");
  // Per notification: all four answers name the same report; for the first of each group exactly one is 201 Created.
  const firstAnswers = answers.filter((_, index) => index % 2 === 0);
  const oneCreated = firstAnswers.filter(
    (set) => set.filter((post) => post.status === 201).length === 1 && set.every((post) => post.status === 201 || post.status === 200),
  ).length;
  const laterAllOk = answers.filter((_, index) => index % 2 === 1).filter((set) => set.every((post) => post.status === 200)).length;
  const sameReport = answers.filter((set) => set.every((post) => post.incidentId !== null && post.incidentId === set[0]!.incidentId)).length;
  checks.push({
    area: "webhooks",
    claim: `${posts.length} posts (${groups} groups x 2 notifications x 4 at once), answered by both`,
    figure: `A: ${statusText(byInstance("A"))}; B: ${statusText(byInstance("B"))}; ${Math.round(ms)} ms`,
    ok: byInstance("A").length > 0 && byInstance("B").length > 0,
  });
  checks.push({
    area: "webhooks",
    claim: "first notification of a group: one 201 Created, the rest 200",
    figure: `${oneCreated} of ${groups} groups; 201s came from A ${byInstance("A").filter((post) => post.status === 201).length}, B ${byInstance("B").filter((post) => post.status === 201).length}`,
    ok: oneCreated === groups,
  });
  checks.push({
    area: "webhooks",
    claim: "next notification: 200 everywhere; all 4 answers name the same report",
    figure: `${laterAllOk} of ${groups} next notifications all 200; same report in ${sameReport} of ${answers.length} notifications`,
    ok: laterAllOk === groups && sameReport === answers.length,
  });

  const rows = await withClient(databaseUrl, async (client) => {
    const result = await client.query<{ key: string; drafts: number; events: number; timeline: number }>(
      `SELECT k.key, count(DISTINCT s."incidentId")::int AS drafts,
              (SELECT count(*)::int FROM "IntegrationEvent" e WHERE e."incidentId" = ANY (array_agg(s."incidentId"))) AS events,
              (SELECT count(*)::int FROM "TimelineEvent" t WHERE t."incidentId" = ANY (array_agg(s."incidentId"))) AS timeline
       FROM unnest($1::text[]) AS k(key) LEFT JOIN "IncidentSource" s ON s."externalKey" = k.key
       GROUP BY k.key`,
      [keys],
    );
    const drafts = await client.query<{ count: number }>(`SELECT count(*)::int AS count FROM "Incident" WHERE title LIKE 'ScaleOutErrors%'`);
    return { perKey: result.rows, draftsByTitle: drafts.rows[0]!.count };
  });
  // 3 firing, then 1 resolved + 1 new firing: 5 events, each a timeline entry
  const EXPECTED_EVENTS = 5;
  const oneDraft = rows.perKey.filter((row) => row.drafts === 1).length;
  const eventsOnce = rows.perKey.filter((row) => row.events === EXPECTED_EVENTS && row.timeline === EXPECTED_EVENTS).length;
  checks.push({
    area: "webhooks",
    claim: "one draft per alert group (database)",
    figure: `${oneDraft} of ${groups} groupKeys have exactly 1 draft; drafts with these titles: ${rows.draftsByTitle}`,
    ok: oneDraft === groups && rows.draftsByTitle === groups,
  });
  checks.push({
    area: "webhooks",
    claim: `events not duplicated (${EXPECTED_EVENTS} per group)`,
    figure: `${eventsOnce} of ${groups} drafts with ${EXPECTED_EVENTS} events and ${EXPECTED_EVENTS} timeline entries (${rows.perKey
      .map((row) => `${row.events}/${row.timeline}`)
      .filter((pair) => pair !== `${EXPECTED_EVENTS}/${EXPECTED_EVENTS}`)
      .join(", ")})`.replace(" ()", ""),
    ok: eventsOnce === groups,
  });
}

// ---------------------------------------------------------------------------------------------------------------------

function printTable(checks: Check[]): void {
  const header = ["area", "claim", "figure", "result"];
  const lines = checks.map((check) => [check.area, check.claim, check.figure, check.ok ? "PASS" : "FAIL"]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ")} |`;
  console.log(format(header));
  console.log(`|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
  for (const line of lines) console.log(format(line));
}

export async function run(options: ScaleOutOptions = {}): Promise<void> {
  const config: Required<ScaleOutOptions> = {
    scheduledOwners: options.scheduledOwners ?? 20,
    concurrentOwners: options.concurrentOwners ?? 500,
    itemsPerOwner: options.itemsPerOwner ?? 2,
    requests: options.requests ?? 2_000,
    concurrency: options.concurrency ?? 16,
    alertGroups: options.alertGroups ?? 10,
    smtpDelayMs: options.smtpDelayMs ?? 20,
  };
  if (!existsSync(".next/BUILD_ID")) throw new Error("No production build: run `npm run build` first (from the repository root).");
  const name = `hindsight_bench_scaleout_${process.pid}_${randomUUID().slice(0, 8)}`;
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const [portA, portB] = process.env.SCALE_OUT_PORTS ? process.env.SCALE_OUT_PORTS.split(",").map(Number) : [await freePort(), await freePort()];
  const a = `http://127.0.0.1:${portA}`;
  const b = `http://127.0.0.1:${portB}`;
  const checks: Check[] = [];
  const loadAtStart = loadAverage();
  console.log(`scale-out: load average at start ${loadAtStart} (${os.cpus().length} CPUs)`);

  // Ctrl-C: the processes are in groups of their own, so the terminal's SIGINT does not reach them.
  const interrupted = () => void stopAll().finally(() => process.exit(130));
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);

  await withClient(adminUrl(), (client) => client.query(`CREATE DATABASE "${name}"`));
  let sink: TestSmtpServer | null = null;
  try {
    await migrateDeploy(parseDatabaseUrl(databaseUrl), { lock: false });
    await withClient(databaseUrl, (client) => seed(client, config));
    const scheduledItems = config.scheduledOwners * config.itemsPerOwner;
    console.log(
      `scale-out: database ${name} migrated and seeded: the demo sign-ins, 20 reports, ${scheduledItems} overdue items owned by ${config.scheduledOwners} people`,
    );
    sink = await startTestSmtpServer({ dataDelayMs: config.smtpDelayMs });

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      AUTH_TRUST_HOST: "true",
      NEXT_TELEMETRY_DISABLED: "1",
      HINDSIGHT_EMBEDDED_DB: "",
      HINDSIGHT_WORKER: "off",
      SMTP_URL: sink.url,
    };
    delete env.AUTH_URL;
    delete env.NEXTAUTH_URL;
    const appEnv: NodeJS.ProcessEnv = { ...env, NODE_ENV: "production" };
    const started = performance.now();
    const since = new Date();
    const appA = startManaged("A", "node_modules/.bin/next", ["start", "-H", "127.0.0.1", "-p", String(portA)], appEnv);
    const appB = startManaged("B", "node_modules/.bin/next", ["start", "-H", "127.0.0.1", "-p", String(portB)], appEnv);
    const startWorker = (label: string) => startManaged(label, "npm", ["run", "--silent", "worker"], env);
    const workerStarted = (worker: Managed) =>
      waitForLine(worker, /job worker started/, 90_000).then(
        () => null,
        (error: Error) => error.message,
      );
    const workers = [startWorker("W1"), startWorker("W2")];
    const [, , ...workerFailures] = await Promise.all([
      waitForHealth(a, appA.child, 90_000),
      waitForHealth(b, appB.child, 90_000),
      ...workers.map(workerStarted),
    ]);
    // Both workers start at the same moment on a fresh database, each creating the job queues. One that fails is
    // restarted once, as a process supervisor would, so that the rest of the run still shows something; the claim fails.
    const failedStarts = workers.flatMap((worker, index) =>
      workerFailures[index] ? [{ index, label: worker.label, lastLine: messageOf(worker.lines.at(-1) ?? "") }] : [],
    );
    for (const { index, label } of failedStarts) {
      workers[index] = startWorker(`${label}r`);
      const failure = await workerStarted(workers[index]);
      if (failure) throw new Error(`${label} failed to start twice: ${failure}`);
    }
    checks.push({
      area: "processes",
      claim: "W1 and W2 started at the same moment on a fresh database: both start",
      figure: failedStarts.length
        ? failedStarts.map((failure) => `${failure.label} exited: "${failure.lastLine.trim()}"; restarted as ${failure.label}r`).join("; ")
        : "both started",
      ok: failedStarts.length === 0,
    });
    console.log(
      `scale-out: A ${a} and B ${b} healthy, ${workers.map((worker) => worker.label).join(" and ")} started, in ${Math.round(performance.now() - started)} ms; SMTP server ${sink.url}`,
    );

    // 1. Sessions (while the workers' first pass comes due)
    await sessionChecks(a, b, checks);

    // 2. Reminders (a): the workers' own schedule. Each enqueued a first pass for 15 s after its start; the queue
    // holds at most one waiting run, so one of them runs it.
    const scheduledSink = sink;
    await waitUntil(
      "the workers' scheduled reminder pass to mail every owner",
      120_000,
      () => mailCheck(scheduledSink, "r1", config.scheduledOwners, config.itemsPerOwner).none === 0,
    );
    await waitUntil("the scheduled pass's job to complete", 60_000, async () => ((await jobStates(databaseUrl, since)).completed ?? 0) >= 1);
    await sleep(3_000);
    {
      const mails = mailCheck(sink, "r1", config.scheduledOwners, config.itemsPerOwner);
      const ledger = await deliveryLedger(databaseUrl, "r1");
      const jobs = await jobStates(databaseUrl, since);
      const byWorker = workers.map((worker) => ({ label: worker.label, ...sentByProcess(worker) }));
      const sentTotal = byWorker.reduce((sum, worker) => sum + worker.deliveries, 0);
      checks.push({
        area: "reminders",
        claim: `scheduled pass, 2 workers: each of ${config.scheduledOwners} owners mailed exactly once`,
        figure: `${mails.exactlyOne} exactly once, ${mails.none} none, ${mails.duplicated} more than once; item titles missing ${mails.titlesMissing}; jobs ${JSON.stringify(jobs)}; sent by ${byWorker.map((worker) => `${worker.label} ${worker.deliveries}`).join(", ")}`,
        ok: mails.exactlyOne === config.scheduledOwners && mails.titlesMissing === 0,
      });
      checks.push({
        area: "reminders",
        claim: "scheduled pass: the database agrees",
        figure: `${ledger.sent} of ${scheduledItems} deliveries SENT (${ledger.other} other), ${ledger.keys} keys, ${ledger.recipients} recipients, max attempts ${ledger.maxAttempts}, workers say ${sentTotal} sent`,
        ok:
          ledger.sent === scheduledItems &&
          ledger.other === 0 &&
          ledger.maxAttempts === 1 &&
          ledger.recipients === config.scheduledOwners &&
          sentTotal === ledger.sent,
      });
    }

    // 3. Load through a round-robin, with a session signed in on A.
    const sre = demo("SRE");
    const loadCookie = await signIn(a, sre.email, sre.password);
    console.log(`scale-out: load average before the load ${loadAverage()}`);
    const load = await roundRobinLoad(
      [
        { name: "A", base: a },
        { name: "B", base: b },
      ],
      loadCookie,
      config.requests,
      config.concurrency,
    );
    const totalServed = load.loads.reduce((sum, entry) => sum + entry.served, 0);
    for (const entry of load.loads) {
      const sorted = [...entry.latencies].sort((x, y) => x - y);
      checks.push({
        area: "load",
        claim: `GET /incidents signed in, round-robin, instance ${entry.name}`,
        figure: `${entry.served} served, ${entry.errors} errors, ${(entry.served / load.seconds).toFixed(1)} req/s, p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms`,
        ok: entry.served > 0 && entry.errors === 0,
      });
    }
    checks.push({
      area: "load",
      claim: `${config.requests} requests, ${config.concurrency} at a time, both instances`,
      figure: `${totalServed} served in ${load.seconds.toFixed(1)} s: ${(totalServed / load.seconds).toFixed(1)} req/s together${load.statuses.size ? `; ${[...load.statuses].map(([key, count]) => `${key}: ${count}`).join(", ")}` : ""}; load average ${loadAverage()}`,
      ok: totalServed === config.requests,
    });

    // 4. Reminders (b): more overdue items, then at the same moment: the pass sent to the queue by two clients (the
    // workers take it) and `npm run reminders` in two processes.
    const concurrentItems = await withClient(databaseUrl, (client) => insertOverdueItems(client, "r2", config.concurrentOwners, config.itemsPerOwner));
    const workerLinesBefore = workers.map((worker) => worker.lines.length);
    const roundStart = new Date();
    // Two queue clients of their own (no cron, no maintenance), as two more app instances would send the job.
    const clients = [1, 2].map(
      () => new PgBoss({ connectionString: databaseUrl, schema: JOB_SCHEMA, migrate: false, schedule: false, supervise: false, max: 2 }),
    );
    await Promise.all(clients.map((client) => client.start()));
    const clis = [1, 2].map((n) => startManaged(`cli-${n}`, "npm", ["run", "--silent", "reminders"], env, { echo: false }));
    const jobIds = await Promise.all(clients.map((client) => client.send(REMINDERS_PASS, {})));
    await Promise.all(clients.map((client) => client.stop({ graceful: false })));
    const cliCodes = await Promise.all(clis.map((cli) => cli.exited));
    const concurrentSink = sink;
    await waitUntil(
      "every owner of the new items to be mailed",
      120_000,
      () => mailCheck(concurrentSink, "r2", config.concurrentOwners, config.itemsPerOwner).none === 0,
    );
    await waitUntil("the queued pass to complete", 60_000, async () => {
      const states = await jobStates(databaseUrl, roundStart);
      return (states.created ?? 0) + (states.retry ?? 0) + (states.active ?? 0) === 0;
    });
    await sleep(3_000);
    {
      const mails = mailCheck(sink, "r2", config.concurrentOwners, config.itemsPerOwner);
      const ledger = await deliveryLedger(databaseUrl, "r2");
      const jobs = await jobStates(databaseUrl, roundStart);
      const senders = [
        ...workers.map((worker, index) => ({ label: worker.label, ...sentByProcess(worker, workerLinesBefore[index]) })),
        ...clis.map((cli) => ({ label: cli.label, ...sentByCli(cli) })),
      ];
      const sentTotal = senders.reduce((sum, sender) => sum + sender.deliveries, 0);
      checks.push({
        area: "reminders",
        claim: `concurrent: queue x2 + npm run reminders x2: each of ${config.concurrentOwners} owners mailed exactly once`,
        figure: `${mails.exactlyOne} exactly once, ${mails.none} none, ${mails.duplicated} more than once (${mails.extraMails} extra mails); item titles missing ${mails.titlesMissing}`,
        ok: mails.exactlyOne === config.concurrentOwners && mails.titlesMissing === 0 && cliCodes.every((code) => code === 0),
      });
      checks.push({
        area: "reminders",
        claim: "concurrent: who sent what (deliveries)",
        figure: `${senders.map((sender) => `${sender.label} ${sender.deliveries}`).join(", ")}; queue sends accepted ${jobIds.filter(Boolean).length} of 2 (stately), jobs ${JSON.stringify(jobs)}`,
        ok: sentTotal === concurrentItems,
      });
      checks.push({
        area: "reminders",
        claim: "concurrent: the database agrees",
        figure: `${ledger.sent} of ${concurrentItems} deliveries SENT (${ledger.other} other), ${ledger.keys} keys, ${ledger.recipients} recipients, max attempts ${ledger.maxAttempts}, processes say ${sentTotal} sent; outbox rows ${ledger.outbox}`,
        ok:
          ledger.sent === concurrentItems &&
          ledger.other === 0 &&
          ledger.maxAttempts === 1 &&
          ledger.recipients === config.concurrentOwners &&
          sentTotal === ledger.sent &&
          ledger.outbox === 0,
      });
      const strangers = sink.messages.filter((message) => !message.to.every((to) => to.endsWith("@scale-out.example")));
      checks.push({
        area: "reminders",
        claim: "no other mail",
        figure: `${sink.messages.length} mails at the SMTP server, ${strangers.length} to anyone but the owners`,
        ok: strangers.length === 0 && sink.messages.length === config.scheduledOwners + config.concurrentOwners,
      });
    }

    // 5. Webhooks at both instances for one alert group
    await webhookChecks(databaseUrl, env, a, b, config.alertGroups, checks);

    // The workers and apps are still up and healthy after all of it.
    const health = await Promise.all([a, b].map(async (base) => (await fetch(`${base}/api/health`)).status));
    const alive = [appA, appB, ...workers].filter((managed) => managed.child.exitCode === null && managed.child.signalCode === null).length;
    checks.push({
      area: "processes",
      claim: "A, B, W1, W2 still running and healthy at the end",
      figure: `${alive} of 4 running; health A ${health[0]}, B ${health[1]}`,
      ok: alive === 4 && health.every((status) => status === 200),
    });
  } finally {
    await stopAll();
    await sink?.stop();
    process.removeListener("SIGINT", interrupted);
    process.removeListener("SIGTERM", interrupted);
    if (process.env.BENCH_KEEP === "1") console.log(`scale-out: kept the database ${name}`);
    else await withClient(adminUrl(), (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }

  console.log(
    `\nscale-out: two app instances (A ${a}, B ${b}) and two workers on one PostgreSQL database; load average at start ${loadAtStart}, now ${loadAverage()}`,
  );
  printTable(checks);
  const failed = checks.filter((check) => !check.ok);
  if (failed.length) throw new Error(`${failed.length} of ${checks.length} scale-out claims failed: ${failed.map((check) => check.claim).join("; ")}`);
  console.log(`scale-out: all ${checks.length} claims hold`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run();
  process.exit(0);
}

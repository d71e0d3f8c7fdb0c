// GET /api/metrics against a database of its own (the figures are counts over whole tables), read back by parsing the
// Prometheus text format as a scraper does.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/metrics/route";
import { getDb, poolOf } from "@/lib/db/client";
import { createBoss } from "@/lib/jobs/boss";
import { captureLogs } from "@/lib/log/logger";
import { installHttpObserver, uninstallHttpObserver } from "@/lib/observability/http-observer";
import { addCalendarDays, calendarDayAt } from "@/lib/time/calendar-day";
import { createActionItem, createReport } from "@/lib/reminders/test-fixtures";
import { ownDatabaseForThisFile } from "@/test/helpers/own-database";

ownDatabaseForThisFile();

type Sample = { name: string; labels: Record<string, string>; value: number };
type Exposition = { samples: Sample[]; types: Map<string, string> };

/** The text exposition format (version 0.0.4): `# HELP`/`# TYPE` lines, then `name{label="value",...} number`. */
function parseExposition(text: string): Exposition {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (line.startsWith("# HELP ")) continue;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, raw] of (sample[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key!] = raw!.replace(/\\(.)/g, (_, escaped: string) => (escaped === "n" ? "\n" : escaped));
    }
    const value = sample[3] === "+Inf" ? Infinity : sample[3] === "NaN" ? NaN : Number(sample[3]);
    if (!Number.isFinite(value) && !Number.isNaN(value) && sample[3] !== "+Inf") throw new Error(`bad value: ${line}`);
    samples.push({ name: sample[1]!, labels, value });
  }
  return { samples, types };
}

function valueOf(exposition: Exposition, name: string, labels: Record<string, string> = {}): number | undefined {
  return exposition.samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))?.value;
}

let server: http.Server;
let base: string;

beforeAll(async () => {
  // The app as Next serves it, reduced to what this test needs: the observer below, this route at /api/metrics.
  installHttpObserver();
  server = http.createServer((request, response) => {
    if (request.url !== "/api/metrics") {
      response.end("a page");
      return;
    }
    const headers = new Headers();
    if (request.headers.authorization) headers.set("authorization", request.headers.authorization);
    if (request.headers.cookie) headers.set("cookie", request.headers.cookie);
    void GET(new Request(`http://localhost${request.url}`, { headers })).then(async (answer) => {
      response.writeHead(answer.status, Object.fromEntries(answer.headers));
      response.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const today = calendarDayAt(new Date(), "UTC");
  const [draft] = await Promise.all([
    createReport({ reportState: "DRAFT" }),
    createReport({ reportState: "DRAFT" }),
    createReport({ reportState: "IN_REVIEW" }),
    createReport({ reportState: "APPROVED" }),
    createReport({ reportState: "APPROVED" }),
    createReport({ reportState: "APPROVED" }),
  ]);
  const incidentId = draft!.id;
  await createActionItem({ incidentId, due: addCalendarDays(today, -1) });
  await createActionItem({ incidentId, due: addCalendarDays(today, -30), status: "IN_PROGRESS" });
  // not overdue: done, won't do, due today, due later, no due day
  await createActionItem({ incidentId, due: addCalendarDays(today, -5), status: "DONE" });
  await createActionItem({ incidentId, due: addCalendarDays(today, -5), status: "WONT_DO" });
  await createActionItem({ incidentId, due: today });
  await createActionItem({ incidentId, due: addCalendarDays(today, 3) });
  await createActionItem({ incidentId, due: null });
  const delivery = (status: "SENT" | "FAILED" | "PENDING", index: number) => ({
    key: `metrics-test:${status}:${index}`,
    kind: "ACTION_OVERDUE" as const,
    day: new Date(`${today}T00:00:00Z`),
    recipientEmail: `person${index}@example.test`,
    status,
  });
  await getDb().reminderDelivery.createMany({
    data: [delivery("SENT", 1), delivery("SENT", 2), delivery("SENT", 3), delivery("FAILED", 4), delivery("PENDING", 5), delivery("PENDING", 6)],
  });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  uninstallHttpObserver();
});

async function scrape(headers: Record<string, string> = {}): Promise<{ response: Response; exposition: Exposition }> {
  const response = await fetch(`${base}/api/metrics`, { headers });
  const text = await response.text();
  return { response, exposition: response.ok ? parseExposition(text) : { samples: [], types: new Map() } };
}

describe("GET /api/metrics", () => {
  it("answers the Prometheus text format, every metric prefixed hindsight_, with what the database holds", async () => {
    const logs = captureLogs();
    const { response, exposition } = await scrape();
    logs.restore();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(exposition.samples.length).toBeGreaterThan(20);
    expect(exposition.samples.filter((sample) => !sample.name.startsWith("hindsight_"))).toEqual([]);

    expect(valueOf(exposition, "hindsight_database_up")).toBe(1);
    expect(valueOf(exposition, "hindsight_action_items_overdue")).toBe(2);
    expect(
      Object.fromEntries(exposition.samples.filter((sample) => sample.name === "hindsight_reports").map((sample) => [sample.labels.state, sample.value])),
    ).toEqual({ draft: 2, in_review: 1, changes_requested: 0, approved: 3 });
    expect(valueOf(exposition, "hindsight_reminders_sent_total")).toBe(3);
    expect(exposition.types.get("hindsight_reminders_sent_total")).toBe("counter");
    expect(valueOf(exposition, "hindsight_reminders_failed")).toBe(1);
    expect(valueOf(exposition, "hindsight_reminders_pending")).toBe(2);
    // Node's own, prefixed too
    expect(valueOf(exposition, "hindsight_process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(exposition.types.get("hindsight_nodejs_heap_size_used_bytes")).toBe("gauge");
  });

  it("reports the job queue by queue and state, and how long ago a worker was seen", async () => {
    // No worker ever started on this database: no job figures, and no error.
    expect(valueOf((await scrape()).exposition, "hindsight_job_worker_seen_seconds")).toBeUndefined();

    const boss = createBoss(poolOf(getDb()));
    await boss.start();
    try {
      await boss.createQueue("metrics-test-queue");
      await boss.send("metrics-test-queue", {});
      await boss.send("metrics-test-queue", {});
      const { exposition } = await scrape();
      expect(valueOf(exposition, "hindsight_job_queue_jobs", { queue: "metrics-test-queue", state: "created" })).toBe(2);
      expect(valueOf(exposition, "hindsight_job_queue_jobs", { queue: "metrics-test-queue", state: "active" })).toBe(0);
      expect(valueOf(exposition, "hindsight_job_worker_seen_seconds")).toBeLessThan(60);
    } finally {
      await boss.stop({ graceful: false, close: false });
    }
  });

  it("shows a request the process served in the request counter and the latency histogram under its route pattern", async () => {
    const logs = captureLogs();
    await fetch(`${base}/incidents/INC-2024-0001-metrics?tab=x`);
    const { exposition } = await scrape();
    logs.restore();
    const labels = { route: "/incidents/[id]", method: "GET" };
    expect(valueOf(exposition, "hindsight_http_requests_total", { ...labels, status: "200" })).toBe(1);
    expect(valueOf(exposition, "hindsight_http_request_duration_seconds_count", labels)).toBe(1);
    expect(valueOf(exposition, "hindsight_http_request_duration_seconds_bucket", { ...labels, le: "+Inf" })).toBe(1);
    expect(exposition.types.get("hindsight_http_request_duration_seconds")).toBe("histogram");
    // the path's own id is no label
    expect(exposition.samples.some((sample) => Object.values(sample.labels).some((value) => value.includes("INC-2024")))).toBe(false);
  });

  it("wants the bearer token when HINDSIGHT_METRICS_TOKEN is set, and takes nothing else in its place", async () => {
    const token = "metrics-token-0123456789abcdef";
    vi.stubEnv("HINDSIGHT_METRICS_TOKEN", token);
    const logs = captureLogs();
    try {
      const refused: Record<string, string>[] = [
        {},
        { authorization: "Bearer wrong-token" },
        { authorization: `Basic ${Buffer.from(`x:${token}`).toString("base64")}` },
        { cookie: "authjs.session-token=abc" },
      ];
      for (const headers of refused) {
        const { response } = await scrape(headers);
        expect(response.status, JSON.stringify(headers)).toBe(401);
        expect(response.headers.get("www-authenticate")).toBe('Bearer realm="hindsight-metrics"');
      }
      const { response, exposition } = await scrape({ authorization: `Bearer ${token}` });
      expect(response.status).toBe(200);
      expect(valueOf(exposition, "hindsight_action_items_overdue")).toBe(2);
    } finally {
      vi.unstubAllEnvs();
      logs.restore();
    }
    expect((await scrape()).response.status).toBe(200);
  });
});

// The Prometheus registry of this process (prom-client) and the metrics recorded in memory: HTTP requests, and Node's
// own (CPU, memory, event loop, garbage collection). These are per process: each instance counts what it served.
// What lives in the database (reports, action items, reminders, jobs) is read at scrape time instead
// (lib/observability/database-metrics.ts), so that every instance reports the same cluster-wide figures.
//
// On globalThis: Next bundles instrumentation.ts (which records requests) and the /api/metrics route (which reads
// them) separately, and both must reach the one registry of the process.
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

export const METRIC_PREFIX = "hindsight_";

/** Request duration buckets (seconds): pages answer in tens of ms, uploads and exports take seconds. */
export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

type ProcessMetrics = {
  registry: Registry;
  httpRequests: Counter<"route" | "method" | "status">;
  httpDuration: Histogram<"route" | "method">;
};

const STATE = Symbol.for("hindsight.metrics-registry");
const holder = globalThis as { [STATE]?: ProcessMetrics };

export function processMetrics(): ProcessMetrics {
  if (holder[STATE]) return holder[STATE];
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  const httpRequests = new Counter({
    name: `${METRIC_PREFIX}http_requests_total`,
    help: "HTTP requests answered by this process, by route pattern, method and status (499: the client went away first).",
    labelNames: ["route", "method", "status"] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: `${METRIC_PREFIX}http_request_duration_seconds`,
    help: "Time from a request's arrival to the end of its answer in this process, by route pattern and method.",
    labelNames: ["route", "method"] as const,
    buckets: HTTP_DURATION_BUCKETS,
    registers: [registry],
  });
  holder[STATE] = { registry, httpRequests, httpDuration };
  return holder[STATE];
}

/** The methods that get their own label; anything else a client sends is counted as "other". */
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

export function methodLabel(method: string | undefined): string {
  return method && METHODS.has(method) ? method : "other";
}

export function recordHttpRequest({ route, method, status, seconds }: { route: string; method: string; status: number; seconds: number }): void {
  const { httpRequests, httpDuration } = processMetrics();
  httpRequests.inc({ route, method, status: String(status) });
  httpDuration.observe({ route, method }, seconds);
}

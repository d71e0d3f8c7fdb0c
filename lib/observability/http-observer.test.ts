// The request observer on a real Node HTTP server, as it wraps Next's under `next start` and the standalone server.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { captureLogs, log } from "@/lib/log/logger";
import { installHttpObserver, uninstallHttpObserver } from "@/lib/observability/http-observer";
import { processMetrics } from "@/lib/observability/registry";

const FEED_TOKEN = "3q2-7bX_feedTokenThatMustNeverBeLogged0123456789";
const UNSUBSCRIBE_TOKEN = "6f1c2b7e-4a43-4a8e-9d53-unsubscribeSecret";

let server: http.Server;
let base: string;

beforeAll(async () => {
  installHttpObserver();
  // The app stands in for Next: it logs while it handles the request, before and after awaiting other work.
  server = http.createServer((request, response) => {
    log.info("handling");
    void (async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.info("still handling");
      if (request.url?.startsWith("/slow")) return; // never answers: the client gives up
      response.statusCode = request.url?.startsWith("/api/calendar/") ? 404 : 200;
      response.end("ok");
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  uninstallHttpObserver();
});

let logs: ReturnType<typeof captureLogs>;
afterEach(() => logs?.restore());

/** Lines logged up to the access line of the request with `requestId` (written after the response is complete). */
async function linesOf(requestId: string) {
  for (let tries = 0; tries < 100; tries++) {
    const lines = logs.lines().filter((line) => line.requestId === requestId);
    if (lines.some((line) => line.route)) return lines;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no access line for ${requestId}`);
}

describe("every request", () => {
  it("gets an id, answered as X-Request-Id and carried by every line logged while it is handled, then one access line", async () => {
    logs = captureLogs();
    const response = await fetch(`${base}/incidents/INC-2024-0042?tab=timeline`);
    const requestId = response.headers.get("x-request-id")!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const lines = await linesOf(requestId);
    expect(lines.map((line) => line.msg)).toEqual(["handling", "still handling", "GET /incidents/[id] 200"]);
    expect(lines[2]).toMatchObject({
      level: "info",
      method: "GET",
      route: "/incidents/[id]",
      path: "/incidents/INC-2024-0042",
      status: 200,
      durationMs: expect.any(Number),
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it("keeps a well-formed X-Request-Id from a proxy and replaces one that is not", async () => {
    logs = captureLogs();
    const kept = await fetch(`${base}/incidents`, { headers: { "X-Request-Id": "lb-7f3a.2:9_x" } });
    expect(kept.headers.get("x-request-id")).toBe("lb-7f3a.2:9_x");
    const replaced = await fetch(`${base}/incidents`, { headers: { "X-Request-Id": `"}{ injected ${"x".repeat(200)}` } });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect((await linesOf("lb-7f3a.2:9_x")).at(-1)).toMatchObject({ route: "/incidents", status: 200 });
  });

  it("never writes a token from a path, a query string, a cookie or an Authorization header to the log", async () => {
    logs = captureLogs();
    const answers = await Promise.all([
      fetch(`${base}/api/calendar/${FEED_TOKEN}.ics?token=${FEED_TOKEN}`),
      fetch(`${base}/unsubscribe/${UNSUBSCRIBE_TOKEN}`, { headers: { cookie: `authjs.session-token=${FEED_TOKEN}` } }),
      fetch(`${base}/api/v1/me?access_token=${FEED_TOKEN}`, { headers: { authorization: `Bearer ${FEED_TOKEN}` } }),
      fetch(`${base}/api/unsubscribe/${UNSUBSCRIBE_TOKEN}/x`),
    ]);
    const ids = answers.map((answer) => answer.headers.get("x-request-id")!);
    const access = await Promise.all(ids.map(async (id) => (await linesOf(id)).at(-1)!));
    expect(access.map((line) => [line.route, line.path, line.status])).toEqual([
      ["/api/calendar/[file]", "/api/calendar/[file]", 404],
      ["/unsubscribe/[token]", "/unsubscribe/[token]", 200],
      ["/api/v1/me", "/api/v1/me", 200],
      ["other", "other", 200],
    ]);
    const written = JSON.stringify(logs.lines());
    expect(written).not.toContain(FEED_TOKEN);
    expect(written).not.toContain(UNSUBSCRIBE_TOKEN);
  });

  it("counts a request whose client went away as 499", async () => {
    logs = captureLogs();
    const controller = new AbortController();
    const gone = fetch(`${base}/slow`, { signal: controller.signal, headers: { "X-Request-Id": "gone-1" } }).catch(() => null);
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await gone;
    expect((await linesOf("gone-1")).at(-1)).toMatchObject({ route: "other", status: 499 });
  });

  it("records each request in this process's metrics by route pattern, method and status", async () => {
    const { httpRequests, httpDuration } = processMetrics();
    const count = async () =>
      (await httpRequests.get()).values.find(
        (value) => value.labels.route === "/incidents/[id]/edit" && value.labels.method === "GET" && value.labels.status === "200",
      )?.value ?? 0;
    const before = await count();
    logs = captureLogs();
    await fetch(`${base}/incidents/INC-1/edit`);
    await fetch(`${base}/incidents/INC-2/edit`, { method: "HEAD" });
    await fetch(`${base}/incidents/INC-3/edit`);
    await linesOf((await fetch(`${base}/incidents/INC-4/edit`)).headers.get("x-request-id")!);
    expect((await count()) - before).toBe(3);
    const histogram = (await httpDuration.get()).values;
    expect(
      histogram.find((value) => value.metricName?.endsWith("_count") && value.labels.route === "/incidents/[id]/edit" && value.labels.method === "HEAD")?.value,
    ).toBe(1);
  });
});

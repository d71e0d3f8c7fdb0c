// Every request this process serves gets a request id, is handled inside a log context carrying it (so every line
// logged for it names it), and ends with one access line and its HTTP metrics.
//
// Installed the way lib/security/edge-guard.ts is, and for the same reason: under `next start` and in the standalone
// server alike, the only layer below Next that sees every request (static files and refusals included) is Node's HTTP
// server, which Next creates before instrumentation.ts runs and keeps no handle to. So the prototype's `emit` is
// wrapped; installed after the edge guard, this wrapper is the outer one and sees the guard's 400/405s too.
import { randomUUID } from "node:crypto";
import http from "node:http";
import { log, withLogContext } from "@/lib/log/logger";
import { methodLabel, recordHttpRequest } from "@/lib/observability/registry";
import { loggablePath, routePatternOf } from "@/lib/observability/route-pattern";

export const REQUEST_ID_HEADER = "x-request-id";

/** An id a proxy or client may hand us: letters, digits and . _ : - only, so that it is safe in any log. */
const WELL_FORMED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id: the caller's X-Request-Id when it is well-formed (a proxy's, to follow one request through both logs), else a new one. */
export function requestIdFor(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given && WELL_FORMED_ID.test(given) ? given : randomUUID();
}

const QUIET_ROUTES = new Set(["/api/health", "/api/metrics"]);

/** Status of a request whose client went away before the answer was complete (nginx's convention). */
export const CLIENT_CLOSED = 499;

/** Wraps one request: id in and out, log context, and the access line and metrics when it ends. */
export function observeRequest(request: http.IncomingMessage, response: http.ServerResponse, handle: () => boolean): boolean {
  const started = process.hrtime.bigint();
  const url = request.url; // as the client sent it, before anything below rewrites it
  const requestId = requestIdFor(request.headers[REQUEST_ID_HEADER]);
  // Readable by the app (headers()) as the id it runs under, whatever the client sent.
  request.headers[REQUEST_ID_HEADER] = requestId;
  response.setHeader("X-Request-Id", requestId);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const status = response.writableFinished ? response.statusCode : CLIENT_CLOSED;
    const route = routePatternOf(url);
    const method = methodLabel(request.method);
    recordHttpRequest({ route, method, status, seconds });
    // Load balancers' health checks and Prometheus's scrapes come every few seconds: their successes only at debug.
    const level = status < 400 && QUIET_ROUTES.has(route) ? "debug" : "info";
    withLogContext({ requestId }, () =>
      log[level]({ method, route, path: loggablePath(url, route), status, durationMs: Math.round(seconds * 10_000) / 10 }, `${method} ${route} ${status}`),
    );
  };
  response.once("finish", end);
  response.once("close", end);
  return withLogContext({ requestId }, handle);
}

const INSTALLED = Symbol.for("hindsight.httpObserver");
type ObservedPrototype = typeof http.Server.prototype & { [INSTALLED]?: typeof http.Server.prototype.emit };

/** Observes every request of every Node HTTP server in this process (Next's included). Idempotent. */
export function installHttpObserver(): void {
  const prototype = http.Server.prototype as ObservedPrototype;
  if (prototype[INSTALLED]) return;
  const emit = prototype.emit;
  prototype[INSTALLED] = emit;
  prototype.emit = function observedEmit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const [request, response] = args as [http.IncomingMessage, http.ServerResponse];
      return observeRequest(request, response, () => Reflect.apply(emit, this, [event, ...args]) as boolean);
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof emit;
}

/** Puts back what installHttpObserver wrapped (tests: Node's http module outlives a test file). */
export function uninstallHttpObserver(): void {
  const prototype = http.Server.prototype as ObservedPrototype;
  const original = prototype[INSTALLED];
  if (!original) return;
  prototype.emit = original;
  delete prototype[INSTALLED];
}

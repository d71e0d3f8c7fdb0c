// Requests Next.js cannot represent, refused before Next sees them.
//
// Why here, below Next: Next turns every request into a WHATWG `Request` before any of our code runs (proxy.ts, route
// handlers, pages), and that constructor throws on `TRACE` (and `TRACK`, `CONNECT`), so Next answered 500 for them
// on every path. A path whose percent-escapes are not UTF-8 (`/incidents/%FF%FE`) made Next's router fail the same
// way, and one with an escaped NUL (`/incidents/a%00b`) reached the database as an id, which PostgreSQL refuses (500
// again). A client-side navigation whose router state header Next cannot parse failed the page's render (500). None
// of it is a server fault: the client gets a 405 or 400 that says what is wrong. Under `next start` the only layer
// below Next is Node's HTTP server, so instrumentation.ts installs this on it at start-up.
import "server-only";
import http from "node:http";
import { parseAndValidateFlightRouterState } from "next/dist/server/app-render/parse-and-validate-flight-router-state";
import { API_CONTENT_SECURITY_POLICY, BASE_SECURITY_HEADERS, STRICT_TRANSPORT_SECURITY } from "@/lib/security/headers";
import { env } from "@/lib/env";

/** The methods the app answers. Anything else (TRACE, CONNECT, PROPFIND, ...) is refused with 405. */
export const ALLOWED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const ALLOWED = new Set<string>(ALLOWED_METHODS);

export type EdgeRefusal = { status: 400 | 405; code: string; message: string };

/**
 * Why this request cannot be served at all, or null when Next may have it. `url` is the raw request target; `headers`
 * as Node parsed them.
 */
export function edgeRefusal(method: string | undefined, url: string | undefined, headers: http.IncomingHttpHeaders = {}): EdgeRefusal | null {
  if (!method || !ALLOWED.has(method)) {
    return {
      status: 405,
      code: "method_not_allowed",
      message: `The method ${method ?? "(none)"} is not supported here; use one of ${ALLOWED_METHODS.join(", ")}.`,
    };
  }
  // Only the path: the query string is each route's to judge (it decodes leniently and never reaches the router).
  const path = (url ?? "/").split(/[?#]/, 1)[0]!;
  if (/%(?![0-9A-Fa-f]{2})/.test(path)) {
    return { status: 400, code: "malformed_path", message: "The address has a % that does not start a percent-escape (%XX): escape it as %25." };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return { status: 400, code: "malformed_path", message: "The address has percent-escapes that are not valid UTF-8 text, so it names nothing here." };
  }
  // C0 controls (NUL included) and DEL never belong in a path or an id.
  if (hasControlCharacter(decoded)) {
    return {
      status: 400,
      code: "malformed_path",
      message: "The address contains a control character (such as an escaped NUL, %00), so it names nothing here.",
    };
  }
  return routerStateRefusal(headers);
}

/**
 * A client-side navigation (`RSC: 1`) names the page it comes from in Next-Router-State-Tree. Next parses it with the
 * function used here, and one it cannot parse (garbage, over ~40 kB) made the page's render throw: a 500 and an error
 * in the log, for what Next's own router never sends. Refused as the client's error, with Next's reason.
 */
function routerStateRefusal(headers: http.IncomingHttpHeaders): EdgeRefusal | null {
  const state = headers["next-router-state-tree"];
  if (headers.rsc !== "1" || state === undefined) return null;
  try {
    parseAndValidateFlightRouterState(state);
    return null;
  } catch (error) {
    return {
      status: 400,
      code: "malformed_router_state",
      message: `The Next-Router-State-Tree header is not a router state: ${error instanceof Error ? error.message : String(error)} Reload the page.`,
    };
  }
}

function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Writes the refusal: JSON under /api (what API clients parse), plain text elsewhere; the usual security headers. */
export function writeRefusal(response: http.ServerResponse, refusal: EdgeRefusal, url: string | undefined): void {
  const api = /^\/api(\/|$|\?)/.test(url ?? "");
  const body = api ? JSON.stringify({ error: { code: refusal.code, message: refusal.message } }) : `${refusal.message}\n`;
  for (const [name, value] of Object.entries(BASE_SECURITY_HEADERS)) response.setHeader(name, value);
  response.setHeader("Content-Security-Policy", API_CONTENT_SECURITY_POLICY);
  response.setHeader("Content-Type", api ? "application/json" : "text/plain; charset=utf-8");
  response.setHeader("Cache-Control", "no-store");
  if (refusal.status === 405) response.setHeader("Allow", ALLOWED_METHODS.join(", "));
  response.statusCode = refusal.status;
  response.end(body);
}

const INSTALLED = Symbol.for("hindsight.edgeGuard");
type GuardedPrototype = typeof http.Server.prototype & { [INSTALLED]?: true };

/**
 * Puts the guard (and HSTS when AUTH_URL is https) in front of every Node HTTP server in this process (Next's included), before their request
 * listeners. Next creates its server before instrumentation runs and keeps no handle we could reach, so the
 * prototype's `emit` is wrapped: a refused request is answered here and never emitted. Idempotent.
 */
export function installEdgeGuard(): void {
  const prototype = http.Server.prototype as GuardedPrototype;
  if (prototype[INSTALLED]) return;
  const emit = prototype.emit;
  prototype.emit = function guardedEmit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const [request, response] = args as [http.IncomingMessage, http.ServerResponse];
      const refusal = edgeRefusal(request.method, request.url, request.headers);
      // HSTS on every answer, API and static files included: next.config.ts's headers are fixed at build time, and
      // whether the app is served over https (AUTH_URL) is only known when it runs.
      if (env().appUrl?.https === true) response.setHeader("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
      if (refusal) {
        // The body, if any, is not wanted; drain it so the connection can be reused.
        request.resume();
        writeRefusal(response, refusal, request.url);
        return true;
      }
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof emit;
  prototype[INSTALLED] = true;
}

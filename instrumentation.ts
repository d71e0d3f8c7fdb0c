// Runs once when a Next.js server starts (not during `next build`), before it serves a request. Routes the console
// (Next's own output included) into the JSON log (lib/log/console.ts), guards the HTTP server against requests Next
// cannot parse (lib/security/edge-guard.ts), gives every request an id, a log context and its access line and metrics
// (lib/observability/http-observer.ts), and starts the job worker (reminders) inside the app's process unless
// HINDSIGHT_WORKER=off; larger installs run it as its own process with `npm run worker`.
import type { Instrumentation } from "next";
import type { reportRequestError } from "@/lib/log/console";

/** Kept by register(): onRequestError then logs without first awaiting an import (see lib/log/console.ts). */
let requestErrorReporter: typeof reportRequestError | undefined;

export async function register(): Promise<void> {
  // Written exactly so: Next replaces NEXT_RUNTIME at build time and leaves the Node-only import out of other bundles.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Next skips register() during `next build` itself; this guards any other build-time caller.
    if (process.env.NEXT_PHASE === "phase-production-build") return;
    // Every setting validated before the first request: a bad value stops the server with one message naming it.
    const { env } = await import("@/lib/env");
    env();
    const { configureLogging } = await import("@/lib/log/logger");
    configureLogging({ level: env().LOG_LEVEL });
    // From here on every line the process writes is JSON: console.error/warn/info/log/debug go through the logger.
    const { routeConsoleToLog, reportRequestError } = await import("@/lib/log/console");
    routeConsoleToLog();
    requestErrorReporter = reportRequestError;
    // The socket address of each request, for the sign-in throttle (lib/auth/peer-address.ts says why this way).
    const { installPeerAddressStamp } = await import("@/lib/auth/peer-address");
    installPeerAddressStamp();
    // Before the first request is served: TRACE and undecodable paths get a 405/400 instead of Next's 500.
    const { installEdgeGuard } = await import("@/lib/security/edge-guard");
    installEdgeGuard();
    // After the guard, so that it wraps it: the guard's refusals get a request id and an access line too.
    const { installHttpObserver } = await import("@/lib/observability/http-observer");
    installHttpObserver();
    const { startWorkerInApp } = await import("@/lib/jobs/in-app");
    void startWorkerInApp();
  }
}

/**
 * Next calls this for every error it caught while handling a request (a page, layout, server action or route handler
 * that threw): one error line with the stack, the request id and the route; Next's own print of it is dropped.
 */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const report = requestErrorReporter ?? (await import("@/lib/log/console")).reportRequestError;
    report(error, request, context);
  }
};

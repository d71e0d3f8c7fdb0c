// The console routed through the logger, as instrumentation.ts installs it in the server: what Next, the libraries and
// the app print comes out as JSON lines, with the request id inside a request, and a request's error once.
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { consoleLine, reportRequestError, restoreConsole, routeConsoleToLog } from "@/lib/log/console";
import { captureLogs, configureLogging, withLogContext } from "@/lib/log/logger";

type Method = "error" | "warn" | "info" | "log" | "debug";
/** A console of its own: Vitest's is left alone, and what reaches the original methods is seen. */
function fakeConsole() {
  const printed: [Method, unknown[]][] = [];
  const target = Object.fromEntries(
    (["error", "warn", "info", "log", "debug"] as const).map((method) => [method, (...args: unknown[]) => void printed.push([method, args])]),
  ) as Record<Method, (...args: unknown[]) => void>;
  return { target, printed };
}

let logs: ReturnType<typeof captureLogs>;
let fake: ReturnType<typeof fakeConsole>;

beforeEach(() => {
  logs = captureLogs();
  fake = fakeConsole();
  routeConsoleToLog(fake.target);
});

afterEach(() => {
  restoreConsole(fake.target);
  logs.restore();
  configureLogging({ level: "info" });
});

/** Lets held lines (an error printed during a request, waiting for onRequestError) be written. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("the console, routed through the logger", () => {
  it("writes each call as one JSON line at the matching level, with the request id inside a request", async () => {
    withLogContext({ requestId: "req-1" }, () => {
      fake.target.log("rendered %s in %dms", "/incidents", 12);
      fake.target.info("an object:", { a: { b: 1 } });
      fake.target.warn("⚠ a Next warning");
    });
    fake.target.error("no request here");
    await nextTurn();
    expect(logs.lines()).toEqual([
      expect.objectContaining({ level: "info", msg: "rendered /incidents in 12ms", requestId: "req-1", time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }),
      expect.objectContaining({ level: "info", msg: "an object: { a: { b: 1 } }", requestId: "req-1" }),
      expect.objectContaining({ level: "warn", msg: "a Next warning", requestId: "req-1" }),
      expect.objectContaining({ level: "error", msg: "no request here" }),
    ]);
    expect(logs.lines()[3]).not.toHaveProperty("requestId");
    expect(fake.printed).toEqual([]);
  });

  it("keeps an Error passed on its own under err, stack and all, and Next's ⨯ form the same way", async () => {
    const error = new Error("database went away");
    fake.target.warn(error);
    fake.target.error("⨯", error);
    fake.target.error("Error in instrumentation.onRequestError:", new TypeError("x is undefined"));
    await nextTurn();
    const [alone, next, described] = logs.lines();
    expect(alone).toMatchObject({ level: "warn", msg: "Error: database went away", err: { type: "Error", message: "database went away" } });
    expect((alone!.err as { stack: string }).stack).toContain("console.test.ts");
    expect(next).toMatchObject({ level: "error", msg: "Error: database went away", err: { message: "database went away" } });
    expect(described).toMatchObject({ level: "error", msg: "Error in instrumentation.onRequestError:", err: { type: "TypeError", message: "x is undefined" } });
  });

  it("leaves an Error that fills a placeholder in the message", () => {
    const filled = consoleLine(["failed: %s", new Error("boom")]);
    expect(filled.err).toBeUndefined();
    expect(filled.msg).toMatch(/^failed: Error: boom\n\s+at /); // util.format's %s gives an Error's stack
    expect(consoleLine(["failed: %s", "open", new Error("boom")])).toMatchObject({ err: { message: "boom" }, msg: "failed: open" });
    expect(consoleLine(["\u001b[31m⨯\u001b[39m boom"])).toEqual({ err: undefined, msg: "boom" });
  });

  it("respects LOG_LEVEL: debug only at debug, nothing at silent", () => {
    fake.target.debug("hidden");
    configureLogging({ level: "debug" });
    fake.target.debug("shown");
    configureLogging({ level: "silent" });
    fake.target.error("silenced");
    expect(logs.lines().map((line) => [line.level, line.msg])).toEqual([["debug", "shown"]]);
    expect(fake.printed).toEqual([]);
  });

  it("sends a console call made while a line is formatted to the original method, not back into the logger", () => {
    const sneaky = { [inspect.custom]: () => (fake.target.log("from inside"), "sneaky") };
    fake.target.info("value:", sneaky);
    expect(logs.lines().map((line) => line.msg)).toEqual(["value: sneaky"]);
    expect(fake.printed).toEqual([["log", ["from inside"]]]);
  });

  it("is installed once, and put back as it was", () => {
    const { target } = fakeConsole();
    const original = target.error;
    routeConsoleToLog(target);
    const routed = target.error;
    routeConsoleToLog(target);
    expect(target.error).toBe(routed);
    restoreConsole(target);
    expect(target.error).toBe(original);
  });
});

describe("an error Next caught while handling a request", () => {
  const request = { path: "/incidents/INC-1?token=secret", method: "GET", headers: { "x-request-id": "req-9" } };
  const context = { routerKind: "App Router", routePath: "/(app)/incidents/[id]/page", routeType: "render", renderSource: "react-server-components" } as const;

  it("is logged once, with the route, when Next prints it before calling onRequestError", async () => {
    const error = new Error("render failed");
    await withLogContext({ requestId: "req-9" }, async () => {
      fake.target.error(error); // what Next's route module does first
      await Promise.resolve();
      reportRequestError(error, request, context);
    });
    await nextTurn();
    expect(logs.lines()).toEqual([
      expect.objectContaining({
        level: "error",
        requestId: "req-9",
        method: "GET",
        route: "/incidents/[id]",
        path: "/incidents/INC-1",
        routeType: "render",
        renderSource: "react-server-components",
        msg: "GET /incidents/[id] failed (render): render failed",
        err: expect.objectContaining({ message: "render failed", stack: expect.stringContaining("console.test.ts") }),
      }),
    ]);
    expect(JSON.stringify(logs.lines())).not.toContain("secret");
  });

  it("is logged once when Next calls onRequestError first and prints it after (⨯)", async () => {
    const error = new Error("handler failed");
    withLogContext({ requestId: "req-10" }, () => {
      reportRequestError(error, request, { ...context, routeType: "route", renderSource: undefined });
      reportRequestError(error, request, context); // reported again (Next does for some errors): still once
      fake.target.error("⨯", error);
    });
    await nextTurn();
    expect(logs.lines()).toEqual([
      expect.objectContaining({ level: "error", requestId: "req-10", routeType: "route", err: expect.objectContaining({ message: "handler failed" }) }),
    ]);
  });

  it("takes the request id from the request's header outside the request's context", () => {
    reportRequestError("a string", request, context);
    expect(logs.lines()).toEqual([expect.objectContaining({ requestId: "req-9", err: expect.objectContaining({ message: "non-error thrown: 'a string'" }) })]);
  });

  it("still logs an error printed during a request that onRequestError never reports", async () => {
    withLogContext({ requestId: "req-11" }, () => fake.target.error(new Error("printed only")));
    expect(logs.lines()).toEqual([]);
    await nextTurn();
    expect(logs.lines()).toEqual([expect.objectContaining({ level: "error", requestId: "req-11", msg: "Error: printed only" })]);
  });
});

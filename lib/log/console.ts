// What the server process writes through `console` goes through the logger too (lib/log/logger.ts), so that every line
// after the start is one JSON object, and one written while a request is handled carries its request id: Next's own
// output ("⨯ Error: ..." while rendering, "⚠ ..." warnings, "✓ Ready"), the libraries', Node's warnings, and any
// console call in the app. console.error is logged at error, warn at warn, info and log at info, debug at debug, so
// LOG_LEVEL applies to them as to every other line.
//
// Errors Next reports to instrumentation.ts's onRequestError (a page or route handler that threw) are logged there,
// with the route (reportRequestError below). Next also prints each of them itself, before or after calling the hook
// ("⨯" + the error): that copy is dropped, so one failed request gives one error line, carrying the stack, the request
// id and the route.
//
// The logger writes to process.stdout directly, never through `console`, so routing console into it cannot loop; a
// console call made while a routed line is being formatted (an object's custom inspect) goes to the original method.
// Installed after Next's own console wrapper (which only dims the logs of aborted prerenders, in colour), it replaces
// it: a log collector gets no colours.
import { formatWithOptions, inspect, stripVTControlCharacters, types } from "node:util";
import { currentLogContext, log, withLogContext, type LogContext } from "@/lib/log/logger";
import { loggablePath, routePatternOf } from "@/lib/observability/route-pattern";

type ConsoleMethod = "error" | "warn" | "info" | "log" | "debug";
type Level = "error" | "warn" | "info" | "debug";
type ConsoleLike = Pick<Console, ConsoleMethod>;

const LEVEL_OF: Record<ConsoleMethod, Level> = { error: "error", warn: "warn", info: "info", log: "info", debug: "debug" };

/** The status marks Next puts before its own lines ("⨯ Error: ...", "⚠ ...", "✓ Ready in 80ms"): the level says it. */
const NEXT_MARK = /^[⨯⚠○✓▲»]\s*/u;

/** Placeholders util.format consumes from the arguments that follow the format string ("%%" consumes none). */
const PLACEHOLDER = /%[sdifjoOc%]/g;

function isError(value: unknown): value is Error {
  return value instanceof Error || types.isNativeError(value);
}

/** The arguments util.format would consume for placeholders of the first one (a format string). */
function consumed(args: unknown[]): number {
  if (typeof args[0] !== "string") return 0;
  return 1 + (args[0].match(PLACEHOLDER) ?? []).filter((placeholder) => placeholder !== "%%").length;
}

/**
 * One console call as a log line: an Error passed on its own (not for a placeholder) goes under `err` (stack and all),
 * the rest is formatted as console would, on one line, without colours or Next's status mark.
 */
export function consoleLine(args: unknown[]): { err?: Error; msg: string } {
  const from = consumed(args);
  const index = args.findIndex((arg, position) => position >= from && isError(arg));
  const err = index === -1 ? undefined : (args[index] as Error);
  const rest = index === -1 ? args : args.filter((_, position) => position !== index);
  const formatted = rest.length > 0 ? formatWithOptions({ colors: false, breakLength: Infinity }, ...rest) : "";
  const msg = stripVTControlCharacters(formatted).replace(NEXT_MARK, "").trimEnd();
  return { err, msg: msg || (err ? `${err.name}: ${err.message}` : msg) };
}

type Pending = { level: Level; line: { err?: Error; msg: string }; context: LogContext | undefined };

type ConsoleState = {
  /** the methods as they were, per patched console */
  originals: Map<ConsoleLike, Partial<Record<ConsoleMethod, (...args: unknown[]) => void>>>;
  /** errors onRequestError has logged: Next's own print of them is dropped */
  reported: WeakSet<object>;
  /** errors Next printed during a request, held for a moment in case onRequestError reports them next */
  held: WeakMap<object, Pending>;
  writing: boolean;
};

const STATE = Symbol.for("hindsight.console");
const holder = globalThis as { [STATE]?: ConsoleState };

function state(): ConsoleState {
  holder[STATE] ??= { originals: new Map(), reported: new WeakSet(), held: new WeakMap(), writing: false };
  return holder[STATE];
}

function write({ level, line, context }: Pending): void {
  const emit = () => (line.err ? log[level]({ err: line.err }, line.msg) : log[level](line.msg));
  if (context) withLogContext(context, emit);
  else emit();
}

function route(method: ConsoleMethod, args: unknown[]): void {
  const level = LEVEL_OF[method];
  if (!log.isLevelEnabled(level)) return;
  const line = consoleLine(args);
  const { reported, held } = state();
  if (line.err) {
    // Next's print of an error onRequestError has logged already (with the route): once is enough.
    if (reported.has(line.err)) return;
    // Next prints a request's error just before it calls onRequestError with it: held until the hook has run (it
    // runs within the same turn of the event loop), and written as is if the hook does not claim it.
    const context = currentLogContext();
    if (level === "error" && context?.requestId) {
      const pending: Pending = { level, line, context };
      held.set(line.err, pending);
      setImmediate(() => {
        if (held.get(line.err!) !== pending) return;
        held.delete(line.err!);
        write(pending);
      });
      return;
    }
  }
  write({ level, line, context: undefined });
}

/**
 * Routes `target`'s error, warn, info, log and debug (the process's console by default) through the logger. Idempotent;
 * the server calls it from instrumentation.ts, the worker from scripts/worker.ts.
 */
export function routeConsoleToLog(target: ConsoleLike = console): void {
  const current = state();
  if (current.originals.has(target)) return;
  const originals: Partial<Record<ConsoleMethod, (...args: unknown[]) => void>> = {};
  for (const method of Object.keys(LEVEL_OF) as ConsoleMethod[]) {
    const original = target[method] as (...args: unknown[]) => void;
    originals[method] = original;
    target[method] = (...args: unknown[]): void => {
      // A console call made while a line is being formatted or written goes out as it would have.
      if (current.writing) return void Reflect.apply(original, target, args);
      current.writing = true;
      try {
        route(method, args);
      } catch {
        // Never lose a line, and never throw from console.*: the original method writes it as it was.
        Reflect.apply(original, target, args);
      } finally {
        current.writing = false;
      }
    };
  }
  current.originals.set(target, originals);
}

/** Puts back what routeConsoleToLog replaced (tests). */
export function restoreConsole(target: ConsoleLike = console): void {
  const current = state();
  const originals = current.originals.get(target);
  if (!originals) return;
  for (const [method, original] of Object.entries(originals) as [ConsoleMethod, (...args: unknown[]) => void][]) target[method] = original;
  current.originals.delete(target);
}

/** What Next hands instrumentation.ts's onRequestError (node_modules/next/dist/server/instrumentation/types.d.ts). */
export type RequestErrorRequest = Readonly<{ path: string; method: string; headers: NodeJS.Dict<string | string[]> }>;
export type RequestErrorContext = Readonly<{
  routerKind: string;
  routePath: string;
  routeType: string;
  renderSource?: string;
  revalidateReason?: string;
}>;

/**
 * The one line for an error Next caught while handling a request (a page, layout, server action or route handler that
 * threw): the error under `err`, the request's id, method, route pattern and path (never the query string), and Next's
 * account of where it happened (`routeType`: render, route, action or proxy; `renderSource`). Each error once.
 */
export function reportRequestError(error: unknown, request: RequestErrorRequest, context: RequestErrorContext): void {
  const { reported, held } = state();
  if (typeof error === "object" && error !== null) {
    if (reported.has(error)) return;
    reported.add(error);
    held.delete(error);
  }
  const route = routePatternOf(request.path);
  const method = request.method;
  const err = isError(error) ? error : new Error(`non-error thrown: ${inspect(error, { breakLength: Infinity })}`);
  const fields = {
    err,
    method,
    route,
    path: loggablePath(request.path, route),
    routeType: context.routeType,
    ...(context.renderSource ? { renderSource: context.renderSource } : {}),
    ...(context.revalidateReason ? { revalidateReason: context.revalidateReason } : {}),
  };
  const emit = () => log.error(fields, `${method} ${route} failed (${context.routeType}): ${err.message}`);
  // Next calls the hook within the request's async context; the request id header (set by the HTTP observer) is the
  // fallback should it ever not.
  const header = request.headers["x-request-id"];
  const requestId = Array.isArray(header) ? header[0] : header;
  if (!currentLogContext()?.requestId && requestId) withLogContext({ requestId }, emit);
  else emit();
}

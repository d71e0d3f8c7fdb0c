// The one logger of a process: pino, one JSON object per line on stdout, for a log collector to parse. Every line
// written while a request is handled carries its request id, and every line of a job run its job name and id: the
// context travels with the async work (AsyncLocalStorage), so code that logs needs to know about neither.
//
// A leaf module (pino and Node only, no settings, no server-only marker): lib/errors.ts logs through it, and that
// module is also loaded by the parser worker threads. The level is therefore not read here: the entry points
// (instrumentation.ts, scripts/worker.ts) call configureLogging(env().LOG_LEVEL) when they start; until then "info".
//
// Everything lives on globalThis: Next bundles instrumentation.ts and every route separately, and all of them must
// write through the one logger and see the one request context of this process.
import { AsyncLocalStorage } from "node:async_hooks";
import pino from "pino";

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

/** What every line written inside the context carries: the request's id, or the job's name and id. */
export type LogContext = { requestId?: string; job?: string; jobId?: string };

type Sink = { write(line: string): void };
type LoggerState = { logger: pino.Logger; context: AsyncLocalStorage<LogContext>; sink: Sink };

const STATE = Symbol.for("hindsight.logger");
const holder = globalThis as { [STATE]?: LoggerState };

// process.stdout is synchronous for files and pipes on Linux (Node's documentation), so no line is lost at exit.
const STDOUT: Sink = { write: (line) => void process.stdout.write(line) };

function state(): LoggerState {
  if (holder[STATE]) return holder[STATE];
  const context = new AsyncLocalStorage<LogContext>();
  const created: LoggerState = { context, sink: STDOUT, logger: undefined as unknown as pino.Logger };
  created.logger = pino(
    {
      level: "info",
      // "level":"warn" rather than pino's numbers: what people grep and collectors map without a table.
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Errors go under `err` (pino's serializer: type, message, stack, cause). Nothing here logs headers or bodies;
      // the redaction is a second line of defence should anyone pass them.
      serializers: { err: pino.stdSerializers.err },
      redact: {
        paths: ["headers.authorization", "headers.cookie", "*.headers.authorization", "*.headers.cookie", "password", "*.password", "token", "*.token"],
        censor: "[redacted]",
      },
      mixin: () => ({ ...context.getStore() }),
    },
    { write: (line: string) => created.sink.write(line) },
  );
  holder[STATE] = created;
  return created;
}

/** The process's logger. `log.warn({ err }, "what happened")`; never pass secrets, cookies or raw request headers. */
export const log: pino.Logger = state().logger;

/** Sets the level (LOG_LEVEL, validated by lib/env.ts); the entry points call it once at start. */
export function configureLogging({ level }: { level: LogLevel }): void {
  state().logger.level = level;
}

/** Runs `work` with `context` added to every line it logs (and everything it starts, awaited or not). */
export function withLogContext<T>(context: LogContext, work: () => T): T {
  const current = state().context.getStore();
  return state().context.run({ ...current, ...context }, work);
}

/** The context of the code running now (the request being handled, the job running), if any. */
export function currentLogContext(): LogContext | undefined {
  return state().context.getStore();
}

export type LogLine = { level: string; msg?: string; time: string; requestId?: string; job?: string; jobId?: string; [key: string]: unknown };

/**
 * For tests: the lines written from now on are kept (parsed) instead of printed, until `restore()`. What a test reads
 * here is exactly what an operator's log collector would get.
 */
export function captureLogs(): { lines: () => LogLine[]; restore: () => void } {
  const current = state();
  const previous = current.sink;
  const kept: string[] = [];
  current.sink = { write: (line) => void kept.push(line) };
  return {
    lines: () => kept.map((line) => JSON.parse(line) as LogLine),
    restore: () => {
      current.sink = previous;
    },
  };
}

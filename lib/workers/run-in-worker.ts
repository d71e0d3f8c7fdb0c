// One piece of CPU work on a worker thread, for the parsers that would otherwise stall every other request of the
// server: a monitoring export's parse (lib/metrics/ingest-worker.host.ts) and a report file's conversion
// (lib/incidents/report-formats/convert.ts). Each kind runs at most `maxParallel` at once (more wait their turn), with a
// heap limit and a timeout; a refusal from the worker comes back as the DomainError it was, a crash as an Error (500).
//
// The caller starts the worker itself (`spawn`): Turbopack bundles a worker only where `new Worker(new URL("./x.ts",
// import.meta.url))` is written literally, in the module beside the worker's source (ingest-worker.host.ts says more).
import type { Transferable, Worker } from "node:worker_threads";
import { DomainError, InvalidInputError, type FieldIssue } from "@/lib/errors";
import { log } from "@/lib/log/logger";

/** What a worker refused, with its status (422 mostly) and reason: it crosses the thread as plain data. */
export type WorkerRefusal = { status: number; code: string; message: string; issues: FieldIssue[] };

/** A worker's one answer: its result, a refusal of the input, or the message of an unexpected failure. */
export type WorkerReply<T extends object> = ({ ok: true } & T) | { ok: false; refused: WorkerRefusal } | { ok: false; crashed: string };

class RefusedInWorker extends DomainError {
  override readonly status: number;
  override readonly code: string;
  constructor(refused: WorkerRefusal) {
    super(refused.message);
    this.status = refused.status;
    this.code = refused.code;
  }
}

function rebuilt(refused: WorkerRefusal): DomainError {
  return refused.status === 422 ? new InvalidInputError(refused.message, refused.issues) : new RefusedInWorker(refused);
}

export type WorkerKind = {
  /** for the server log: "metrics parse", "report conversion" */
  name: string;
  maxParallel: number;
  timeoutMs: number;
};

export type WorkerJob = {
  /** starts the worker, with its heap limit (resourceLimits.maxOldGenerationSizeMb) */
  spawn(): Worker;
  message: unknown;
  /** buffers of `message` moved to the worker rather than copied */
  transfer: readonly Transferable[];
  /** what the user is told when the work takes longer than the kind's timeout */
  tooSlow(): Error;
  /** what the user is told when the work needs more than the worker's heap */
  tooLarge(): Error;
};

/** Runs jobs of one kind, `maxParallel` at a time. */
export function workerRunner(kind: WorkerKind) {
  let running = 0;
  const waiting: (() => void)[] = [];

  async function withSlot<T>(work: () => Promise<T>): Promise<T> {
    if (running >= kind.maxParallel) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next)
        next(); // the slot passes straight on
      else running--;
    }
  }

  /** Starts the job's worker, posts it the message, and settles on its one reply. */
  return function run<T extends object>(job: WorkerJob): Promise<T> {
    return withSlot(
      () =>
        new Promise<T>((resolve, reject) => {
          const worker = job.spawn();
          let settled = false;
          const finish = (outcome: () => void) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            outcome();
            void worker.terminate();
          };
          const timer = setTimeout(() => finish(() => reject(job.tooSlow())), kind.timeoutMs);
          worker.once("message", (reply: WorkerReply<T>) => {
            finish(() => {
              if (reply.ok) resolve(reply);
              else if ("refused" in reply) reject(rebuilt(reply.refused));
              else {
                log.error({ crashed: reply.crashed }, `The ${kind.name} failed`);
                reject(new Error(`The ${kind.name} failed`));
              }
            });
          });
          worker.once("error", (error: Error & { code?: string }) => {
            finish(() => {
              if (error.code === "ERR_WORKER_OUT_OF_MEMORY") reject(job.tooLarge());
              else {
                log.error({ err: error }, `The ${kind.name} worker failed`);
                reject(error);
              }
            });
          });
          worker.once("exit", (code) => finish(() => reject(new Error(`The ${kind.name} worker exited (code ${code}) without an answer`))));
          worker.postMessage(job.message, job.transfer);
        }),
    );
  };
}

// Parsing a monitoring export off the main thread.
//
// Why a worker thread: a 21 MB export of a million CSV rows takes the parser about a second of pure CPU; on the main
// thread that would stall every other request of the server for as long, and chunked parsing with setImmediate would
// push the yielding into every parser. The worker moves the points back without copying (transferred Float64Array
// buffers). Measured through POST /api/v1/incidents/{id}/metrics with perf_hooks.monitorEventLoopDelay on a quiet
// 2-core machine (idle control: 12 ms): the 7,201-point sample 12–28 ms max; a 1M-row CSV 124–156 ms max (p99 12–20
// ms), of which the parse contributes nothing measurable (longest main-thread block while it runs: 19–36 ms). What is
// left is proportional to the bytes written, as for any attachment of that size: undici's multipart parse (50–65 ms)
// and the Prisma/pg write of the kept file and the points (one 21 MB or 16 MB parameter: 110–250 ms; a raw INSERT with
// base64 text measured the same, so it is the driver's share, not Prisma's encoding).
//
// Why this spawn works after `next build`: Turbopack (Next 16.2+) bundles `new Worker(new URL("./x.ts",
// import.meta.url))` from node:worker_threads into its own server chunk, with everything the worker imports, and
// rewrites the call to start that chunk. Outside Next (Vitest, the benchmark, tsx scripts) nothing is bundled, so the
// worker starts from ingest-worker.bootstrap.mjs, which registers tsx and then imports the TypeScript source.
import { Worker } from "node:worker_threads";
import { InvalidInputError } from "@/lib/errors";
import { workerRunner } from "@/lib/workers/run-in-worker";
import type { ParseOptions, ParseResult } from "@/lib/metrics/types";
import type { IngestReply, IngestRequest } from "@/lib/metrics/ingest-worker";

/** Parses at once; more wait their turn (each may hold a few hundred MB while it works, and the machine has 2 cores). */
const MAX_PARALLEL_PARSES = 2;
const PARSE_TIMEOUT_MS = 120_000;
/** Heap of one parse worker: a 25 MB file needs far less; a pathological one is stopped instead of taking the server down. */
const WORKER_HEAP_MB = 1_024;

export type ParsedUpload = { result: ParseResult; sha256: string };

const runParse = workerRunner({ name: "metrics parse", maxParallel: MAX_PARALLEL_PARSES, timeoutMs: PARSE_TIMEOUT_MS });

function spawn(): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_HEAP_MB };
  if (process.env.NEXT_RUNTIME) {
    return new Worker(new URL("./ingest-worker.ts", import.meta.url), { resourceLimits });
  }
  const here = import.meta.url.replace(/[^/]*$/, "");
  return new Worker(new URL(`${here}ingest-worker.bootstrap.mjs`), { resourceLimits, workerData: { entry: `${here}ingest-worker.ts` } });
}

/**
 * Parses `bytes` in a worker thread and hashes them (SHA-256, hex) on the way. Throws the parser's refusal as a
 * DomainError (InvalidInputError for 422) with its reason; a crash or a timeout of the worker is an Error (500).
 * `bytes` are copied to the worker, so the caller keeps them to store.
 */
export async function parseInWorker(bytes: Uint8Array, options: ParseOptions): Promise<ParsedUpload> {
  // A copy, moved to the worker: the caller's bytes stay intact for the attachment.
  const copy = bytes.slice();
  const request: IngestRequest = { bytes: copy, options };
  const reply = await runParse<Extract<IngestReply, { ok: true }>>({
    spawn,
    message: request,
    transfer: [copy.buffer],
    tooSlow: () =>
      new InvalidInputError(
        `Reading the file took longer than ${PARSE_TIMEOUT_MS / 1000} s and was stopped. Export a shorter time range or fewer series. Nothing was stored.`,
        [{ path: "file", message: "took too long to read" }],
      ),
    tooLarge: () =>
      new InvalidInputError(
        `Reading the file needs more than the ${WORKER_HEAP_MB} MB of memory a parse may use. Export a shorter time range or fewer series. Nothing was stored.`,
        [{ path: "file", message: "is too large to read" }],
      ),
  });
  return { result: reply.result, sha256: reply.sha256 };
}

// The body of the parse worker (started by ingest-worker.host.ts): parse one monitoring export and hash its bytes on
// a worker thread, so that a 25 MB file never holds the server's event loop. One request per worker; the points come
// back as transferred Float64Array buffers (moved, not copied).
import { createHash } from "node:crypto";
import { parentPort } from "node:worker_threads";
import { DomainError, InvalidInputError } from "@/lib/errors";
import { parseMetricsExport } from "@/lib/metrics/parse";
import type { ParseOptions, ParseResult } from "@/lib/metrics/types";
import type { WorkerReply } from "@/lib/workers/run-in-worker";

export type IngestRequest = { bytes: Uint8Array; options: ParseOptions };

export type IngestReply = WorkerReply<{ result: ParseResult; sha256: string }>;

async function handle({ bytes, options }: IngestRequest): Promise<{ reply: IngestReply; transfer: ArrayBuffer[] }> {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  try {
    const result = await parseMetricsExport(bytes, options);
    return { reply: { ok: true, result, sha256 }, transfer: transferables(result) };
  } catch (error) {
    if (error instanceof DomainError) {
      const issues = error instanceof InvalidInputError ? error.issues : [];
      return { reply: { ok: false, refused: { status: error.status, code: error.code, message: error.message, issues } }, transfer: [] };
    }
    return { reply: { ok: false, crashed: error instanceof Error ? (error.stack ?? error.message) : String(error) }, transfer: [] };
  }
}

/** Each distinct buffer once (series may share one; listing a buffer twice is a DataCloneError). */
function transferables(result: ParseResult): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const series of result.series) {
    for (const array of [series.timestamps, series.values]) {
      if (array.buffer instanceof ArrayBuffer) buffers.add(array.buffer);
    }
  }
  return [...buffers];
}

const port = parentPort;
if (port) {
  port.once("message", (request: IngestRequest) => {
    void handle(request).then(({ reply, transfer }) => port.postMessage(reply, transfer));
  });
}

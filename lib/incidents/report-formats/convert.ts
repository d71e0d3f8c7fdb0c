// A report file of any accepted kind → the report text the importer parses: text as it is, an HTML page or a Word
// document converted to Markdown on a worker thread. Stores nothing. Used by POST /api/v1/incidents/import, which the
// import page also calls to convert a file (?convertOnly=1: the file's text to check, before any preview).
//
// Why a worker thread: turndown parses and walks a page on the CPU, measured here at ~2 s per MB of HTML (a 5 MB page
// ~9 s); on the main thread every other request of the server would wait. The worker is started as the metrics
// parser's is (lib/metrics/ingest-worker.host.ts says why this works after `next build`), and stopped after 30 s.
import "server-only";
import { Worker } from "node:worker_threads";
import { InvalidInputError, PayloadTooLargeError } from "@/lib/errors";
import { workerRunner } from "@/lib/workers/run-in-worker";
import type { MarkupFile } from "@/lib/incidents/report-formats/convert-markup";
import type { ConvertReply } from "@/lib/incidents/report-formats/convert-worker";
import { decodeReportText, detectReportFile, type StatedFormat } from "@/lib/incidents/report-formats/detect";
import { docxTooLarge } from "@/lib/incidents/report-formats/docx";
import { formatMegabytes, MAX_DOCX_BYTES, MAX_HTML_BYTES, type ReportFileKind } from "@/lib/incidents/report-formats/file-kinds";
import type { HtmlConversion } from "@/lib/incidents/report-formats/html-to-markdown";
import { MAX_REPORT_BYTES } from "@/lib/incidents/report-text/parse";

export type ConvertedReport = {
  text: string;
  /** what the file was read as */
  format: ReportFileKind;
  fileName: string | null;
  /** what was left out or guessed on the way, for the person checking the text */
  notes: string[];
};

export type ReportFile = StatedFormat & { bytes: Uint8Array; charset?: string | null };

/** The largest file any kind may be: what may be read before the kind is known. */
export const MAX_REPORT_FILE_BYTES = Math.max(MAX_DOCX_BYTES, MAX_HTML_BYTES, MAX_REPORT_BYTES);

export async function convertReportFile(file: ReportFile): Promise<ConvertedReport> {
  const name = file.fileName ? `"${file.fileName}"` : "The file";
  const format = detectReportFile(file.bytes, file);
  checkFileSize(format, file.bytes.byteLength, name);

  let text: string;
  let notes: string[] = [];
  if (format === "text") text = decodeReportText(file.bytes, format, file.charset ?? null, name);
  else ({ markdown: text, notes } = await convertInWorker({ kind: format, bytes: file.bytes, fileName: file.fileName ?? null, charset: file.charset ?? null }));

  if (!text.trim()) throw new InvalidInputError(`${name} holds no text.`, [{ path: "file", message: "is empty" }]);
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_REPORT_BYTES) {
    throw new PayloadTooLargeError(
      `The text read from ${name} is ${bytes.toLocaleString("en-US")} bytes; a report may be at most 1 MB (${MAX_REPORT_BYTES.toLocaleString("en-US")} bytes).`,
    );
  }
  return { text, format, fileName: file.fileName ?? null, notes };
}

export function checkFileSize(format: ReportFileKind, bytes: number, name: string): void {
  if (format === "docx") {
    if (bytes > MAX_DOCX_BYTES) throw docxTooLarge(bytes, name);
    return;
  }
  const limit = format === "html" ? MAX_HTML_BYTES : MAX_REPORT_BYTES;
  if (bytes > limit) {
    const what = format === "html" ? "an HTML page" : "a text report";
    throw new PayloadTooLargeError(
      `${name} is ${bytes.toLocaleString("en-US")} bytes; ${what} may be at most ${formatMegabytes(limit)} (${limit.toLocaleString("en-US")} bytes).`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The worker

/** Conversions at once; more wait their turn (the machine this runs on may have 2 cores). */
const MAX_PARALLEL = 2;
const TIMEOUT_MS = 30_000;
/** Heap of one worker: a 10 MB document needs a few hundred MB at most; a pathological one is stopped instead. */
const WORKER_HEAP_MB = 768;

const runConversion = workerRunner({ name: "report conversion", maxParallel: MAX_PARALLEL, timeoutMs: TIMEOUT_MS });

function spawn(): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_HEAP_MB };
  if (process.env.NEXT_RUNTIME) return new Worker(new URL("./convert-worker.ts", import.meta.url), { resourceLimits });
  const here = import.meta.url.replace(/[^/]*$/, "");
  return new Worker(new URL(`${here}convert-worker.bootstrap.mjs`), { resourceLimits, workerData: { entry: `${here}convert-worker.ts` } });
}

async function convertInWorker(file: MarkupFile): Promise<HtmlConversion> {
  const name = file.fileName ? `"${file.fileName}"` : "The file";
  const copy = file.bytes.slice();
  const reply = await runConversion<Extract<ConvertReply, { ok: true }>>({
    spawn,
    message: { ...file, bytes: copy } satisfies MarkupFile,
    transfer: [copy.buffer],
    tooSlow: () =>
      new InvalidInputError(`Converting ${name} took longer than ${TIMEOUT_MS / 1000} s and was stopped. Paste its text instead.`, [
        { path: "file", message: "took too long to convert" },
      ]),
    tooLarge: () =>
      new InvalidInputError(`Converting ${name} needs more than the ${WORKER_HEAP_MB} MB of memory a conversion may use. Paste its text instead.`, [
        { path: "file", message: "is too large to convert" },
      ]),
  });
  return reply.conversion;
}

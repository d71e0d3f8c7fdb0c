// The body of the conversion worker (started by convert.ts): one HTML page or Word document → Markdown per worker, so
// that turndown's walk of a large page never holds the server's event loop.
import { parentPort } from "node:worker_threads";
import { DomainError, InvalidInputError } from "@/lib/errors";
import { convertMarkup, type MarkupFile } from "@/lib/incidents/report-formats/convert-markup";
import type { HtmlConversion } from "@/lib/incidents/report-formats/html-to-markdown";
import type { WorkerReply } from "@/lib/workers/run-in-worker";

export type ConvertRequest = MarkupFile;

export type ConvertReply = WorkerReply<{ conversion: HtmlConversion }>;

async function handle(request: ConvertRequest): Promise<ConvertReply> {
  try {
    return { ok: true, conversion: await convertMarkup(request) };
  } catch (error) {
    if (error instanceof DomainError) {
      const issues = error instanceof InvalidInputError ? error.issues : [];
      return { ok: false, refused: { status: error.status, code: error.code, message: error.message, issues } };
    }
    return { ok: false, crashed: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

const port = parentPort;
if (port) {
  port.once("message", (request: ConvertRequest) => {
    void handle(request).then((reply) => port.postMessage(reply));
  });
}

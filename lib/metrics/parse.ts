// The one entry point for monitoring exports: bytes in (a stream of chunks or one buffer), chart-ready series out.
// Stores nothing. A file that cannot be charted is refused with an InvalidInputError that says what the file is and why.
//
// Reading strategy:
// - The first 64 KB are read to settle the text encoding (UTF-8, UTF-16 LE/BE by BOM or by zero bytes, Windows-1252
//   when the bytes are not UTF-8) and the format (detect.ts).
// - CSV formats are decoded chunk by chunk (TextDecoder with stream: true, so a character split between chunks survives)
//   and parsed row by row: the file never exists as one string.
// - JSON Lines (the OpenTelemetry collector's file exporter) are parsed line by line.
// - A single JSON document is decoded chunk by chunk too, into the value JSON.parse would give (json-stream.ts): every
//   supported JSON export is one document whose values are needed together, so the value is built whole, but the text
//   is never one string (which V8 caps at ~512 MB, and which would be a second copy of the file in memory).
import { InvalidInputError } from "@/lib/errors";
import { ACCEPTED_YEARS_TEXT, isAcceptedInstant } from "@/lib/time/accepted-range";
import { describeUnrecognized, detectFormat, detectJsonFormat, FORMAT_LABELS, JSON_FORMATS } from "@/lib/metrics/detect";
import { parseAzureMonitor } from "@/lib/metrics/parse-azure";
import { parseCloudWatchMetricData, parseCloudWatchStatistics } from "@/lib/metrics/parse-cloudwatch";
import { parseCsvTable } from "@/lib/metrics/parse-csv-table";
import { parseDatadog } from "@/lib/metrics/parse-datadog";
import { parseGrafanaJson } from "@/lib/metrics/parse-grafana-json";
import { parseFluxCsv, parseInfluxQlJson } from "@/lib/metrics/parse-influx";
import { OtlpReader } from "@/lib/metrics/parse-otlp";
import { parsePrometheus } from "@/lib/metrics/parse-prometheus";
import { createContext, markPartial, plural, seriesTitle, warn, type ParseContext, SeriesSet } from "@/lib/metrics/parse-series";
import { JsonStreamError, parseJsonStream } from "@/lib/metrics/json-stream";
import { resolveTimeZone } from "@/lib/metrics/time";
import type { MetricFormat, ParsedSeries, ParseOptions, ParseResult } from "@/lib/metrics/types";

export { detectFormat } from "@/lib/metrics/detect";

const HEAD_BYTES = 64 * 1024;
/** Decoding a huge chunk at once would make a huge string: chunks are cut to this size first. */
const MAX_CHUNK_BYTES = 1024 * 1024;

export async function parseMetricsExport(input: AsyncIterable<Uint8Array> | Uint8Array, options: ParseOptions = {}): Promise<ParseResult> {
  const timeZone = resolveTimeZone(options.timeZone);
  const source = new ByteSource(input);
  try {
    return await parseSource(source, timeZone, options);
  } finally {
    await source.close(); // a refusal half-way must not leave the upload stream open
  }
}

async function parseSource(source: ByteSource, timeZone: string, options: ParseOptions): Promise<ParseResult> {
  const head = await source.head(HEAD_BYTES);
  refuseBinary(head);
  const encoding = sniffEncoding(head);
  const headText = new TextDecoder(encoding).decode(head);
  if (!headText.trim()) {
    if (source.ended) throw new InvalidInputError("The file is empty: it holds no data.");
  }
  const context = createContext(timeZone);
  if (encoding === "windows-1252") warn(context, "The file is not valid UTF-8; it was read as Windows-1252 (Latin-1).");
  const format = detectFormat(headText, options.fileName);
  const looksLikeJson = /^[\s\uFEFF]*[[{]/.test(headText);

  if (format === null) {
    if (!looksLikeJson) throw new InvalidInputError(describeUnrecognized(headText));
    const document = await parseJsonDocument(source.decoded(encoding), null);
    const reconsidered = detectJsonFormat(document, options.fileName);
    if (reconsidered === null) throw new InvalidInputError(describeUnrecognized(headText, document));
    return finish(reconsidered, context, parseJson(reconsidered, [document], context));
  }

  if (format === "generic-csv" || format === "grafana-csv") {
    const series = await parseCsvTable(source.decoded(encoding), context, format);
    return finish(format, context, series);
  }
  if (format === "influx-flux-csv") {
    const set = new SeriesSet();
    await parseFluxCsv(source.decoded(encoding), context, set);
    return finish(format, context, set.finish(context));
  }
  if (JSON_FORMATS.has(format)) {
    if (isJsonLines(headText)) return finish(format, context, await parseJsonLines(format, source.decoded(encoding), context));
    const document = await parseJsonDocument(source.decoded(encoding), format);
    const actual = detectJsonFormat(document, options.fileName) ?? format;
    return finish(actual, context, parseJson(actual, [document], context));
  }
  throw new InvalidInputError(describeUnrecognized(headText));
}

function finish(format: MetricFormat, context: ParseContext, series: ParsedSeries[]): ParseResult {
  if (!series.length) {
    throw new InvalidInputError(`${capitalize(FORMAT_LABELS[format])}, but it holds no data points: no series with a single value.`);
  }
  refuseTimesOutsideAcceptedYears(series);
  return { format, series, warnings: context.warnings, partial: context.partial };
}

/**
 * Every format funnels through here, so one check covers them all: a point outside 1970-2100 is a timestamp in the
 * wrong unit or a broken export (an OTLP time of 26 digits), and storing it would chart nonsense or fail in the
 * database. The whole file is refused, naming the series and the time as written in epoch milliseconds.
 */
function refuseTimesOutsideAcceptedYears(series: readonly ParsedSeries[]): void {
  for (const one of series) {
    for (let index = 0; index < one.timestamps.length; index++) {
      const ms = one.timestamps[index]!;
      if (isAcceptedInstant(ms)) continue;
      const when = Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : `${ms} ms after 1970`;
      throw new InvalidInputError(
        `The series "${seriesTitle(one.name, one.labels)}" has a point at ${when} (point ${index + 1}): times must be ${ACCEPTED_YEARS_TEXT}. Check the timestamps' unit; nothing was stored.`,
        [{ path: "file", message: `holds a time outside the years ${ACCEPTED_YEARS_TEXT}` }],
      );
    }
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

type JsonParser = { add(document: unknown): void; finish(): ParsedSeries[] };

function jsonParser(format: MetricFormat, context: ParseContext): JsonParser {
  const set = new SeriesSet();
  const simple = (parse: (document: unknown, context: ParseContext, set: SeriesSet) => void, orderIsArbitrary = false): JsonParser => ({
    add: (document) => parse(document, context, set),
    finish: () => set.finish(context, { orderIsArbitrary }),
  });
  switch (format) {
    case "prometheus-query-range":
    case "prometheus-query":
      return simple(parsePrometheus);
    case "grafana-dataframe-json":
    case "grafana-ds-query":
      return simple(parseGrafanaJson);
    case "datadog-query":
      return simple(parseDatadog);
    case "cloudwatch-get-metric-data":
      return simple(parseCloudWatchMetricData, true);
    case "cloudwatch-get-metric-statistics":
      return simple(parseCloudWatchStatistics, true);
    case "influxql-json":
      return simple(parseInfluxQlJson);
    case "azure-monitor":
      return simple(parseAzureMonitor);
    case "otlp-json": {
      const reader = new OtlpReader(context, set);
      return {
        add: (document) => reader.add(document),
        finish: () => {
          reader.finish();
          return set.finish(context);
        },
      };
    }
    default:
      throw new InvalidInputError(`${capitalize(FORMAT_LABELS[format])} is not JSON.`);
  }
}

function parseJson(format: MetricFormat, documents: unknown[], context: ParseContext): ParsedSeries[] {
  const parser = jsonParser(format, context);
  for (const document of documents) parser.add(document);
  return parser.finish();
}

/** The single JSON document of the file, read chunk by chunk; a refusal tells a file cut short from a broken one. */
async function parseJsonDocument(chunks: AsyncIterable<string>, format: MetricFormat | null): Promise<unknown> {
  try {
    return await parseJsonStream(chunks);
  } catch (error) {
    if (!(error instanceof JsonStreamError)) throw error;
    const what = format ? ` (${FORMAT_LABELS[format]})` : "";
    if (error.truncated) {
      throw new InvalidInputError(
        `The file ends in the middle of the JSON — it was cut off${what} after ${error.offset.toLocaleString("en-US")} characters. Export or download it again in full.`,
      );
    }
    throw new InvalidInputError(`The file is not valid JSON${what}: ${error.message}.`);
  }
}

/** A first line that is a whole JSON value, followed by another line that starts one. */
function isJsonLines(head: string): boolean {
  const text = head.replace(/^\uFEFF/, "").trimStart();
  const newline = text.indexOf("\n");
  if (newline < 0) return false;
  const rest = text.slice(newline + 1).trimStart();
  if (!rest.startsWith("{")) return false;
  try {
    JSON.parse(text.slice(0, newline));
    return true;
  } catch {
    return false;
  }
}

async function parseJsonLines(format: MetricFormat, chunks: AsyncIterable<string>, context: ParseContext): Promise<ParsedSeries[]> {
  const parser = jsonParser(format, context);
  let pending = "";
  let lineNumber = 0;
  let broken = 0;
  let firstBroken = 0;
  let lastBroken = false;
  const line = (text: string) => {
    lineNumber++;
    if (!text.trim()) return;
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      if (broken++ === 0) firstBroken = lineNumber;
      lastBroken = true;
      return;
    }
    lastBroken = false;
    parser.add(document);
  };
  for await (const chunk of chunks) {
    pending += chunk;
    let start = 0;
    for (let newline = pending.indexOf("\n"); newline >= 0; newline = pending.indexOf("\n", start)) {
      line(pending.slice(start, newline));
      start = newline + 1;
    }
    pending = pending.slice(start);
  }
  line(pending);
  if (broken) {
    if (lastBroken && broken === 1) {
      markPartial(context, `The last line (${lineNumber}) is cut off and was left out: the export was probably still being written.`);
    } else {
      warn(
        context,
        `${plural(broken, "line is", "lines are")} not valid JSON and ${broken === 1 ? "was" : "were"} left out (the first on line ${firstBroken}).`,
      );
      if (lastBroken) context.partial = true;
    }
  }
  return parser.finish();
}

type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

/** BOM first; then UTF-16 without a BOM by its zero bytes; then UTF-8 if it decodes, else Windows-1252. */
export function sniffEncoding(head: Uint8Array): TextEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  if (head.length >= 4 && head[0] !== 0 && head[1] === 0 && head[2] !== 0 && head[3] === 0) return "utf-16le";
  if (head.length >= 4 && head[0] === 0 && head[1] !== 0 && head[2] === 0 && head[3] !== 0) return "utf-16be";
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true }); // stream: a character cut at the end is fine
    return "utf-8";
  } catch {
    return "windows-1252";
  }
}

function refuseBinary(head: Uint8Array): void {
  const starts = (...bytes: number[]) => bytes.every((byte, i) => head[i] === byte);
  if (starts(0x50, 0x4b, 0x03, 0x04)) {
    throw new InvalidInputError(
      "This is a ZIP archive (an Excel .xlsx workbook is one), not a monitoring export: save the sheet as CSV, or unzip the export first.",
    );
  }
  if (starts(0x1f, 0x8b)) throw new InvalidInputError("This file is gzip-compressed: decompress it (gunzip) and upload the file inside.");
  if (starts(0x25, 0x50, 0x44, 0x46)) throw new InvalidInputError("This is a PDF document, not a monitoring export.");
  if (starts(0x89, 0x50, 0x4e, 0x47) || starts(0xff, 0xd8, 0xff))
    throw new InvalidInputError("This is an image (a screenshot?), not a monitoring export: export the data as CSV or JSON.");
  const utf16 =
    (head[0] === 0xff && head[1] === 0xfe) ||
    (head[0] === 0xfe && head[1] === 0xff) ||
    (head.length >= 4 && (head[1] === 0 || head[0] === 0) && (head[3] === 0 || head[2] === 0));
  if (!utf16 && head.subarray(0, 4096).includes(0)) throw new InvalidInputError("This is a binary file, not a monitoring export (CSV or JSON text).");
}

/** The input as chunks, with the first bytes read ahead for sniffing and then replayed. */
class ByteSource {
  private readonly iterator: AsyncIterator<Uint8Array> | null;
  private readonly buffered: Uint8Array[] = [];
  private bufferedBytes = 0;
  ended = false;

  constructor(input: AsyncIterable<Uint8Array> | Uint8Array) {
    if (input instanceof Uint8Array) {
      for (let at = 0; at < input.length; at += MAX_CHUNK_BYTES) this.buffered.push(input.subarray(at, at + MAX_CHUNK_BYTES));
      this.bufferedBytes = input.length;
      this.iterator = null;
      this.ended = true;
    } else {
      this.iterator = input[Symbol.asyncIterator]();
    }
  }

  async head(bytes: number): Promise<Uint8Array> {
    while (!this.ended && this.bufferedBytes < bytes) {
      const next = await this.iterator!.next();
      if (next.done) this.ended = true;
      else if (next.value.length) {
        this.buffered.push(next.value);
        this.bufferedBytes += next.value.length;
      }
    }
    const head = new Uint8Array(Math.min(bytes, this.bufferedBytes));
    let at = 0;
    for (const chunk of this.buffered) {
      if (at >= head.length) break;
      const part = chunk.subarray(0, head.length - at);
      head.set(part, at);
      at += part.length;
    }
    return head;
  }

  async *chunks(): AsyncGenerator<Uint8Array> {
    while (this.buffered.length) yield this.buffered.shift()!;
    if (!this.iterator || this.ended) return;
    for (;;) {
      const next = await this.iterator.next();
      if (next.done) break;
      const chunk = next.value;
      for (let at = 0; at < chunk.length; at += MAX_CHUNK_BYTES) yield chunk.subarray(at, at + MAX_CHUNK_BYTES);
    }
    this.ended = true;
  }

  async close(): Promise<void> {
    if (this.ended || !this.iterator) return;
    this.ended = true;
    await this.iterator.return?.();
  }

  async *decoded(encoding: TextEncoding): AsyncGenerator<string> {
    const decoder = new TextDecoder(encoding); // drops the BOM
    for await (const chunk of this.chunks()) {
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield text;
    }
    const tail = decoder.decode();
    if (tail) yield tail;
  }
}

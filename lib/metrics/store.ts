// Parsed series in the database: one MetricSeries row per series with the summary a list needs (count, first/last
// time, min/max), so that lists and charts never decode points just to describe a series; its points in
// MetricSeriesSegment rows of SEGMENT_POINTS, as two little-endian float64 columns (8 bytes a point each, no per-point
// rows) with each segment's first and last time, so that a chart reads only the segments of the range it shows.
import "server-only";
import type { Tx } from "@/lib/db/client";
import { InvalidInputError } from "@/lib/errors";
import { encodeFloat64 } from "@/lib/metrics/encode";
import type { ParsedSeries, ParseResult } from "@/lib/metrics/types";
import type { MetricSeriesSummary } from "@/lib/metrics/schema";
import { MAX_SERIES_PER_IMPORT } from "@/lib/metrics/schema";

/** Points per segment: 512 KiB a column. */
export const SEGMENT_POINTS = 65_536;
/** One INSERT carries at most this many rows, or about this many bytes of points: Prisma base64-encodes a bytes
 * parameter on the event loop while it builds the statement, so 2 MB a statement holds the loop for milliseconds
 * between round trips (16 MB, a million points in one statement, held it for over 100 ms). */
const ROWS_PER_INSERT = 500;
const BYTES_PER_INSERT = 2 * 1024 * 1024;

/**
 * Min and max over the finite values: NaN is a gap, and ±Infinity (an exporter's "+Inf") would make every axis
 * useless, so neither counts. Null when the series holds only gaps.
 */
export function finiteMinMax(values: Float64Array): { min: number | null; max: number | null } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isFinite(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return { min: min === Infinity ? null : min, max: max === -Infinity ? null : max };
}

/**
 * Inserts every series of `result` for the incident (and the attachment the file was kept as, if any) inside the
 * caller's transaction; returns their summaries in the parser's order. Series without points are skipped; a result
 * with none left, or with more than MAX_SERIES_PER_IMPORT series, is refused (InvalidInputError) and stores nothing.
 * Pure database work: the benchmark times it separately from parsing.
 */
export async function storeParsedSeries(tx: Tx, incidentId: string, attachmentId: string | null, result: ParseResult): Promise<MetricSeriesSummary[]> {
  const withPoints = result.series.filter((series) => series.timestamps.length > 0);
  if (withPoints.length === 0) {
    throw new InvalidInputError("The export holds no data points. Nothing was stored.", [{ path: "file", message: "has no data points" }]);
  }
  if (withPoints.length > MAX_SERIES_PER_IMPORT) {
    throw new InvalidInputError(
      `The export holds ${withPoints.length.toLocaleString("en-US")} series; at most ${MAX_SERIES_PER_IMPORT.toLocaleString("en-US")} can be imported at once. Narrow the query (fewer label values) and export again. Nothing was stored.`,
      [{ path: "file", message: "has too many series" }],
    );
  }

  const rows = withPoints.map((series) => {
    const { min, max } = finiteMinMax(series.values);
    return {
      incidentId,
      attachmentId,
      format: result.format,
      name: series.name,
      labels: series.labels,
      unit: series.unit,
      pointCount: series.timestamps.length,
      startAt: new Date(series.timestamps[0]!),
      endAt: new Date(series.timestamps[series.timestamps.length - 1]!),
      min,
      max,
      partial: result.partial,
    };
  });

  const stored: MetricSeriesSummary[] = [];
  for (let first = 0; first < rows.length; first += ROWS_PER_INSERT) {
    const created = await tx.metricSeries.createManyAndReturn({
      data: rows.slice(first, first + ROWS_PER_INSERT),
      select: { id: true, name: true, labels: true, unit: true, pointCount: true, startAt: true, endAt: true, min: true, max: true },
    });
    // PostgreSQL returns INSERT ... RETURNING rows in the order of the VALUES list.
    for (const row of created) stored.push(toSummary(row));
  }
  for (const batch of batches(segmentsOf(withPoints, stored))) await tx.metricSeriesSegment.createMany({ data: batch });
  return stored;
}

type SegmentRow = {
  seriesId: string;
  index: number;
  firstTime: number;
  lastTime: number;
  timestamps: Uint8Array<ArrayBuffer>;
  values: Uint8Array<ArrayBuffer>;
};

function* segmentsOf(series: ParsedSeries[], stored: MetricSeriesSummary[]): Generator<SegmentRow> {
  for (let s = 0; s < series.length; s++) {
    const { timestamps, values } = series[s]!;
    for (let start = 0, index = 0; start < timestamps.length; start += SEGMENT_POINTS, index++) {
      const end = Math.min(timestamps.length, start + SEGMENT_POINTS);
      yield {
        seriesId: stored[s]!.id,
        index,
        firstTime: timestamps[start]!,
        lastTime: timestamps[end - 1]!,
        timestamps: encodeFloat64(timestamps.subarray(start, end)) as Uint8Array<ArrayBuffer>,
        values: encodeFloat64(values.subarray(start, end)) as Uint8Array<ArrayBuffer>,
      };
    }
  }
}

function* batches(rows: Iterable<SegmentRow>): Generator<SegmentRow[]> {
  let batch: SegmentRow[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = row.timestamps.byteLength + row.values.byteLength;
    if (batch.length > 0 && (batch.length >= ROWS_PER_INSERT || bytes + size > BYTES_PER_INSERT)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(row);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

type SummaryRow = {
  id: string;
  name: string;
  labels: unknown;
  unit: string | null;
  pointCount: number;
  startAt: Date;
  endAt: Date;
  min: number | null;
  max: number | null;
};

export function toSummary(row: SummaryRow): MetricSeriesSummary {
  return {
    id: row.id,
    name: row.name,
    labels: labelsOf(row.labels),
    unit: row.unit,
    pointCount: row.pointCount,
    start: row.startAt.toISOString(),
    end: row.endAt.toISOString(),
    min: row.min,
    max: row.max,
  };
}

/** The labels column is JSON written only by storeParsedSeries; anything but string values is dropped on the way out. */
export function labelsOf(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

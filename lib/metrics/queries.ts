// Reads of metric series and charts, always through the incident's visibility: a series of an incident the viewer
// may not see does not exist for them. Lists never read the point columns; the points endpoint decodes one series,
// cuts it to the asked range and downsamples it (LTTB) to what a chart can draw.
import "server-only";
import { getDb, type Db, type Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { visibleIncidentsWhere, type Viewer } from "@/lib/incidents/access";
import { decodeFloat64 } from "@/lib/metrics/encode";
import { lttb } from "@/lib/metrics/lttb";
import { labelsOf, toSummary } from "@/lib/metrics/store";
import type { MetricChartView, MetricPointsResponse, MetricSeriesView, MetricsOverview, PointsQuery } from "@/lib/metrics/schema";

type Reader = Db | Tx;

/** The incident (by database id or public id) when `viewer` may see it; a viewer of null is the system. */
export async function findVisibleIncidentForMetrics(db: Reader, viewer: Viewer | null, idOrPublicId: string) {
  return db.incident.findFirst({
    where: { AND: [{ OR: [{ id: idOrPublicId }, { publicId: idOrPublicId }] }, viewer ? visibleIncidentsWhere(viewer) : {}] },
    select: { id: true, publicId: true, timeZone: true, startedAt: true, endedAt: true },
  });
}

const seriesViewSelect = {
  id: true,
  name: true,
  labels: true,
  unit: true,
  pointCount: true,
  startAt: true,
  endAt: true,
  min: true,
  max: true,
  format: true,
  partial: true,
  attachmentId: true,
  createdAt: true,
} as const;

/** The incident's series, oldest import first, each in the order its export listed it. */
type SeriesRow = Prisma.MetricSeriesGetPayload<{ select: typeof seriesViewSelect }>;

function toSeriesView(row: SeriesRow): MetricSeriesView {
  return { ...toSummary(row), format: row.format, partial: row.partial, attachmentId: row.attachmentId, createdAt: row.createdAt.toISOString() };
}

const chartViewSelect = {
  id: true,
  title: true,
  position: true,
  series: { select: { seriesId: true }, orderBy: { position: "asc" } },
} as const satisfies Prisma.MetricChartSelect;

function toChartView(row: Prisma.MetricChartGetPayload<{ select: typeof chartViewSelect }>): MetricChartView {
  return { id: row.id, title: row.title, position: row.position, seriesIds: row.series.map((s) => s.seriesId) };
}

export async function listSeriesOfIncident(db: Reader, incidentId: string): Promise<MetricSeriesView[]> {
  const rows = await db.metricSeries.findMany({ where: { incidentId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: seriesViewSelect });
  return rows.map(toSeriesView);
}

export async function listChartsOfIncident(db: Reader, incidentId: string): Promise<MetricChartView[]> {
  const rows = await db.metricChart.findMany({ where: { incidentId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: chartViewSelect });
  return rows.map(toChartView);
}

/**
 * Series and charts of an incident in one statement, by database id, with no visibility check: for a page that has
 * already found the incident visible (lib/incidents/report-page.ts). Null when there is no such incident.
 */
export async function metricsOverviewOfIncident(incidentId: string, db: Reader = getDb()): Promise<MetricsOverview | null> {
  const row = await db.incident.findUnique({
    where: { id: incidentId },
    select: {
      metricSeries: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: seriesViewSelect },
      metricCharts: { orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: chartViewSelect },
    },
  });
  return row ? { series: row.metricSeries.map(toSeriesView), charts: row.metricCharts.map(toChartView) } : null;
}

/** Series and charts of an incident; null when it does not exist or is not visible to `viewer`. */
export async function getMetricsOverview(viewer: Viewer, incidentIdOrPublicId: string): Promise<MetricsOverview | null> {
  const incident = await findVisibleIncidentForMetrics(getDb(), viewer, incidentIdOrPublicId);
  return incident ? metricsOverviewOfIncident(incident.id) : null;
}

/**
 * One series' points in [from, to], at most `maxPoints` of them; null when the series or its incident is not there
 * for `viewer`.
 */
export async function getSeriesPoints(
  viewer: Viewer,
  incidentIdOrPublicId: string,
  seriesId: string,
  query: PointsQuery,
): Promise<MetricPointsResponse | null> {
  const db = getDb();
  const incident = await findVisibleIncidentForMetrics(db, viewer, incidentIdOrPublicId);
  if (!incident) return null;
  const row = await db.metricSeries.findFirst({
    where: { id: seriesId, incidentId: incident.id },
    select: {
      id: true,
      name: true,
      unit: true,
      labels: true,
      // Only the segments that hold points of [from, to]: a zoomed chart does not read the whole series.
      segments: {
        where: { ...(query.from != null ? { lastTime: { gte: query.from } } : {}), ...(query.to != null ? { firstTime: { lte: query.to } } : {}) },
        orderBy: { index: "asc" },
        select: { timestamps: true, values: true },
      },
    },
  });
  if (!row) return null;
  const selected = selectPoints(
    concatFloat64(row.segments.map((segment) => segment.timestamps)),
    concatFloat64(row.segments.map((segment) => segment.values)),
    query,
  );
  return { id: row.id, name: row.name, unit: row.unit, labels: labelsOf(row.labels), ...selected };
}

/** Consecutive segments' stored bytes as one array of values. */
function concatFloat64(parts: Uint8Array[]): Float64Array {
  if (parts.length === 1) return decodeFloat64(parts[0]!);
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.byteLength;
  }
  return decodeFloat64(bytes);
}

/** First index whose timestamp is >= `at` (or > `at` when `after`), in sorted `timestamps`. */
function bound(timestamps: Float64Array, at: number, after: boolean): number {
  let low = 0;
  let high = timestamps.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (timestamps[middle]! < at || (after && timestamps[middle] === at)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The points of sorted `timestamps`/`values` within [from, to] (both inclusive, either open), as [ms, value] pairs
 * with null for a gap (NaN; ±Infinity too, which JSON cannot carry). Over `maxPoints`, LTTB (lib/metrics/lttb.ts)
 * keeps the first and last point and the shape between, and a null wherever a gap lay between two kept points, so a
 * line still breaks where the data did.
 */
export function selectPoints(
  timestamps: Float64Array,
  values: Float64Array,
  { from, to, maxPoints }: Pick<PointsQuery, "from" | "to" | "maxPoints">,
): Pick<MetricPointsResponse, "points" | "downsampled" | "total"> {
  const start = from == null ? 0 : bound(timestamps, from, false);
  const end = to == null ? timestamps.length : Math.max(start, bound(timestamps, to, true));
  const total = end - start;
  const downsampled = total > maxPoints;
  const kept = downsampled
    ? lttb(timestamps.subarray(start, end), values.subarray(start, end), maxPoints)
    : { timestamps: timestamps.subarray(start, end), values: values.subarray(start, end) };
  const points: [number, number | null][] = new Array(kept.timestamps.length);
  for (let i = 0; i < points.length; i++) {
    const value = kept.values[i]!;
    points[i] = [kept.timestamps[i]!, Number.isFinite(value) ? value : null];
  }
  return { points, downsampled, total };
}

// Metric series and charts as they cross a boundary: what an import carries, what the API answers, and the chart
// configuration an SRE edits. Points never travel in these views; they come from the points endpoint, downsampled.
import { z } from "zod";
import { daySchema, instantSchema, type SameShape } from "@/lib/api/schema";
import { oneLine } from "@/lib/text/schema";
import { cleanContentType, cleanFilename } from "@/lib/attachments/schema";
import { isValidTimeZone } from "@/lib/time/zone";
import { isAcceptedInstant, outsideAcceptedYearsMessage } from "@/lib/time/accepted-range";
import { MAX_SERIES_PER_CHART, type MetricFormat } from "@/lib/metrics/types";
export { MAX_SERIES_PER_CHART } from "@/lib/metrics/types";
import type { DateMismatch } from "@/lib/metrics/date-window";

/** Points one request returns at most (and by default): enough for any screen, small enough to draw at once. */
export const MAX_POINTS_PER_REQUEST = 2_000;
/** An export with more series than this is refused: nobody charts them, and each is a row. Narrow the query. */
export const MAX_SERIES_PER_IMPORT = 1_000;
export const MAX_CHART_TITLE_LENGTH = 200;

const idOrPublicId = z.string().trim().min(1, "is required").max(100);
const databaseId = z.string().trim().min(1, "is required").max(100);

export const importMetricsInput = z.object({
  /** database id or public id of the incident */
  incidentId: idOrPublicId,
  filename: z.string({ error: "is required" }).transform(cleanFilename),
  contentType: z.string().nullish().transform(cleanContentType),
  /** IANA zone for local times without an offset; empty or missing: the incident's own time zone */
  timeZone: z
    .string()
    .trim()
    .nullish()
    .transform((value) => value || null)
    .refine((value) => value === null || isValidTimeZone(value), "must be an IANA time zone such as UTC or Europe/Berlin"),
  data: z
    .custom<Uint8Array<ArrayBuffer>>((value) => value instanceof Uint8Array, "must be the file's bytes")
    .refine((data) => data.byteLength > 0, "is empty: choose a file with content"),
});
export type ImportMetricsInput = z.input<typeof importMetricsInput>;

/** A stored series without its points. Times are ISO-8601 UTC. */
export type MetricSeriesSummary = {
  id: string;
  name: string;
  labels: Record<string, string>;
  unit: string | null;
  pointCount: number;
  start: string;
  end: string;
  /** over the finite values; null when the series holds only gaps */
  min: number | null;
  max: number | null;
};

export type MetricSeriesView = MetricSeriesSummary & {
  format: string;
  partial: boolean;
  attachmentId: string | null;
  createdAt: string;
};

/** POST /api/v1/incidents/{id}/metrics answers this (201). */
export type MetricImportResponse = {
  format: MetricFormat;
  series: MetricSeriesSummary[];
  warnings: string[];
  partial: boolean;
  /**
   * Set when the export's data lies wholly on other days than the incident (days in the incident's zone): imported all
   * the same, but likely the wrong export. Null when it shares a day with the incident or the incident has no start.
   */
  dateMismatch: DateMismatch | null;
  /** the original file, kept as an attachment of the incident */
  attachment: { id: string; filename: string; size: number; sha256: string };
};

/** GET /api/v1/incidents/{id}/metrics/{seriesId}: `points` are [epoch ms, value or null for a gap]. */
export type MetricPointsResponse = {
  id: string;
  name: string;
  unit: string | null;
  labels: Record<string, string>;
  points: [number, number | null][];
  /** true when LTTB reduced the points in the range to at most maxPoints */
  downsampled: boolean;
  /** how many stored points (gaps included) lie in the range */
  total: number;
};

export type MetricChartView = {
  id: string;
  title: string;
  position: number;
  /** in the order they are drawn (and listed in the legend) */
  seriesIds: string[];
};

/** GET /api/v1/incidents/{id}/metrics */
export type MetricsOverview = { series: MetricSeriesView[]; charts: MetricChartView[] };

/** GET /api/v1/incidents/{id}/charts; one chart answers with a MetricChartView, the metrics list with MetricsOverview. */
export type ChartListResponse = { items: MetricChartView[] };

/** Epoch milliseconds, or an ISO-8601 date-time with an offset ("Z" included). */
const isoWithOffset = z.iso.datetime({ offset: true });
const instant = z
  .union([z.number(), z.string().trim().min(1)])
  .transform((value, ctx) => {
    if (typeof value === "number" || /^-?\d+(\.\d+)?$/.test(value)) {
      const ms = Number(value);
      if (Number.isFinite(ms)) return ms;
    } else if (isoWithOffset.safeParse(value).success) {
      return Date.parse(value);
    }
    ctx.addIssue({ code: "custom", message: "must be epoch milliseconds or an ISO-8601 date-time with an offset, e.g. 2024-11-27T14:23:00Z" });
    return z.NEVER;
  })
  .refine(isAcceptedInstant, { error: outsideAcceptedYearsMessage("a time") });

export const pointsQuery = z
  .object({
    from: instant.nullish(),
    to: instant.nullish(),
    maxPoints: z.coerce
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .min(10, "must be at least 10")
      .nullish()
      .transform((value) => Math.min(value ?? MAX_POINTS_PER_REQUEST, MAX_POINTS_PER_REQUEST)),
  })
  .refine((query) => query.from == null || query.to == null || query.from <= query.to, { message: "must not be before `from`", path: ["to"] });
export type PointsQuery = z.output<typeof pointsQuery>;

const chartTitle = oneLine(
  z.string({ error: "is required" }).trim().min(1, "must not be empty").max(MAX_CHART_TITLE_LENGTH, `must be at most ${MAX_CHART_TITLE_LENGTH} characters`),
);

const seriesIds = z
  .array(databaseId, { error: "must be a list of series ids" })
  .min(1, "must name at least one series")
  .max(MAX_SERIES_PER_CHART, `may hold at most ${MAX_SERIES_PER_CHART} series`)
  .refine((ids) => new Set(ids).size === ids.length, "must not name a series twice");

export const createChartInput = z.object({
  incidentId: idOrPublicId,
  title: chartTitle,
  seriesIds,
});
export type CreateChartInput = z.input<typeof createChartInput>;

export const updateChartInput = z
  .object({
    incidentId: idOrPublicId,
    chartId: databaseId,
    title: chartTitle.optional(),
    seriesIds: seriesIds.optional(),
    /** 0-based place among the incident's charts; out-of-range values go to the nearest end */
    position: z.number({ error: "must be a whole number" }).int("must be a whole number").min(0, "must not be negative").optional(),
  })
  .refine((input) => input.title !== undefined || input.seriesIds !== undefined || input.position !== undefined, {
    message: "Send at least one of title, seriesIds, position",
  });
export type UpdateChartInput = z.input<typeof updateChartInput>;

export const deleteChartInput = z.object({ incidentId: idOrPublicId, chartId: databaseId });

// ---------------------------------------------------------------------------------------------------------------
// The REST API's answers as zod schemas, for the OpenAPI document (lib/api/openapi.ts); each must stay the shape of
// the type above it (SameShape fails the build otherwise).

/** Every export format the parsers read (lib/metrics/types.ts MetricFormat). */
export const METRIC_FORMATS = [
  "prometheus-query-range",
  "prometheus-query",
  "grafana-csv",
  "grafana-dataframe-json",
  "grafana-ds-query",
  "datadog-query",
  "cloudwatch-get-metric-data",
  "cloudwatch-get-metric-statistics",
  "influx-flux-csv",
  "influxql-json",
  "otlp-json",
  "azure-monitor",
  "generic-csv",
] as const;
true satisfies SameShape<MetricFormat, (typeof METRIC_FORMATS)[number]>;

const labelsSchema = z.record(z.string(), z.string()).meta({ description: "Label name to value" });

const seriesSummaryShape = {
  id: z.string(),
  name: z.string(),
  labels: labelsSchema,
  unit: z.string().nullable().meta({ description: 'Display unit ("%", "ms", "s", "B", "req/s", "ratio" for 0-1 fractions); null when unknown' }),
  pointCount: z.number().int(),
  start: instantSchema,
  end: instantSchema,
  min: z.number().nullable().meta({ description: "Over the finite values; null when the series holds only gaps" }),
  max: z.number().nullable(),
};
export const metricSeriesSummarySchema = z.object(seriesSummaryShape).meta({ id: "MetricSeriesSummary" });
true satisfies SameShape<MetricSeriesSummary, z.output<typeof metricSeriesSummarySchema>>;

export const metricSeriesSchema = z
  .object({ ...seriesSummaryShape, format: z.string(), partial: z.boolean(), attachmentId: z.string().nullable(), createdAt: instantSchema })
  .meta({ id: "MetricSeries" });
true satisfies SameShape<MetricSeriesView, z.output<typeof metricSeriesSchema>>;

export const metricChartSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    position: z.number().int().meta({ description: "0-based place among the incident's charts" }),
    seriesIds: z.array(z.string()).meta({ description: "In the order they are drawn" }),
  })
  .meta({ id: "MetricChart" });
true satisfies SameShape<MetricChartView, z.output<typeof metricChartSchema>>;

export const metricsOverviewSchema = z.object({ series: z.array(metricSeriesSchema), charts: z.array(metricChartSchema) });
true satisfies SameShape<MetricsOverview, z.output<typeof metricsOverviewSchema>>;

export const chartListResponseSchema = z.object({ items: z.array(metricChartSchema) });
true satisfies SameShape<ChartListResponse, z.output<typeof chartListResponseSchema>>;

const dayRangeSchema = z.object({ first: daySchema, last: daySchema });
export const metricImportResponseSchema = z.object({
  format: z.enum(METRIC_FORMATS),
  series: z.array(metricSeriesSummarySchema),
  warnings: z.array(z.string()),
  partial: z.boolean().meta({ description: "The export was cut short (a row limit, a partial result): not every point is there" }),
  dateMismatch: z
    .object({ dataDays: dayRangeSchema, incidentDays: dayRangeSchema, message: z.string() })
    .nullable()
    .meta({ description: "Set when the data lies wholly on other days than the incident (imported all the same)" }),
  attachment: z.object({ id: z.string(), filename: z.string(), size: z.number().int(), sha256: z.string() }),
});
true satisfies SameShape<MetricImportResponse, z.output<typeof metricImportResponseSchema>>;

export const metricPointsResponseSchema = z.object({
  id: z.string(),
  name: z.string(),
  unit: z.string().nullable(),
  labels: labelsSchema,
  points: z.array(z.tuple([z.number(), z.number().nullable()])).meta({ description: "[epoch ms, value or null for a gap]" }),
  downsampled: z.boolean().meta({ description: "LTTB reduced the points in the range to at most maxPoints" }),
  total: z.number().int().meta({ description: "Stored points in the range, gaps included" }),
});
true satisfies SameShape<MetricPointsResponse, z.output<typeof metricPointsResponseSchema>>;

// The contract between the export parsers (lib/metrics/parse*.ts) and storage, the API and the charts.

export type MetricFormat =
  | "prometheus-query-range"
  | "prometheus-query"
  | "grafana-csv"
  | "grafana-dataframe-json"
  | "grafana-ds-query"
  | "datadog-query"
  | "cloudwatch-get-metric-data"
  | "cloudwatch-get-metric-statistics"
  | "influx-flux-csv"
  | "influxql-json"
  | "otlp-json"
  | "azure-monitor"
  | "generic-csv";

/**
 * One line on a chart. Timestamps are epoch milliseconds (UTC), sorted ascending, one point per timestamp (a repeated
 * timestamp keeps the last value the file gave). A NaN value is a gap: the line breaks there.
 * `unit` is a display unit ("%", "ms", "s", "B", "req/s", "ratio" for 0–1 fractions ...) or null when unknown.
 */
export type ParsedSeries = {
  name: string;
  labels: Record<string, string>;
  unit: string | null;
  timestamps: Float64Array;
  values: Float64Array;
};

/** `partial`: the export itself says it was paged, truncated or limited, so the data may be incomplete. */
export type ParseResult = { format: MetricFormat; series: ParsedSeries[]; warnings: string[]; partial: boolean };

export type ParseOptions = {
  fileName?: string;
  /** IANA zone for times written without a UTC offset; UTC when absent. */
  timeZone?: string;
};

export const MAX_SERIES_PER_CHART = 12;

// Which export a file is, from its content (the name only breaks ties), and, for files that are none, what they look
// like, so a refusal can say "this is a Grafana panel definition" rather than "unknown format".
import { detectDelimiter, isCommentLine } from "@/lib/metrics/csv";
import { parseLabelSet } from "@/lib/metrics/parse-csv-table";
import { isRecord } from "@/lib/metrics/parse-series";
import type { MetricFormat } from "@/lib/metrics/types";

export const FORMAT_LABELS: Record<MetricFormat, string> = {
  "prometheus-query-range": "a Prometheus query_range response",
  "prometheus-query": "a Prometheus instant query response",
  "grafana-csv": "a Grafana CSV export",
  "grafana-dataframe-json": "Grafana DataFrame JSON",
  "grafana-ds-query": "a Grafana /api/ds/query response",
  "datadog-query": "a Datadog metrics query response",
  "cloudwatch-get-metric-data": "CloudWatch get-metric-data output",
  "cloudwatch-get-metric-statistics": "CloudWatch get-metric-statistics output",
  "influx-flux-csv": "an InfluxDB Flux annotated CSV",
  "influxql-json": "an InfluxQL JSON response",
  "otlp-json": "an OpenTelemetry OTLP/JSON metrics export",
  "azure-monitor": "Azure Monitor metrics JSON",
  "generic-csv": "a CSV file",
};

export const JSON_FORMATS: ReadonlySet<MetricFormat> = new Set([
  "prometheus-query-range",
  "prometheus-query",
  "grafana-dataframe-json",
  "grafana-ds-query",
  "datadog-query",
  "cloudwatch-get-metric-data",
  "cloudwatch-get-metric-statistics",
  "influxql-json",
  "otlp-json",
  "azure-monitor",
]);

/**
 * The format of a file from its first characters (BOM already removed; 64 KB is plenty) and, to break ties, its name.
 * Null when it is no supported export.
 */
export function detectFormat(head: string, fileName?: string): MetricFormat | null {
  const text = head.replace(/^\uFEFF/, "").trimStart();
  if (!text) return null;
  if (text[0] === "{" || text[0] === "[") {
    const document = parseWholeOrFirstLine(text);
    if (document !== undefined) return detectJsonFormat(document, fileName);
    return sniffJsonKeys(text, fileName);
  }
  return detectTextFormat(text, fileName);
}

function parseWholeOrFirstLine(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const newline = text.indexOf("\n");
    if (newline < 0) return undefined;
    try {
      return JSON.parse(text.slice(0, newline)); // JSON Lines: the first request
    } catch {
      return undefined;
    }
  }
}

/** The format of a parsed JSON document by its structure. */
export function detectJsonFormat(document: unknown, fileName?: string): MetricFormat | null {
  if (Array.isArray(document)) {
    const first = document.find(isRecord);
    if (first && isFrame(first)) return "grafana-dataframe-json";
    return null;
  }
  if (!isRecord(document)) return null;
  const data = document.data;
  if (typeof document.errorType === "string" || (isRecord(data) && "resultType" in data)) {
    const resultType = isRecord(data) ? data.resultType : undefined;
    if (resultType === "matrix") return "prometheus-query-range";
    if (resultType === "vector" || resultType === "scalar" || resultType === "string") return "prometheus-query";
    return /range/i.test(fileName ?? "") || !/query/i.test(fileName ?? "") ? "prometheus-query-range" : "prometheus-query";
  }
  if (Array.isArray(document.resourceMetrics)) return "otlp-json";
  if (Array.isArray(document.MetricDataResults)) return "cloudwatch-get-metric-data";
  if (Array.isArray(document.Datapoints)) return "cloudwatch-get-metric-statistics";
  if ("res_type" in document || "from_date" in document || (Array.isArray(document.series) && document.series.some((s) => isRecord(s) && "pointlist" in s))) {
    return "datadog-query";
  }
  if (isRecord(data) && (data.type === "timeseries_response" || (isRecord(data.attributes) && Array.isArray(data.attributes.times)))) return "datadog-query";
  if (isRecord(document.results)) return "grafana-ds-query";
  if (Array.isArray(document.results) && document.results.some((r) => isRecord(r) && ("statement_id" in r || "series" in r || "error" in r))) {
    return "influxql-json";
  }
  if (Array.isArray(document.value) && document.value.some((v) => isRecord(v) && "timeseries" in v)) return "azure-monitor";
  if (Array.isArray(document.values) && document.values.some((v) => isRecord(v) && Array.isArray(v.value))) return "azure-monitor";
  if (isFrame(document)) return "grafana-dataframe-json";
  if (Array.isArray(document.series) && document.series.some((s) => isRecord(s) && isFrame(s))) return "grafana-dataframe-json";
  if (document.snapshotData !== undefined || hasSnapshotData(document)) return "grafana-dataframe-json";
  return null;
}

function isFrame(value: Record<string, unknown>): boolean {
  if (isRecord(value.schema) && Array.isArray(value.schema.fields)) return true;
  return Array.isArray(value.fields) && value.fields.some((field) => isRecord(field) && Array.isArray(field.values));
}

function hasSnapshotData(document: Record<string, unknown>): boolean {
  const dashboard = isRecord(document.dashboard) ? document.dashboard : document;
  const panels = Array.isArray(dashboard.panels) ? dashboard.panels : [];
  return panels.some((panel) => isRecord(panel) && (panel.snapshotData !== undefined || hasSnapshotData(panel)));
}

/** For a JSON head too long to parse: the keys that give each format away. */
function sniffJsonKeys(text: string, fileName?: string): MetricFormat | null {
  const matrix = /"resultType"\s*:\s*"(\w+)"/.exec(text);
  if (matrix) return matrix[1] === "matrix" ? "prometheus-query-range" : "prometheus-query";
  if (/"errorType"\s*:/.test(text)) return detectJsonFormat({ errorType: "" }, fileName);
  if (/"resourceMetrics"\s*:/.test(text)) return "otlp-json";
  if (/"MetricDataResults"\s*:/.test(text)) return "cloudwatch-get-metric-data";
  if (/"Datapoints"\s*:/.test(text)) return "cloudwatch-get-metric-statistics";
  if (/"pointlist"\s*:|"res_type"\s*:|"timeseries_response"/.test(text)) return "datadog-query";
  if (/"results"\s*:\s*\{/.test(text) && /"frames"\s*:/.test(text)) return "grafana-ds-query";
  if (/"statement_id"\s*:/.test(text)) return "influxql-json";
  if (/"timeseries"\s*:/.test(text) && /"timeStamp"\s*:/.test(text)) return "azure-monitor";
  if (/"schema"\s*:/.test(text) && /"fields"\s*:/.test(text)) return "grafana-dataframe-json";
  if (/"snapshotData"\s*:/.test(text)) return "grafana-dataframe-json";
  return null;
}

/** Grafana names its downloads "<panel title>-data-<date>.csv". */
const GRAFANA_FILE_NAME = /-data-\d{4}-\d{2}-\d{2}/;

function detectTextFormat(text: string, fileName?: string): MetricFormat | null {
  let lines = text.split(/\r\n|\n|\r/, 40).filter((line) => line.trim() !== "");
  if (!lines.length) return null;
  if (/^#(group|datatype|default),/.test(lines[0]) || /^,?result,table,/.test(lines[0])) return "influx-flux-csv";
  let sepLine = false;
  if (/^sep=.\s*$/i.test(lines[0])) {
    sepLine = true;
    lines.shift();
    if (!lines.length) return null;
  }
  if (/^#name#/.test(lines[0])) return "grafana-csv";
  if (/^#\s*(HELP|TYPE)\s/.test(lines[0]) || /^<|^%PDF/.test(lines[0])) return null;
  // "# exported from Grafana ...", "// ..." above the header
  lines = lines.filter((line) => !isCommentLine(line));
  if (!lines.length) return null;
  const delimiter = sepLine ? (/^sep=(.)/i.exec(text)?.[1] ?? ",") : detectDelimiter(lines.slice(0, 6));
  const header = lines[0];
  const cells = splitSimple(header, delimiter);
  if (cells.length < 2) return null;
  const quoted = /^"[^"]*"/.test(header.trim());
  const first = unquote(cells[0]);
  if ((first === "Time" || first === "Series") && (quoted || sepLine)) return "grafana-csv";
  if (cells.slice(1).some((cell) => Object.keys(parseLabelSet(unquote(cell))?.labels ?? {}).length > 0)) return "grafana-csv";
  if (fileName && GRAFANA_FILE_NAME.test(fileName) && first === "Time") return "grafana-csv";
  return "generic-csv";
}

function splitSimple(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    if (c === delimiter && !quoted) {
      cells.push(cell);
      cell = "";
    } else {
      cell += c;
    }
  }
  cells.push(cell);
  return cells;
}

function unquote(cell: string): string {
  const text = cell.trim();
  return text.startsWith('"') && text.endsWith('"') && text.length >= 2 ? text.slice(1, -1).replace(/""/g, '"') : text;
}

/**
 * What a file that is no supported export looks like, for the refusal: a dashboard or panel definition, an error
 * response, an HTML page, a scrape of /metrics … or, failing all, its top-level keys or first line.
 */
export function describeUnrecognized(head: string, document?: unknown): string {
  const text = head.replace(/^\uFEFF/, "").trimStart();
  if (document !== undefined) return describeJson(document);
  if (/^<(!doctype html|html|head|body)\b/i.test(text)) {
    return "This is an HTML page, not a monitoring export (perhaps a login or error page was saved instead of the data).";
  }
  if (/^<\?xml|^</.test(text)) return "This is an XML document, not a supported monitoring export.";
  if (/^#\s*(HELP|TYPE)\s/m.test(text.slice(0, 2000)) && !text.includes(",")) {
    return "This is Prometheus text exposition (a scrape of /metrics): it holds one instant per series, not a history. Export a range query instead: the query_range JSON, or a Grafana panel's Inspect > Data CSV.";
  }
  const firstLine = text.split(/\r\n|\n|\r/, 1)[0] ?? "";
  return `The file is not a supported monitoring export: its first line is "${truncate(firstLine, 80)}", which is not a CSV header with a time column nor JSON. ${SUPPORTED}`;
}

const SUPPORTED =
  "Supported: Prometheus query/query_range JSON, Grafana Inspect CSV or DataFrame JSON, Datadog, CloudWatch, InfluxDB (Flux CSV, InfluxQL JSON), OpenTelemetry OTLP/JSON, Azure Monitor, or a CSV with a time column.";

function describeJson(document: unknown): string {
  if (isRecord(document)) {
    const dashboard = isRecord(document.dashboard) ? document.dashboard : null;
    if (dashboard || Array.isArray(document.panels) || ("schemaVersion" in document && "title" in document)) {
      return "This is a Grafana dashboard definition, not data: use Inspect > Data on a panel and download its CSV (or Inspect > JSON > DataFrame JSON).";
    }
    if ("gridPos" in document || "fieldConfig" in document || (Array.isArray(document.targets) && "type" in document)) {
      return "This is a Grafana panel definition (Panel JSON), not data: use Inspect > Data on the panel and download its CSV (or Inspect > JSON > DataFrame JSON).";
    }
    const error = errorMessageOf(document);
    if (error) return `This is an error response from the monitoring API, not data: ${error}`;
    const keys = Object.keys(document);
    return `This JSON is not a supported monitoring export (its top-level keys are ${
      keys.length
        ? keys
            .slice(0, 8)
            .map((key) => `"${key}"`)
            .join(", ")
        : "none"
    }). ${SUPPORTED}`;
  }
  if (Array.isArray(document)) {
    return `This JSON is an array of ${document.length} ${document.length === 1 ? "item" : "items"} that are not data frames, so not a supported monitoring export. ${SUPPORTED}`;
  }
  return `This JSON holds a single ${document === null ? "null" : typeof document}, not a monitoring export.`;
}

function errorMessageOf(document: Record<string, unknown>): string | null {
  if (typeof document.error === "string") return document.error;
  if (isRecord(document.error)) return String(document.error.message ?? document.error.code ?? JSON.stringify(document.error));
  if (Array.isArray(document.errors) && document.errors.length)
    return document.errors.map((e) => (isRecord(e) ? String(e.message ?? e.detail ?? e.title ?? "") : String(e))).join("; ");
  if (typeof document.message === "string" && Object.keys(document).length <= 4) return document.message;
  return null;
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

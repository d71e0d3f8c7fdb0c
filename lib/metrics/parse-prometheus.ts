// Prometheus HTTP API responses (also Thanos, Mimir, VictoriaMetrics, Cortex): `/api/v1/query_range` (resultType
// matrix: values [[unix seconds, "string"]]) and `/api/v1/query` (vector: one value per series; scalar). Sample values
// are strings so that "NaN", "+Inf" and "-Inf" survive JSON: they become gaps. The series name is `__name__` when the
// query kept it, otherwise the label set as Prometheus prints it. Native-histogram samples (`histograms`) are left out
// with a warning. The error envelope (`status: "error"`) is refused with Prometheus' own errorType and message.
import { InvalidInputError } from "@/lib/errors";
import { markPartial, stringRecord, warn, type ParseContext, type SeriesSet } from "@/lib/metrics/parse-series";
import { unitFromMetricName } from "@/lib/metrics/units";

type PrometheusResponse = {
  status?: unknown;
  errorType?: unknown;
  error?: unknown;
  warnings?: unknown;
  infos?: unknown;
  data?: { resultType?: unknown; result?: unknown };
};

type PrometheusSeries = { metric?: unknown; values?: unknown; value?: unknown; histograms?: unknown; histogram?: unknown };

export function refusePrometheusError(response: PrometheusResponse): never {
  const type = typeof response.errorType === "string" ? response.errorType : "error";
  const message = typeof response.error === "string" ? response.error : "no message";
  throw new InvalidInputError(`This is a Prometheus error response, not data (${type}): ${message}. Fix the query and export again.`);
}

export function parsePrometheus(document: unknown, context: ParseContext, set: SeriesSet): void {
  const response = document as PrometheusResponse;
  if (response.status === "error") refusePrometheusError(response);
  for (const [key, label] of [
    ["warnings", "warning"],
    ["infos", "info"],
  ] as const) {
    const notes = response[key];
    if (!Array.isArray(notes)) continue;
    for (const note of notes) {
      const text = String(note);
      warn(context, `Prometheus ${label}: ${text}`);
      if (/truncat|limit|partial/i.test(text)) {
        markPartial(context, "Prometheus says the result was truncated or partial: series or points may be missing.");
      }
    }
  }
  const resultType = response.data?.resultType;
  const result = response.data?.result;
  if (resultType === "scalar") {
    pushSample(set.get("scalar", {}, null), result);
    return;
  }
  if (resultType === "string") {
    throw new InvalidInputError("This Prometheus response holds a string result, not a time series: query a metric instead.");
  }
  if (!Array.isArray(result)) throw new InvalidInputError(`This Prometheus response has no result list (resultType ${String(resultType)}).`);
  let histograms = 0;
  for (const item of result as PrometheusSeries[]) {
    const labels = stringRecord(item.metric);
    const name = labels.__name__ ?? "";
    delete labels.__name__;
    const builder = set.get(name || labelSetText(labels), labels, name ? unitFromMetricName(name) : null);
    if (Array.isArray(item.values)) {
      for (const sample of item.values) pushSample(builder, sample);
    } else if (item.value !== undefined) {
      pushSample(builder, item.value);
    }
    if (Array.isArray(item.histograms)) histograms += item.histograms.length;
    else if (item.histogram !== undefined) histograms++;
  }
  if (histograms) {
    warn(
      context,
      `${histograms} native-histogram samples were left out: query histogram_quantile(), histogram_count() or histogram_sum() to export them as numbers.`,
    );
  }
}

function pushSample(builder: { push(time: number, value: number): void }, sample: unknown): void {
  if (!Array.isArray(sample) || sample.length < 2) return;
  const time = Number(sample[0]) * 1000;
  if (!Number.isFinite(time)) return;
  const raw = sample[1];
  builder.push(time, typeof raw === "number" ? raw : sampleValue(String(raw)));
}

/** Prometheus writes "NaN", "+Inf", "-Inf": all gaps on a chart. */
function sampleValue(text: string): number {
  const value = Number(text);
  return text.trim() === "" ? Number.NaN : value;
}

export function labelSetText(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  if (!entries.length) return "value";
  return `{${entries.map(([key, value]) => `${key}="${value}"`).join(", ")}}`;
}

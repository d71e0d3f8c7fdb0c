// Azure Monitor metrics: `az monitor metrics list` / REST "Metrics - List" (`value[].timeseries[].data[]`), and the
// batch API's `values[]` of such responses. One series per metric, dimension combination (`metadatavalues` → labels)
// and aggregation present in the data (average, total, minimum, maximum, count → label `statistic`). Azure leaves an
// aggregation out of a data point that had no data: that point is a gap. `{error: {code, message}}` is refused.
import { InvalidInputError } from "@/lib/errors";
import { isRecord, warn, type ParseContext, type SeriesSet } from "@/lib/metrics/parse-series";
import { TimeReader } from "@/lib/metrics/time";
import { normalizeUnit } from "@/lib/metrics/units";

const AGGREGATIONS = ["average", "total", "minimum", "maximum", "count"];
const UNITS: Record<string, string | null> = {
  Count: "count",
  Percent: "%",
  Seconds: "s",
  MilliSeconds: "ms",
  Milliseconds: "ms",
  Bytes: "B",
  BytesPerSecond: "B/s",
  CountPerSecond: "/s",
  BitsPerSecond: "b/s",
  Cores: "cores",
  MilliCores: "millicores",
  NanoCores: "nanocores",
  Unspecified: null,
  ByteSeconds: "B·s",
};

export function refuseAzureError(document: Record<string, unknown>): void {
  if (!isRecord(document.error)) return;
  const code = String(document.error.code ?? "error");
  const message = String(document.error.message ?? "no message");
  throw new InvalidInputError(`This is an Azure error response, not data (${code}): ${message}`);
}

export function parseAzureMonitor(document: unknown, context: ParseContext, set: SeriesSet): void {
  if (!isRecord(document)) return;
  refuseAzureError(document);
  const responses = Array.isArray(document.values) ? document.values.filter(isRecord) : [document];
  const reader = new TimeReader(context.timeZone, "ms");
  for (const response of responses) {
    for (const metric of Array.isArray(response.value) ? response.value.filter(isRecord) : []) {
      const names = isRecord(metric.name) ? metric.name : {};
      const name = String(names.localizedValue ?? names.value ?? "metric");
      if (typeof metric.errorCode === "string" && metric.errorCode !== "Success") {
        warn(context, `Azure reported ${metric.errorCode} for "${name}"${typeof metric.errorMessage === "string" ? `: ${metric.errorMessage}` : ""}.`);
      }
      const unitText = typeof metric.unit === "string" ? metric.unit : null;
      const unit = unitText === null ? null : unitText in UNITS ? UNITS[unitText] : normalizeUnit(unitText);
      for (const series of Array.isArray(metric.timeseries) ? metric.timeseries.filter(isRecord) : []) {
        const labels: Record<string, string> = {};
        for (const dimension of Array.isArray(series.metadatavalues) ? series.metadatavalues.filter(isRecord) : []) {
          const key = isRecord(dimension.name) ? String(dimension.name.value ?? dimension.name.localizedValue ?? "") : "";
          if (key) labels[key] = String(dimension.value ?? "");
        }
        const data = Array.isArray(series.data) ? series.data.filter(isRecord) : [];
        const present = AGGREGATIONS.filter((aggregation) => data.some((point) => aggregation in point));
        const builders = present.map((statistic) => set.get(name, { ...labels, statistic }, statistic === "count" ? "count" : unit));
        for (const point of data) {
          const time = typeof point.timeStamp === "string" ? reader.read(point.timeStamp) : Number.NaN;
          if (time !== time) continue;
          present.forEach((aggregation, k) => {
            const value = point[aggregation];
            builders[k].push(time, typeof value === "number" ? value : Number.NaN);
          });
        }
      }
    }
  }
  if (reader.localCount) warn(context, `Some timestamps have no UTC offset; they were read as ${context.timeZone}.`);
}

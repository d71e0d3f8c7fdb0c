// Amazon CloudWatch, as `aws cloudwatch … --output json` (or an SDK's JSON) writes it.
// - get-metric-data: MetricDataResults[] with parallel Timestamps/Values, newest first by default; one series per result,
//   named by its Label (a unit the label names, "… (%)", becomes the unit). A NextToken means this is one page of a
//   longer result, and StatusCode "PartialData" that CloudWatch stopped early: both mark the result partial.
// - get-metric-statistics: Datapoints[] in no particular order, each with the requested statistics (Average, Sum,
//   Minimum, Maximum, SampleCount, ExtendedStatistics such as p99) and a Unit; one series per statistic.
import { isRecord, markPartial, warn, type ParseContext, type SeriesSet } from "@/lib/metrics/parse-series";
import { TimeReader } from "@/lib/metrics/time";
import { normalizeUnit, splitNameAndUnit } from "@/lib/metrics/units";

const UNITS: Record<string, string | null> = {
  Seconds: "s",
  Microseconds: "µs",
  Milliseconds: "ms",
  Bytes: "B",
  Kilobytes: "kB",
  Megabytes: "MB",
  Gigabytes: "GB",
  Terabytes: "TB",
  Bits: "b",
  Kilobits: "kb",
  Megabits: "Mb",
  Gigabits: "Gb",
  Terabits: "Tb",
  Percent: "%",
  Count: "count",
  "Bytes/Second": "B/s",
  "Kilobytes/Second": "kB/s",
  "Megabytes/Second": "MB/s",
  "Gigabytes/Second": "GB/s",
  "Terabytes/Second": "TB/s",
  "Bits/Second": "b/s",
  "Kilobits/Second": "kb/s",
  "Megabits/Second": "Mb/s",
  "Gigabits/Second": "Gb/s",
  "Terabits/Second": "Tb/s",
  "Count/Second": "/s",
  None: null,
};

function cloudWatchUnit(unit: unknown): string | null {
  if (typeof unit !== "string") return null;
  return unit in UNITS ? UNITS[unit] : normalizeUnit(unit);
}

function readTime(reader: TimeReader, value: unknown): number {
  if (typeof value === "number") return reader.fromNumber(value);
  if (typeof value === "string") return reader.read(value);
  return Number.NaN;
}

export function parseCloudWatchMetricData(document: unknown, context: ParseContext, set: SeriesSet): void {
  if (!isRecord(document)) return;
  const results = Array.isArray(document.MetricDataResults) ? document.MetricDataResults.filter(isRecord) : [];
  const reader = new TimeReader(context.timeZone, "s");
  const labelCounts = new Map<string, number>();
  for (const result of results) {
    const label = String(result.Label ?? result.Id ?? "");
    labelCounts.set(label, (labelCounts.get(label) ?? 0) + 1);
  }
  for (const result of results) {
    const id = String(result.Id ?? "");
    const label = String(result.Label ?? id ?? "value");
    const { name, unit } = splitNameAndUnit(label);
    // Two results with one label (the same metric from two accounts or regions) stay apart by their Id.
    const labels: Record<string, string> = (labelCounts.get(label) ?? 0) > 1 && id ? { id } : {};
    const builder = set.get(name || label, labels, unit);
    const timestamps = Array.isArray(result.Timestamps) ? result.Timestamps : [];
    const values = Array.isArray(result.Values) ? result.Values : [];
    const count = Math.min(timestamps.length, values.length);
    for (let i = 0; i < count; i++) {
      const time = readTime(reader, timestamps[i]);
      if (time !== time) continue;
      const value = values[i];
      builder.push(time, typeof value === "number" ? value : Number.NaN);
    }
    if (result.StatusCode === "PartialData") {
      markPartial(context, `CloudWatch returned partial data for "${label}" (StatusCode PartialData): request the rest with the NextToken and upload it too.`);
    } else if (typeof result.StatusCode === "string" && result.StatusCode !== "Complete") {
      warn(context, `CloudWatch status for "${label}": ${result.StatusCode}.`);
    }
    for (const message of Array.isArray(result.Messages) ? result.Messages.filter(isRecord) : []) {
      warn(context, `CloudWatch (${label}): ${String(message.Code ?? "")} ${String(message.Value ?? "")}`.trim());
    }
  }
  if (typeof document.NextToken === "string" && document.NextToken) {
    markPartial(
      context,
      "This is one page of a longer CloudWatch result (the file has a NextToken): run get-metric-data again with --next-token and upload each page, or let the CLI paginate.",
    );
  }
  for (const message of Array.isArray(document.Messages) ? document.Messages.filter(isRecord) : []) {
    warn(context, `CloudWatch: ${String(message.Code ?? "")} ${String(message.Value ?? "")}`.trim());
  }
  if (reader.localCount) warn(context, `Some timestamps have no UTC offset; they were read as ${context.timeZone}.`);
}

const STATISTICS = ["Average", "Sum", "Minimum", "Maximum", "SampleCount"];

export function parseCloudWatchStatistics(document: unknown, context: ParseContext, set: SeriesSet): void {
  if (!isRecord(document)) return;
  const label = typeof document.Label === "string" && document.Label ? document.Label : "value";
  const reader = new TimeReader(context.timeZone, "s");
  for (const point of Array.isArray(document.Datapoints) ? document.Datapoints.filter(isRecord) : []) {
    const time = readTime(reader, point.Timestamp);
    if (time !== time) continue;
    const unit = cloudWatchUnit(point.Unit);
    for (const statistic of STATISTICS) {
      if (!(statistic in point)) continue;
      const value = point[statistic];
      set.get(label, { statistic }, statistic === "SampleCount" ? "count" : unit).push(time, typeof value === "number" ? value : Number.NaN);
    }
    if (isRecord(point.ExtendedStatistics)) {
      for (const [statistic, value] of Object.entries(point.ExtendedStatistics)) {
        set.get(label, { statistic }, unit).push(time, typeof value === "number" ? value : Number.NaN);
      }
    }
  }
  if (reader.localCount) warn(context, `Some timestamps have no UTC offset; they were read as ${context.timeZone}.`);
}

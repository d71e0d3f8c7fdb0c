// OpenTelemetry OTLP/JSON ExportMetricsServiceRequest (`resourceMetrics[].scopeMetrics[].metrics[]`), as an OTLP/HTTP
// body or one request per line from the collector's file exporter. int64 fields (asInt, count, bucketCounts,
// timeUnixNano) arrive as strings and are read without losing milliseconds.
//
// Labels are the resource attributes (service.name, service.instance.id …) plus the data point's attributes.
// - gauge and sum: one series per metric and attribute set, the value as given; except a monotonic cumulative sum (a
//   counter: requests served since start), whose running total charts as a line that only climbs. It becomes its
//   per-second rate, `rate(name)` in `unit/s`, as Prometheus' rate() would show it: the increase between points over
//   the time between them, a new start time or a falling value being a reset (the new value is counted from its
//   start time). The import says so in a warning; the original file is kept.
// - histogram (and exponentialHistogram): what a postmortem charts is request count and latency, so each stream gives
//   series labelled `statistic`: "count" (observations per interval), "mean" (sum / count) and "p50", "p95", "p99"
//   estimated from the buckets by linear interpolation inside the bucket that holds the rank (Prometheus'
//   histogram_quantile; min/max, when present, bound the open-ended first and last buckets). Cumulative streams are
//   first turned into per-interval deltas (a new start time or a falling count is a reset).
// - summary: "count" and "mean" per interval as above, plus each reported quantile ("p99").
// A data point flagged "no recorded value" is a gap.
import { isRecord, warn, type ParseContext, type SeriesSet } from "@/lib/metrics/parse-series";
import { normalizeUnit } from "@/lib/metrics/units";

const QUANTILES: [string, number][] = [
  ["p50", 0.5],
  ["p95", 0.95],
  ["p99", 0.99],
];
const NO_RECORDED_VALUE = 1;
const CUMULATIVE = 2;

type DistributionPoint = {
  time: number;
  start: number;
  count: number;
  sum: number;
  /** Explicit histograms: the explicit bounds. Exponential ones: each bucket's upper edge (the zero bucket's is 0). */
  bounds: number[];
  buckets: number[];
  /** Exponential histograms' growth factor between bucket edges; NaN for explicit bounds. */
  base: number;
  min: number;
  max: number;
  quantiles: [string, number][];
  missing: boolean;
};

type Stream = { name: string; labels: Record<string, string>; unit: string | null; cumulative: boolean; points: DistributionPoint[] };

type CounterPoint = { time: number; start: number; value: number };
type Counter = { name: string; labels: Record<string, string>; unit: string | null; points: CounterPoint[] };

/** Reads several requests (JSON Lines) into one set; `finish` turns the collected distributions into series. */
export class OtlpReader {
  private readonly streams = new Map<string, Stream>();
  private readonly counters = new Map<string, Counter>();
  private unsupported = new Set<string>();

  constructor(
    private readonly context: ParseContext,
    private readonly set: SeriesSet,
  ) {}

  add(document: unknown): void {
    if (!isRecord(document)) return;
    const resources = Array.isArray(document.resourceMetrics) ? document.resourceMetrics.filter(isRecord) : [];
    for (const resource of resources) {
      const resourceLabels = attributes(isRecord(resource.resource) ? resource.resource.attributes : undefined);
      // instrumentationLibraryMetrics: the name before OTLP 0.15, still written by old SDKs.
      const scopes = resource.scopeMetrics ?? resource.instrumentationLibraryMetrics;
      for (const scope of Array.isArray(scopes) ? scopes.filter(isRecord) : []) {
        for (const metric of Array.isArray(scope.metrics) ? scope.metrics.filter(isRecord) : []) this.metric(metric, resourceLabels);
      }
    }
  }

  private metric(metric: Record<string, unknown>, resourceLabels: Record<string, string>): void {
    const name = typeof metric.name === "string" ? metric.name : "metric";
    const unit = typeof metric.unit === "string" ? normalizeUnit(metric.unit) : null;
    const numbers = (isRecord(metric.gauge) && metric.gauge) || (isRecord(metric.sum) && metric.sum);
    if (numbers) {
      const counter = numbers === metric.sum && isCumulative(numbers) && (numbers.isMonotonic === true || numbers.isMonotonic === "true");
      for (const point of dataPoints(numbers)) {
        const labels = { ...resourceLabels, ...attributes(point.attributes) };
        const time = unixNanoToMs(point.timeUnixNano);
        if (time !== time) continue;
        const raw = point.asDouble ?? point.asInt;
        const value = noRecordedValue(point) || raw === undefined ? Number.NaN : Number(raw);
        if (counter) this.counter(name, labels, unit).points.push({ time, start: unixNanoToMs(point.startTimeUnixNano), value });
        else this.set.get(name, labels, unit).push(time, value);
      }
      return;
    }
    const kind = ["histogram", "exponentialHistogram", "summary"].find((key) => isRecord(metric[key]));
    if (!kind) {
      this.unsupported.add(name);
      return;
    }
    const body = metric[kind] as Record<string, unknown>;
    const cumulative = kind === "summary" || isCumulative(body);
    for (const point of dataPoints(body)) {
      const labels = { ...resourceLabels, ...attributes(point.attributes) };
      const time = unixNanoToMs(point.timeUnixNano);
      if (time !== time) continue;
      const stream = this.stream(name, labels, unit, cumulative);
      stream.points.push(distribution(point, kind, time));
    }
  }

  private stream(name: string, labels: Record<string, string>, unit: string | null, cumulative: boolean): Stream {
    const key = `${name}\u0001${JSON.stringify(Object.entries(labels).sort())}`;
    let stream = this.streams.get(key);
    if (!stream) {
      stream = { name, labels, unit, cumulative, points: [] };
      this.streams.set(key, stream);
    }
    return stream;
  }

  private counter(name: string, labels: Record<string, string>, unit: string | null): Counter {
    const key = `${name}\u0001${JSON.stringify(Object.entries(labels).sort())}`;
    let counter = this.counters.get(key);
    if (!counter) {
      counter = { name, labels, unit, points: [] };
      this.counters.set(key, counter);
    }
    return counter;
  }

  finish(): void {
    const rates = new Set<string>();
    for (const counter of this.counters.values()) {
      const series = this.set.get(`rate(${counter.name})`, counter.labels, normalizeUnit(`${counter.unit ?? ""}/s`));
      for (const [time, rate] of counterRates(counter.points)) series.push(time, rate);
      rates.add(counter.name);
    }
    if (rates.size) {
      warn(
        this.context,
        `Cumulative counters were charted as per-second rates (rate(…)): ${[...rates].join(", ")}. The original file is kept as an attachment.`,
      );
    }
    for (const stream of this.streams.values()) {
      const points = stream.points.sort((a, b) => a.time - b.time);
      const intervals = stream.cumulative ? toDeltas(points) : points;
      const series = (statistic: string, unit: string | null) => this.set.get(stream.name, { ...stream.labels, statistic }, unit);
      for (const point of intervals) {
        const gap = point.missing;
        series("count", null).push(point.time, gap ? Number.NaN : point.count);
        series("mean", stream.unit).push(point.time, gap || point.count === 0 ? Number.NaN : point.sum / point.count);
        if (point.buckets.length) {
          for (const [statistic, q] of QUANTILES) series(statistic, stream.unit).push(point.time, gap ? Number.NaN : bucketQuantile(point, q));
        }
        for (const [statistic, value] of point.quantiles) series(statistic, stream.unit).push(point.time, gap ? Number.NaN : value);
      }
    }
    if (this.unsupported.size) {
      warn(this.context, `Metrics without gauge, sum, histogram or summary data were left out: ${[...this.unsupported].join(", ")}.`);
    }
  }
}

function dataPoints(body: Record<string, unknown>): Record<string, unknown>[] {
  return Array.isArray(body.dataPoints) ? body.dataPoints.filter(isRecord) : [];
}

function noRecordedValue(point: Record<string, unknown>): boolean {
  return (Number(point.flags ?? 0) & NO_RECORDED_VALUE) !== 0;
}

function distribution(point: Record<string, unknown>, kind: string, time: number): DistributionPoint {
  const result: DistributionPoint = {
    time,
    start: unixNanoToMs(point.startTimeUnixNano),
    count: Number(point.count ?? 0),
    sum: Number(point.sum ?? Number.NaN),
    bounds: [],
    buckets: [],
    base: Number.NaN,
    min: point.min === undefined ? Number.NaN : Number(point.min),
    max: point.max === undefined ? Number.NaN : Number(point.max),
    quantiles: [],
    missing: noRecordedValue(point),
  };
  if (kind === "histogram" && Array.isArray(point.bucketCounts)) {
    result.buckets = point.bucketCounts.map(Number);
    result.bounds = Array.isArray(point.explicitBounds) ? point.explicitBounds.map(Number) : [];
  } else if (kind === "exponentialHistogram") {
    exponentialBuckets(point, result);
  } else if (kind === "summary" && Array.isArray(point.quantileValues)) {
    for (const entry of point.quantileValues.filter(isRecord)) {
      const q = Number(entry.quantile ?? 0);
      result.quantiles.push([q === 0 ? "min" : q === 1 ? "max" : `p${+(q * 100).toFixed(3)}`, Number(entry.value)]);
    }
  }
  return result;
}

/** Exponential buckets: the zero bucket, then bucket k covering (base^(offset+k), base^(offset+k+1)]. */
function exponentialBuckets(point: Record<string, unknown>, result: DistributionPoint): void {
  const negative = isRecord(point.negative) && Array.isArray(point.negative.bucketCounts) ? point.negative.bucketCounts.map(Number) : [];
  if (negative.some((count) => count > 0)) return; // quantiles over negative values are not worth guessing
  const scale = Number(point.scale ?? 0);
  const base = 2 ** (2 ** -scale);
  const positive = isRecord(point.positive) ? point.positive : {};
  const offset = Number(positive.offset ?? 0);
  const counts = Array.isArray(positive.bucketCounts) ? positive.bucketCounts.map(Number) : [];
  result.base = base;
  result.bounds = [0, ...counts.map((_, k) => base ** (offset + k + 1))];
  result.buckets = [Number(point.zeroCount ?? 0), ...counts];
}

function isCumulative(body: Record<string, unknown>): boolean {
  return body.aggregationTemporality === CUMULATIVE || body.aggregationTemporality === "AGGREGATION_TEMPORALITY_CUMULATIVE";
}

/**
 * A counter's per-second rate at each of its points: the increase since the point before over the seconds between
 * them. After a reset (a new start time, or a value below the one before) the count starts again from the start
 * time, so the rate is value ÷ seconds since that start; without a usable start time that point has no rate (a gap).
 * The first point gives none and is left out: its count may go back to a process start long before the export.
 */
export function counterRates(points: CounterPoint[]): [number, number][] {
  const sorted = [...points].sort((a, b) => a.time - b.time);
  const rates: [number, number][] = [];
  let previous: CounterPoint | null = null;
  for (const point of sorted) {
    if (!previous) {
      if (point.value === point.value) previous = point;
      continue;
    }
    let rate = Number.NaN;
    if (point.value === point.value) {
      const reset = point.start !== previous.start || point.value < previous.value;
      if (!reset && point.time > previous.time) rate = ((point.value - previous.value) * 1000) / (point.time - previous.time);
      else if (reset && point.start > 0 && point.time > point.start) rate = (point.value * 1000) / (point.time - point.start);
      previous = point;
    }
    rates.push([point.time, rate]);
  }
  return rates;
}

/** Per-interval points from cumulative ones (a new start time or a falling count starts over). */
function toDeltas(points: DistributionPoint[]): DistributionPoint[] {
  const out: DistributionPoint[] = [];
  let previous: DistributionPoint | null = null;
  for (const point of points) {
    const reset = !previous || previous.missing || point.start !== previous.start || point.count < previous.count;
    if (reset || !previous) {
      out.push(point);
    } else {
      out.push({
        ...point,
        count: point.count - previous.count,
        sum: point.sum - previous.sum,
        buckets: point.buckets.length === previous.buckets.length ? point.buckets.map((count, i) => count - previous!.buckets[i]) : point.buckets,
      });
    }
    if (!point.missing) previous = point;
  }
  return out;
}

/**
 * The q-quantile of a bucketed distribution: find the bucket holding rank q·count and interpolate linearly inside it.
 * Explicit buckets: bucket i is (bounds[i-1], bounds[i]], the first starts at min (or 0), the last ends at max (or its
 * lower bound, as Prometheus does).
 */
export function bucketQuantile(point: Pick<DistributionPoint, "bounds" | "buckets" | "min" | "max" | "base">, q: number): number {
  const total = point.buckets.reduce((sum, count) => sum + count, 0);
  if (!(total > 0)) return Number.NaN;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < point.buckets.length; i++) {
    const count = point.buckets[i];
    if (count <= 0 || seen + count < rank) {
      seen += count;
      continue;
    }
    const { lower, upper } = bucketEdges(point, i);
    const value = lower + ((upper - lower) * (rank - seen)) / count;
    return clamp(value, point.min, point.max);
  }
  return clamp(point.bounds[point.bounds.length - 1] ?? Number.NaN, point.min, point.max);
}

function bucketEdges(point: Pick<DistributionPoint, "bounds" | "buckets" | "min" | "max" | "base">, i: number): { lower: number; upper: number } {
  const { bounds } = point;
  if (Number.isFinite(point.base)) return i === 0 ? { lower: 0, upper: 0 } : { lower: bounds[i] / point.base, upper: bounds[i] };
  const lowerBound = i === 0 ? (Number.isFinite(point.min) ? point.min : Math.min(0, bounds[0] ?? 0)) : bounds[i - 1];
  const upperBound = i < bounds.length ? bounds[i] : Number.isFinite(point.max) ? point.max : bounds[bounds.length - 1];
  return { lower: lowerBound, upper: upperBound };
}

function clamp(value: number, min: number, max: number): number {
  if (Number.isFinite(min) && value < min) return min;
  if (Number.isFinite(max) && value > max) return max;
  return value;
}

/** "1710251400000000000" → 1710251400000 (ms, exact to the microsecond): an int64 does not fit a double's 53 bits. */
export function unixNanoToMs(value: unknown): number {
  if (typeof value === "number") return value / 1e6;
  if (typeof value !== "string" || !/^\d+$/.test(value)) return Number.NaN;
  if (value.length <= 6) return Number(value) / 1e6;
  return Number(value.slice(0, -6)) + Number(value.slice(-6)) / 1e6;
}

/** OTLP KeyValue list → labels; AnyValue of any kind becomes text. */
function attributes(list: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  if (!Array.isArray(list)) return labels;
  for (const entry of list) {
    if (!isRecord(entry) || typeof entry.key !== "string") continue;
    labels[entry.key] = anyValueText(entry.value);
  }
  return labels;
}

function anyValueText(value: unknown): string {
  if (!isRecord(value)) return "";
  if (typeof value.stringValue === "string") return value.stringValue;
  for (const key of ["intValue", "doubleValue", "boolValue", "bytesValue"]) if (value[key] !== undefined) return String(value[key]);
  if (isRecord(value.arrayValue) && Array.isArray(value.arrayValue.values)) return `[${value.arrayValue.values.map(anyValueText).join(",")}]`;
  if (isRecord(value.kvlistValue)) return JSON.stringify(attributes(value.kvlistValue.values));
  return "";
}

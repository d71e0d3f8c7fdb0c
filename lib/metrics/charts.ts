// What a metric chart shows, decided apart from drawing it (pure; the chart component and the tests use it): the time
// range, which series share a y axis (and how their values convert to its unit), the impact baselines that belong on
// it, and the timeline events that fall inside it.
import { formatNumber, unitFactor, unitLabel } from "@/lib/metrics/units-format";
import { normalizeUnit } from "@/lib/metrics/units";

export type TimeRange = { start: number; end: number };

export type ChartDomain = {
  /** the x axis, epoch ms; null when there is nothing to show */
  domain: [number, number] | null;
  /** the incident window to shade, when it lies inside the domain */
  window: TimeRange | null;
  /** the incident window is far from the data: said in words instead of squeezing the data into a sliver */
  windowOutside: boolean;
};

/**
 * The x axis of a chart: the data's range, widened to take in the incident window when the two lie close together
 * (overlapping, or apart by no more than the longer of the two spans), so the window is shaded in full. An export from
 * another day than the incident keeps its own range, and `windowOutside` says so. An incident without an end is
 * taken to last to the end of the data.
 */
export function chartDomain(data: TimeRange[], incident: { startedAt: string | null; endedAt: string | null }, zoom: TimeRange | null = null): ChartDomain {
  if (data.length === 0) return { domain: null, window: null, windowOutside: false };
  const dataStart = Math.min(...data.map((range) => range.start));
  const dataEnd = Math.max(...data.map((range) => range.end));
  const started = incident.startedAt ? Date.parse(incident.startedAt) : NaN;
  if (!Number.isFinite(started)) return { domain: zoom ? [zoom.start, zoom.end] : padded(dataStart, dataEnd), window: null, windowOutside: false };
  const ended = incident.endedAt ? Date.parse(incident.endedAt) : NaN;
  const window = { start: started, end: Number.isFinite(ended) ? ended : Math.max(started, dataEnd) };

  const span = Math.max(dataEnd - dataStart, window.end - window.start, 60_000);
  const near = window.start <= dataEnd + span && window.end >= dataStart - span;
  if (!near) return { domain: zoom ? [zoom.start, zoom.end] : padded(dataStart, dataEnd), window: null, windowOutside: true };

  const domain: [number, number] = zoom ? [zoom.start, zoom.end] : padded(Math.min(dataStart, window.start), Math.max(dataEnd, window.end));
  const visible = window.start <= domain[1] && window.end >= domain[0];
  return { domain, window: visible ? { start: Math.max(window.start, domain[0]), end: Math.min(window.end, domain[1]) } : null, windowOutside: false };
}

/** A single instant still needs a width to draw. */
function padded(start: number, end: number): [number, number] {
  return start === end ? [start - 60_000, end + 60_000] : [start, end];
}

export type Axis = { id: string; unit: string | null; orientation: "left" | "right" };
export type AxisPlan = {
  axes: Axis[];
  /** per series: its axis and the factor that brings its values into the axis unit (s on an ms axis: 1000) */
  placement: Record<string, { axisId: string; factor: number }>;
};

/**
 * Series share a y axis when their units measure the same thing (ms and s, ratio and %) or are the same (no unit
 * included); the first series of a kind sets the axis unit. The first axis is on the left, the others on the right.
 */
export function planAxes(series: { id: string; unit: string | null }[]): AxisPlan {
  const axes: Axis[] = [];
  const placement: AxisPlan["placement"] = {};
  for (const { id, unit } of series) {
    const canonical = normalizeUnit(unit);
    let axis = axes.find((candidate) => candidate.unit === canonical || unitFactor(canonical, candidate.unit) !== null);
    if (!axis) {
      axis = { id: `y${axes.length}`, unit: canonical, orientation: axes.length === 0 ? "left" : "right" };
      axes.push(axis);
    }
    placement[id] = { axisId: axis.id, factor: axis.unit === canonical ? 1 : (unitFactor(canonical, axis.unit) ?? 1) };
  }
  return { axes, placement };
}

export type BaselineSource = { label: string; unit: string | null; baseline: number | null; baselineUnit: string | null };
export type BaselineLine = { axisId: string; y: number; label: string };

/**
 * The report's impact baselines ("p95 2.3 s vs normal 180 ms") as horizontal lines on the axis whose unit they can be
 * converted to: 180 ms on an axis in s is drawn at 0.18. A baseline without a unit, or with one no axis shares, is
 * left out rather than guessed.
 */
export function planBaselines(metrics: BaselineSource[], axes: Axis[]): BaselineLine[] {
  const lines: BaselineLine[] = [];
  for (const metric of metrics) {
    if (metric.baseline === null || !Number.isFinite(metric.baseline)) continue;
    const unit = normalizeUnit(metric.baselineUnit ?? metric.unit);
    if (unit === null) continue;
    for (const axis of axes) {
      const factor = unitFactor(unit, axis.unit);
      if (factor === null) continue;
      lines.push({
        axisId: axis.id,
        y: metric.baseline * factor,
        label: `${metric.label} baseline ${formatNumber(metric.baseline, 4)}${unit === "%" ? "" : " "}${unit}`,
      });
      break;
    }
  }
  return lines;
}

export type TimelineMarker = { time: number; text: string };

/** Timeline events inside the domain, in time order. */
export function markersIn(timeline: { occurredAt: string; text: string }[], domain: [number, number] | null): TimelineMarker[] {
  if (!domain) return [];
  return timeline
    .map((event) => ({ time: Date.parse(event.occurredAt), text: event.text }))
    .filter((marker) => Number.isFinite(marker.time) && marker.time >= domain[0] && marker.time <= domain[1])
    .sort((a, b) => a.time - b.time);
}

/** The point of sorted `points` nearest to `time` (gaps included, so a tooltip over a gap says so); null when empty. */
export function nearestPoint(points: [number, number | null][], time: number): [number, number | null] | null {
  if (points.length === 0) return null;
  let low = 0;
  let high = points.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (points[middle]![0] < time) low = middle + 1;
    else high = middle;
  }
  const after = points[low]!;
  const before = points[Math.max(0, low - 1)]!;
  return Math.abs(before[0] - time) <= Math.abs(after[0] - time) ? before : after;
}

/** A series' name, with its labels added only when another series of the list has the same name. */
export function seriesDisplayName(series: { id: string; name: string; labels: Record<string, string> }, all: { id: string; name: string }[]): string {
  const labels = Object.entries(series.labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(", ");
  const shared = all.some((other) => other.id !== series.id && other.name === series.name);
  return shared && labels ? `${series.name} {${labels}}` : series.name;
}

/** The first words of an event, at most `maxChars` long (and an ellipsis when cut): a marker's label on the chart. */
export function shortLabel(text: string, maxChars = 18): string {
  const plain = text
    .replace(/[*_`#>[\]]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (plain.length <= maxChars) return plain;
  // whole words when the cut falls at or after the middle, else the word cut short
  const atWord = plain.slice(0, maxChars + 1).lastIndexOf(" ");
  const cut = atWord >= maxChars / 2 ? plain.slice(0, atWord) : plain.slice(0, maxChars);
  return `${cut.replace(/[\s,.;:–-]+$/, "")}…`;
}

export type PlacedLabel = { text: string; row: number; anchor: "start" | "end" } | null;

/**
 * Where each marker's short label goes, above the plot, in up to `rows` rows: to the right of its line (to the left
 * near the right edge), in the first row where it does not run into the label before it. A marker whose label fits
 * nowhere gets none (null): its tooltip still says everything. `xs` in pixels, in time order; widths are estimated
 * from `charWidth`.
 */
export function placeMarkerLabels(
  markers: { x: number; text: string }[],
  plot: { left: number; right: number },
  options: { rows?: number; charWidth?: number; maxChars?: number } = {},
): PlacedLabel[] {
  const { rows = 2, charWidth = 6, maxChars = 18 } = options;
  const rowEnds: number[] = new Array(rows).fill(-Infinity);
  return markers.map(({ x, text }) => {
    const label = shortLabel(text, maxChars);
    const width = label.length * charWidth + 6;
    const anchor = x + 3 + width <= plot.right ? "start" : "end";
    const from = anchor === "start" ? x + 3 : x - 3 - width;
    if (!label || from < plot.left) return null;
    const row = rowEnds.findIndex((end) => end <= from);
    if (row === -1) return null;
    rowEnds[row] = from + width + 4;
    return { text: label, row, anchor };
  });
}

const UNIT_KINDS: [test: (unit: string) => boolean, kind: string][] = [
  [(unit) => ["ns", "µs", "ms", "s", "min", "h", "d"].includes(unit), "Duration"],
  [(unit) => unit === "%" || unit === "ratio", "Percent"],
  [(unit) => /^(B|KiB|MiB|GiB|TiB|PiB|kB|MB|GB|TB|PB)\/s$/.test(unit), "Throughput"],
  [(unit) => /^(B|KiB|MiB|GiB|TiB|PiB|kB|MB|GB|TB|PB)$/.test(unit), "Size"],
];

/**
 * A y axis' title: the series' name when it is the axis' only one, else what its unit measures ("Duration"), with the
 * unit in brackets ("p95 latency (ms)", "Percent (%)"); cut to `maxChars` (the axis is only so tall).
 */
export function axisTitle(axis: Axis, seriesNames: string[], maxChars = 34): string {
  const unit = unitLabel(axis.unit);
  const kind = UNIT_KINDS.find(([test]) => axis.unit !== null && test(axis.unit))?.[1] ?? "Value";
  const suffix = unit ? ` (${unit})` : "";
  const name = seriesNames.length === 1 ? seriesNames[0]! : kind;
  const room = Math.max(4, maxChars - suffix.length);
  return `${name.length > room ? `${name.slice(0, room - 1).trimEnd()}…` : name}${suffix}`;
}

/** A series' name in the legend: with two or more y axes, which one it is read on and in what unit ("Error rate (left, %)"). */
export function legendName(name: string, axis: Axis | undefined, axisCount: number): string {
  if (!axis || axisCount < 2) return name;
  const unit = unitLabel(axis.unit);
  return `${name} (${axis.orientation}${unit ? `, ${unit}` : ""})`;
}

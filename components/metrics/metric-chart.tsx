"use client";

// One chart of the report: its series from the points endpoint (never more than 2,000 points each), the incident
// window shaded, timeline events as markers with a short label (the full text and time on hover or focus), y axes
// titled with their units (with two, the legend says which series is read on which), the report's baselines where
// their unit fits an axis, and a drag-to-zoom that fetches the chosen range again at full resolution (up to 2,000
// points). The time axis shows the day too when the data is not on the incident's day(s).
// recharts is heavy: the metrics panel loads this module only when a chart is shown (React lazy).
// Printing draws it at a fixed width (the `beforeprint` event re-renders synchronously before the page is laid out)
// and without animation, so the PDF shows what the screen did.
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { flushSync } from "react-dom";
import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { MetricPointsResponse, MetricSeriesView } from "@/lib/metrics/schema";
import {
  axisTitle,
  chartDomain,
  legendName,
  markersIn,
  placeMarkerLabels,
  type PlacedLabel,
  nearestPoint,
  planAxes,
  planBaselines,
  seriesDisplayName,
  type BaselineSource,
  type TimelineMarker,
  type TimeRange,
} from "@/lib/metrics/charts";
import { formatTimeFull, formatTimeTick, formatValue, timeTicks } from "@/lib/metrics/units-format";
import { dateMismatch, daysCovered, daysWithin, incidentDays } from "@/lib/metrics/date-window";
import { Button } from "@/components/ui/button";
import { ApiError, callApi, metricsUrl } from "@/components/metrics/api";

export type ChartContext = {
  startedAt: string | null;
  endedAt: string | null;
  timeline: { occurredAt: string; text: string }[];
  baselines: BaselineSource[];
};

export const CHART_HEIGHT = 300;
const HEIGHT = CHART_HEIGHT;
/** a y axis' width: its ticks and its title; narrower on a phone, where two axes would leave little plot */
const yAxisWidth = (chartWidth: number) => (chartWidth < 480 ? 64 : 80);
const MARGIN = { right: 16, bottom: 4, left: 4 };
/** rows of marker labels above the plot, and the height of one */
const LABEL_ROWS = 2;
const LABEL_ROW_HEIGHT = 13;
/** A4 portrait at 96 dpi minus the print margins (14 mm each side) leaves ~690 px. */
const PRINT_WIDTH = 680;
const MAX_POINTS = 2_000;
const COLORS = ["#4f46e5", "#dc2626", "#059669", "#d97706", "#0891b2", "#7c3aed", "#db2777", "#65a30d", "#475569", "#ea580c", "#0d9488", "#9333ea"];

type Loaded = { state: "loading" } | { state: "error"; message: string } | { state: "ready"; series: Record<string, MetricPointsResponse> };
type Hovered = { marker: TimelineMarker; x: number } | null;

/**
 * Whether the time axis needs the day as well as the time: when the data does not lie on the incident's day(s), or,
 * for a report without a start, when it runs over midnight.
 */
function needsDates(domain: [number, number] | null, incident: ChartContext, timeZone: string): boolean {
  if (!domain) return false;
  const shown = daysCovered([{ start: domain[0], end: domain[1] }], timeZone);
  if (!shown) return false;
  const days = incidentDays(incident, timeZone);
  return days ? !daysWithin(shown, days) : shown.first !== shown.last;
}

/** True while the page is being printed. */
function usePrinting(): boolean {
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    // flushSync: the print layout is taken right after `beforeprint` returns, so the fixed width must be in the DOM by then.
    const before = () => flushSync(() => setPrinting(true));
    const after = () => setPrinting(false);
    window.addEventListener("beforeprint", before);
    window.addEventListener("afterprint", after);
    return () => {
      window.removeEventListener("beforeprint", before);
      window.removeEventListener("afterprint", after);
    };
  }, []);
  return printing;
}

function useWidth(element: React.RefObject<HTMLDivElement | null>): number {
  const subscribe = useCallback(
    (notify: () => void) => {
      const node = element.current;
      if (!node) return () => {};
      const observer = new ResizeObserver(notify);
      observer.observe(node);
      return () => observer.disconnect();
    },
    [element],
  );
  return useSyncExternalStore(
    subscribe,
    () => Math.floor(element.current?.clientWidth ?? 0),
    () => 0,
  );
}

function usePoints(incidentId: string, seriesIds: string[], zoom: TimeRange | null): Loaded {
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const key = seriesIds.join(",");
  useEffect(() => {
    const controller = new AbortController();
    const range = zoom ? `&from=${Math.floor(zoom.start)}&to=${Math.ceil(zoom.end)}` : "";
    setLoaded((previous) => (previous.state === "ready" ? previous : { state: "loading" }));
    Promise.all(
      key
        .split(",")
        .map((id) =>
          callApi<MetricPointsResponse>(`${metricsUrl(incidentId)}/${encodeURIComponent(id)}?maxPoints=${MAX_POINTS}${range}`, { signal: controller.signal }),
        ),
    ).then(
      (responses) => setLoaded({ state: "ready", series: Object.fromEntries(responses.map((response) => [response.id, response])) }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setLoaded({ state: "error", message: error instanceof ApiError ? error.message : "The points could not be loaded." });
      },
    );
    return () => controller.abort();
  }, [incidentId, key, zoom]);
  return loaded;
}

export function MetricChart({
  incidentId,
  title,
  series,
  context,
  timeZone,
}: {
  incidentId: string;
  /** the chart's title: its accessible name */
  title: string;
  /** the chart's series, in drawing order */
  series: MetricSeriesView[];
  context: ChartContext;
  /** the zone times are shown in */
  timeZone: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const measured = useWidth(container);
  const printing = usePrinting();
  const width = printing ? PRINT_WIDTH : measured;
  const [zoom, setZoom] = useState<TimeRange | null>(null);
  const [selection, setSelection] = useState<{ from: number; to: number } | null>(null);
  const [hovered, setHovered] = useState<Hovered>(null);
  const loaded = usePoints(
    incidentId,
    series.map((s) => s.id),
    zoom,
  );

  const ranges = useMemo(() => series.map((s) => ({ start: Date.parse(s.start), end: Date.parse(s.end) })), [series]);
  const { domain, window: incidentWindow, windowOutside } = chartDomain(ranges, context, zoom);
  const { axes, placement } = useMemo(() => planAxes(series), [series]);
  const baselines = useMemo(() => planBaselines(context.baselines, axes), [context.baselines, axes]);
  const markers = useMemo(() => markersIn(context.timeline, domain), [context.timeline, domain]);
  const ticks = useMemo(() => (domain ? timeTicks(domain, Math.max(3, Math.floor(width / 110))) : []), [domain, width]);
  const firstAxis = axes[0]?.id ?? "y0";
  const span = domain ? domain[1] - domain[0] : 0;
  const withDates = needsDates(domain, context, timeZone);
  const mismatch = useMemo(() => dateMismatch(ranges, context, timeZone, "This chart's data"), [ranges, context, timeZone]);
  const otherDays = mismatch !== null;
  const tick = (value: number) => formatTimeTick(value, timeZone, span, withDates);

  const names = useMemo(() => Object.fromEntries(series.map((s) => [s.id, seriesDisplayName(s, series)])), [series]);
  const titles = useMemo(
    () =>
      Object.fromEntries(
        axes.map((axis) => [
          axis.id,
          axisTitle(
            axis,
            series.filter((s) => placement[s.id]?.axisId === axis.id).map((s) => names[s.id]!),
          ),
        ]),
      ),
    [axes, series, placement, names],
  );
  // Where the marker labels go: the plot's left and right edges from the axes beside it.
  const leftAxes = axes.filter((axis) => axis.orientation === "left").length;
  const axisWidth = yAxisWidth(width);
  const plotLeft = MARGIN.left + leftAxes * axisWidth;
  const plotRight = width - MARGIN.right - (axes.length - leftAxes) * axisWidth;
  const labels = useMemo<PlacedLabel[]>(() => {
    const plot = { left: plotLeft, right: plotRight };
    if (!domain || plot.right <= plot.left) return markers.map(() => null);
    const scale = (time: number) => plot.left + ((time - domain[0]) / (domain[1] - domain[0] || 1)) * (plot.right - plot.left);
    return placeMarkerLabels(
      markers.map((marker) => ({ x: scale(marker.time), text: marker.text })),
      plot,
      { rows: LABEL_ROWS },
    );
  }, [markers, domain, plotLeft, plotRight]);
  const top = markers.length ? 8 + LABEL_ROWS * LABEL_ROW_HEIGHT : 16;
  const description = domain
    ? `Line chart of ${series.map((s) => names[s.id]).join(", ")} from ${formatTimeFull(domain[0], timeZone)} to ${formatTimeFull(domain[1], timeZone)}` +
      (markers.length ? `, with ${markers.length} timeline event${markers.length === 1 ? "" : "s"} marked.` : ".")
    : "";

  const lines = useMemo(() => {
    if (loaded.state !== "ready") return [];
    return series.map((s, index) => {
      const { axisId, factor } = placement[s.id] ?? { axisId: firstAxis, factor: 1 };
      const points = loaded.series[s.id]?.points ?? [];
      return {
        series: s,
        axisId,
        color: COLORS[index % COLORS.length]!,
        name: names[s.id]!,
        legend: legendName(
          names[s.id]!,
          axes.find((axis) => axis.id === axisId),
          axes.length,
        ),
        points,
        data: points.map(([t, v]) => ({ t, v: v === null ? null : v * factor })),
        downsampled: loaded.series[s.id]?.downsampled ?? false,
      };
    });
  }, [loaded, series, placement, firstAxis, names, axes]);

  const activeTime = (state: { activeLabel?: unknown }) => (typeof state.activeLabel === "number" ? state.activeLabel : Number(state.activeLabel));

  function endSelection() {
    if (selection && Math.abs(selection.to - selection.from) > 0) {
      setZoom({ start: Math.min(selection.from, selection.to), end: Math.max(selection.from, selection.to) });
    }
    setSelection(null);
  }

  return (
    <div>
      {mismatch ? (
        <p className="mb-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-1.5 text-sm text-amber-900" data-testid="metric-chart-date-mismatch">
          <span className="font-semibold">Not the incident&rsquo;s day.</span> {mismatch.message}
        </p>
      ) : null}
      <div
        ref={container}
        className="relative w-full print:w-[680px] [&_.recharts-wrapper:focus-visible]:outline-2 [&_.recharts-wrapper:focus-visible]:outline-indigo-500 [&_.recharts-wrapper]:outline-none [&_.recharts-surface]:outline-none"
        data-testid="metric-chart-canvas"
        style={{ height: HEIGHT }}
      >
        {loaded.state === "error" ? (
          <p className="p-4 text-sm text-red-700" role="alert">
            {loaded.message}
          </p>
        ) : domain && width > 0 ? (
          <LineChart
            width={width}
            height={HEIGHT}
            margin={{ ...MARGIN, top }}
            title={title}
            desc={description}
            onMouseDown={(state) => {
              const time = activeTime(state);
              if (Number.isFinite(time)) setSelection({ from: time, to: time });
            }}
            onMouseMove={(state) => {
              const time = activeTime(state);
              if (selection && Number.isFinite(time)) setSelection({ ...selection, to: time });
            }}
            onMouseUp={endSelection}
            onMouseLeave={() => setSelection(null)}
            style={{ userSelect: "none", cursor: "crosshair" }}
          >
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              domain={domain}
              allowDataOverflow
              ticks={ticks}
              tickFormatter={tick}
              tick={{ fontSize: 11, fill: "#475569", className: "metric-time-tick" }}
            />
            {axes.map((axis) => (
              <YAxis
                key={axis.id}
                yAxisId={axis.id}
                orientation={axis.orientation}
                width={axisWidth}
                tick={{ fontSize: 11, fill: "#475569" }}
                tickFormatter={(value: number) => formatValue(value, axis.unit)}
                label={{
                  value: titles[axis.id],
                  angle: axis.orientation === "left" ? -90 : 90,
                  position: axis.orientation === "left" ? "insideLeft" : "insideRight",
                  style: { textAnchor: "middle" },
                  fontSize: 11,
                  fill: "#334155",
                  className: "metric-axis-title",
                }}
              />
            ))}
            {incidentWindow ? (
              <ReferenceArea
                x1={incidentWindow.start}
                x2={incidentWindow.end}
                yAxisId={firstAxis}
                fill="#fbbf24"
                fillOpacity={0.18}
                stroke="#f59e0b"
                strokeOpacity={0.5}
                ifOverflow="hidden"
                label={{ value: "Incident", position: "insideBottomLeft", fontSize: 11, fill: "#92400e" }}
                data-testid="incident-window"
              />
            ) : null}
            {baselines.map((baseline) => (
              <ReferenceLine
                key={`${baseline.axisId}-${baseline.label}`}
                y={baseline.y}
                yAxisId={baseline.axisId}
                stroke="#0f766e"
                strokeDasharray="6 4"
                ifOverflow="extendDomain"
                label={{ value: baseline.label, position: "insideBottomRight", fontSize: 11, fill: "#0f766e" }}
                data-testid="baseline-line"
              />
            ))}
            {markers.map((marker, index) => (
              <ReferenceLine
                key={`${marker.time}-${index}`}
                x={marker.time}
                yAxisId={firstAxis}
                zIndex={1300}
                shape={(props: { x1?: number; y1?: number; x2?: number; y2?: number }) => (
                  <MarkerShape {...props} marker={marker} label={labels[index] ?? null} onHover={setHovered} timeZone={timeZone} />
                )}
              />
            ))}
            {lines.map((line) => (
              <Line
                key={line.series.id}
                data={line.data}
                dataKey="v"
                name={line.legend}
                yAxisId={line.axisId}
                stroke={line.color}
                strokeWidth={1.75}
                dot={false}
                activeDot={{ r: 3 }}
                connectNulls={false}
                isAnimationActive={false}
              />
            ))}
            {selection ? <ReferenceArea x1={selection.from} x2={selection.to} yAxisId={firstAxis} fill="#6366f1" fillOpacity={0.15} /> : null}
            <Tooltip
              isAnimationActive={false}
              content={({ active, label }) => (active && typeof label === "number" ? <PointsTooltip time={label} lines={lines} timeZone={timeZone} /> : null)}
            />
            {/* the text in slate, not in the line's colour: some series colours are too light for text (3:1 on white) */}
            <Legend itemSorter={null} wrapperStyle={{ fontSize: 12 }} formatter={(value: string) => <span style={{ color: "#334155" }}>{value}</span>} />
          </LineChart>
        ) : (
          <p className="p-4 text-sm text-slate-500">Loading…</p>
        )}
        {hovered ? (
          <div
            role="tooltip"
            data-testid="timeline-marker-text"
            className="pointer-events-none absolute top-1 z-10 max-w-xs rounded-md bg-slate-900 px-2 py-1 text-xs text-white shadow"
            style={hovered.x > width / 2 ? { right: Math.max(0, width - hovered.x + 6) } : { left: hovered.x + 6 }}
          >
            <span className="font-semibold">{formatTimeTick(hovered.marker.time, timeZone, 3_600_000, withDates)}</span> {hovered.marker.text}
          </div>
        ) : null}
      </div>
      <div className="mt-1 flex min-h-5 flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600">
        {windowOutside && context.startedAt && !otherDays ? (
          <span data-testid="incident-window-outside">
            The incident window ({formatTimeFull(Date.parse(context.startedAt), timeZone)}
            {context.endedAt ? ` – ${formatTimeFull(Date.parse(context.endedAt), timeZone)}` : ""}) lies outside this data.
          </span>
        ) : null}
        {lines.some((line) => line.downsampled) ? (
          <span>Downsampled to {MAX_POINTS.toLocaleString("en-US")} points per series; drag across the chart to zoom in.</span>
        ) : null}
        {zoom ? (
          <span className="no-print flex items-center gap-2">
            Zoomed to {formatTimeTick(zoom.start, timeZone, zoom.end - zoom.start, withDates)} –{" "}
            {formatTimeTick(zoom.end, timeZone, zoom.end - zoom.start, withDates)}
            <Button type="button" variant="ghost" className="px-2 py-0.5 text-xs" onClick={() => setZoom(null)}>
              Reset zoom
            </Button>
          </span>
        ) : (
          <span className="no-print">Drag across the chart to zoom in.</span>
        )}
      </div>
    </div>
  );
}

function MarkerShape({
  x1,
  y1,
  x2,
  y2,
  marker,
  label,
  onHover,
  timeZone,
}: {
  x1?: number;
  y1?: number;
  x2?: number;
  y2?: number;
  marker: TimelineMarker;
  label: PlacedLabel;
  onHover: (hovered: Hovered) => void;
  timeZone: string;
}) {
  if (x1 === undefined || y1 === undefined || x2 === undefined || y2 === undefined) return <g />;
  const top = Math.min(y1, y2);
  const full = `${formatTimeFull(marker.time, timeZone)}: ${marker.text}`;
  const labelY = top - 4 - (LABEL_ROWS - 1 - (label?.row ?? 0)) * LABEL_ROW_HEIGHT;
  return (
    <g
      data-testid="timeline-marker"
      data-time={new Date(marker.time).toISOString()}
      onMouseEnter={() => onHover({ marker, x: x1 })}
      onMouseLeave={() => onHover(null)}
      onFocus={() => onHover({ marker, x: x1 })}
      onBlur={() => onHover(null)}
      tabIndex={0}
      role="img"
      aria-label={full}
      className="outline-none [&:focus-visible>line]:stroke-[3]"
      style={{ cursor: "help" }}
    >
      <line
        x1={x1}
        y1={top - (label ? LABEL_ROWS * LABEL_ROW_HEIGHT - label.row * LABEL_ROW_HEIGHT - 2 : 0)}
        x2={x2}
        y2={Math.max(y1, y2)}
        stroke="#4f46e5"
        strokeWidth={1.25}
        strokeDasharray="3 3"
      />
      {/* a 1 px line is too thin to hover: an invisible band around it takes the pointer */}
      <rect x={x1 - 5} y={top} width={10} height={Math.abs(y2 - y1)} fill="transparent" data-testid="timeline-marker-hit" />
      {label ? (
        <text
          x={label.anchor === "start" ? x1 + 3 : x1 - 3}
          y={labelY}
          textAnchor={label.anchor}
          fontSize={10}
          fill="#3730a3"
          data-testid="timeline-marker-label"
          aria-hidden
        >
          {label.text}
        </text>
      ) : null}
      <title>{full}</title>
    </g>
  );
}

function PointsTooltip({
  time,
  lines,
  timeZone,
}: {
  time: number;
  lines: { series: MetricSeriesView; name: string; color: string; points: [number, number | null][] }[];
  timeZone: string;
}) {
  return (
    <div className="rounded-md bg-white px-3 py-2 text-xs shadow-lg ring-1 ring-slate-200">
      <p className="mb-1 font-semibold text-slate-700">{formatTimeFull(time, timeZone)}</p>
      <ul className="space-y-0.5">
        {lines.map((line) => {
          const point = nearestPoint(line.points, time);
          return (
            <li key={line.series.id} className="flex items-center gap-2">
              <span className="inline-block h-2 w-2 rounded-full" style={{ background: line.color }} aria-hidden />
              <span className="text-slate-600">{line.name}</span>
              <span className="ml-auto font-mono tabular-nums text-slate-900">{point ? formatValue(point[1], line.series.unit, 4) : "—"}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

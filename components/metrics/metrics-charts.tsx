"use client";

// The metrics panel's part for a report with imported series: its charts (in the SRE's order, printed too), the tools
// to build them and the list of series, with one switch between the viewer's zone and UTC. The chart itself (and
// recharts with it, the heaviest script of the report page) loads only when a chart is shown, into a placeholder of
// its size; a chart whose data lies on other days than the incident says so on its card.
import { lazy, Suspense, useMemo, useState, type ComponentProps } from "react";
import type { MetricChartView, MetricSeriesView } from "@/lib/metrics/schema";
import { ChartControls } from "@/components/metrics/chart-editor";
import type { ChartContext } from "@/components/metrics/metric-chart";
import { Button } from "@/components/ui/button";
import { Disclosure } from "@/components/ui/disclosure";
import { useHydrated } from "@/components/ui/use-hydrated";
import { MetricsHeading } from "@/components/metrics/metrics-heading";

/** The chart's canvas (300 px) and its note line below: what the placeholder keeps free until recharts has loaded. */
function ChartPlaceholder() {
  return (
    <div aria-hidden data-testid="metric-chart-placeholder">
      <div className="flex h-[300px] items-center justify-center rounded bg-slate-50 text-sm text-slate-600">Loading chart…</div>
      <div className="mt-1 min-h-5" />
    </div>
  );
}

// recharts loads with the first chart shown, and only in the browser: the placeholder holds its place until then.
const LazyMetricChart = lazy(() => import("@/components/metrics/metric-chart").then((module) => ({ default: module.MetricChart })));

function MetricChart(props: ComponentProps<typeof LazyMetricChart>) {
  const hydrated = useHydrated();
  if (!hydrated) return <ChartPlaceholder />;
  return (
    <Suspense fallback={<ChartPlaceholder />}>
      <LazyMetricChart {...props} />
    </Suspense>
  );
}

// The editing widgets load when first opened, not with the report page (issue 14).
const NewChartForm = lazy(() => import("@/components/metrics/new-chart-form").then((module) => ({ default: module.NewChartForm })));
const SeriesTable = lazy(() => import("@/components/metrics/series-table").then((module) => ({ default: module.SeriesTable })));

function NewChart({ incidentId, series }: { incidentId: string; series: MetricSeriesView[] }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <div className="no-print mt-4">
        <Button type="button" variant="secondary" onClick={() => setOpen(true)}>
          New chart
        </Button>
      </div>
    );
  }
  return (
    <Suspense fallback={<p className="no-print mt-4 text-sm text-slate-500">Loading…</p>}>
      <NewChartForm incidentId={incidentId} series={series} onClose={() => setOpen(false)} />
    </Suspense>
  );
}

/** The heading with the UTC switch, the charts, "New chart" and the list of series: for a report with series. */
export function MetricsCharts({
  incidentId,
  series,
  charts,
  context,
  canEdit,
  viewerTimeZone,
}: {
  /** database id of the incident */
  incidentId: string;
  series: MetricSeriesView[];
  charts: MetricChartView[];
  context: ChartContext;
  /** SRE and up: build, rename, order and remove charts */
  canEdit: boolean;
  viewerTimeZone: string;
}) {
  const [showUtc, setShowUtc] = useState(false);
  const timeZone = showUtc ? "UTC" : viewerTimeZone;
  const seriesById = useMemo(() => new Map(series.map((item) => [item.id, item])), [series]);

  return (
    <>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <MetricsHeading />
        {charts.length > 0 && viewerTimeZone !== "UTC" ? (
          <label className="no-print flex items-center gap-2 text-sm text-slate-600">
            <input type="checkbox" checked={showUtc} onChange={(event) => setShowUtc(event.target.checked)} />
            Times in UTC (else {viewerTimeZone})
          </label>
        ) : null}
      </div>

      {charts.length === 0 ? (
        <p className="text-sm text-slate-600">No charts yet.{canEdit ? " Build one from the imported series with New chart." : ""}</p>
      ) : (
        <div className="space-y-6">
          {charts.map((chart, index) => {
            const chartSeries = chart.seriesIds.map((id) => seriesById.get(id)).filter((item): item is MetricSeriesView => item !== undefined);
            return (
              <figure key={chart.id} className="min-w-0 break-inside-avoid" data-testid="metric-chart">
                <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
                  <figcaption className="font-medium text-slate-800" data-testid="metric-chart-title">
                    {chart.title}
                  </figcaption>
                  {canEdit ? (
                    <ChartControls key={`${chart.id}-${chart.title}`} incidentId={incidentId} chart={chart} index={index} count={charts.length} />
                  ) : null}
                </div>
                {chartSeries.length ? (
                  <MetricChart incidentId={incidentId} title={chart.title} series={chartSeries} context={context} timeZone={timeZone} />
                ) : (
                  <p className="text-sm text-slate-600">This chart&rsquo;s series are no longer there.</p>
                )}
              </figure>
            );
          })}
        </div>
      )}

      {canEdit ? <NewChart incidentId={incidentId} series={series} /> : null}

      <Disclosure summary={`Imported series (${series.length.toLocaleString("en-US")})`} className="mt-4" plain testId="metric-series-disclosure">
        <SeriesTable series={series} timeZone={timeZone} />
      </Disclosure>
    </>
  );
}

"use client";

// The report's metrics: its charts (in the SRE's order, printed too), the tools to build them, the imported series,
// and the import of monitoring exports. Viewers see the charts only; a report with none prints nothing here.
import { useMemo, useState } from "react";
import type { MetricChartView, MetricSeriesView } from "@/lib/metrics/schema";
import { formatDateTime, isoUtc } from "@/lib/format/time";
import { ChartControls, NewChartForm } from "@/components/metrics/chart-editor";
import { MetricChart, type ChartContext } from "@/components/metrics/metric-chart";
import { MetricsUpload } from "@/components/metrics/metrics-upload";
import { Table, TableHead, TableBody, TableRow, TableHeaderCell, TableCell } from "@/components/ui/table";

export type { ChartContext };

export function MetricsPanel({
  incidentId,
  series,
  charts,
  context,
  canUpload,
  canEdit,
  maxBytes,
  incidentTimeZone,
  viewerTimeZone,
}: {
  /** database id of the incident */
  incidentId: string;
  series: MetricSeriesView[];
  charts: MetricChartView[];
  context: ChartContext;
  /** SRE and up: import exports */
  canUpload: boolean;
  /** SRE and up: build, rename, order and remove charts */
  canEdit: boolean;
  maxBytes: number;
  /** the default zone for local times in an export */
  incidentTimeZone: string;
  viewerTimeZone: string;
}) {
  const [showUtc, setShowUtc] = useState(false);
  const timeZone = showUtc ? "UTC" : viewerTimeZone;
  const seriesById = useMemo(() => new Map(series.map((item) => [item.id, item])), [series]);
  if (!canUpload && series.length === 0) return null;

  return (
    <section
      className={`mt-6 rounded-lg bg-white p-6 shadow ring-1 ring-slate-200 print:shadow-none print:ring-0 ${charts.length === 0 ? "no-print" : ""}`}
      data-testid="metrics-panel"
      aria-labelledby="metrics-heading"
    >
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 id="metrics-heading" className="text-lg font-semibold">
          Metrics
        </h2>
        {charts.length > 0 && viewerTimeZone !== "UTC" ? (
          <label className="no-print flex items-center gap-2 text-sm text-slate-600">
            <input type="checkbox" checked={showUtc} onChange={(event) => setShowUtc(event.target.checked)} />
            Times in UTC (else {viewerTimeZone})
          </label>
        ) : null}
      </div>

      {charts.length === 0 ? (
        <p className="text-sm text-slate-500">
          No charts yet.
          {series.length === 0
            ? " Import a monitoring export below, then build a chart from its series."
            : canEdit
              ? " Build one from the imported series with New chart."
              : ""}
        </p>
      ) : (
        <div className="space-y-6">
          {charts.map((chart, index) => {
            const chartSeries = chart.seriesIds.map((id) => seriesById.get(id)).filter((item): item is MetricSeriesView => item !== undefined);
            return (
              <figure key={chart.id} className="break-inside-avoid" data-testid="metric-chart">
                <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
                  <figcaption className="font-medium text-slate-800" data-testid="metric-chart-title">
                    {chart.title}
                  </figcaption>
                  {canEdit ? (
                    <ChartControls key={`${chart.id}-${chart.title}`} incidentId={incidentId} chart={chart} index={index} count={charts.length} />
                  ) : null}
                </div>
                {chartSeries.length ? (
                  <MetricChart incidentId={incidentId} series={chartSeries} context={context} timeZone={timeZone} />
                ) : (
                  <p className="text-sm text-slate-500">This chart&rsquo;s series are no longer there.</p>
                )}
              </figure>
            );
          })}
        </div>
      )}

      {canEdit && series.length > 0 ? <NewChartForm incidentId={incidentId} series={series} /> : null}

      {series.length > 0 ? (
        <details className="no-print mt-4 text-sm">
          <summary className="cursor-pointer text-slate-700">Imported series ({series.length.toLocaleString("en-US")})</summary>
          <Table variant="plain" className="mt-2 text-left" data-testid="metric-series-list">
            <TableHead variant="plain">
              <tr>
                <TableHeaderCell padding="py-1 pr-3">Series</TableHeaderCell>
                <TableHeaderCell padding="py-1 pr-3">Unit</TableHeaderCell>
                <TableHeaderCell padding="py-1 pr-3">Points</TableHeaderCell>
                <TableHeaderCell padding="py-1 pr-3">From</TableHeaderCell>
                <TableHeaderCell padding="py-1 pr-3">To</TableHeaderCell>
                <TableHeaderCell padding="py-1">Format</TableHeaderCell>
              </tr>
            </TableHead>
            <TableBody variant="plain">
              {series.map((item) => (
                <TableRow key={item.id} separated className="align-top">
                  <TableCell padding="py-1 pr-3">
                    {item.name}
                    {Object.keys(item.labels).length ? (
                      <span className="block font-mono text-[11px] text-slate-500">
                        {Object.entries(item.labels)
                          .map(([key, value]) => `${key}=${value}`)
                          .join(", ")}
                      </span>
                    ) : null}
                  </TableCell>
                  <TableCell padding="py-1 pr-3">{item.unit ?? "—"}</TableCell>
                  <TableCell padding="py-1 pr-3" className="tabular-nums">
                    {item.pointCount.toLocaleString("en-US")}
                    {item.partial ? (
                      <span className="ml-1 text-amber-700" title="The export said it was incomplete">
                        (partial)
                      </span>
                    ) : null}
                  </TableCell>
                  <TableCell padding="py-1 pr-3" className="whitespace-nowrap" title={isoUtc(new Date(item.start))}>
                    {formatDateTime(new Date(item.start), timeZone)}
                  </TableCell>
                  <TableCell padding="py-1 pr-3" className="whitespace-nowrap" title={isoUtc(new Date(item.end))}>
                    {formatDateTime(new Date(item.end), timeZone)}
                  </TableCell>
                  <TableCell padding="py-1" className="text-slate-500">
                    {item.format}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </details>
      ) : null}

      {canUpload ? <MetricsUpload incidentId={incidentId} maxBytes={maxBytes} defaultTimeZone={incidentTimeZone} /> : null}
    </section>
  );
}

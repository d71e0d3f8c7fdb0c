// The report's metrics: its charts (in the SRE's order, printed too), the tools to build them, the imported series,
// and the import of monitoring exports. Viewers see the charts only; a report with none prints nothing here.
// Rendered on the server: a report without series ships no chart code, and the import form loads when it is opened.
import type { MetricChartView, MetricSeriesView } from "@/lib/metrics/schema";
import type { ChartContext } from "@/components/metrics/metric-chart";
import { MetricsHeading } from "@/components/metrics/metrics-heading";
import { MetricsCharts, MetricsUpload } from "@/components/metrics/lazy-parts";
import { Disclosure } from "@/components/ui/disclosure";

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
  if (!canUpload && series.length === 0) return null;

  return (
    <section
      className={`mt-6 rounded-lg bg-white p-6 shadow ring-1 ring-slate-200 print:shadow-none print:ring-0 ${charts.length === 0 ? "no-print" : ""}`}
      data-testid="metrics-panel"
      aria-labelledby="metrics-heading"
    >
      {series.length > 0 ? (
        <MetricsCharts incidentId={incidentId} series={series} charts={charts} context={context} canEdit={canEdit} viewerTimeZone={viewerTimeZone} />
      ) : (
        <>
          <div className="mb-3">
            <MetricsHeading />
          </div>
          <p className="text-sm text-slate-600">No charts yet. Import a monitoring export below, then build a chart from its series.</p>
        </>
      )}

      {canUpload ? (
        <Disclosure summary="Import a monitoring export" className="mt-4" testId="metrics-upload-disclosure">
          <MetricsUpload
            incidentId={incidentId}
            maxBytes={maxBytes}
            defaultTimeZone={incidentTimeZone}
            viewer={{ startedAt: context.startedAt, endedAt: context.endedAt, timeZone: viewerTimeZone }}
          />
        </Disclosure>
      ) : null}
    </section>
  );
}

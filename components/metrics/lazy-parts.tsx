"use client";

// The metrics panel's client parts, each fetched only when shown: the charts with their tools (for a report with
// imported series; rendered on the server too, then hydrated once this code arrives), and the monitoring-export import
// (when "Import a monitoring export" is first opened: components/ui/disclosure.tsx holds the Suspense for it).
// Exported as components of their own: a server component cannot render a `lazy()` object itself.
import { lazy, Suspense, type ComponentProps } from "react";
import { MetricsHeading } from "@/components/metrics/metrics-heading";

const LazyMetricsUpload = lazy(() => import("@/components/metrics/metrics-upload").then((module) => ({ default: module.MetricsUpload })));
const LazyMetricsCharts = lazy(() => import("@/components/metrics/metrics-charts").then((module) => ({ default: module.MetricsCharts })));

export function MetricsUpload(props: ComponentProps<typeof LazyMetricsUpload>) {
  return <LazyMetricsUpload {...props} />;
}

export function MetricsCharts(props: ComponentProps<typeof LazyMetricsCharts>) {
  return (
    <Suspense fallback={<MetricsHeading />}>
      <LazyMetricsCharts {...props} />
    </Suspense>
  );
}

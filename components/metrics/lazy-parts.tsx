"use client";

// The metrics panel's client parts, each fetched only when shown: the charts with their tools (for a report with
// imported series; rendered on the server too, then hydrated once this code arrives), and the monitoring-export import
// (when "Import a monitoring export" is first opened, components/ui/disclosure.tsx).
import { lazy } from "react";

export const MetricsUpload = lazy(() => import("@/components/metrics/metrics-upload").then((module) => ({ default: module.MetricsUpload })));
export const MetricsCharts = lazy(() => import("@/components/metrics/metrics-charts").then((module) => ({ default: module.MetricsCharts })));

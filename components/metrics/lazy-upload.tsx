"use client";

// The monitoring-export import, fetched when "Import a monitoring export" is first opened (components/ui/disclosure.tsx),
// not with the report page.
import { lazy } from "react";

export const MetricsUpload = lazy(() => import("@/components/metrics/metrics-upload").then((module) => ({ default: module.MetricsUpload })));

// The OpenAPI description of a report's files: attachments, monitoring exports and the charts drawn from them.
import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { authErrors, bodyOf, incidentParam, incidentPath, json, locationHeader, ok, operation, TAGS } from "@/lib/api/openapi-paths/common";
import { attachmentListResponseSchema, attachmentSchema, attachmentUploadFormSchema } from "@/lib/attachments/schema";
import {
  chartListResponseSchema,
  createChartInput,
  MAX_POINTS_PER_REQUEST,
  metricChartSchema,
  metricImportResponseSchema,
  metricPointsResponseSchema,
  metricsOverviewSchema,
  updateChartInput,
} from "@/lib/metrics/schema";

const attachmentPath = z.object({ id: incidentParam, attachmentId: z.string().meta({ description: "The attachment's id" }) });
const seriesPath = z.object({ id: incidentParam, seriesId: z.string().meta({ description: "The series' id" }) });
const chartPath = z.object({ id: incidentParam, chartId: z.string().meta({ description: "The chart's id" }) });
const instantParam = z.string().optional().meta({ description: "Epoch milliseconds or an ISO-8601 date-time with an offset" });

export const filePaths: ZodOpenApiPathsObject = {
  "/api/v1/incidents/{id}/attachments": {
    get: operation(TAGS.files, "listAttachments", "List a report's files", {
      description: "Newest first; never their bytes.",
      requestParams: { path: incidentPath },
      responses: { 200: ok("The files", attachmentListResponseSchema), ...authErrors(403, 404) },
    }),
    post: operation(TAGS.files, "uploadAttachment", "Attach a file", {
      description: "multipart/form-data with the file in `file`. Over the attachment limit (Admin > Settings) is a 413; nothing is stored on any refusal.",
      requestParams: { path: incidentPath },
      requestBody: { required: true, content: { "multipart/form-data": { schema: attachmentUploadFormSchema } } },
      responses: {
        201: ok("The stored file, with its size and SHA-256", attachmentSchema, locationHeader),
        ...authErrors(400, 403, 404, 413, 415, 422, 502, 503),
      },
    }),
  },
  "/api/v1/incidents/{id}/attachments/{attachmentId}": {
    get: operation(TAGS.files, "downloadAttachment", "Download a file", {
      description: "Always as a download with its stored content type (never rendered inline); ETag is its SHA-256.",
      requestParams: { path: attachmentPath },
      responses: {
        200: { description: "The file's bytes", content: { "application/octet-stream": { schema: z.string().meta({ format: "binary" }) } } },
        ...authErrors(403, 404, 502, 503),
      },
    }),
    delete: operation(TAGS.files, "deleteAttachment", "Delete a file", {
      requestParams: { path: attachmentPath },
      responses: { 204: { description: "Deleted" }, ...authErrors(403, 404) },
    }),
  },
  "/api/v1/incidents/{id}/metrics": {
    get: operation(TAGS.files, "listMetrics", "A report's metric series and charts", {
      description: "The series without their points (see GET .../metrics/{seriesId}) and the charts.",
      requestParams: { path: incidentPath },
      responses: { 200: ok("Series and charts", metricsOverviewSchema), ...authErrors(403, 404) },
    }),
    post: operation(TAGS.files, "importMetrics", "Import a monitoring export", {
      description:
        "multipart/form-data with the export in `file` (Prometheus, Grafana, Datadog, CloudWatch, InfluxDB, OpenTelemetry, Azure Monitor JSON or CSV; the format is detected) and an optional `timezone` for local times. The file is kept as an attachment; each series is stored. 422 with the parser's reason when the file is refused.",
      requestParams: { path: incidentPath },
      requestBody: {
        required: true,
        content: { "multipart/form-data": { schema: z.object({ file: z.string().meta({ format: "binary" }), timezone: z.string().optional() }) } },
      },
      responses: { 201: ok("The series found", metricImportResponseSchema, locationHeader), ...authErrors(400, 403, 404, 413, 415, 422, 502, 503) },
    }),
  },
  "/api/v1/incidents/{id}/metrics/{seriesId}": {
    get: operation(TAGS.files, "getMetricPoints", "A series' points", {
      description: `The points in [from, to], LTTB-downsampled to at most maxPoints (default and cap ${MAX_POINTS_PER_REQUEST.toLocaleString("en-US")}).`,
      requestParams: {
        path: seriesPath,
        query: z.object({ from: instantParam, to: instantParam, maxPoints: z.number().int().min(10).max(MAX_POINTS_PER_REQUEST).optional() }),
      },
      responses: { 200: ok("The points", metricPointsResponseSchema), ...authErrors(403, 404, 422) },
    }),
  },
  "/api/v1/incidents/{id}/charts": {
    get: operation(TAGS.files, "listCharts", "A report's charts", {
      requestParams: { path: incidentPath },
      responses: { 200: ok("The charts in order", chartListResponseSchema), ...authErrors(403, 404) },
    }),
    post: operation(TAGS.files, "createChart", "Add a chart", {
      description: "Series of this incident, drawn in the order given; the chart goes last.",
      requestParams: { path: incidentPath },
      requestBody: { required: true, ...json(bodyOf(createChartInput, "incidentId")) },
      responses: { 201: ok("The chart", metricChartSchema), ...authErrors(403, 404, 415, 422) },
    }),
  },
  "/api/v1/incidents/{id}/charts/{chartId}": {
    patch: operation(TAGS.files, "updateChart", "Change a chart", {
      description: "Any of `title`, `seriesIds` (replaces the list, in order), `position` (0-based place among the charts).",
      requestParams: { path: chartPath },
      requestBody: { required: true, ...json(bodyOf(updateChartInput, "incidentId", "chartId")) },
      responses: { 200: ok("The chart", metricChartSchema), ...authErrors(403, 404, 415, 422) },
    }),
    delete: operation(TAGS.files, "deleteChart", "Delete a chart", {
      requestParams: { path: chartPath },
      responses: { 204: { description: "Deleted" }, ...authErrors(403, 404) },
    }),
  },
};

// PATCH  /api/v1/incidents/{id}/charts/{chartId}: JSON with any of `title`, `seriesIds` (replaces the list, in
//        order), `position` (0-based place among the charts). 200 with the chart.
// DELETE the same: 204. Both SRE and up (403 below), 404 when the chart or its incident is not there for the caller.
import { apiHandler, readJsonBody } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { routeParam } from "@/lib/api/http";
import { deleteChart, updateChart } from "@/lib/metrics/mutations";
import type { MetricChartView } from "@/lib/metrics/schema";

type Context = { params: Promise<{ id: string; chartId: string }> };

export const PATCH = apiHandler<Context>(async (request, { params }) => {
  const actor = await requireApiActor(request, "metric:edit");
  const { id, chartId } = await params;
  const input = await readJsonBody(request);
  const { chart } = await updateChart({ ...(isObject(input) ? input : {}), incidentId: routeParam(id), chartId: routeParam(chartId, "chart id") }, actor);
  const body: MetricChartView = chart;
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
});

export const DELETE = apiHandler<Context>(async (request, { params }) => {
  const actor = await requireApiActor(request, "metric:edit");
  const { id, chartId } = await params;
  await deleteChart({ incidentId: routeParam(id), chartId: routeParam(chartId, "chart id") }, actor);
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

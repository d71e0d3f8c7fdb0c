// GET  /api/v1/incidents/{id}/charts: the incident's charts in order, `{ items }`. 404 when not visible.
// POST /api/v1/incidents/{id}/charts: JSON `{ title, seriesIds }` (series of this incident, drawn in that order); the
//   chart goes last. 201 with the chart; 422 invalid (unknown series named by place); 403 below SRE; 404 not visible.
import { apiHandler, readJsonBody } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { NotFoundError } from "@/lib/errors";
import { routeParam } from "@/lib/api/http";
import { createChart } from "@/lib/metrics/mutations";
import { getMetricsOverview } from "@/lib/metrics/queries";
import type { ChartListResponse, MetricChartView } from "@/lib/metrics/schema";

type Context = { params: Promise<{ id: string }> };

export const GET = apiHandler<Context>(async (request, { params }) => {
  const actor = await requireApiActor(request, "incident:read");
  const id = routeParam((await params).id);
  const overview = await getMetricsOverview(actor.user, id);
  if (!overview) throw new NotFoundError(`The incident ${id}`);
  const body: ChartListResponse = { items: overview.charts };
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
});

export const POST = apiHandler<Context>(async (request, { params }) => {
  const actor = await requireApiActor(request, "metric:edit");
  const id = routeParam((await params).id);
  const input = await readJsonBody(request);
  const { chart } = await createChart({ ...(isObject(input) ? input : {}), incidentId: id }, actor);
  const body: MetricChartView = chart;
  return Response.json(body, { status: 201, headers: { "Cache-Control": "no-store" } });
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// GET /api/v1/incidents/{id}/metrics/{seriesId}?from=&to=&maxPoints=: the series' points in [from, to] (epoch ms or
// ISO-8601 with an offset; either may be left out), LTTB-downsampled to at most maxPoints (default and cap 2,000),
// as `{ id, name, unit, labels, points: [[ms, value|null]...], downsampled, total }`. 404 when the series or its
// incident is not visible; 422 for a malformed range.
import { apiHandler } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { InvalidInputError, NotFoundError } from "@/lib/errors";
import { queryParams, routeParam } from "@/lib/api/http";
import { getSeriesPoints } from "@/lib/metrics/queries";
import { pointsQuery, type MetricPointsResponse } from "@/lib/metrics/schema";

type Context = { params: Promise<{ id: string; seriesId: string }> };

export const GET = apiHandler<Context>(async (request, { params }) => {
  const actor = await requireApiActor(request, "incident:read");
  const { id, seriesId } = await params;
  const search = queryParams(request);
  const query = pointsQuery.safeParse({ from: search.get("from") || null, to: search.get("to") || null, maxPoints: search.get("maxPoints") || null });
  if (!query.success) throw InvalidInputError.fromZod(query.error, "Invalid query");
  const body = await getSeriesPoints(actor.user, routeParam(id), routeParam(seriesId, "series id"), query.data);
  if (!body) throw new NotFoundError("The series");
  return Response.json(body satisfies MetricPointsResponse, { headers: { "Cache-Control": "private, no-store" } });
});

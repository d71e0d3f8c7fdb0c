// GET /api/v1/insights?from=&to=&service=&severity=: the numbers the /insights page charts, for the incidents the
// caller may see. from/to are calendar days (YYYY-MM-DD, inclusive) in the caller's time zone, on the incident's
// start; by default the current month and the eleven before it. A bad parameter is a 422 naming it. The numbers may
// be up to a minute old (`asOf` says when they were computed).
import { apiHandler } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { queryParams } from "@/lib/api/http";
import { InvalidInputError } from "@/lib/errors";
import { getInsights, insightsFilterContext } from "@/lib/insights/queries";
import { parseInsightsFilter, toInsightsResponse } from "@/lib/insights/schema";

export const GET = apiHandler(async (request) => {
  const actor = await requireApiActor(request, "incident:read");
  const params = queryParams(request);
  const context = await insightsFilterContext(actor.user);
  const parsed = parseInsightsFilter(params, context);
  if (!parsed.success) throw InvalidInputError.fromZod(parsed.error, "Invalid insights filter");
  const result = await getInsights(actor.user, parsed.data, context.severities);
  return Response.json(toInsightsResponse(result), { headers: { "Cache-Control": "no-store" } });
});

// GET /api/v1/incidents?page=&q=&severity=&state=: the incidents the caller may see, newest first, 25 a page. A bad
// parameter is a 422 naming it.
import { apiHandler } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { INCIDENT_PAGE_SIZE, incidentListQuerySchema, listIncidents } from "@/lib/incidents/queries";
import { queryParams } from "@/lib/api/http";
import { InvalidInputError } from "@/lib/errors";
import { toIncidentListItem, type IncidentListResponse } from "@/lib/incidents/schema";

export const GET = apiHandler(async (request) => {
  const actor = await requireApiActor(request, "incident:read");
  const parsed = incidentListQuerySchema.safeParse(Object.fromEntries(queryParams(request)));
  if (!parsed.success) throw InvalidInputError.fromZod(parsed.error, "Invalid incident filter");
  const filter = parsed.data;
  const { rows, total } = await listIncidents(actor.user, filter);
  const body: IncidentListResponse = {
    items: rows.map(toIncidentListItem),
    page: filter.page,
    pageSize: INCIDENT_PAGE_SIZE,
    total,
  };
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
});

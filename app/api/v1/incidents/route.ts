// GET /api/v1/incidents?page=&q=&severity=&state=: the incidents the caller may see, newest first, 25 a page. A bad
// parameter is a 422 naming it.
import { apiHandler } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { INCIDENT_PAGE_SIZE, incidentListQuerySchema, listIncidents } from "@/lib/incidents/queries";
import { queryParams } from "@/lib/api/http";
import { InvalidInputError } from "@/lib/errors";

export type IncidentListResponse = {
  items: {
    id: string;
    publicId: string;
    title: string;
    severity: string;
    status: string;
    reportState: string;
    private: boolean;
    startedAt: string | null;
    endedAt: string | null;
    services: string[];
    openActionItems: number;
  }[];
  page: number;
  pageSize: number;
  total: number;
};

export const GET = apiHandler(async (request) => {
  const actor = await requireApiActor(request, "incident:read");
  const parsed = incidentListQuerySchema.safeParse(Object.fromEntries(queryParams(request)));
  if (!parsed.success) throw InvalidInputError.fromZod(parsed.error, "Invalid incident filter");
  const filter = parsed.data;
  const { rows, total } = await listIncidents(actor.user, filter);
  const body: IncidentListResponse = {
    items: rows.map((row) => ({
      id: row.id,
      publicId: row.publicId,
      title: row.title,
      severity: row.severity,
      status: row.status,
      reportState: row.reportState,
      private: row.private,
      startedAt: row.startedAt?.toISOString() ?? null,
      endedAt: row.endedAt?.toISOString() ?? null,
      services: row.services,
      openActionItems: row.openActionItems,
    })),
    page: filter.page,
    pageSize: INCIDENT_PAGE_SIZE,
    total,
  };
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
});

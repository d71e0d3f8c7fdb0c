// GET /api/v1/incidents?q=&severity=&status=&state=&service=&from=&to=&author=&overdue=&private=&sort=&order=&page=:
// the incidents the caller may see, as the list page shows them (lib/incidents/list-view.ts says what each parameter
// means), 25 a page, `{ items, total, page, pageSize }`; with `q`, each item carries a `snippet`. A bad parameter is a
// 422 naming it.
// POST /api/v1/incidents: a new report from the document's JSON (the fields of GET /api/v1/incidents/{id}; `title` and
// `severity` required, `templateId` optional), as the editor creates one. 201 with the report and Location; 422
// naming each bad or unknown field; 409 when the `publicId` is taken; 403 below SRE.
import { apiHandler, readJsonObject } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { publicOrigin, queryParams } from "@/lib/api/http";
import { InvalidInputError, NotFoundError } from "@/lib/errors";
import { listIncidentPage } from "@/lib/incidents/list";
import { parseIncidentListViewStrict } from "@/lib/incidents/list-view";
import { createIncidentFromApi, getIncidentResource } from "@/lib/incidents/report-resource";
import { toIncidentListItem, type IncidentListResponse, type IncidentResponse } from "@/lib/incidents/schema";
import { getSettings } from "@/lib/settings/queries";

export const GET = apiHandler(async (request) => {
  const actor = await requireApiActor(request, "incident:read");
  const parsed = parseIncidentListViewStrict(queryParams(request));
  if (!parsed.success) throw InvalidInputError.fromZod(parsed.error, "Invalid incident filter");
  const { rows, total, page, pageSize } = await listIncidentPage(actor.user, parsed.data, await getSettings(), { pastTheEnd: "empty" });
  const body: IncidentListResponse = { items: rows.map(toIncidentListItem), page, pageSize, total };
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
});

export const POST = apiHandler(async (request) => {
  const actor = await requireApiActor(request, "incident:create");
  const created = await createIncidentFromApi(await readJsonObject(request, '{"title": "Checkout errors", "severity": "High"}'), actor);
  const body: IncidentResponse | null = await getIncidentResource(actor.user, created.id);
  if (!body) throw new NotFoundError("The new incident");
  const location = `${publicOrigin(request)}/api/v1/incidents/${encodeURIComponent(created.publicId)}`;
  return Response.json(body, { status: 201, headers: { Location: location, "Cache-Control": "no-store" } });
});

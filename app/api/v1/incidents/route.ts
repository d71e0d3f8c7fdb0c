// GET /api/v1/incidents?q=&severity=&status=&state=&service=&from=&to=&author=&overdue=&private=&sort=&order=&page=:
// the incidents the caller may see, as the list page shows them (lib/incidents/list-view.ts says what each parameter
// means), 25 a page, `{ items, total, page, pageSize }`; with `q`, each item carries a `snippet`. A bad parameter is a
// 422 naming it.
import { apiHandler } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { queryParams } from "@/lib/api/http";
import { InvalidInputError } from "@/lib/errors";
import { listIncidentPage } from "@/lib/incidents/list";
import { parseIncidentListViewStrict } from "@/lib/incidents/list-view";
import { toIncidentListItem, type IncidentListResponse } from "@/lib/incidents/schema";
import { getSettings } from "@/lib/settings/queries";

export const GET = apiHandler(async (request) => {
  const actor = await requireApiActor(request, "incident:read");
  const parsed = parseIncidentListViewStrict(queryParams(request));
  if (!parsed.success) throw InvalidInputError.fromZod(parsed.error, "Invalid incident filter");
  const { rows, total, page, pageSize } = await listIncidentPage(actor.user, parsed.data, await getSettings(), { pastTheEnd: "empty" });
  const body: IncidentListResponse = { items: rows.map(toIncidentListItem), page, pageSize, total };
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
});

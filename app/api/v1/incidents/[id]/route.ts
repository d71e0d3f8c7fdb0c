// GET   /api/v1/incidents/{id}: the whole structured report (the JSON export's shape) with `version`, `reportState`
//       and `signOff` ({ by, at, sha256, revision, matchesCurrent } or null), by database id or public id.
// PATCH /api/v1/incidents/{id}: `{ "version": 7, "status": "RESOLVED", ... }`: the fields sent replace the stored
//       ones (a list replaces the whole list), then the report is checked and saved as the editor saves it. 200 with
//       the report; 409 when `version` is stale (the stored report in `error.details`, `currentVersion` among it) or
//       the report is approved; 422 naming each bad or unknown field; 403 below SRE.
// Both 404 when the report does not exist or the caller may not see it (a private report is not confirmed to exist).
import { apiHandler, readJsonObject } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { routeParam } from "@/lib/api/http";
import { NotFoundError } from "@/lib/errors";
import { patchReport } from "@/lib/incidents/mutations";
import { toJson } from "@/lib/incidents/report-export";
import { getIncidentResource } from "@/lib/incidents/report-resource";
import type { IncidentResponse } from "@/lib/incidents/schema";

type Context = { params: Promise<{ id: string }> };

async function answer(actor: Awaited<ReturnType<typeof requireApiActor>>, id: string): Promise<Response> {
  const body: IncidentResponse | null = await getIncidentResource(actor.user, id);
  if (!body) throw new NotFoundError(`The incident ${id}`);
  // The JSON export's very text (GET /incidents/{id}/export?format=json): indented, one newline at the end.
  return new Response(toJson(body), { headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" } });
}

export const GET = apiHandler<Context>(async (request, { params }) => {
  const actor = await requireApiActor(request, "incident:read");
  return answer(actor, routeParam((await params).id));
});

export const PATCH = apiHandler<Context>(async (request, { params }) => {
  const actor = await requireApiActor(request, "incident:edit");
  const id = routeParam((await params).id);
  const body = await readJsonObject(request, '{"version": 7, "status": "RESOLVED"}');
  const saved = await patchReport({ ...body, id }, actor);
  return answer(actor, saved.id);
});

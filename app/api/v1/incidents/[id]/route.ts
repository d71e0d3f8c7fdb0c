// GET /api/v1/incidents/{id}: the whole structured report (the JSON export's shape), by database id or public id.
// 404 when it does not exist or the caller may not see it (a private incident is not confirmed to exist).
import { apiHandler } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { NotFoundError } from "@/lib/errors";
import { getVisibleReport } from "@/lib/incidents/queries";
import { toJson } from "@/lib/incidents/report-export";
import { routeParam } from "@/lib/api/http";

export const GET = apiHandler<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const actor = await requireApiActor(request, "incident:read");
  const id = routeParam((await params).id);
  const report = await getVisibleReport(actor.user, id);
  if (!report) throw new NotFoundError(`The incident ${id}`);
  return new Response(toJson(report), { headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" } });
});

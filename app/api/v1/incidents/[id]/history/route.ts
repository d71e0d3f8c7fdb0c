// GET /api/v1/incidents/{id}/history[?before=<event id>]: the report's audit trail, newest first, 50 a page: who,
// when, what, and each field's before and after. Managers and admins (`audit:read`); 404 when not visible.
import { apiHandler } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { queryParams, routeParam } from "@/lib/api/http";
import { NotFoundError } from "@/lib/errors";
import { parseAuditCursor } from "@/lib/audit/queries";
import type { RouteContext } from "@/lib/reviews/http";
import { listReportHistory } from "@/lib/reviews/history";
import type { HistoryPayload } from "@/lib/reviews/schema";

export const GET = apiHandler<RouteContext>(async (request, { params }) => {
  const actor = await requireApiActor(request, "audit:read");
  const id = routeParam((await params).id);
  const before = parseAuditCursor(queryParams(request).get("before"));
  const history = await listReportHistory(actor.user, id, { before });
  if (!history) throw new NotFoundError(`The incident ${id}`);
  const body: HistoryPayload = {
    incident: { id: history.incident.id, publicId: history.incident.publicId },
    events: history.events.map((event, index) => ({ ...event, label: history.entries[index]!.label })),
    nextBefore: history.nextBefore,
  };
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
});

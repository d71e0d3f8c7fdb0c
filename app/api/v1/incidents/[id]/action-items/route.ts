// POST /api/v1/incidents/{id}/action-items `{ "title": "...", "ownerId"?, "dueDate"?: "2024-12-01", "priority"?,
//      "description"?, "trackerUrl"? }`: adds an action item to the report, as "Add action item" on the action-items
//      page does. 201 with the item (its `version` for later PATCH /api/v1/action-items/{id}) and Location; 422 naming
//      the bad field (an owner who cannot open a private report is refused); 403 below SRE; 404 when the report does
//      not exist or the caller may not see it. The list is GET /api/v1/action-items?incident=<public id>.
import { apiHandler, readJsonObject } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { publicOrigin, routeParam } from "@/lib/api/http";
import { NotFoundError } from "@/lib/errors";
import { createActionItem } from "@/lib/action-items/mutations";
import { toActionItemResponse, type ActionItemResponse } from "@/lib/action-items/schema";
import { findVisibleIncidentId } from "@/lib/incidents/queries";

type Context = { params: Promise<{ id: string }> };

export const POST = apiHandler<Context>(async (request, { params }) => {
  const actor = await requireApiActor(request, "action-item:edit");
  const id = routeParam((await params).id);
  const incidentId = await findVisibleIncidentId(actor.user, id);
  if (!incidentId) throw new NotFoundError(`The incident ${id}`);
  const input = await readJsonObject(request, '{"title": "Alert on replication lag", "dueDate": "2024-12-01"}');
  const { item } = await createActionItem({ ...input, incident: incidentId }, actor);
  const body: ActionItemResponse = toActionItemResponse(item);
  return Response.json(body, { status: 201, headers: { Location: `${publicOrigin(request)}/api/v1/action-items/${item.id}`, "Cache-Control": "no-store" } });
});

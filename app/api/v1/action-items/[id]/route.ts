// GET /api/v1/action-items/{id}: one action item (with the `version` a change must name).
// PATCH /api/v1/action-items/{id}: change status, ownerId, dueDate, priority, trackerUrl (and wontDoReason with
// status WONT_DO), as on the page: `{ "version": 3, "status": "DONE" }`. Same rules as the page: the item's owner,
// the report's author, managers and admins; a stale version is a 409 carrying the stored item.
import { apiHandler, readJsonBody } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { routeParam } from "@/lib/api/http";
import { InvalidInputError, NotFoundError } from "@/lib/errors";
import { getActionItem } from "@/lib/action-items/queries";
import { updateActionItem } from "@/lib/action-items/mutations";
import { toActionItemResponse, type ActionItemRow } from "@/lib/action-items/schema";

type Context = { params: Promise<{ id: string }> };

function respond(item: ActionItemRow): Response {
  return Response.json(toActionItemResponse(item), { headers: { "Cache-Control": "no-store" } });
}

export const GET = apiHandler<Context>(async (request, { params }) => {
  const actor = await requireApiActor(request, "incident:read");
  const item = await getActionItem(actor.user, routeParam((await params).id));
  if (!item) throw new NotFoundError("The action item");
  return respond(item);
});

export const PATCH = apiHandler<Context>(async (request, { params }) => {
  const actor = await requireApiActor(request);
  const body = await readJsonBody(request);
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw new InvalidInputError('Send a JSON object such as {"version": 3, "status": "DONE"}.', [{ path: "(body)", message: "must be a JSON object" }]);
  }
  const { item } = await updateActionItem({ ...body, id: routeParam((await params).id) }, actor);
  return respond(item);
});

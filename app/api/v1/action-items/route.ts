// GET /api/v1/action-items: the action items the caller may see, with the same filters, sort and paging as the
// /action-items page (owner=me|unassigned|<user id>, status=OPEN,IN_PROGRESS, overdue=1, dueWithin=<days>,
// severity, service, incident=<public id>, sort, order=asc|desc, page, size). A bad parameter is a 422 naming it.
// "Overdue" is judged on the caller's own calendar day (their profile's time zone).
import { apiHandler } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { InvalidInputError } from "@/lib/errors";
import { queryParams } from "@/lib/api/http";
import { listActionItems } from "@/lib/action-items/queries";
import { parseActionItemViewStrict, toActionItemResponse, type ActionItemListResponse } from "@/lib/action-items/schema";

export const GET = apiHandler(async (request) => {
  const actor = await requireApiActor(request, "incident:read");
  const parsed = parseActionItemViewStrict(queryParams(request));
  if (!parsed.success) throw InvalidInputError.fromZod(parsed.error, "Invalid action-item filter");
  const result = await listActionItems(actor.user, parsed.data);
  const { rows, ...paging } = result;
  const body: ActionItemListResponse = { items: rows.map(toActionItemResponse), ...paging };
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
});

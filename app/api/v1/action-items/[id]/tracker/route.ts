// POST /api/v1/action-items/{id}/tracker `{ "integrationId": "..." }`: creates a GitHub or Jira issue from the action
// item in that tracker integration and links the item to it (201 with the link). Same people as changing the item: its
// owner, the report's author, managers and admins. The tracker's refusal is a 502 with its reason; nothing is stored.
import { apiHandler, readJsonBody } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { routeParam } from "@/lib/api/http";
import { InvalidInputError } from "@/lib/errors";
import { createTrackerIssue } from "@/lib/trackers/mutations";

type Context = { params: Promise<{ id: string }> };

export const POST = apiHandler<Context>(async (request, { params }) => {
  const actor = await requireApiActor(request);
  const body = await readJsonBody(request);
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw new InvalidInputError('Send a JSON object such as {"integrationId": "..."}.', [{ path: "(body)", message: "must be a JSON object" }]);
  }
  const { link } = await createTrackerIssue({ ...body, itemId: routeParam((await params).id) }, actor);
  return Response.json(link, { status: 201, headers: { "Cache-Control": "no-store" } });
});

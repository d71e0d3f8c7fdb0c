// GET    /api/v1/services/{id}: one service of the catalog with what the caller may see of it (as in GET
//        /api/v1/services). 404 when there is no service with this id.
// PATCH  /api/v1/services/{id} `{ "name"?: ..., "team"?: ..., "description"?: ... }`: changes the fields sent (an empty
//        or null team or description clears it), as Admin > Services saves a row. 200 with the service as GET answers
//        it; 409 when another service has the name (ignoring case); 422 naming each bad or unknown field.
// DELETE /api/v1/services/{id}: removes it, as Admin > Services does. 204; 409 while an incident lists it (rename it
//        instead) or a chat webhook of its own is active (revoke it first).
// Changes are for admins (403 for everyone else); both 404 when there is no service with this id.
import { apiHandler, readJsonObject } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { routeParam } from "@/lib/api/http";
import { NotFoundError } from "@/lib/errors";
import { deleteService, updateService } from "@/lib/services/mutations";
import { getServiceCatalogEntry } from "@/lib/services/queries";
import type { ServiceEntryResponse } from "@/lib/services/schema";

type Context = { params: Promise<{ id: string }> };

export const GET = apiHandler<Context>(async (request, { params }) => {
  const actor = await requireApiActor(request, "incident:read");
  const body: ServiceEntryResponse | null = await getServiceCatalogEntry(actor.user, routeParam((await params).id));
  if (!body) throw new NotFoundError("The service");
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
});

export const PATCH = apiHandler<Context>(async (request, { params }) => {
  const actor = await requireApiActor(request, "service:manage");
  const id = routeParam((await params).id);
  const input = await readJsonObject(request, '{"team": "Payments"}');
  const { service } = await updateService({ ...input, id }, actor);
  const body: ServiceEntryResponse | null = await getServiceCatalogEntry(actor.user, service.id);
  if (!body) throw new NotFoundError("The service");
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
});

export const DELETE = apiHandler<Context>(async (request, { params }) => {
  const actor = await requireApiActor(request, "service:manage");
  await deleteService({ id: routeParam((await params).id) }, actor);
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
});

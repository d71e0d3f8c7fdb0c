// GET  /api/v1/services: the services catalog, `{ items }`, by name, each with what the caller may see of it
//      (incidents, the latest start, open action items, minutes of impact in the last 90 days), as /services shows.
// POST /api/v1/services `{ "name": "Payments API", "team"?: "...", "description"?: "..." }`: adds a service (admins,
//      as Admin > Services). 201 with the entry and Location; 409 when the name exists (ignoring case); 422 naming the
//      bad field; 403 for everyone else.
import { apiHandler, readJsonObject } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { publicOrigin } from "@/lib/api/http";
import { NotFoundError } from "@/lib/errors";
import { createService } from "@/lib/services/mutations";
import { getServiceCatalogEntry, listServiceCatalog } from "@/lib/services/queries";
import type { ServiceEntryResponse, ServiceListResponse } from "@/lib/services/schema";

export const GET = apiHandler(async (request) => {
  const actor = await requireApiActor(request, "incident:read");
  const body: ServiceListResponse = { items: await listServiceCatalog(actor.user) };
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
});

export const POST = apiHandler(async (request) => {
  const actor = await requireApiActor(request, "service:manage");
  const input = await readJsonObject(request, '{"name": "Payments API", "team": "Payments"}');
  const service = await createService(input, actor);
  const body: ServiceEntryResponse | null = await getServiceCatalogEntry(actor.user, service.id);
  if (!body) throw new NotFoundError("The new service");
  return Response.json(body, { status: 201, headers: { Location: `${publicOrigin(request)}/api/v1/services/${service.id}`, "Cache-Control": "no-store" } });
});

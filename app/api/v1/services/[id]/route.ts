// GET /api/v1/services/{id}: one service of the catalog with what the caller may see of it (as in GET
// /api/v1/services). 404 when there is no service with this id.
import { apiHandler } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { routeParam } from "@/lib/api/http";
import { NotFoundError } from "@/lib/errors";
import { getServiceCatalogEntry } from "@/lib/services/queries";
import type { ServiceEntryResponse } from "@/lib/services/schema";

type Context = { params: Promise<{ id: string }> };

export const GET = apiHandler<Context>(async (request, { params }) => {
  const actor = await requireApiActor(request, "incident:read");
  const body: ServiceEntryResponse | null = await getServiceCatalogEntry(actor.user, routeParam((await params).id));
  if (!body) throw new NotFoundError("The service");
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
});

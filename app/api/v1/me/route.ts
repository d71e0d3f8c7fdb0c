import { apiHandler } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { permissionsFor } from "@/lib/auth/permissions";
import type { MeResponse } from "@/lib/users/schema";

/** Who the token (or session) acts as: a quick check that an API token works. */
export const GET = apiHandler(async (request) => {
  const actor = await requireApiActor(request);
  const { id, email, name, role, timeZone } = actor.user;
  const body: MeResponse = { id, email, name, role, timeZone, permissions: permissionsFor(role), via: actor.type };
  return Response.json(body);
});

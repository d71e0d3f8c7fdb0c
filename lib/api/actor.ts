// Who is calling the REST API: `Authorization: Bearer hst_...` first, else the browser's session cookie (so the
// app's own pages can call /api/v1 too). A presented but bad token is refused outright, never silently ignored.
// A change made with the cookie must come from the app's own origin (lib/security/same-origin.ts says why).
import "server-only";
import { CrossOriginError, UnauthenticatedError } from "@/lib/errors";
import { checkSameOrigin, crossOriginMessage, expectedOrigin, isStateChanging } from "@/lib/security/same-origin";
import { assertActorCan, tokenActor, type Actor } from "@/lib/auth/actor";
import type { Permission } from "@/lib/auth/permissions";
import { actorFromSession } from "@/lib/auth/session";
import { authenticateToken } from "@/lib/api-tokens/authenticate";
import { env } from "@/lib/env";

export async function actorFromRequest(request: Request): Promise<Actor | null> {
  const header = request.headers.get("authorization");
  if (header !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
    if (!match) throw new UnauthenticatedError("Send the API token as `Authorization: Bearer <token>`.");
    const authenticated = await authenticateToken(match[1]!);
    if (!authenticated) throw new UnauthenticatedError("The API token is invalid, expired or revoked.");
    return tokenActor(authenticated.user, authenticated.tokenId);
  }
  const actor = await actorFromSession();
  if (actor && isStateChanging(request.method)) {
    const verdict = checkSameOrigin(request.headers, expectedOrigin(request.headers, request.url, env().appUrl?.origin));
    if (!verdict.ok) throw new CrossOriginError(crossOriginMessage(verdict.reason));
  }
  return actor;
}

/** For API reads: the caller, or 401; and 403 when `permission` is given and missing. */
export async function requireApiActor(request: Request, permission?: Permission): Promise<Actor> {
  const actor = await actorFromRequest(request);
  if (!actor) throw new UnauthenticatedError("Authenticate with `Authorization: Bearer <token>`.");
  if (permission) assertActorCan(actor, permission);
  return actor;
}

// Who is signed in, for Server Components, Server Actions and route handlers. The JWT says which user id; the
// database says whether that user is still active and what role they have now (see the note in lib/auth/auth.ts).
import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { LOGIN_PATH, REQUEST_PATH_HEADER } from "@/lib/auth/auth.config";
import { userActor, type ActorUser, type UserActor } from "@/lib/auth/actor";
import { can, type Permission } from "@/lib/auth/permissions";
import { readSessionToken } from "@/lib/auth/session-token";
import { loadSessionUser } from "@/lib/users/queries";

/** Where requireUser sends a signed-in user who lacks a permission (`?permission=<key>` says which). */
export const FORBIDDEN_PATH = "/forbidden";

type SessionState = { user: ActorUser | null; hadSession: boolean; ended: boolean };

// Once per request, however many components ask. The cookie is read directly (lib/auth/session-token.ts says why not
// through Auth.js's auth()); the database then says whether the session and its user still count.
const readSession = cache(async (): Promise<SessionState> => {
  const session = await readSessionToken((await headers()).get("cookie"));
  const id = session?.userId;
  // A cookie from before sessions had ids (issued by an older Hindsight) could never be revoked: honouring it would
  // leave every copy taken before the upgrade working for up to 14 days whatever its owner does, the very hole `sid`
  // closes. So it counts as ended; the price is one sign-in again for everyone after the upgrade.
  if (id && !session?.sessionId) return { user: null, hadSession: true, ended: true };
  const { user, ended } = await loadSessionUser(id, session?.sessionVersion ?? undefined, session?.sessionId ?? undefined);
  return { user, hadSession: Boolean(id), ended: Boolean(ended) };
});

/** The signed-in, active user; null when anonymous, deactivated or deleted. */
export async function getCurrentUser(): Promise<ActorUser | null> {
  return (await readSession()).user;
}

/** For server actions: pass the result to a guarded action (null makes it refuse with 401). */
export async function actorFromSession(): Promise<UserActor | null> {
  const user = await getCurrentUser();
  return user ? userActor(user) : null;
}

/**
 * For pages and layouts. Anonymous: redirect to the login page (back here afterwards). Deactivated or deleted, or a
 * session ended by a password change or "sign out everywhere", with a still-valid cookie: to the login page saying so. Lacking `permission`: to /forbidden (Next 16's `forbidden()`
 * still needs the experimental `authInterrupts` flag).
 */
export async function requireUser(permission?: Permission): Promise<ActorUser> {
  const { user, hadSession, ended } = await readSession();
  if (!user) {
    if (hadSession) redirect(`${LOGIN_PATH}?error=${ended ? "session-ended" : "deactivated"}`);
    const here = (await headers()).get(REQUEST_PATH_HEADER);
    redirect(here ? `${LOGIN_PATH}?${new URLSearchParams({ callbackUrl: here })}` : LOGIN_PATH);
  }
  if (permission && !can(user.role, permission)) redirect(`${FORBIDDEN_PATH}?${new URLSearchParams({ permission })}`);
  return user;
}

// Who is doing something. Built from a session (user), an API token (token), or by a CLI/system flow (system).
// Requests only ever produce "user" or "token"; "system" exists for the CLI scripts and for sign-in flows that run
// before anyone is signed in, and it is never derived from anything a client sends.
import { ForbiddenError } from "@/lib/errors";
import { can, type Permission, type Role } from "@/lib/auth/permissions";

export type ActorUser = { id: string; email: string; name: string; role: Role; timeZone: string };

export type UserActor = { type: "user"; user: ActorUser };
export type TokenActor = { type: "token"; user: ActorUser; tokenId: string };
export type SystemActor = { type: "system"; label: string };

/** A person, directly or through one of their API tokens. */
export type Actor = UserActor | TokenActor;
/** Anything an action may run as. */
export type AnyActor = Actor | SystemActor;

export function userActor(user: ActorUser): UserActor {
  return { type: "user", user: pickActorUser(user) };
}

export function tokenActor(user: ActorUser, tokenId: string): TokenActor {
  return { type: "token", user: pickActorUser(user), tokenId };
}

/** `label` says where it came from in the audit trail, e.g. "cli:user-create". */
export function systemActor(label: string): SystemActor {
  return { type: "system", label };
}

export function pickActorUser(user: ActorUser): ActorUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role, timeZone: user.timeZone };
}

/** The person behind the actor, or null for the system. */
export function actingUser(actor: AnyActor): ActorUser | null {
  return actor.type === "system" ? null : actor.user;
}

/** The system may do anything; people only what their role allows. */
export function actorCan(actor: AnyActor, permission: Permission): boolean {
  return actor.type === "system" || can(actor.user.role, permission);
}

export function assertActorCan(actor: AnyActor, permission: Permission, message?: string): void {
  if (!actorCan(actor, permission)) throw new ForbiddenError(message);
}

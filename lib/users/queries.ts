// Reading users. Nothing here returns a password hash or a calendar token.
import "server-only";
import { getDb, type Db, type Tx } from "@/lib/db/client";
import { InvalidInputError } from "@/lib/errors";
import type { Prisma, Role } from "@/lib/generated/prisma/client";
import type { ActorUser } from "@/lib/auth/actor";
import { listUsersFilter, unsubscribeTokenSchema, type ListUsersFilter } from "@/lib/users/schema";

export const userViewSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  active: true,
  timeZone: true,
  receiveDigests: true,
  receiveReminders: true,
  lastSignInAt: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.UserSelect;

export type UserView = Prisma.UserGetPayload<{ select: typeof userViewSelect }>;

const actorUserSelect = { id: true, email: true, name: true, role: true, timeZone: true } as const satisfies Prisma.UserSelect;

function whereFor(filter: ListUsersFilter): Prisma.UserWhereInput {
  const parsed = listUsersFilter.safeParse(filter);
  if (!parsed.success) throw InvalidInputError.fromZod(parsed.error, "Invalid user filter");
  const { search, role, active } = parsed.data;
  const where: Prisma.UserWhereInput = {};
  if (search) {
    where.OR = [{ email: { contains: search, mode: "insensitive" } }, { name: { contains: search, mode: "insensitive" } }];
  }
  if (role) where.role = role;
  if (active !== undefined) where.active = active;
  return where;
}

export async function listUsers(filter: ListUsersFilter = {}, page: { skip?: number; take?: number } = {}): Promise<UserView[]> {
  return getDb().user.findMany({
    where: whereFor(filter),
    select: userViewSelect,
    orderBy: [{ active: "desc" }, { name: "asc" }, { email: "asc" }],
    skip: page.skip,
    take: Math.min(page.take ?? 500, 1000),
  });
}

export async function countUsers(filter: ListUsersFilter = {}): Promise<number> {
  return getDb().user.count({ where: whereFor(filter) });
}

export async function getUserById(id: string): Promise<UserView | null> {
  return getDb().user.findUnique({ where: { id }, select: userViewSelect });
}

export type SessionUser = { user: ActorUser; ended?: never } | { user: null; ended: boolean };

/**
 * The user behind a browser session, fresh from the database: no user when the row is gone or deactivated, or when
 * the session has ended: signed out (`sessionId` revoked, lib/auth/revoked-sessions.ts), or issued before the user's
 * sessions were last ended (`sessionVersion`: a password change, or "sign out everywhere"); `ended` says that this
 * was why. A token from before session versions existed counts as version 0. Every session use goes through this,
 * which is what makes deactivation, role changes and sign-out take effect at once.
 * One statement, both lookups by primary key: it runs on every request that needs the user.
 */
export async function loadSessionUser(
  id: string | null | undefined,
  sessionVersion: number | undefined,
  sessionId?: string,
  db: Db | Tx = getDb(),
): Promise<SessionUser> {
  if (!id) return { user: null, ended: false };
  const [user] = await db.$queryRaw<(ActorUser & { active: boolean; sessionVersion: number; revoked: boolean })[]>`
    SELECT "id", "email", "name", "role"::text AS "role", "timeZone", "active", "sessionVersion",
           EXISTS (SELECT 1 FROM "RevokedSession" WHERE "id" = ${sessionId ?? null}::text) AS "revoked"
    FROM "User" WHERE "id" = ${id}`;
  if (!user?.active) return { user: null, ended: false };
  if (user.sessionVersion !== (sessionVersion ?? 0) || user.revoked) return { user: null, ended: true };
  return { user: { id: user.id, email: user.email, name: user.name, role: user.role, timeZone: user.timeZone } };
}

/** Whom an unsubscribe link names, and whether they still get mail; null for a token that names no one. */
export async function findUnsubscribeSubject(token: string): Promise<{ email: string; receiveReminders: boolean; receiveDigests: boolean } | null> {
  const parsed = unsubscribeTokenSchema.safeParse(token);
  if (!parsed.success) return null;
  return getDb().user.findUnique({ where: { unsubscribeToken: parsed.data }, select: { email: true, receiveReminders: true, receiveDigests: true } });
}

/** With the password hash: for sign-in only. */
export async function findUserForSignIn(email: string) {
  return getDb().user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { ...actorUserSelect, active: true, passwordHash: true, sessionVersion: true },
  });
}

export async function countActiveAdmins(db: Db | Tx = getDb()): Promise<number> {
  return db.user.count({ where: { role: "ADMIN" satisfies Role, active: true } });
}

/** True until the first admin exists; the /setup page is only offered then. */
export async function needsFirstAdmin(): Promise<boolean> {
  return (await getDb().user.count()) === 0;
}

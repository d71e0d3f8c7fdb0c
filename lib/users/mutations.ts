// Writing users. Each export is a guarded action: call it as `action(rawInput, actor)`.
import "server-only";
import { z } from "zod";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from "@/lib/errors";
import { defineAction } from "@/lib/actions/define-action";
import { actingUser, systemActor, type AnyActor, type ActorUser } from "@/lib/auth/actor";
import { generatePassword, hashPassword, verifyPassword } from "@/lib/auth/password";
import { changesBetween } from "@/lib/audit/record";
import type { Tx } from "@/lib/db/client";
import { getDb } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/client";
import { countActiveAdmins, userViewSelect, type UserView } from "@/lib/users/queries";
import {
  changeOwnPasswordInput,
  createFirstAdminInput,
  createUserInput,
  setUserActiveInput,
  updateOwnProfileInput,
  unsubscribeInput,
  updateUserRoleInput,
} from "@/lib/users/schema";

const USERS_PATH = "/admin/users";

// Advisory lock keys (any constant bigint; they only need to differ from other locks in this database).
const FIRST_ADMIN_LOCK = 0x4853_0001n;
const ADMIN_SET_LOCK = 0x4853_0002n;

/** Serialises changes that could leave zero admins, so two admins demoting each other cannot both succeed. */
async function lock(tx: Tx, key: bigint): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${key})`;
}

function nameFromEmail(email: string): string {
  return email.split("@")[0] ?? email;
}

function requirePerson(actor: AnyActor): ActorUser {
  const user = actingUser(actor);
  if (!user) throw new ForbiddenError("This action changes the signed-in user's own account; it needs a signed-in user.");
  return user;
}

async function insertUser(tx: Tx, data: { email: string; name: string; role: Role; passwordHash: string | null; timeZone?: string }): Promise<UserView> {
  const existing = await tx.user.findUnique({ where: { email: data.email }, select: { id: true } });
  if (existing) throw new ConflictError(`A user with the email ${data.email} already exists.`);
  return tx.user.create({ data, select: userViewSelect });
}

function creationChanges(user: UserView) {
  return {
    email: { after: user.email },
    name: { after: user.name },
    role: { after: user.role },
    active: { after: user.active },
    timeZone: { after: user.timeZone },
  };
}

/** Refuses a change that would leave no active admin; the message tells the actor what to do instead. */
async function assertAnotherActiveAdmin(tx: Tx, target: { id: string; name: string }, actor: AnyActor, change: string): Promise<void> {
  const remaining = (await countActiveAdmins(tx)) - 1;
  if (remaining > 0) return;
  const self = actingUser(actor)?.id === target.id;
  throw new ConflictError(
    self
      ? `You are the last active admin, so you cannot ${change} yourself. Make another user an admin first.`
      : `${target.name} is the last active admin and cannot be ${change === "deactivate" ? "deactivated" : "demoted"}. Make another user an admin first.`,
  );
}

// ---------------------------------------------------------------------------------------------------------------

/** Admin creates a user. Without a password one is generated and returned once, in `generatedPassword`. */
export const createUser = defineAction({
  name: "user.create",
  permission: "user:manage",
  input: createUserInput,
  prepare: async (input) => {
    const generatedPassword = input.password ? null : generatePassword();
    return { generatedPassword, passwordHash: await hashPassword(input.password ?? generatedPassword!) };
  },
  run: async ({ tx, input, prepared }) => {
    const user = await insertUser(tx, {
      email: input.email,
      name: input.name ?? nameFromEmail(input.email),
      role: input.role,
      passwordHash: prepared.passwordHash,
      timeZone: input.timeZone,
    });
    return { user, generatedPassword: prepared.generatedPassword };
  },
  audit: ({ user, generatedPassword }) => ({
    entityType: "User",
    entityId: user.id,
    changes: creationChanges(user),
    meta: { passwordGenerated: generatedPassword !== null },
  }),
  revalidate: () => [USERS_PATH],
});

export const updateUserRole = defineAction({
  name: "user.update-role",
  permission: "user:manage",
  input: updateUserRoleInput,
  run: async ({ tx, input, actor }) => {
    await lock(tx, ADMIN_SET_LOCK);
    const before = await tx.user.findUnique({ where: { id: input.userId }, select: userViewSelect });
    if (!before) throw new NotFoundError("The user");
    if (before.role === input.role) return { user: before, before };
    if (before.role === "ADMIN" && before.active) await assertAnotherActiveAdmin(tx, before, actor, "demote");
    const user = await tx.user.update({ where: { id: before.id }, data: { role: input.role }, select: userViewSelect });
    return { user, before };
  },
  audit: ({ user, before }) => (user.role === before.role ? null : { entityType: "User", entityId: user.id, changes: changesBetween(before, user, ["role"]) }),
  revalidate: ({ user }) => [USERS_PATH, `${USERS_PATH}/${user.id}`],
});

export const setUserActive = defineAction({
  name: "user.set-active",
  permission: "user:manage",
  input: setUserActiveInput,
  run: async ({ tx, input, actor }) => {
    await lock(tx, ADMIN_SET_LOCK);
    const before = await tx.user.findUnique({ where: { id: input.userId }, select: userViewSelect });
    if (!before) throw new NotFoundError("The user");
    if (before.active === input.active) return { user: before, before };
    if (!input.active && before.role === "ADMIN") await assertAnotherActiveAdmin(tx, before, actor, "deactivate");
    const user = await tx.user.update({ where: { id: before.id }, data: { active: input.active }, select: userViewSelect });
    return { user, before };
  },
  audit: ({ user, before }) =>
    user.active === before.active
      ? null
      : { action: user.active ? "user.activate" : "user.deactivate", entityType: "User", entityId: user.id, changes: changesBetween(before, user, ["active"]) },
  revalidate: ({ user }) => [USERS_PATH, `${USERS_PATH}/${user.id}`],
});

/** The signed-in user changes their password; the current one is required. */
export const changeOwnPassword = defineAction({
  name: "user.change-password",
  permission: "profile:edit-own",
  input: changeOwnPasswordInput,
  prepare: async (input, actor) => {
    const me = requirePerson(actor);
    const row = await getDb().user.findUnique({ where: { id: me.id }, select: { passwordHash: true } });
    if (!row) throw new NotFoundError("Your account");
    if (!row.passwordHash) {
      throw new ConflictError("Your account signs in through single sign-on and has no password to change.");
    }
    if (!(await verifyPassword(row.passwordHash, input.currentPassword))) {
      throw new InvalidInputError("The current password is incorrect.", [{ path: "currentPassword", message: "The current password is incorrect." }]);
    }
    return { previousHash: row.passwordHash, passwordHash: await hashPassword(input.newPassword) };
  },
  run: async ({ tx, actor, prepared }) => {
    const me = requirePerson(actor);
    // Only if the hash is still the one we verified against: a concurrent change wins, this one is refused.
    const { count } = await tx.user.updateMany({
      where: { id: me.id, passwordHash: prepared.previousHash },
      // Every session signed in with the old password ends (lib/users/queries.ts loadSessionUser).
      data: { passwordHash: prepared.passwordHash, sessionVersion: { increment: 1 } },
    });
    if (count !== 1) throw new ConflictError("Your password was changed in the meantime. Sign in again and retry.");
    return { userId: me.id };
  },
  audit: ({ userId }) => ({ entityType: "User", entityId: userId }),
});

/** "Sign out everywhere": every session of the signed-in user ends, this one included. */
export const endOwnSessions = defineAction({
  name: "user.end-sessions",
  permission: "profile:edit-own",
  input: z.object({}),
  run: async ({ tx, actor }) => {
    const me = requirePerson(actor);
    await tx.user.update({ where: { id: me.id }, data: { sessionVersion: { increment: 1 } } });
    return { userId: me.id };
  },
  audit: ({ userId }) => ({ entityType: "User", entityId: userId }),
});

export const updateOwnProfile = defineAction({
  name: "user.update-profile",
  permission: "profile:edit-own",
  input: updateOwnProfileInput,
  run: async ({ tx, input, actor }) => {
    const me = requirePerson(actor);
    const before = await tx.user.findUnique({ where: { id: me.id }, select: userViewSelect });
    if (!before) throw new NotFoundError("Your account");
    const data = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
    const changes = changesBetween(before, data, ["name", "timeZone", "receiveDigests", "receiveReminders"]);
    if (Object.keys(changes).length === 0) return { user: before, changes };
    const user = await tx.user.update({ where: { id: me.id }, data, select: userViewSelect });
    return { user, changes };
  },
  audit: ({ user, changes }) => (Object.keys(changes).length ? { entityType: "User", entityId: user.id, changes } : null),
});

const MAIL_OFF = { receiveReminders: false, receiveDigests: false } as const;

/**
 * The unsubscribe link of a reminder mail (and its one-click List-Unsubscribe POST): turns off the reminder mail and
 * the managers' digest of the user the token names. The token is the only credential, so this runs as the system.
 * A second use changes nothing and records nothing.
 */
const unsubscribeAction = defineAction({
  name: "user.unsubscribe",
  permission: "profile:edit-own",
  input: unsubscribeInput,
  run: async ({ tx, input }) => {
    const before = await tx.user.findUnique({
      where: { unsubscribeToken: input.token },
      select: { id: true, email: true, receiveReminders: true, receiveDigests: true },
    });
    if (!before) throw new NotFoundError("The unsubscribe link");
    const changes = changesBetween(before, MAIL_OFF, ["receiveReminders", "receiveDigests"]);
    if (Object.keys(changes).length > 0) await tx.user.update({ where: { id: before.id }, data: MAIL_OFF });
    return { userId: before.id, email: before.email, changes };
  },
  audit: ({ userId, changes }) => (Object.keys(changes).length ? { entityType: "User", entityId: userId, changes } : null),
});

/** Unsubscribes whoever `token` names; a NotFoundError for a token that names no one. */
export function unsubscribeWithToken(token: string) {
  return unsubscribeAction({ token }, systemActor("unsubscribe-link"));
}

const createFirstAdminAction = defineAction({
  name: "user.create-first-admin",
  permission: "user:manage",
  input: createFirstAdminInput,
  prepare: async (input) => ({ passwordHash: await hashPassword(input.password) }),
  run: async ({ tx, input, prepared }) => {
    // Two set-up forms submitted at once: the second waits here, then sees the first admin and is refused.
    await lock(tx, FIRST_ADMIN_LOCK);
    if ((await tx.user.count()) > 0) throw new ConflictError("Hindsight is already set up. Sign in instead.");
    return insertUser(tx, { email: input.email, name: input.name, role: "ADMIN", passwordHash: prepared.passwordHash, timeZone: input.timeZone });
  },
  audit: (user) => ({ action: "user.create", entityType: "User", entityId: user.id, changes: creationChanges(user), meta: { firstAdmin: true } }),
  revalidate: () => ["/"],
});

/**
 * First run only: creates the admin when there are no users at all, otherwise a ConflictError. Anyone may call it
 * (the /setup page is public), which is safe because it refuses as soon as one user exists. Audited as SYSTEM.
 */
export function createFirstAdmin(input: unknown): Promise<UserView> {
  return createFirstAdminAction(input, systemActor("setup"));
}

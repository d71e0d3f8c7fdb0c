// Test-only helpers: people with a given role, written straight to the database (setup, not the thing under test).
// Emails are unique per call, so tests never depend on each other's data or on earlier runs.
import { getDb } from "@/lib/db/client";
import { tokenActor, userActor, type ActorUser, type TokenActor, type UserActor } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/generated/prisma/client";
import { uniqueEmail } from "@/test/helpers/db";

export { uniqueEmail as uniqueTestEmail };

export const FIXTURE_PASSWORD = "fixture-password-123";
let fixtureHash: Promise<string> | undefined;

export async function createTestUser(
  options: { role?: Role; active?: boolean; email?: string; name?: string; withPassword?: boolean } = {},
): Promise<ActorUser> {
  fixtureHash ??= hashPassword(FIXTURE_PASSWORD);
  const email = options.email ?? uniqueEmail((options.role ?? "viewer").toLowerCase());
  return getDb().user.create({
    data: {
      email,
      name: options.name ?? `Test ${email.split("@")[0]}`,
      role: options.role ?? "VIEWER",
      active: options.active ?? true,
      passwordHash: options.withPassword === false ? null : await fixtureHash,
    },
    select: { id: true, email: true, name: true, role: true, timeZone: true },
  });
}

export async function createTestActor(role: Role): Promise<UserActor> {
  return userActor(await createTestUser({ role }));
}

export function asTokenActor(user: ActorUser, tokenId = "test-token"): TokenActor {
  return tokenActor(user, tokenId);
}

export async function auditRowsFor(entityId: string) {
  return getDb().auditEvent.findMany({ where: { entityId }, orderBy: { id: "asc" } });
}

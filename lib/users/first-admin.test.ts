// createFirstAdmin only works on an empty users table, so this file runs on its own scratch database (the run's
// shared database already has users from other files).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb, getDb } from "@/lib/db/client";
import { migrateDeploy, parseDatabaseUrl } from "@/lib/db/migrate";
import { ConflictError, InvalidInputError } from "@/lib/errors";
import { verifyPassword } from "@/lib/auth/password";
import { createFirstAdmin } from "@/lib/users/mutations";
import { createScratchDatabase, usingEmbeddedDatabase } from "@/test/helpers/db";

// The embedded fallback (PGlite) cannot create a second database.
describe.skipIf(usingEmbeddedDatabase())("createFirstAdmin", () => {
  const sharedUrl = process.env.DATABASE_URL;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;

  beforeAll(async () => {
    scratch = await createScratchDatabase("hindsight_test_first_admin");
    await migrateDeploy(parseDatabaseUrl(scratch.url));
    await disconnectDb();
    process.env.DATABASE_URL = scratch.url;
  });

  afterAll(async () => {
    await disconnectDb();
    process.env.DATABASE_URL = sharedUrl;
    await scratch?.drop();
  });

  it("validates before anything else", async () => {
    const error = await createFirstAdmin({ email: "nope", name: "", password: "short" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).issues.map((issue) => issue.path).sort()).toEqual(["email", "name", "password"]);
  });

  it("creates exactly one admin when two set-ups race, and refuses the other", async () => {
    // Several rounds on this scratch database (emptied between rounds): an unserialised check-then-insert loses
    // the race only some of the time.
    for (let round = 0; round < 4; round++) {
      // The audit trail refuses TRUNCATE (a trigger); the tables' owner may still empty this scratch database with
      // the trigger switched off inside the one transaction.
      if (round > 0) {
        await getDb().$transaction([
          getDb().$executeRawUnsafe('ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_no_truncate"'),
          getDb().$executeRawUnsafe('TRUNCATE "AuditEvent", "User" CASCADE'),
          getDb().$executeRawUnsafe('ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_no_truncate"'),
        ]);
      }
      const results = await Promise.allSettled([
        createFirstAdmin({ email: "first@example.test", name: "First", password: "first-admin-password" }),
        createFirstAdmin({ email: "second@example.test", name: "Second", password: "second-admin-password" }),
      ]);
      const rejected = results.filter((result) => result.status === "rejected");
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);

      const users = await getDb().user.findMany();
      expect(users).toHaveLength(1);
      expect(users[0]).toMatchObject({ role: "ADMIN", active: true });
      const password = users[0]!.email.startsWith("first") ? "first-admin-password" : "second-admin-password";
      expect(await verifyPassword(users[0]!.passwordHash!, password)).toBe(true);

      const audit = await getDb().auditEvent.findMany();
      expect(audit.map((row) => [row.action, row.actorType, row.entityId, row.meta])).toEqual([
        ["user.create", "SYSTEM", users[0]!.id, { firstAdmin: true, source: "setup" }],
      ]);
    }
  });

  it("refuses once any user exists", async () => {
    await expect(createFirstAdmin({ email: "late@example.test", name: "Late", password: "late-admin-password" })).rejects.toThrow(
      "Hindsight is already set up. Sign in instead.",
    );
    expect(await getDb().user.count()).toBe(1);
  });
});

import { describe, expect, it } from "vitest";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { ConflictError, ForbiddenError, InvalidInputError, UnauthenticatedError } from "@/lib/errors";
import { defineAction } from "@/lib/actions/define-action";
import { systemActor, tokenActor } from "@/lib/auth/actor";
import { listAuditEvents } from "@/lib/audit/queries";
import { auditRowsFor, createTestActor, createTestUser } from "@/lib/users/test-fixtures";

// A small real action: an admin renames a user (the change) and it is audited (the record).
const renameUser = defineAction({
  name: "test.rename-user",
  permission: "user:manage",
  input: z.object({ userId: z.string().min(1), profile: z.object({ name: z.string().min(2, "Too short") }) }),
  run: async ({ tx, input }) => tx.user.update({ where: { id: input.userId }, data: { name: input.profile.name } }),
  audit: (user, input) => ({ entityType: "User", entityId: user.id, changes: { name: { after: input.profile.name } } }),
});

// Same, but fails after writing: inside run, or in its audit callback.
const renameThenFail = defineAction({
  name: "test.rename-then-fail",
  permission: "user:manage",
  input: z.object({ userId: z.string(), name: z.string(), failIn: z.enum(["run", "audit"]) }),
  run: async ({ tx, input }) => {
    const user = await tx.user.update({ where: { id: input.userId }, data: { name: input.name } });
    await tx.auditEvent.create({ data: { action: "test.inside-run", entityType: "User", entityId: input.userId } });
    if (input.failIn === "run") throw new ConflictError("Changed my mind");
    return user;
  },
  audit: (user, input) => {
    if (input.failIn === "audit") throw new Error("audit callback exploded");
    return { entityType: "User", entityId: user.id };
  },
});

async function nameOf(userId: string) {
  return (await getDb().user.findUniqueOrThrow({ where: { id: userId } })).name;
}

describe("defineAction", () => {
  it("refuses an anonymous caller with a 401-type error and writes nothing", async () => {
    const target = await createTestUser({ name: "Original" });
    await expect(renameUser({ userId: target.id, profile: { name: "Changed" } }, null)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(renameUser({ userId: target.id, profile: { name: "Changed" } }, undefined)).rejects.toMatchObject({ status: 401 });
    expect(await nameOf(target.id)).toBe("Original");
    expect(await auditRowsFor(target.id)).toEqual([]);
  });

  it("refuses a role without the permission: nothing written, no audit row", async () => {
    const target = await createTestUser({ name: "Original" });
    for (const role of ["VIEWER", "SRE", "MANAGER"] as const) {
      const actor = await createTestActor(role);
      await expect(renameUser({ userId: target.id, profile: { name: "Changed" } }, actor)).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect(await nameOf(target.id)).toBe("Original");
    expect(await auditRowsFor(target.id)).toEqual([]);
  });

  it("checks the permission before validating, so a forbidden caller learns nothing about the input rules", async () => {
    const viewer = await createTestActor("VIEWER");
    await expect(renameUser({ nonsense: true }, viewer)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("rejects invalid input with an InvalidInputError naming the field path", async () => {
    const admin = await createTestActor("ADMIN");
    const target = await createTestUser({ name: "Original" });
    const error = await renameUser({ userId: target.id, profile: { name: "x" } }, admin).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).issues).toEqual([{ path: "profile.name", message: "Too short" }]);
    expect(await auditRowsFor(target.id)).toEqual([]);
  });

  it("on success writes the change and its audit row together, attributed to the actor", async () => {
    const admin = await createTestActor("ADMIN");
    const target = await createTestUser({ name: "Original" });
    const result = await renameUser({ userId: target.id, profile: { name: "Renamed" } }, admin);
    expect(result.name).toBe("Renamed");
    expect(await nameOf(target.id)).toBe("Renamed");
    const [row, ...rest] = await auditRowsFor(target.id);
    expect(rest).toEqual([]);
    expect(row).toMatchObject({
      action: "test.rename-user",
      actorId: admin.user.id,
      actorType: "USER",
      entityType: "User",
      entityId: target.id,
      changes: { name: { after: "Renamed" } },
    });
    const listed = await listAuditEvents({ entity: { type: "User", id: target.id } });
    expect(listed.map((event) => [event.action, event.actor?.id])).toEqual([["test.rename-user", admin.user.id]]);
  });

  it("attributes token and system actors in the audit trail", async () => {
    const admin = await createTestUser({ role: "ADMIN" });
    const target = await createTestUser();
    await renameUser({ userId: target.id, profile: { name: "Via token" } }, tokenActor(admin, "tok_123"));
    await renameUser({ userId: target.id, profile: { name: "Via CLI" } }, systemActor("cli:test"));
    const rows = await auditRowsFor(target.id);
    expect(rows.map((row) => [row.actorType, row.actorId, row.meta])).toEqual([
      ["API_TOKEN", admin.id, { tokenId: "tok_123" }],
      ["SYSTEM", null, { source: "cli:test" }],
    ]);
  });

  it("rolls back the change and every audit row when run throws", async () => {
    const admin = await createTestActor("ADMIN");
    const target = await createTestUser({ name: "Original" });
    await expect(renameThenFail({ userId: target.id, name: "Half", failIn: "run" }, admin)).rejects.toBeInstanceOf(ConflictError);
    expect(await nameOf(target.id)).toBe("Original");
    expect(await auditRowsFor(target.id)).toEqual([]);
  });

  it("rolls back the change when recording the audit fails", async () => {
    const admin = await createTestActor("ADMIN");
    const target = await createTestUser({ name: "Original" });
    await expect(renameThenFail({ userId: target.id, name: "Half", failIn: "audit" }, admin)).rejects.toThrow("audit callback exploded");
    expect(await nameOf(target.id)).toBe("Original");
    expect(await auditRowsFor(target.id)).toEqual([]);
  });

  it("turns an unexpected unique-constraint violation into a ConflictError", async () => {
    const existing = await createTestUser();
    const insertDuplicate = defineAction({
      name: "test.duplicate",
      permission: "user:manage",
      input: z.object({ email: z.string() }),
      run: async ({ tx, input }) => tx.user.create({ data: { email: input.email, name: "Duplicate" } }),
      audit: () => null,
    });
    await expect(insertDuplicate({ email: existing.email }, await createTestActor("ADMIN"))).rejects.toBeInstanceOf(ConflictError);
  });
});

import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { ConflictError, ForbiddenError, InvalidInputError } from "@/lib/errors";
import { systemActor, userActor } from "@/lib/auth/actor";
import { verifyPassword } from "@/lib/auth/password";
import { changeOwnPassword, createUser, endOwnSessions, setUserActive, unsubscribeWithToken, updateOwnProfile, updateUserRole } from "@/lib/users/mutations";
import { countActiveAdmins, findUnsubscribeSubject, loadSessionUser } from "@/lib/users/queries";
import { NotFoundError } from "@/lib/errors";
import { isSessionRevoked, newSessionId, revokeSession } from "@/lib/auth/revoked-sessions";
import { auditRowsFor, createTestActor, createTestUser, FIXTURE_PASSWORD, uniqueTestEmail } from "@/lib/users/test-fixtures";

const db = () => getDb();

/** Makes the given admin the only active admin in the database, for the duration of `fn`, then restores. */
async function asOnlyActiveAdmin<T>(adminId: string, fn: () => Promise<T>): Promise<T> {
  const others = await db().user.findMany({ where: { role: "ADMIN", active: true, id: { not: adminId } }, select: { id: true } });
  const ids = others.map((other) => other.id);
  await db().user.updateMany({ where: { id: { in: ids } }, data: { active: false } });
  try {
    return await fn();
  } finally {
    await db().user.updateMany({ where: { id: { in: ids } }, data: { active: true } });
  }
}

describe("createUser", () => {
  it("creates a user with a hashed password and audits it without the password", async () => {
    const admin = await createTestActor("ADMIN");
    const email = uniqueTestEmail("Created").toUpperCase();
    const { user, generatedPassword } = await createUser({ email, name: "New Person", role: "SRE", password: "a-long-enough-password" }, admin);
    expect(user).toMatchObject({ email: email.toLowerCase(), name: "New Person", role: "SRE", active: true });
    expect(generatedPassword).toBeNull();
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(row.passwordHash!, "a-long-enough-password")).toBe(true);
    const [audit] = await auditRowsFor(user.id);
    expect(audit).toMatchObject({ action: "user.create", actorId: admin.user.id, meta: { passwordGenerated: false } });
    expect(JSON.stringify([audit!.changes, audit!.meta])).not.toContain("a-long-enough-password");
  });

  it("generates a password when none is given and returns it once", async () => {
    const { user, generatedPassword } = await createUser({ email: uniqueTestEmail(), role: "VIEWER" }, systemActor("cli:test"));
    expect(generatedPassword).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(row.passwordHash!, generatedPassword!)).toBe(true);
    expect(user.name).toBe(user.email.split("@")[0]);
  });

  it("refuses short passwords, bad emails and unknown roles with field paths", async () => {
    const admin = await createTestActor("ADMIN");
    const error = await createUser({ email: "not-an-email", role: "OWNER", password: "short" }, admin).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).issues.map((issue) => issue.path).sort()).toEqual(["email", "password", "role"]);
  });

  it("refuses an email that already has a user", async () => {
    const existing = await createTestUser();
    const error = await createUser({ email: existing.email.toUpperCase(), role: "VIEWER" }, await createTestActor("ADMIN")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toContain("already exists");
  });

  it("is for admins only", async () => {
    await expect(createUser({ email: uniqueTestEmail(), role: "VIEWER" }, await createTestActor("MANAGER"))).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("last active admin protection", () => {
  it("refuses an admin demoting themselves when they are the last active admin", async () => {
    const admin = await createTestActor("ADMIN");
    await asOnlyActiveAdmin(admin.user.id, async () => {
      const error = await updateUserRole({ userId: admin.user.id, role: "MANAGER" }, admin).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as Error).message).toMatch(/last active admin.*Make another user an admin first/);
    });
    expect((await db().user.findUniqueOrThrow({ where: { id: admin.user.id } })).role).toBe("ADMIN");
    expect(await auditRowsFor(admin.user.id)).toEqual([]);
  });

  it("refuses an admin deactivating themselves when they are the last active admin", async () => {
    const admin = await createTestActor("ADMIN");
    await asOnlyActiveAdmin(admin.user.id, async () => {
      await expect(setUserActive({ userId: admin.user.id, active: false }, admin)).rejects.toThrow(/last active admin/);
    });
    expect((await db().user.findUniqueOrThrow({ where: { id: admin.user.id } })).active).toBe(true);
  });

  it("allows an admin to step down while another admin is active", async () => {
    const admin = await createTestActor("ADMIN");
    await createTestUser({ role: "ADMIN" });
    const { user } = await updateUserRole({ userId: admin.user.id, role: "MANAGER" }, admin);
    expect(user.role).toBe("MANAGER");
    const actions = (await auditRowsFor(admin.user.id)).map((row) => [row.action, row.changes]);
    expect(actions).toEqual([["user.update-role", { role: { before: "ADMIN", after: "MANAGER" } }]]);
  });

  it("never lets two admins demote each other into zero admins, even at the same moment", async () => {
    // Several rounds: without serialisation the race is lost only some of the time.
    for (let round = 0; round < 5; round++) {
      const first = await createTestActor("ADMIN");
      const second = await createTestActor("ADMIN");
      await asOnlyActiveAdmin(first.user.id, async () => {
        await db().user.update({ where: { id: second.user.id }, data: { active: true } });
        const results = await Promise.allSettled([
          updateUserRole({ userId: second.user.id, role: "SRE" }, first),
          updateUserRole({ userId: first.user.id, role: "SRE" }, second),
        ]);
        expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
        expect(await countActiveAdmins()).toBe(1);
      });
    }
  });

  it("records activation changes as user.deactivate / user.activate", async () => {
    const admin = await createTestActor("ADMIN");
    const target = await createTestUser({ role: "SRE" });
    await setUserActive({ userId: target.id, active: "false" }, admin);
    await setUserActive({ userId: target.id, active: "on" }, admin);
    await setUserActive({ userId: target.id, active: true }, admin); // no change, no audit row
    expect((await auditRowsFor(target.id)).map((row) => row.action)).toEqual(["user.deactivate", "user.activate"]);
  });
});

describe("loadSessionUser (what every session use goes through)", () => {
  it("returns the current role and no user once the user is deactivated", async () => {
    const admin = await createTestActor("ADMIN");
    const person = await createTestUser({ role: "SRE" });
    expect((await loadSessionUser(person.id, 0)).user).toMatchObject({ id: person.id, role: "SRE" });
    await updateUserRole({ userId: person.id, role: "MANAGER" }, admin);
    expect((await loadSessionUser(person.id, 0)).user?.role).toBe("MANAGER");
    await setUserActive({ userId: person.id, active: false }, admin);
    expect(await loadSessionUser(person.id, 0)).toEqual({ user: null, ended: false });
    expect(await loadSessionUser("no-such-user", 0)).toEqual({ user: null, ended: false });
    expect(await loadSessionUser(undefined, undefined)).toEqual({ user: null, ended: false });
  });

  it("ends a signed-out session for good while the user's other sessions go on", async () => {
    const person = await createTestUser({ role: "SRE" });
    const [signedOut, other] = [newSessionId(), newSessionId()];
    expect((await loadSessionUser(person.id, 0, signedOut)).user?.id).toBe(person.id);
    await revokeSession(signedOut, person.id);
    await revokeSession(signedOut, person.id); // a second click on "Sign out" is harmless
    expect(await loadSessionUser(person.id, 0, signedOut)).toEqual({ user: null, ended: true });
    expect((await loadSessionUser(person.id, 0, other)).user?.id).toBe(person.id);
  });

  it("keeps a revoked session only until its cookie would have expired anyway", async () => {
    const person = await createTestUser();
    const old = newSessionId();
    await revokeSession(old, person.id, new Date(Date.now() - 15 * 24 * 3600_000));
    expect(await isSessionRevoked(old)).toBe(true);
    await revokeSession(newSessionId(), person.id); // any sign-out sweeps out what has expired
    expect(await isSessionRevoked(old)).toBe(false);
  });
});

describe("changeOwnPassword", () => {
  it("requires the current password and then changes it", async () => {
    const me = userActor(await createTestUser());
    const wrong = await changeOwnPassword({ currentPassword: "wrong", newPassword: "brand-new-password", confirmPassword: "brand-new-password" }, me).catch(
      (e: unknown) => e,
    );
    expect(wrong).toBeInstanceOf(InvalidInputError);
    expect((wrong as InvalidInputError).issues).toEqual([{ path: "currentPassword", message: "The current password is incorrect." }]);

    const mismatch = await changeOwnPassword({ currentPassword: FIXTURE_PASSWORD, newPassword: "brand-new-password", confirmPassword: "other" }, me).catch(
      (e: unknown) => e,
    );
    expect((mismatch as InvalidInputError).issues.map((issue) => issue.path)).toEqual(["confirmPassword"]);

    await changeOwnPassword({ currentPassword: FIXTURE_PASSWORD, newPassword: "brand-new-password", confirmPassword: "brand-new-password" }, me);
    const row = await db().user.findUniqueOrThrow({ where: { id: me.user.id } });
    expect(await verifyPassword(row.passwordHash!, "brand-new-password")).toBe(true);
    expect((await auditRowsFor(me.user.id)).map((r) => [r.action, r.changes])).toEqual([["user.change-password", {}]]);
  });

  it("ends every session signed in before the change; a failed attempt ends none", async () => {
    const me = userActor(await createTestUser());
    expect((await loadSessionUser(me.user.id, undefined)).user?.id).toBe(me.user.id); // a token from before versions: 0
    await changeOwnPassword({ currentPassword: "wrong", newPassword: "brand-new-password", confirmPassword: "brand-new-password" }, me).catch(() => null);
    expect((await loadSessionUser(me.user.id, 0)).user?.id).toBe(me.user.id);

    await changeOwnPassword({ currentPassword: FIXTURE_PASSWORD, newPassword: "brand-new-password", confirmPassword: "brand-new-password" }, me);
    expect(await loadSessionUser(me.user.id, 0)).toEqual({ user: null, ended: true });
    expect(await loadSessionUser(me.user.id, undefined)).toEqual({ user: null, ended: true });
    expect((await loadSessionUser(me.user.id, 1)).user?.id).toBe(me.user.id);
  });

  it("explains that single-sign-on accounts have no password", async () => {
    const me = userActor(await createTestUser({ withPassword: false }));
    await expect(changeOwnPassword({ currentPassword: "x", newPassword: "brand-new-password", confirmPassword: "brand-new-password" }, me)).rejects.toThrow(
      /single sign-on/,
    );
  });
});

describe("endOwnSessions", () => {
  it("ends every session of the user, audited; a deactivated user's session is not 'ended' but gone", async () => {
    const me = userActor(await createTestUser());
    await endOwnSessions({}, me);
    expect(await loadSessionUser(me.user.id, 0)).toEqual({ user: null, ended: true });
    expect((await loadSessionUser(me.user.id, 1)).user?.id).toBe(me.user.id);
    expect((await auditRowsFor(me.user.id)).map((r) => r.action)).toEqual(["user.end-sessions"]);

    await setUserActive({ userId: me.user.id, active: false }, systemActor("test"));
    expect(await loadSessionUser(me.user.id, 1)).toEqual({ user: null, ended: false });
  });

  it("refuses an anonymous caller", async () => {
    await expect(endOwnSessions({}, null)).rejects.toThrow();
  });
});

describe("updateOwnProfile", () => {
  it("changes name, time zone and digests, audits only what changed", async () => {
    const me = userActor(await createTestUser({ name: "Before" }));
    const { user } = await updateOwnProfile({ name: "After", timeZone: "europe/berlin", receiveDigests: "off" }, me);
    expect(user).toMatchObject({ name: "After", timeZone: "Europe/Berlin", receiveDigests: false });
    await updateOwnProfile({ name: "After" }, me); // nothing changed: no second row
    const rows = await auditRowsFor(me.user.id);
    expect(rows.map((row) => row.changes)).toEqual([
      { name: { before: "Before", after: "After" }, timeZone: { before: "UTC", after: "Europe/Berlin" }, receiveDigests: { before: true, after: false } },
    ]);
  });

  it("turns reminder mail off and on again from the account, audited", async () => {
    const me = userActor(await createTestUser());
    const { user } = await updateOwnProfile({ receiveReminders: "off", receiveDigests: "on" }, me);
    expect(user).toMatchObject({ receiveReminders: false, receiveDigests: true });
    await updateOwnProfile({ receiveReminders: "on" }, me);
    expect((await db().user.findUniqueOrThrow({ where: { id: me.user.id } })).receiveReminders).toBe(true);
    expect((await auditRowsFor(me.user.id)).map((row) => row.changes)).toEqual([
      { receiveReminders: { before: true, after: false } },
      { receiveReminders: { before: false, after: true } },
    ]);
  });

  it("rejects a time zone that is not IANA", async () => {
    const me = userActor(await createTestUser());
    for (const timeZone of ["Mars/Olympus_Mons", "+02:00"]) {
      const error = await updateOwnProfile({ timeZone }, me).catch((e: unknown) => e);
      expect((error as InvalidInputError).issues.map((issue) => issue.path)).toEqual(["timeZone"]);
    }
  });

  it("is open to viewers (it changes only their own account)", async () => {
    const viewer = await createTestActor("VIEWER");
    await expect(updateOwnProfile({ name: "Viewer Renamed" }, viewer)).resolves.toMatchObject({ user: { name: "Viewer Renamed" } });
  });
});

describe("unsubscribeWithToken", () => {
  const tokenOf = async (id: string) => (await db().user.findUniqueOrThrow({ where: { id }, select: { unsubscribeToken: true } })).unsubscribeToken;

  it("turns off reminders and digests of the user the token names, audited as the unsubscribe link; a repeat changes nothing", async () => {
    const person = await createTestUser();
    const bystander = await createTestUser();
    const token = await tokenOf(person.id);
    expect(await findUnsubscribeSubject(token)).toEqual({ email: person.email, receiveReminders: true, receiveDigests: true });

    await unsubscribeWithToken(token);
    const row = await db().user.findUniqueOrThrow({ where: { id: person.id } });
    expect(row).toMatchObject({ receiveReminders: false, receiveDigests: false });
    const [audit, ...more] = await auditRowsFor(person.id);
    expect(more).toEqual([]);
    expect(audit).toMatchObject({
      action: "user.unsubscribe",
      actorId: null,
      changes: { receiveReminders: { before: true, after: false }, receiveDigests: { before: true, after: false } },
      meta: { source: "unsubscribe-link" },
    });

    await expect(unsubscribeWithToken(token)).resolves.toMatchObject({ userId: person.id, changes: {} });
    expect(await auditRowsFor(person.id)).toHaveLength(1);
    expect(await db().user.findUniqueOrThrow({ where: { id: bystander.id } })).toMatchObject({ receiveReminders: true, receiveDigests: true });
  });

  it("turns off only what is still on", async () => {
    const person = await createTestUser();
    await updateOwnProfile({ receiveDigests: "off" }, userActor(person));
    await unsubscribeWithToken(await tokenOf(person.id));
    const rows = await auditRowsFor(person.id);
    expect(rows.at(-1)?.changes).toEqual({ receiveReminders: { before: true, after: false } });
  });

  it("names no one for an unknown or malformed token", async () => {
    for (const token of ["00000000-0000-4000-8000-000000000000", "", "../etc", "nul\u0000byte", "x".repeat(500)]) {
      await expect(unsubscribeWithToken(token), token).rejects.toBeInstanceOf(token.startsWith("0000") ? NotFoundError : InvalidInputError);
      expect(await findUnsubscribeSubject(token)).toBeNull();
    }
  });
});

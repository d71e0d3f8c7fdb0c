import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { ForbiddenError, NotFoundError, UnauthenticatedError } from "@/lib/errors";
import { systemActor } from "@/lib/auth/actor";
import { authenticateToken } from "@/lib/api-tokens/authenticate";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/mutations";
import { apiTokenStatus, listOwnApiTokens } from "@/lib/api-tokens/queries";
import { hashApiToken } from "@/lib/api-tokens/token-format";
import { setUserActive } from "@/lib/users/mutations";
import { auditRowsFor, createTestActor, createTestUser } from "@/lib/users/test-fixtures";

describe("API tokens", () => {
  it("create -> authenticate -> revoke -> refused", async () => {
    const me = await createTestActor("SRE");
    const { token, plaintext } = await createApiToken({ name: "CI pipeline" }, me);
    expect(plaintext).toMatch(/^hst_[A-Za-z0-9_-]{43}$/);
    expect(plaintext.startsWith(`hst_${token.prefix}`)).toBe(true);

    const stored = await getDb().apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(stored.tokenHash).toBe(hashApiToken(plaintext));
    expect(JSON.stringify(stored)).not.toContain(plaintext.slice(4));

    const authenticated = await authenticateToken(plaintext);
    expect(authenticated).toEqual({ tokenId: token.id, user: me.user });

    await revokeApiToken({ tokenId: token.id }, me);
    expect(await authenticateToken(plaintext)).toBeNull();
    expect(apiTokenStatus((await listOwnApiTokens(me.user.id))[0]!)).toBe("revoked");

    const audit = await auditRowsFor(token.id);
    expect(audit.map((row) => row.action)).toEqual(["token.create", "token.revoke"]);
    expect(JSON.stringify(audit.map((row) => [row.changes, row.meta]))).not.toContain(plaintext);
  });

  it("refuses the token of a deactivated user", async () => {
    const admin = await createTestActor("ADMIN");
    const owner = await createTestActor("VIEWER");
    const { plaintext } = await createApiToken({ name: "reader" }, owner);
    expect(await authenticateToken(plaintext)).not.toBeNull();
    await setUserActive({ userId: owner.user.id, active: false }, admin);
    expect(await authenticateToken(plaintext)).toBeNull();
  });

  it("refuses an expired token and unknown or malformed ones", async () => {
    const me = await createTestActor("SRE");
    const { token, plaintext } = await createApiToken({ name: "short-lived", expiresInDays: "1" }, me);
    expect(token.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 86_000_000);
    expect(await authenticateToken(plaintext, new Date(Date.now() + 2 * 86_400_000))).toBeNull();
    expect(await authenticateToken(`hst_${"A".repeat(43)}`)).toBeNull();
    expect(await authenticateToken("Bearer nonsense")).toBeNull();
  });

  it("updates lastUsedAt at most once a minute", async () => {
    const me = await createTestActor("SRE");
    const { token, plaintext } = await createApiToken({ name: "busy" }, me);
    const t0 = new Date();
    await authenticateToken(plaintext, t0);
    await authenticateToken(plaintext, new Date(t0.getTime() + 30_000));
    const lastUsed = async () => (await getDb().apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt?.getTime();
    expect(await lastUsed()).toBe(t0.getTime());
    await authenticateToken(plaintext, new Date(t0.getTime() + 61_000));
    expect(await lastUsed()).toBe(t0.getTime() + 61_000);
  });

  it("lets people revoke only their own tokens; admins may revoke anyone's", async () => {
    const owner = await createTestActor("SRE");
    const stranger = await createTestActor("MANAGER");
    const admin = await createTestActor("ADMIN");
    const { token, plaintext } = await createApiToken({ name: "mine" }, owner);
    await expect(revokeApiToken({ tokenId: token.id }, stranger)).rejects.toBeInstanceOf(NotFoundError);
    expect(await authenticateToken(plaintext)).not.toBeNull();
    const { alreadyRevoked } = await revokeApiToken({ tokenId: token.id }, admin);
    expect(alreadyRevoked).toBe(false);
    expect(await authenticateToken(plaintext)).toBeNull();
    // revoking again changes nothing and records nothing
    expect((await revokeApiToken({ tokenId: token.id }, owner)).alreadyRevoked).toBe(true);
    const rows = await auditRowsFor(token.id);
    expect(rows.map((row) => [row.action, row.actorId])).toEqual([
      ["token.create", owner.user.id],
      ["token.revoke", admin.user.id],
    ]);
  });

  it("creates tokens for someone else only from the system (CLI), never for a person", async () => {
    const me = await createTestActor("ADMIN");
    const other = await createTestUser();
    await expect(createApiToken({ name: "sneaky", userId: other.id }, me)).rejects.toBeInstanceOf(ForbiddenError);
    const { token } = await createApiToken({ name: "from cli", userId: other.id }, systemActor("cli:token-create"));
    expect(token.userId).toBe(other.id);
    await expect(createApiToken({ name: "anonymous" }, null)).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("lists a user's tokens without their hashes", async () => {
    const me = await createTestActor("VIEWER");
    await createApiToken({ name: "one" }, me);
    await createApiToken({ name: "two" }, me);
    const tokens = await listOwnApiTokens(me.user.id);
    expect(tokens.map((token) => token.name)).toEqual(["two", "one"]);
    expect(tokens[0]).not.toHaveProperty("tokenHash");
  });
});

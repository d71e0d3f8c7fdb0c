// The session fallback needs a Next request (cookies); it is replaced here, the bearer path is real.
import { describe, expect, it, vi } from "vitest";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/mutations";
import { createTestActor } from "@/lib/users/test-fixtures";

const sessionActor = vi.hoisted(() => ({ current: null as unknown }));
vi.mock("@/lib/auth/session", () => ({ actorFromSession: async () => sessionActor.current }));

const { actorFromRequest, requireApiActor } = await import("@/lib/api/actor");

const get = (headers: Record<string, string> = {}) => new Request("http://localhost/api/v1/me", { headers });

describe("actorFromRequest", () => {
  it("authenticates a bearer token as a token actor", async () => {
    const owner = await createTestActor("SRE");
    const { token, plaintext } = await createApiToken({ name: "api" }, owner);
    expect(await actorFromRequest(get({ Authorization: `Bearer ${plaintext}` }))).toEqual({ type: "token", user: owner.user, tokenId: token.id });
  });

  it("refuses a presented but unusable token instead of falling back to the session", async () => {
    const owner = await createTestActor("SRE");
    sessionActor.current = owner;
    const { token, plaintext } = await createApiToken({ name: "api" }, owner);
    await revokeApiToken({ tokenId: token.id }, owner);
    await expect(actorFromRequest(get({ Authorization: `Bearer ${plaintext}` }))).rejects.toThrow("invalid, expired or revoked");
    await expect(actorFromRequest(get({ Authorization: "Basic dXNlcjpwYXNz" }))).rejects.toBeInstanceOf(UnauthenticatedError);
    sessionActor.current = null;
  });

  it("falls back to the session cookie without an Authorization header", async () => {
    const owner = await createTestActor("VIEWER");
    sessionActor.current = owner;
    expect(await actorFromRequest(get())).toBe(owner);
    sessionActor.current = null;
    expect(await actorFromRequest(get())).toBeNull();
  });
});

describe("requireApiActor", () => {
  it("answers 401 without a caller and 403 without the permission", async () => {
    sessionActor.current = null;
    await expect(requireApiActor(get())).rejects.toMatchObject({ status: 401 });
    const viewer = await createTestActor("VIEWER");
    const { plaintext } = await createApiToken({ name: "read only" }, viewer);
    await expect(requireApiActor(get({ Authorization: `Bearer ${plaintext}` }), "incident:edit")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(requireApiActor(get({ Authorization: `Bearer ${plaintext}` }), "incident:read")).resolves.toMatchObject({ type: "token" });
  });
});

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

describe("actorFromRequest: changes by session cookie", () => {
  const post = (headers: Record<string, string>) =>
    new Request("http://127.0.0.1:3107/api/v1/incidents/x/approve", { method: "POST", headers: { host: "127.0.0.1:3107", ...headers } });

  it("refuses a cookie-authenticated change from another origin with 403, and lets the app's own pages through", async () => {
    const manager = await createTestActor("MANAGER");
    sessionActor.current = manager;
    try {
      const refused = await actorFromRequest(post({ origin: "http://127.0.0.1:4000" })).catch((error: unknown) => error);
      expect(refused).toMatchObject({ status: 403, code: "cross_origin" });
      expect((refused as Error).message).toContain("http://127.0.0.1:4000");
      await expect(actorFromRequest(post({}))).rejects.toMatchObject({ status: 403 });
      await expect(actorFromRequest(post({ "sec-fetch-site": "same-site" }))).rejects.toMatchObject({ status: 403 });
      expect(await actorFromRequest(post({ origin: "http://127.0.0.1:3107" }))).toBe(manager);
      expect(await actorFromRequest(post({ "sec-fetch-site": "same-origin" }))).toBe(manager);
      // reading by cookie from anywhere stays as it was: a foreign page cannot read the answer
      expect(await actorFromRequest(new Request("http://127.0.0.1:3107/api/v1/me", { headers: { origin: "http://127.0.0.1:4000" } }))).toBe(manager);
    } finally {
      sessionActor.current = null;
    }
  });

  it("leaves bearer-token changes alone: they carry no cookie a foreign page could borrow", async () => {
    const owner = await createTestActor("SRE");
    const { plaintext } = await createApiToken({ name: "script" }, owner);
    expect(await actorFromRequest(post({ origin: "http://127.0.0.1:4000", Authorization: `Bearer ${plaintext}` }))).toMatchObject({ type: "token" });
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

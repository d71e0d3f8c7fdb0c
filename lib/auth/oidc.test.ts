import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { oidcSettings, resolveOidcSignIn, type OidcIdentity } from "@/lib/auth/oidc";
import { createTestUser, uniqueTestEmail } from "@/lib/users/test-fixtures";
import { captureLogs } from "@/lib/log/logger";

const strict = { autoCreate: false, trustEmail: false };

function identity(overrides: Partial<OidcIdentity> = {}): OidcIdentity {
  return { provider: "oidc", subject: `sub-${randomUUID()}`, email: uniqueTestEmail("sso"), emailVerified: true, name: "Sam SSO", ...overrides };
}

async function linksOf(userId: string) {
  return getDb().account.findMany({ where: { userId }, select: { provider: true, providerAccountId: true } });
}

describe("resolveOidcSignIn", () => {
  it("links the existing active user with that verified email, then recognises the subject", async () => {
    const user = await createTestUser({ role: "SRE" });
    const who = identity({ email: user.email.toUpperCase() });
    expect(await resolveOidcSignIn(who, strict)).toEqual({ ok: true, userId: user.id });
    expect(await linksOf(user.id)).toEqual([{ provider: "oidc", providerAccountId: who.subject }]);
    // Next time the subject decides, even if the IdP now reports another email.
    expect(await resolveOidcSignIn({ ...who, email: "changed@example.test" }, strict)).toEqual({ ok: true, userId: user.id });
    const audit = await getDb().auditEvent.findMany({ where: { entityId: user.id } });
    expect(audit.map((row) => [row.action, row.actorType])).toEqual([["user.link-account", "SYSTEM"]]);
  });

  it("refuses unknown emails unless auto-create is on, which makes a viewer", async () => {
    const who = identity();
    expect(await resolveOidcSignIn(who, strict)).toEqual({ ok: false, code: "oidc-unknown-user" });
    expect(await getDb().user.findUnique({ where: { email: who.email! } })).toBeNull();

    const created = await resolveOidcSignIn(who, { ...strict, autoCreate: true });
    expect(created.ok).toBe(true);
    const user = await getDb().user.findUniqueOrThrow({ where: { email: who.email! } });
    expect(user).toMatchObject({ role: "VIEWER", name: "Sam SSO", passwordHash: null, active: true });
    expect(await linksOf(user.id)).toEqual([{ provider: "oidc", providerAccountId: who.subject }]);
  });

  it("refuses an email the identity provider did not verify, unless told to trust it", async () => {
    const user = await createTestUser();
    expect(await resolveOidcSignIn(identity({ email: user.email, emailVerified: false }), strict)).toEqual({ ok: false, code: "oidc-email-unverified" });
    expect(await resolveOidcSignIn(identity({ email: user.email, emailVerified: undefined }), strict)).toEqual({ ok: false, code: "oidc-email-unverified" });
    expect(await linksOf(user.id)).toEqual([]);
    expect(await resolveOidcSignIn(identity({ email: user.email, emailVerified: undefined }), { ...strict, trustEmail: true })).toEqual({
      ok: true,
      userId: user.id,
    });
  });

  it("refuses deactivated users, linked or not, and identities without an email", async () => {
    const user = await createTestUser({ active: false });
    expect(await resolveOidcSignIn(identity({ email: user.email }), strict)).toEqual({ ok: false, code: "deactivated" });
    const linked = await createTestUser();
    const who = identity({ email: linked.email });
    await resolveOidcSignIn(who, strict);
    await getDb().user.update({ where: { id: linked.id }, data: { active: false } });
    expect(await resolveOidcSignIn(who, strict)).toEqual({ ok: false, code: "deactivated" });
    expect(await resolveOidcSignIn(identity({ email: null }), { autoCreate: true, trustEmail: true })).toEqual({ ok: false, code: "oidc-no-email" });
  });
});

describe("oidcSettings", () => {
  it("is off without configuration and on with issuer, client id and secret", () => {
    expect(oidcSettings({})).toBeNull();
    expect(oidcSettings({ AUTH_OIDC_ISSUER: "https://idp.example", AUTH_OIDC_CLIENT_ID: "hindsight", AUTH_OIDC_CLIENT_SECRET: "s3cret" })).toEqual({
      issuer: "https://idp.example",
      clientId: "hindsight",
      clientSecret: "s3cret",
      name: "Single sign-on",
      autoCreate: false,
      trustEmail: false,
    });
    expect(
      oidcSettings({
        AUTH_OIDC_ISSUER: "https://idp",
        AUTH_OIDC_CLIENT_ID: "a",
        AUTH_OIDC_CLIENT_SECRET: "b",
        AUTH_OIDC_NAME: "Okta",
        AUTH_OIDC_AUTO_CREATE: "true",
      }),
    ).toMatchObject({ name: "Okta", autoCreate: true });
  });

  it("stays off, with a warning, when only part of it is configured", () => {
    const logs = captureLogs();
    try {
      expect(oidcSettings({ AUTH_OIDC_ISSUER: "https://idp.example" })).toBeNull();
    } finally {
      logs.restore();
    }
    expect(logs.lines()).toEqual([expect.objectContaining({ level: "warn", msg: expect.stringContaining("AUTH_OIDC_CLIENT_ID") })]);
  });
});

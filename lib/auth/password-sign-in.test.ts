import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { authorizePassword, checkPasswordSignIn, clientIp, PasswordSignInError } from "@/lib/auth/password-sign-in";
import { SignInThrottle } from "@/lib/auth/sign-in-throttle";
import { createTestUser, FIXTURE_PASSWORD, uniqueTestEmail } from "@/lib/users/test-fixtures";

const ip = "192.0.2.10";

describe("checkPasswordSignIn", () => {
  it("signs in with the right password, case-insensitively on the email, and records the time", async () => {
    const user = await createTestUser({ role: "SRE" });
    const result = await checkPasswordSignIn({ email: user.email.toUpperCase(), password: FIXTURE_PASSWORD, ip }, new SignInThrottle());
    expect(result).toEqual({ ok: true, user: { ...user, sessionVersion: 0 } });
    expect((await getDb().user.findUniqueOrThrow({ where: { id: user.id } })).lastSignInAt).not.toBeNull();
  });

  it("gives the same answer for an unknown email and a wrong password", async () => {
    const user = await createTestUser();
    const throttle = new SignInThrottle();
    const wrong = await checkPasswordSignIn({ email: user.email, password: "not-the-password", ip }, throttle);
    const unknown = await checkPasswordSignIn({ email: uniqueTestEmail("nobody"), password: "whatever", ip }, throttle);
    const noPassword = await checkPasswordSignIn({ email: (await createTestUser({ withPassword: false })).email, password: "x", ip }, throttle);
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual(wrong);
    expect(noPassword).toEqual(wrong);
  });

  it("says 'deactivated' only to someone who knows the password", async () => {
    const user = await createTestUser({ active: false });
    const throttle = new SignInThrottle();
    expect(await checkPasswordSignIn({ email: user.email, password: "wrong-password", ip }, throttle)).toEqual({ ok: false, reason: "invalid" });
    expect(await checkPasswordSignIn({ email: user.email, password: FIXTURE_PASSWORD, ip }, throttle)).toEqual({ ok: false, reason: "deactivated" });
  });

  it("makes the fifth failure wait 30 seconds, even with the right password after it", async () => {
    const user = await createTestUser();
    const throttle = new SignInThrottle();
    for (let i = 0; i < 4; i++) {
      expect(await checkPasswordSignIn({ email: user.email, password: "nope", ip }, throttle)).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await checkPasswordSignIn({ email: user.email, password: "nope", ip }, throttle)).toEqual({ ok: false, reason: "throttled", retryAfterSeconds: 30 });
    const blocked = await checkPasswordSignIn({ email: user.email, password: FIXTURE_PASSWORD, ip }, throttle);
    expect(blocked).toMatchObject({ ok: false, reason: "throttled" });
    // another address is not held up
    expect(await checkPasswordSignIn({ email: user.email, password: FIXTURE_PASSWORD, ip: "192.0.2.99" }, throttle)).toMatchObject({ ok: true });
  });
});

describe("authorizePassword (the Credentials provider)", () => {
  it("returns the session user or throws a PasswordSignInError carrying the reason", async () => {
    const user = await createTestUser();
    const request = new Request("http://localhost/api/auth/callback/credentials", { headers: { "x-forwarded-for": "198.51.100.7" } });
    await expect(authorizePassword({ email: user.email, password: FIXTURE_PASSWORD }, request)).resolves.toEqual({ id: user.id, email: user.email, name: user.name, sessionVersion: 0 });
    const refused = await authorizePassword({ email: user.email, password: "wrong" }, request).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PasswordSignInError);
    expect((refused as PasswordSignInError).code).toBe("invalid");
    await expect(authorizePassword({ email: "not an email" }, request)).rejects.toMatchObject({ code: "invalid" });
  });
});

describe("clientIp", () => {
  it("takes the address our reverse proxy appended, not what the client claimed", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.5" }))).toBe("203.0.113.5");
    expect(clientIp(new Headers({ "x-real-ip": "203.0.113.6" }))).toBe("203.0.113.6");
    expect(clientIp(new Headers())).toBe("unknown");
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { authorizePassword, checkPasswordSignIn, PasswordSignInError } from "@/lib/auth/password-sign-in";
import { KNOWN_DEVICE_COOKIE, knownDeviceToken } from "@/lib/auth/known-device";
import { installPeerAddressStamp, PEER_ADDRESS_HEADER, peerAddressStamp } from "@/lib/auth/peer-address";
import { MAX_ADDRESS_FAILURES_BEFORE_WAIT, SignInThrottle } from "@/lib/auth/sign-in-throttle";
import { createTestUser, FIXTURE_PASSWORD, uniqueTestEmail } from "@/lib/users/test-fixtures";

const address = "192.0.2.10";

describe("checkPasswordSignIn", () => {
  it("signs in with the right password, case-insensitively on the email, and records the time", async () => {
    const user = await createTestUser({ role: "SRE" });
    const result = await checkPasswordSignIn({ email: user.email.toUpperCase(), password: FIXTURE_PASSWORD, address }, new SignInThrottle());
    expect(result).toEqual({ ok: true, user: { ...user, sessionVersion: 0 } });
    expect((await getDb().user.findUniqueOrThrow({ where: { id: user.id } })).lastSignInAt).not.toBeNull();
  });

  it("gives the same answer for an unknown email and a wrong password", async () => {
    const user = await createTestUser();
    const throttle = new SignInThrottle();
    const wrong = await checkPasswordSignIn({ email: user.email, password: "not-the-password", address }, throttle);
    const unknown = await checkPasswordSignIn({ email: uniqueTestEmail("nobody"), password: "whatever", address }, throttle);
    const noPassword = await checkPasswordSignIn({ email: (await createTestUser({ withPassword: false })).email, password: "x", address }, throttle);
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual(wrong);
    expect(noPassword).toEqual(wrong);
  });

  it("says 'deactivated' only to someone who knows the password", async () => {
    const user = await createTestUser({ active: false });
    const throttle = new SignInThrottle();
    expect(await checkPasswordSignIn({ email: user.email, password: "wrong-password", address }, throttle)).toEqual({ ok: false, reason: "invalid" });
    expect(await checkPasswordSignIn({ email: user.email, password: FIXTURE_PASSWORD, address }, throttle)).toEqual({ ok: false, reason: "deactivated" });
  });

  it("makes the fifth failure wait 30 seconds, even with the right password after it", async () => {
    const user = await createTestUser();
    const throttle = new SignInThrottle();
    for (let i = 0; i < 4; i++) {
      expect(await checkPasswordSignIn({ email: user.email, password: "nope", address }, throttle)).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await checkPasswordSignIn({ email: user.email, password: "nope", address }, throttle)).toEqual({
      ok: false,
      reason: "throttled",
      retryAfterSeconds: 30,
    });
    const blocked = await checkPasswordSignIn({ email: user.email, password: FIXTURE_PASSWORD, address }, throttle);
    expect(blocked).toMatchObject({ ok: false, reason: "throttled" });
    // nor from another address, or none known: the account is what is guessed at
    expect(await checkPasswordSignIn({ email: user.email, password: FIXTURE_PASSWORD, address: "192.0.2.99" }, throttle)).toMatchObject({
      ok: false,
      reason: "throttled",
    });
    expect(await checkPasswordSignIn({ email: user.email, password: FIXTURE_PASSWORD, address: null }, throttle)).toMatchObject({
      ok: false,
      reason: "throttled",
    });
  });

  it("throttles an unknown email exactly like a known one, from any address", async () => {
    const throttle = new SignInThrottle();
    const attempts = async (email: string) => {
      const results = [];
      for (let i = 0; i < 6; i++) results.push(await checkPasswordSignIn({ email, password: "nope", address: `198.51.100.${i + 1}` }, throttle));
      return results;
    };
    const known = await attempts((await createTestUser()).email);
    const unknown = await attempts(uniqueTestEmail("nobody"));
    const invalid = { ok: false, reason: "invalid" };
    expect(known).toEqual([
      invalid,
      invalid,
      invalid,
      invalid,
      { ok: false, reason: "throttled", retryAfterSeconds: 30 },
      { ok: false, reason: "throttled", retryAfterSeconds: expect.any(Number) },
    ]);
    expect(unknown).toEqual(known);
  });
});

describe("authorizePassword (the Credentials provider)", () => {
  it("returns the session user or throws a PasswordSignInError carrying the reason", async () => {
    const user = await createTestUser();
    const request = new Request("http://localhost/api/auth/callback/credentials", { headers: { "x-forwarded-for": "198.51.100.7" } });
    await expect(authorizePassword({ email: user.email, password: FIXTURE_PASSWORD }, request)).resolves.toEqual({
      id: user.id,
      email: user.email,
      name: user.name,
      sessionVersion: 0,
    });
    const refused = await authorizePassword({ email: user.email, password: "wrong" }, request).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PasswordSignInError);
    expect((refused as PasswordSignInError).code).toBe("invalid");
    await expect(authorizePassword({ email: "not an email" }, request)).rejects.toMatchObject({ code: "invalid" });
  });
});

describe("authorizePassword and the client's address", () => {
  installPeerAddressStamp();
  afterEach(() => vi.unstubAllEnvs());

  /** A sign-in POST as the server sees it: `peer` is the socket address, `forwardedFor` whatever arrived. */
  function request(peer: string, forwardedFor?: string): Request {
    const headers = new Headers({ [PEER_ADDRESS_HEADER]: peerAddressStamp(peer) });
    if (forwardedFor) headers.set("x-forwarded-for", forwardedFor);
    return new Request("http://localhost/api/auth/callback/credentials", { method: "POST", headers });
  }

  async function refusal(email: string, from: Request): Promise<{ code?: string; retryAfterSeconds?: number }> {
    const error = await authorizePassword({ email, password: "wrong-password" }, from).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PasswordSignInError);
    return { code: (error as PasswordSignInError).code, retryAfterSeconds: (error as PasswordSignInError).retryAfterSeconds };
  }

  it("slows 12 wrong passwords for one account sent with 12 different X-Forwarded-For values", async () => {
    const user = await createTestUser();
    const codes = [];
    for (let i = 1; i <= 12; i++) codes.push((await refusal(user.email, request(`203.0.113.${i}`, `198.51.100.${i}`))).code);
    expect(codes.slice(0, 4)).toEqual(["invalid", "invalid", "invalid", "invalid"]);
    expect(codes.slice(4)).toEqual(Array(8).fill("throttled"));
    await expect(authorizePassword({ email: user.email, password: FIXTURE_PASSWORD }, request("203.0.113.200"))).rejects.toMatchObject({ code: "throttled" });
  });

  it("with no trusted proxy, keys the address on the socket: a spoofed X-Forwarded-For changes nothing", async () => {
    const peer = "203.0.113.50";
    for (let i = 0; i < MAX_ADDRESS_FAILURES_BEFORE_WAIT - 1; i++) {
      expect((await refusal(uniqueTestEmail("spray"), request(peer, `6.6.6.${i}`))).code).toBe("invalid");
    }
    expect(await refusal(uniqueTestEmail("spray"), request(peer, "7.7.7.7"))).toEqual({ code: "throttled", retryAfterSeconds: 30 });
    expect((await refusal(uniqueTestEmail("spray"), request(peer))).code).toBe("throttled");
    // another machine is not held up
    expect((await refusal(uniqueTestEmail("spray"), request("203.0.113.51", "7.7.7.7"))).code).toBe("invalid");
  });

  it("with HINDSIGHT_TRUSTED_PROXIES=1, keys the address on what the proxy appended", async () => {
    vi.stubEnv("HINDSIGHT_TRUSTED_PROXIES", "1");
    const proxy = "10.9.9.9";
    for (let i = 0; i < MAX_ADDRESS_FAILURES_BEFORE_WAIT - 1; i++) {
      expect((await refusal(uniqueTestEmail("spray"), request(proxy, `6.6.6.${i}, 198.51.100.77`))).code).toBe("invalid");
    }
    expect((await refusal(uniqueTestEmail("spray"), request(proxy, "198.51.100.77"))).code).toBe("throttled");
    // other clients behind the same proxy are not held up
    expect((await refusal(uniqueTestEmail("spray"), request(proxy, "198.51.100.77, 198.51.100.78"))).code).toBe("invalid");
  });
});

describe("authorizePassword and a browser that signed in before", () => {
  afterEach(() => vi.unstubAllEnvs());

  // A browser keeps the one cookie it was given: a new token per request would be a new device whenever the
  // second changed between two attempts.
  const cookies = new Map<string, string | null>();
  function request(deviceCookieFor?: string): Request {
    const headers = new Headers();
    if (deviceCookieFor) {
      if (!cookies.has(deviceCookieFor)) cookies.set(deviceCookieFor, knownDeviceToken(deviceCookieFor));
      headers.set("cookie", `${KNOWN_DEVICE_COOKIE}=${cookies.get(deviceCookieFor)}`);
    }
    return new Request("http://localhost/api/auth/callback/credentials", { method: "POST", headers });
  }
  const code = (promise: Promise<unknown>) =>
    promise.then(
      () => "ok",
      (error: PasswordSignInError) => error.code,
    );

  it("lets the owner in while a guesser elsewhere keeps the account's wait running, and gives a stolen cookie five tries only", async () => {
    vi.stubEnv("AUTH_SECRET", "test-secret-for-known-devices");
    const user = await createTestUser();
    const other = await createTestUser();
    for (let i = 0; i < 5; i++) await code(authorizePassword({ email: user.email, password: "guess" }, request()));
    expect(await code(authorizePassword({ email: user.email, password: FIXTURE_PASSWORD }, request()))).toBe("throttled");

    expect(await code(authorizePassword({ email: user.email, password: FIXTURE_PASSWORD }, request(user.email)))).toBe("ok");
    // the owner's sign-in gives the guesser no fresh tries
    expect(await code(authorizePassword({ email: user.email, password: "guess" }, request()))).toBe("throttled");
    // a cookie earned by another account proves nothing about this one
    expect(await code(authorizePassword({ email: user.email, password: FIXTURE_PASSWORD }, request(other.email)))).toBe("throttled");
    // whoever holds the cookie is slowed on their own count
    const withCookie = [];
    for (let i = 0; i < 5; i++) withCookie.push(await code(authorizePassword({ email: user.email, password: "guess" }, request(user.email))));
    expect(withCookie).toEqual(["invalid", "invalid", "invalid", "invalid", "throttled"]);
  });
});

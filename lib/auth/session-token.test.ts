// The session cookie as pages and the proxy read it: what it says, refused when not ours or expired, decrypted once.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { encode } from "next-auth/jwt";
import { readSessionToken } from "@/lib/auth/session-token";

const SECRET = "session-token-test-secret-0123456789abcdef";
const NAME = "authjs.session-token";

async function cookieFor(claims: Record<string, unknown>, options: { secret?: string; name?: string; maxAge?: number } = {}) {
  const name = options.name ?? NAME;
  const value = await encode({ token: claims, secret: options.secret ?? SECRET, salt: name, maxAge: options.maxAge ?? 3600 });
  return `authjs.csrf-token=abc; ${name}=${value}`;
}

beforeEach(() => vi.stubEnv("AUTH_SECRET", SECRET));
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("readSessionToken", () => {
  it("reads the user, session id and version from the cookie, over http or https", async () => {
    const plain = await readSessionToken(await cookieFor({ sub: "user-1", sid: "s-1", sv: 3 }));
    expect(plain).toMatchObject({ userId: "user-1", sessionId: "s-1", sessionVersion: 3 });
    const secure = await readSessionToken(await cookieFor({ sub: "user-2", sid: "s-2" }, { name: `__Secure-${NAME}` }));
    expect(secure).toMatchObject({ userId: "user-2", sessionId: "s-2", sessionVersion: null });
  });

  it("is no session without the cookie, with another instance's secret, or tampered with", async () => {
    expect(await readSessionToken(null)).toBeNull();
    expect(await readSessionToken("authjs.csrf-token=abc")).toBeNull();
    expect(await readSessionToken(await cookieFor({ sub: "user-1", sid: "s" }, { secret: "another-secret-entirely-0123456789" }))).toBeNull();
    const cookie = await cookieFor({ sub: "user-1", sid: "s" });
    // One character changed in the middle of the ciphertext (every bit of it counts, unlike a base64url tail's).
    const value = cookie.slice(cookie.indexOf(`${NAME}=`) + NAME.length + 1);
    const parts = value.split(".");
    const at = Math.floor(parts[3].length / 2);
    parts[3] = parts[3].slice(0, at) + (parts[3][at] === "A" ? "B" : "A") + parts[3].slice(at + 1);
    const tampered = cookie.replace(value, parts.join("."));
    expect(tampered).not.toBe(cookie);
    expect(await readSessionToken(tampered)).toBeNull();
  });

  it("stops counting a remembered cookie once it has expired", async () => {
    const cookie = await cookieFor({ sub: "user-1", sid: "s-1" }, { maxAge: 60 });
    const read = await readSessionToken(cookie);
    expect(read?.userId).toBe("user-1");
    expect(await readSessionToken(cookie, read!.expiresAt - 1)).not.toBeNull();
    expect(await readSessionToken(cookie, read!.expiresAt + 1)).toBeNull();
  });

  it("decrypts a cookie once, however many requests carry it, and again under a new secret", async () => {
    const cookie = await cookieFor({ sub: "user-1", sid: "s-1" });
    const decrypt = vi.spyOn(globalThis.crypto.subtle, "decrypt");
    await readSessionToken(cookie);
    const once = decrypt.mock.calls.length;
    expect(once).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) expect((await readSessionToken(cookie))?.userId).toBe("user-1");
    expect(decrypt.mock.calls.length).toBe(once);
    vi.stubEnv("AUTH_SECRET", "a-rotated-secret-0123456789abcdefgh");
    expect(await readSessionToken(cookie)).toBeNull();
  });
});

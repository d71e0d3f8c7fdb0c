// The login form's server action, with Auth.js's signIn() replaced by a stand-in that runs our real `authorize`
// (Auth.js itself needs a Next request to set cookies). What is under test: messages, field errors, throttling
// message, and where a successful sign-in goes.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createTestUser, FIXTURE_PASSWORD, uniqueTestEmail } from "@/lib/users/test-fixtures";

const CLIENT_IP = "203.0.113.77";

const cookieJar = { set: vi.fn() };
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": CLIENT_IP }), cookies: async () => cookieJar }));
vi.mock("@/lib/auth/auth", () => ({
  PASSWORD_PROVIDER_ID: "credentials",
  signOut: vi.fn(),
  signIn: vi.fn(async (_provider: string, options: Record<string, unknown>) => {
    const { authorizePassword } = await import("@/lib/auth/password-sign-in");
    const request = new Request("http://localhost/api/auth/callback/credentials", { headers: { "x-forwarded-for": CLIENT_IP } });
    await authorizePassword(options, request);
  }),
}));

const { signInWithPassword } = await import("@/lib/auth/sign-in");
const { signIn } = await import("@/lib/auth/auth");

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

async function redirectTarget(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  const digest = (error as { digest?: string } | null)?.digest ?? "";
  expect(digest).toMatch(/^NEXT_REDIRECT/);
  return digest.split(";")[2]!;
}

describe("signInWithPassword", () => {
  beforeEach(() => {
    vi.mocked(signIn).mockClear();
  });

  it("asks for a missing email or password and for a well-formed email, without trying to sign in", async () => {
    expect(await signInWithPassword(null, form({ password: "x" }))).toMatchObject({ ok: false, fieldErrors: { email: "Enter an email address." } });
    expect(await signInWithPassword(null, form({ email: "someone", password: "x" }))).toMatchObject({
      ok: false,
      fieldErrors: { email: "Enter a valid email address, like name@example.com." },
      values: { email: "someone" },
    });
    expect(await signInWithPassword(null, form({ email: "a@example.com", password: "" }))).toMatchObject({
      ok: false,
      fieldErrors: { password: "Enter your password." },
    });
    expect(signIn).not.toHaveBeenCalled();
  });

  it("says 'Email or password is incorrect' for both an unknown user and a wrong password", async () => {
    const user = await createTestUser();
    const unknown = await signInWithPassword(null, form({ email: uniqueTestEmail("ghost"), password: "whatever-password" }));
    const wrong = await signInWithPassword(null, form({ email: user.email, password: "wrong-password" }));
    expect(unknown).toEqual({ ok: false, message: "Email or password is incorrect.", fieldErrors: {}, values: expect.any(Object) });
    expect(wrong).toMatchObject({ ok: false, message: "Email or password is incorrect." });
  });

  it("tells a deactivated user so (only with the right password)", async () => {
    const user = await createTestUser({ active: false });
    expect(await signInWithPassword(null, form({ email: user.email, password: FIXTURE_PASSWORD }))).toMatchObject({
      ok: false,
      message: "This account is deactivated. Ask an admin to reactivate it.",
    });
  });

  it("after five failures says how long to wait", async () => {
    const user = await createTestUser();
    for (let i = 0; i < 4; i++) await signInWithPassword(null, form({ email: user.email, password: "wrong-password" }));
    const fifth = await signInWithPassword(null, form({ email: user.email, password: "wrong-password" }));
    expect(fifth).toMatchObject({ ok: false, message: "Too many failed attempts. Wait 30 seconds and try again." });
    const sixth = await signInWithPassword(null, form({ email: user.email, password: FIXTURE_PASSWORD }));
    expect(sixth).toMatchObject({ ok: false, message: expect.stringMatching(/^Too many failed attempts\. Wait \d+ seconds/) });
  });

  it("redirects to a same-origin callbackUrl, or /incidents for anything else", async () => {
    const user = await createTestUser();
    const ok = (callbackUrl?: string) =>
      signInWithPassword(null, form({ email: user.email, password: FIXTURE_PASSWORD, ...(callbackUrl === undefined ? {} : { callbackUrl }) }));
    expect(await redirectTarget(ok("/incidents/INC-7?tab=review"))).toBe("/incidents/INC-7?tab=review");
    expect(await redirectTarget(ok("https://evil.example/phish"))).toBe("/incidents");
    expect(await redirectTarget(ok())).toBe("/incidents");
    expect(signIn).toHaveBeenCalledWith("credentials", { email: user.email, password: FIXTURE_PASSWORD, redirect: false });
  });

  it("marks the browser as known to the account after a successful sign-in, and only then", async () => {
    vi.stubEnv("AUTH_SECRET", "test-secret-for-known-devices");
    cookieJar.set.mockClear();
    const user = await createTestUser();
    await signInWithPassword(null, form({ email: user.email, password: "wrong-password" }));
    expect(cookieJar.set).not.toHaveBeenCalled();
    await redirectTarget(signInWithPassword(null, form({ email: user.email, password: FIXTURE_PASSWORD })));
    expect(cookieJar.set).toHaveBeenCalledWith(
      "hindsight-known-device",
      expect.stringMatching(/^\d+\.[\w-]{43}$/),
      expect.objectContaining({ httpOnly: true, sameSite: "lax" }),
    );
    vi.unstubAllEnvs();
  });
});

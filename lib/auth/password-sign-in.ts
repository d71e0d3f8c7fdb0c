// Checking an email + password. Used by the Credentials provider's `authorize`, so the login form's server action
// and a direct POST to /api/auth/callback/credentials meet the same rules and the same throttle.
// The class next-auth re-exports; imported from its source so this module also loads outside Next (tests, CLI),
// where next-auth's ESM build cannot resolve `next/server`.
import "server-only";
import { CredentialsSignin } from "@auth/core/errors";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import type { ActorUser } from "@/lib/auth/actor";
import { burnPasswordCheck, PASSWORD_MAX_LENGTH, verifyPassword } from "@/lib/auth/password";
import { clientAddress } from "@/lib/auth/client-address";
import { knownDeviceKey } from "@/lib/auth/known-device";
import { SignInThrottle, signInThrottle } from "@/lib/auth/sign-in-throttle";
import { emailSchema } from "@/lib/users/schema";
import { findUserForSignIn } from "@/lib/users/queries";

export const passwordSignInInput = z.object({
  email: emailSchema,
  // No minimum beyond "present": old or generated passwords must keep working even if the rule changes.
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(PASSWORD_MAX_LENGTH, "Email or password is incorrect."),
});

export type PasswordSignInResult =
  | { ok: true; user: ActorUser & { sessionVersion: number } }
  | { ok: false; reason: "invalid" | "deactivated" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * Carries why a password sign-in was refused to the login action: "invalid", "deactivated" or "throttled", and for
 * "throttled" how many seconds are left (Auth.js hands the login action this very error object).
 */
export class PasswordSignInError extends CredentialsSignin {
  constructor(
    code: PasswordSignInRefusal,
    readonly retryAfterSeconds?: number,
  ) {
    super(code);
    this.code = code;
  }
}

export type PasswordSignInRefusal = "invalid" | "deactivated" | "throttled";

/** The Credentials provider's `authorize`: the user to put in the session, or a PasswordSignInError. */
export async function authorizePassword(
  raw: Partial<Record<string, unknown>>,
  request: Request,
): Promise<{ id: string; email: string; name: string; sessionVersion: number }> {
  const parsed = passwordSignInInput.safeParse(raw);
  if (!parsed.success) throw new PasswordSignInError("invalid");
  const device = knownDeviceKey(request.headers.get("cookie"), parsed.data.email);
  const result = await checkPasswordSignIn({ ...parsed.data, address: clientAddress(request.headers), device });
  if (!result.ok) throw new PasswordSignInError(result.reason, result.reason === "throttled" ? result.retryAfterSeconds : undefined);
  return { id: result.user.id, email: result.user.email, name: result.user.name, sessionVersion: result.user.sessionVersion };
}

export function throttledMessage(retryAfterSeconds: number): string {
  return `Too many failed attempts. Wait ${retryAfterSeconds} seconds and try again.`;
}

/**
 * Unknown email and wrong password take the same time and give the same answer, throttling included: an unknown
 * email is counted and made to wait exactly like a known one. "Deactivated" is only said to someone who knows the
 * password. `address` is the client's (lib/auth/client-address.ts), null when unknown: then only the account counts.
 * `device` is the browser's own throttle key when it has signed in to this account before (lib/auth/known-device.ts).
 */
export async function checkPasswordSignIn(
  credentials: { email: string; password: string; address: string | null; device?: string | null },
  throttle: SignInThrottle = signInThrottle(),
): Promise<PasswordSignInResult> {
  const keys = SignInThrottle.keys(credentials.email, credentials.address, credentials.device ?? null);
  const waitMs = await throttle.retryAfterMs(keys);
  if (waitMs > 0) return { ok: false, reason: "throttled", retryAfterSeconds: Math.ceil(waitMs / 1000) };

  const user = await findUserForSignIn(credentials.email);
  const passwordOk = user?.passwordHash ? await verifyPassword(user.passwordHash, credentials.password) : await burnPasswordCheck(credentials.password);

  if (!user || !passwordOk) {
    const nowBlockedMs = await throttle.recordFailure(keys);
    if (nowBlockedMs > 0) return { ok: false, reason: "throttled", retryAfterSeconds: Math.ceil(nowBlockedMs / 1000) };
    return { ok: false, reason: "invalid" };
  }
  await throttle.recordSuccess(keys);
  if (!user.active) return { ok: false, reason: "deactivated" };

  await recordSignIn(user.id);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role, timeZone: user.timeZone, sessionVersion: user.sessionVersion } };
}

/** Bookkeeping, like a token's lastUsedAt: not a change anyone made, so not audited. */
export async function recordSignIn(userId: string): Promise<void> {
  await getDb().user.update({ where: { id: userId }, data: { lastSignInAt: new Date() } });
}

// "This browser has signed in to this account before": what lets the account's owner in while someone else keeps the
// account's sign-in throttle running (lib/auth/sign-in-throttle.ts).
//
// The per-account count can be driven by anyone who knows the email; one failure every 15 minutes would keep its
// wait running forever. So a successful password sign-in leaves a cookie proving it (an HMAC of the email and the
// time, under AUTH_SECRET; the email itself is not in it), and a later attempt for that email from that browser is
// counted under the device instead of the account: a guesser elsewhere does not hold it up, and a stolen copy of the
// cookie earns its own five tries and waits, no more. This is the "device cookie" defence from OWASP's
// authentication guidance. The per-address count still applies.
import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

export const KNOWN_DEVICE_COOKIE = "hindsight-known-device";
export const KNOWN_DEVICE_MAX_AGE_SECONDS = 180 * 24 * 60 * 60;

function signature(secret: string, email: string, issuedAt: number): string {
  return createHmac("sha256", secret).update(`known-device|${email.trim().toLowerCase()}|${issuedAt}`).digest("base64url");
}

/** The cookie value for a browser that has just signed in as `email`; null when there is no AUTH_SECRET to sign with. */
export function knownDeviceToken(email: string, now: number = Date.now(), secret = env().AUTH_SECRET): string | null {
  if (!secret) return null;
  const issuedAt = Math.floor(now / 1000);
  return `${issuedAt}.${signature(secret, email, issuedAt)}`;
}

/**
 * The device's own throttle key when the request's cookie header proves an earlier sign-in as `email` (within the
 * cookie's lifetime); null otherwise.
 */
export function knownDeviceKey(cookieHeader: string | null, email: string, now: number = Date.now(), secret = env().AUTH_SECRET): string | null {
  if (!secret || !cookieHeader) return null;
  const value = cookieHeader
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${KNOWN_DEVICE_COOKIE}=`))
    ?.slice(KNOWN_DEVICE_COOKIE.length + 1);
  const match = value ? /^(\d{1,12})\.([\w-]{43})$/.exec(value) : null;
  if (!match) return null;
  const issuedAt = Number(match[1]);
  if (issuedAt * 1000 > now + 60_000 || now - issuedAt * 1000 > KNOWN_DEVICE_MAX_AGE_SECONDS * 1000) return null;
  const given = Buffer.from(match[2]!);
  const expected = Buffer.from(signature(secret, email, issuedAt));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return `device:${match[2]!.slice(0, 22)}`;
}

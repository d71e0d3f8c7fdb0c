// Secrets Hindsight generates for an integration: `hsi_` + 32 random bytes (base64url). Only their SHA-256 is stored
// when Hindsight just compares them (a bearer secret); a fast hash is right for 256 bits of entropy. Comparisons of
// presented values are in constant time.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const INTEGRATION_SECRET_PREFIX = "hsi_";

export function generateIntegrationSecret(): string {
  return `${INTEGRATION_SECRET_PREFIX}${randomBytes(32).toString("base64url")}`;
}

export function hashIntegrationSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Constant-time equality of two strings (false, without a timing signal on content, when their lengths differ). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/** HMAC-SHA256 of the raw body, hex: what PagerDuty (`v1=`), GitHub and Jira (`sha256=`) sign with. */
export function hmacSha256Hex(secret: string, body: string | Uint8Array): string {
  return createHmac("sha256", secret).update(body).digest("hex");
}

/** The bearer credential of an `Authorization: Bearer <secret>` header, or null. */
export function bearerSecret(request: Request): string | null {
  const header = request.headers.get("authorization");
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}

// API token format: `hst_` + 32 random bytes in base64url (43 characters). The `hst_` prefix lets secret scanners
// and people recognise a Hindsight token. Only the SHA-256 of the whole string is stored; a fast hash is right here
// because the secret has 256 bits of entropy (nothing to brute-force), and lookup by hash stays an index hit.
import { createHash, randomBytes } from "node:crypto";

export const TOKEN_PREFIX = "hst_";
const TOKEN_PATTERN = /^hst_[A-Za-z0-9_-]{43}$/;
/** How many characters of the random part are kept in clear so a user can tell their tokens apart. */
export const TOKEN_DISPLAY_PREFIX_LENGTH = 8;

export type GeneratedToken = { plaintext: string; tokenHash: string; prefix: string };

export function generateApiToken(): GeneratedToken {
  const plaintext = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { plaintext, tokenHash: hashApiToken(plaintext), prefix: displayPrefix(plaintext) };
}

export function hashApiToken(plaintext: string): string {
  return createHash("sha256").update(plaintext, "utf8").digest("hex");
}

export function looksLikeApiToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

/** The first 8 characters after `hst_`; show it as `hst_<prefix>…`. */
export function displayPrefix(plaintext: string): string {
  return plaintext.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + TOKEN_DISPLAY_PREFIX_LENGTH);
}

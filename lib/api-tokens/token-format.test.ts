import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { displayPrefix, generateApiToken, hashApiToken, looksLikeApiToken } from "@/lib/api-tokens/token-format";

describe("API token format", () => {
  it("is hst_ followed by 32 random bytes in base64url", () => {
    const { plaintext } = generateApiToken();
    expect(plaintext).toMatch(/^hst_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(plaintext.slice(4), "base64url")).toHaveLength(32);
    expect(looksLikeApiToken(plaintext)).toBe(true);
  });

  it("stores the SHA-256 hex of the whole token, never the token", () => {
    const { plaintext, tokenHash } = generateApiToken();
    expect(tokenHash).toBe(createHash("sha256").update(plaintext).digest("hex"));
    expect(hashApiToken(plaintext)).toBe(tokenHash);
    expect(tokenHash).not.toContain(plaintext.slice(4));
  });

  it("keeps an 8-character prefix of the random part for recognition", () => {
    const { plaintext, prefix } = generateApiToken();
    expect(prefix).toHaveLength(8);
    expect(plaintext.startsWith(`hst_${prefix}`)).toBe(true);
    expect(displayPrefix(plaintext)).toBe(prefix);
  });

  it("never repeats", () => {
    const seen = new Set(Array.from({ length: 200 }, () => generateApiToken().plaintext));
    expect(seen.size).toBe(200);
  });

  it("rejects strings that are not tokens before any database lookup", () => {
    for (const value of ["", "hst_", "hst_short", `ghp_${"a".repeat(43)}`, `hst_${"a".repeat(42)}!`, `hst_${"a".repeat(44)}`]) {
      expect(looksLikeApiToken(value)).toBe(false);
    }
  });
});

// Secrets Hindsight must use again (a signing secret to check HMACs with, a tracker's API token, a chat webhook URL)
// are sealed before they are stored: AES-256-GCM under a key derived (HKDF-SHA256) from AUTH_SECRET, a fresh 12-byte
// IV per value, the integration id as associated data (a sealed value copied onto another row does not open). Stored
// as `v1.<iv>.<tag>.<ciphertext>` in base64url. A database dump alone gives none of them away.
import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

const VERSION = "v1";
const IV_BYTES = 12;
// Node's GCM decipher accepts a tag cut down to 4 bytes unless told its length: a forger would need 2^32 tries, not
// 2^128. Both the length given to createDecipheriv and the check on the stored tag hold it at the full 16 bytes.
const TAG_BYTES = 16;
const INFO = "hindsight integration secrets v1";

export class SealedSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SealedSecretError";
  }
}

function keyFrom(secret: string | undefined): Buffer {
  if (!secret) throw new SealedSecretError("AUTH_SECRET is not set: integration secrets cannot be sealed or opened without it.");
  return Buffer.from(hkdfSync("sha256", secret, "", INFO, 32));
}

export function seal(value: unknown, associatedData: string, secret = env().AUTH_SECRET): string {
  const key = keyFrom(secret);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

/** The sealed value; throws SealedSecretError when it was sealed under another AUTH_SECRET or for another row. */
export function unseal<T = unknown>(sealed: string, associatedData: string, secret = env().AUTH_SECRET): T {
  const parts = sealed.split(".");
  const [version, ivText, tagText, ciphertext] = parts;
  const iv = Buffer.from(ivText ?? "", "base64url");
  const tag = Buffer.from(tagText ?? "", "base64url");
  if (parts.length !== 4 || version !== VERSION || iv.length !== IV_BYTES || tag.length !== TAG_BYTES || ciphertext === undefined)
    throw new SealedSecretError("The stored secret is not in a format this version reads.");
  const key = keyFrom(secret);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(associatedData, "utf8"));
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
    return JSON.parse(plain) as T;
  } catch {
    throw new SealedSecretError("The stored secret cannot be opened: AUTH_SECRET changed since it was saved. Enter the secret again.");
  }
}

// Password hashing. argon2id with the OWASP baseline (19 MiB, 2 passes, 1 lane): about 30-60 ms per hash on a
// small server, cheap enough for a sign-in form, costly enough for an offline guesser. The parameters are stored in
// each PHC string, so raising them later still verifies old hashes.
import { randomBytes } from "node:crypto";
import { hash, verify, type Algorithm, type Options } from "@node-rs/argon2";

export const PASSWORD_MIN_LENGTH = 12;
/** argon2 hashes any length, but a megabyte "password" is a cheap way to burn our CPU. */
export const PASSWORD_MAX_LENGTH = 256;

// `Algorithm` is an ambient const enum, which isolatedModules cannot read: 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

export const ARGON2_OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** False (never a throw) for a wrong password or a hash that is not argon2. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as checking a real password, for unknown emails and users without a password, so response
 * time does not tell an attacker which emails have accounts.
 */
export async function burnPasswordCheck(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString("base64url"));
  await verifyPassword(await dummyHash, password);
  return false;
}

/** A random password a person can still type: 20 characters of base64url (about 120 bits). */
export function generatePassword(): string {
  return randomBytes(15).toString("base64url");
}

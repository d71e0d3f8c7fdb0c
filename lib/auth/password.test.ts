import { parseOptions } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import { burnPasswordCheck, generatePassword, hashPassword, PASSWORD_MIN_LENGTH, verifyPassword } from "@/lib/auth/password";

describe("password hashing", () => {
  it("hashes with argon2id at the OWASP baseline parameters", async () => {
    const hashed = await hashPassword("correct horse battery staple");
    expect(hashed.startsWith("$argon2id$v=19$")).toBe(true);
    const options = parseOptions(hashed);
    expect(options).toMatchObject({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  });

  it("verifies the right password and rejects a wrong one", async () => {
    const hashed = await hashPassword("correct horse battery staple");
    expect(await verifyPassword(hashed, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(hashed, "correct horse battery stapler")).toBe(false);
  });

  it("salts: the same password hashes differently each time", async () => {
    expect(await hashPassword("same password here")).not.toEqual(await hashPassword("same password here"));
  });

  it("answers false rather than throwing for a hash that is not argon2", async () => {
    expect(await verifyPassword("not-a-hash", "whatever")).toBe(false);
    expect(await verifyPassword("", "whatever")).toBe(false);
  });

  it("burns a comparable amount of time for unknown users and always says no", async () => {
    expect(await burnPasswordCheck("anything")).toBe(false);
  });

  it("generates random passwords long enough for the password rule", () => {
    const a = generatePassword();
    expect(a.length).toBeGreaterThanOrEqual(PASSWORD_MIN_LENGTH);
    expect(a).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(generatePassword()).not.toEqual(a);
  });
});

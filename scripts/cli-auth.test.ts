import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { verifyPassword } from "@/lib/auth/password";
import { authenticateToken } from "@/lib/api-tokens/authenticate";
import { createTestUser, uniqueTestEmail } from "@/lib/users/test-fixtures";
import { tokenCreateCommand } from "@/scripts/token-create";
import { userCreateCommand } from "@/scripts/user-create";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) }, out, err };
}

describe("npm run user:create", () => {
  it("creates a user with a generated password, printed once, audited as SYSTEM", async () => {
    const email = uniqueTestEmail("cli");
    const { io, out } = capture();
    expect(await userCreateCommand(["--email", email, "--role", "manager"], io)).toBe(0);
    const password = /Password \(shown only now\): (\S+)/.exec(out.join("\n"))?.[1];
    const user = await getDb().user.findUniqueOrThrow({ where: { email } });
    expect(user.role).toBe("MANAGER");
    expect(await verifyPassword(user.passwordHash!, password!)).toBe(true);
    const audit = await getDb().auditEvent.findMany({ where: { entityId: user.id } });
    expect(audit.map((row) => [row.action, row.actorType, row.meta])).toEqual([
      ["user.create", "SYSTEM", { source: "cli:user-create", passwordGenerated: true }],
    ]);
  });

  it("explains a bad role, a bad email, a short password and an existing user", async () => {
    const existing = await createTestUser();
    const cases: [string[], number, RegExp][] = [
      [["--email", uniqueTestEmail(), "--role", "owner"], 2, /Unknown role "owner"\. Use one of: VIEWER, SRE, MANAGER, ADMIN/],
      [["--email", "not-an-email", "--role", "SRE"], 1, /--email: Enter a valid email address/],
      [["--email", uniqueTestEmail(), "--role", "SRE", "--password", "short"], 1, /--password: Use at least 12 characters/],
      [["--email", existing.email, "--role", "SRE"], 1, /already exists/],
      [["--role", "SRE"], 2, /--email and --role are required/],
      [["--email", "x@example.test", "--role", "SRE", "--bogus"], 2, /Unknown option '--bogus'/],
    ];
    for (const [argv, code, message] of cases) {
      const { io, err } = capture();
      expect(await userCreateCommand(argv, io)).toBe(code);
      expect(err.join("\n")).toMatch(message);
    }
  });
});

describe("npm run token:create", () => {
  it("prints only the token on stdout, and the token works", async () => {
    const user = await createTestUser({ role: "SRE" });
    const { io, out, err } = capture();
    expect(await tokenCreateCommand(["--email", user.email, "--name", "deploy bot"], io)).toBe(0);
    expect(out).toHaveLength(1);
    expect(err.join("\n")).toMatch(/not shown again/);
    expect(await authenticateToken(out[0]!)).toMatchObject({ user: { id: user.id } });
  });

  it("refuses an unknown or deactivated user", async () => {
    const unknown = capture();
    expect(await tokenCreateCommand(["--email", uniqueTestEmail("nobody"), "--name", "x"], unknown.io)).toBe(1);
    expect(unknown.err.join("\n")).toMatch(/There is no user with the email/);
    const inactive = await createTestUser({ active: false });
    const deactivated = capture();
    expect(await tokenCreateCommand(["--email", inactive.email, "--name", "x"], deactivated.io)).toBe(1);
    expect(deactivated.err.join("\n")).toMatch(/deactivated/);
  });
});

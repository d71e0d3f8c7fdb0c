// Prepared statements: a query the app runs again on a connection is not parsed and planned again, and an operator
// behind a pooler that cannot keep them (PgBouncer in transaction mode before 1.21) can turn them off.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { statementNamer } from "@/lib/db/statement-names";

afterEach(() => vi.unstubAllEnvs());

describe("statementNamer", () => {
  it("gives one text one name, another text another, and runs texts unnamed past its bound", () => {
    const name = statementNamer(2);
    const users = name({ sql: `SELECT "id" FROM "User" WHERE "id" = $1` });
    expect(users).toMatch(/^h_[\w-]{32}$/);
    expect(name({ sql: `SELECT "id" FROM "User" WHERE "id" = $1` })).toBe(users);
    const incidents = name({ sql: `SELECT "id" FROM "Incident" WHERE "id" = $1` });
    expect(incidents).not.toBe(users);
    expect(name({ sql: `SELECT "id" FROM "Incident" WHERE "id" IN ($1, $2)` })).toBe("");
    expect(name({ sql: `SELECT "id" FROM "User" WHERE "id" = $1` })).toBe(users);
  });
});

/** The statements prepared on the one connection of a client made as the app makes it, after reading users twice. */
async function preparedAfterTwoReads(options: { embedded?: boolean } = {}): Promise<string[]> {
  vi.stubEnv("DATABASE_POOL_MAX", "1");
  const db = createPrismaClient(process.env.DATABASE_URL!, { embedded: options.embedded ?? false });
  try {
    for (let run = 0; run < 2; run++) await db.user.findMany({ where: { email: "nobody@example.com" }, select: { id: true } });
    const rows = await db.$queryRaw<{ statement: string }[]>`SELECT statement FROM pg_prepared_statements`;
    return rows.map((row) => row.statement);
  } finally {
    await db.$disconnect();
  }
}

describe("the app's database client", () => {
  it("prepares its queries on the server, once per connection", async () => {
    const prepared = await preparedAfterTwoReads();
    expect(prepared.filter((statement) => statement.includes(`FROM "public"."User"`))).toHaveLength(1);
  });

  it("prepares nothing with DATABASE_PREPARED_STATEMENTS=off, nor on the embedded database", async () => {
    vi.stubEnv("DATABASE_PREPARED_STATEMENTS", "off");
    expect(await preparedAfterTwoReads()).toEqual([]);
    vi.stubEnv("DATABASE_PREPARED_STATEMENTS", "on");
    expect(await preparedAfterTwoReads({ embedded: true })).toEqual([]);
  });

  it("refuses a value it cannot read as on or off, naming the variable", async () => {
    vi.stubEnv("DATABASE_PREPARED_STATEMENTS", "sometimes");
    expect(() => createPrismaClient(process.env.DATABASE_URL!, { embedded: false })).toThrow(/DATABASE_PREPARED_STATEMENTS/);
  });
});

// What `npm run test:e2e` (and `npm test`) say when their PostgreSQL cannot be used: real connection attempts.
import { createServer, type AddressInfo } from "node:net";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { testDatabaseProblem } from "@/test/helpers/test-database-problem";

async function connectionError(url: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    return error;
  } finally {
    await client.end().catch(() => {});
  }
  throw new Error(`${url} took the connection`);
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("a test run without a usable PostgreSQL", () => {
  it("says what it needs, where it looked and how to start one, instead of a bare ECONNREFUSED", async () => {
    const url = `postgresql://postgres:secret@127.0.0.1:${await closedPort()}/postgres`;
    const message = testDatabaseProblem("npm run test:e2e", url, await connectionError(url));
    expect(message).toContain("npm run test:e2e needs a PostgreSQL server (14 or later), and nothing answered at postgresql://postgres:***@127.0.0.1:");
    expect(message).toContain("(ECONNREFUSED)");
    expect(message).toContain("Set TEST_DATABASE_URL");
    expect(message).toContain("docker run");
    expect(message).not.toContain("secret");
  });

  it("passes on what went wrong when something answered but would not serve", async () => {
    // a server that takes the connection and hangs up at once, as a proxy in front of a stopped database does
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `postgresql://postgres@127.0.0.1:${(server.address() as AddressInfo).port}/postgres`;
    try {
      const message = testDatabaseProblem("npm test", url, await connectionError(url));
      expect(message).toMatch(/^npm test could not use the PostgreSQL server at postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres: Connection terminated/);
      expect(message).toContain("must be allowed to create databases");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

// Database helpers for tests. The run's database is created and migrated by test/global-setup.ts; test/setup-db.ts
// points each test file's process at it, so `getDb()` just works.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { getDb } from "@/lib/db/client";

/** The run's freshly migrated database, through the app's own client. */
export function testDb() {
  return getDb();
}

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
}

/** True when the run fell back to PGlite: one connection, no CREATE DATABASE for scratch databases. */
export function usingEmbeddedDatabase(): boolean {
  return process.env.HINDSIGHT_EMBEDDED_DB === "1";
}

export const adminUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/**
 * An empty database on the test server (not the embedded fallback), with a `drop()` to call when done; with `template`,
 * a copy of that database instead (PostgreSQL copies it file by file: much faster than migrating again).
 */
export async function createScratchDatabase(prefix = "hindsight_test", template?: string): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  // The pid lets a later run recognise databases left behind by a killed run (see dropAbandonedDatabases).
  const name = `${prefix}_${process.pid}_${randomUUID().slice(0, 8)}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => dropDatabase(name) };
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin(async (admin) => {
    // A client that was not closed (a crashed test) would make DROP DATABASE fail.
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]);
    await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
  });
}

async function withAdmin<T>(fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2_000 });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

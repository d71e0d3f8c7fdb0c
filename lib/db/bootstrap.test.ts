import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prepareDatabase, withDatabase } from "@/lib/db/bootstrap";
import { getDb } from "@/lib/db/client";
import { createScratchDatabase, usingEmbeddedDatabase } from "@/test/helpers/db";

const localMigrations = fs.existsSync("prisma/migrations")
  ? fs
      .readdirSync("prisma/migrations", { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
  : [];

// prepareDatabase reads and sets these; each test starts from the run's values and gets them back afterwards.
const savedEnv = { ...process.env };
beforeEach(() => {
  delete process.env.HINDSIGHT_DATA_DIR;
});
afterEach(() => {
  for (const key of ["DATABASE_URL", "HINDSIGHT_EMBEDDED_DB", "HINDSIGHT_DATA_DIR"]) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

describe.skipIf(usingEmbeddedDatabase())("prepareDatabase with DATABASE_URL", () => {
  it("lets two instances starting at once both migrate a fresh database, each migration recorded once", async () => {
    const scratch = await createScratchDatabase();
    try {
      process.env.DATABASE_URL = scratch.url;
      delete process.env.HINDSIGHT_EMBEDDED_DB;
      const logs: string[][] = [[], []];
      const [first, second] = await Promise.all(logs.map((lines) => prepareDatabase({ log: (line) => lines.push(line) })));
      expect(first).toMatchObject({ url: scratch.url, embedded: false, isNew: false });
      expect(second.embedded).toBe(false);
      // One instance applied everything, the other waited for the lock and found nothing left to apply.
      const applied = logs.map((lines) => lines.filter((line) => line.startsWith("Applied ")));
      expect(applied.flat().sort()).toEqual(localMigrations.map((name) => `Applied ${name}`).sort());

      const client = new pg.Client(scratch.url);
      await client.connect();
      const { rows } = await client
        .query<{ migration_name: string; records: number }>(
          `SELECT migration_name, count(*)::int AS records FROM _prisma_migrations
           WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL GROUP BY migration_name`,
        )
        .finally(() => client.end());
      expect(rows.every((row) => row.records === 1)).toBe(true);
      expect(rows.map((row) => row.migration_name)).toEqual(expect.arrayContaining(localMigrations));
    } finally {
      await scratch.drop();
    }
  });
});

describe("prepareDatabase without DATABASE_URL", () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hindsight-bootstrap-"));
    process.env.HINDSIGHT_DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    delete process.env.HINDSIGHT_EMBEDDED_DB;
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("starts the embedded database under HINDSIGHT_DATA_DIR, migrates it and points getDb() at it", async () => {
    const database = await prepareDatabase();
    try {
      expect(database).toMatchObject({ embedded: true, isNew: true });
      expect(process.env.DATABASE_URL).toBe(database.url);
      expect(process.env.HINDSIGHT_EMBEDDED_DB).toBe("1");
      expect(fs.existsSync(path.join(dataDir, "postgres", "PG_VERSION"))).toBe(true);
      expect(await recordedMigrations()).toEqual(expect.arrayContaining(localMigrations));
      expect(await prepareDatabase()).toBe(database); // one embedded database per process
    } finally {
      await database.close();
    }
    expect(process.env.DATABASE_URL).toBeUndefined();

    // Second start: same data, not new, nothing applied twice; withDatabase closes it again, lock file included.
    const recorded = await withDatabase(
      async () => {
        expect((await prepareDatabase()).isNew).toBe(false);
        return recordedMigrations();
      },
      { log: () => {} },
    );
    expect(recorded).toEqual([...new Set(recorded)]);
    expect(recorded).toEqual(expect.arrayContaining(localMigrations));
    expect(fs.existsSync(path.join(dataDir, "postgres.lock"))).toBe(false);
    expect(process.env.DATABASE_URL).toBeUndefined();
    // two cold starts of PGlite plus the migrations: seconds when idle, far more on a busy 2-core machine
  }, 120_000);
});

async function recordedMigrations(): Promise<string[]> {
  const rows = await getDb().$queryRawUnsafe<{ migration_name: string }[]>("SELECT migration_name FROM _prisma_migrations");
  return rows.map((row) => row.migration_name);
}

// The offline migration runner against a real PostgreSQL (TEST_DATABASE_URL): every test database is created here
// and dropped in afterAll, failed runs included. The embedded fallback cannot create databases: skipped there.
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  diffSchemaAgainstDatabase,
  migrateDeploy,
  migrateDev,
  migrationSlug,
  migrationStatus,
  parseDatabaseUrl,
  type PgConnection,
} from "@/lib/db/migrate";
import { decodeFloat64 } from "@/lib/metrics/encode";
import { createScratchDatabase, usingEmbeddedDatabase } from "@/test/helpers/db";

const migrationsDir = path.resolve("prisma/migrations");

/** Series as stored before segments: fractional and negative epoch milliseconds test the migration's float decoding. */
const legacySeries = {
  long: {
    timestamps: Array.from({ length: 150_000 }, (_, i) => 1_710_252_000_123.456 + i * 1_000.5),
    values: Array.from({ length: 150_000 }, (_, i) => (i % 1_000 === 0 ? Number.NaN : i / 7)),
  },
  old: { timestamps: [-86_400_000.5, -1, 0], values: [1, Infinity, -2] },
};
const localMigrations = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  await Promise.allSettled(cleanups.map((cleanup) => cleanup()));
});

async function freshDatabase(): Promise<PgConnection> {
  const database = await createScratchDatabase("hindsight_test_migrate");
  cleanups.push(() => database.drop());
  return parseDatabaseUrl(database.url);
}

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hindsight-migrate-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A copy of prisma/migrations to edit freely. */
function copyOfMigrations(): string {
  const dir = path.join(tempDir(), "migrations");
  cpSync(migrationsDir, dir, { recursive: true });
  return dir;
}

/** A copy of schema.prisma with a new optional column on Service. */
function schemaWithNewColumn(): string {
  const schemaPath = path.join(tempDir(), "schema.prisma");
  const schema = readFileSync("prisma/schema.prisma", "utf8");
  expect(schema).toContain("model Service {");
  writeFileSync(schemaPath, schema.replace("model Service {", "model Service {\n  color String?"));
  return schemaPath;
}

async function query<Row extends pg.QueryResultRow>(conn: PgConnection, sql: string): Promise<Row[]> {
  const client = new pg.Client(conn);
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}

type MigrationRow = { migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number; logs: string | null };
const migrationRows = (conn: PgConnection) =>
  query<MigrationRow>(conn, "SELECT migration_name, checksum, finished_at, applied_steps_count, logs FROM _prisma_migrations ORDER BY migration_name");

const shadowDatabases = async (conn: PgConnection) =>
  (await query<{ datname: string }>(conn, "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'")).map((row) => row.datname);

describe("parseDatabaseUrl", () => {
  it("reads each part of a URL, decoding user and password", () => {
    expect(parseDatabaseUrl("postgresql://app%40x:p%2Fss@db.example:6543/hind%20sight")).toEqual({
      host: "db.example",
      port: 6543,
      user: "app@x",
      password: "p/ss",
      database: "hind sight",
    });
  });

  it("defaults the port to 5432 and leaves the password out when there is none", () => {
    expect(parseDatabaseUrl("postgres://postgres@127.0.0.1/postgres")).toEqual({ host: "127.0.0.1", port: 5432, user: "postgres", database: "postgres" });
  });

  it("refuses URLs that are not PostgreSQL and parameters it would silently ignore", () => {
    expect(() => parseDatabaseUrl("mysql://root@localhost/db")).toThrow(/PostgreSQL/);
    expect(() => parseDatabaseUrl("postgresql://u@h/db?schema=other")).toThrow(/schema/);
  });
});

describe("migrationSlug", () => {
  it("names migrations as Prisma does", () => {
    expect(migrationSlug("init")).toBe("init");
    expect(migrationSlug("Add serviceColor")).toBe("add_service_color");
    expect(migrationSlug("  drop: Légacy tables! ")).toBe("drop_legacy_tables");
  });
});

describe.skipIf(usingEmbeddedDatabase())("migrations on PostgreSQL", () => {
  it("has migrations committed, with Prisma's lock file", () => {
    expect(localMigrations.length).toBeGreaterThan(0);
    for (const name of localMigrations) expect(name).toMatch(/^\d{14}_[a-z0-9_]+$/);
    expect(readFileSync(path.join(migrationsDir, "migration_lock.toml"), "utf8")).toBe(
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    );
  });

  describe("a freshly deployed database", () => {
    let conn: PgConnection;
    let firstDeploy: { applied: string[] };
    beforeAll(async () => {
      conn = await freshDatabase();
      firstDeploy = await migrateDeploy(conn);
    });

    it("gets every local migration, in order", () => {
      expect(firstDeploy.applied).toEqual(localMigrations);
    });

    it("records each migration once, finished, with the sha256 of its migration.sql", async () => {
      const rows = await migrationRows(conn);
      expect(rows.map((row) => row.migration_name)).toEqual(localMigrations);
      for (const row of rows) {
        const script = readFileSync(path.join(migrationsDir, row.migration_name, "migration.sql"));
        expect(row.checksum).toBe(createHash("sha256").update(script).digest("hex"));
        expect(row.finished_at).toBeInstanceOf(Date);
        expect(row.applied_steps_count).toBe(1);
        expect(row.logs).toBeNull();
      }
    });

    it("matches schema.prisma exactly: the schema and the migrations agree", async () => {
      expect(await diffSchemaAgainstDatabase(conn)).toBe("");
    });

    it("applies nothing on a second deploy", async () => {
      expect(await migrateDeploy(conn)).toEqual({ applied: [] });
      expect(await migrationRows(conn)).toHaveLength(localMigrations.length);
    });

    it("is reported up to date", async () => {
      expect(await migrationStatus(conn)).toEqual({ applied: localMigrations, pending: [], problems: [], upToDate: true });
    });

    it("reports a migration edited after it was applied", async () => {
      const edited = copyOfMigrations();
      const last = localMigrations.at(-1)!;
      writeFileSync(path.join(edited, last, "migration.sql"), "-- edited\n", { flag: "a" });
      const status = await migrationStatus(conn, { migrationsDir: edited });
      expect(status.upToDate).toBe(false);
      expect(status.problems).toEqual([expect.stringMatching(new RegExp(`^${last} was edited.*checksum`))]);
    });

    it("reports migrations applied in the database but missing locally", async () => {
      const status = await migrationStatus(conn, { migrationsDir: path.join(tempDir(), "none") });
      expect(status.upToDate).toBe(false);
      expect(status.problems).toEqual(expect.arrayContaining(localMigrations.map((name) => expect.stringContaining(`${name} is applied in the database but missing`))));
    });

    it("gives a non-empty diff for a schema change", async () => {
      const script = await diffSchemaAgainstDatabase(conn, { schemaPath: schemaWithNewColumn() });
      expect(script).toMatch(/ALTER TABLE "Service" ADD COLUMN\s+"color" TEXT/);
    });
  });

  it("lets two concurrent deploys both finish, each migration recorded once", async () => {
    const conn = await freshDatabase();
    const results = await Promise.all([migrateDeploy(conn), migrateDeploy(conn)]);
    expect(results.flatMap((result) => result.applied).sort()).toEqual(localMigrations);
    const rows = await migrationRows(conn);
    expect(rows.map((row) => row.migration_name)).toEqual(localMigrations);
    expect(rows.every((row) => row.finished_at !== null)).toBe(true);
  });

  it("waits while another run holds Prisma Migrate's lock, then applies", async () => {
    const conn = await freshDatabase();
    const otherRun = new pg.Client(conn);
    await otherRun.connect();
    try {
      await otherRun.query("SELECT pg_advisory_lock(72707369)");
      let settled = false;
      const deploy = migrateDeploy(conn).finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(settled).toBe(false);
      expect(await query(conn, "SELECT to_regclass('_prisma_migrations') AS migrations")).toEqual([{ migrations: null }]);
      await otherRun.query("SELECT pg_advisory_unlock(72707369)");
      expect((await deploy).applied).toEqual(localMigrations);
    } finally {
      await otherRun.end();
    }
  });

  it('reads catalogs with Postgres\' "char" columns: a CHECK constraint added by hand', async () => {
    const conn = await freshDatabase();
    await migrateDeploy(conn);
    // pg_constraint.contype is a "char"; adapter-pg rejects the type and the engine panicked on it as text.
    await query(conn, 'ALTER TABLE "Service" ADD CONSTRAINT "Service_name_length" CHECK (length("name") < 200)');
    expect(await diffSchemaAgainstDatabase(conn)).toBe("");
  });

  it("moves files and series stored whole before 20261127081307 into pieces and segments, byte for byte, with each segment's first and last time", async () => {
    const conn = await freshDatabase();
    const before = path.join(tempDir(), "migrations");
    cpSync(path.join(migrationsDir, "migration_lock.toml"), path.join(before, "migration_lock.toml"));
    for (const name of localMigrations.filter((name) => name < "20261127081307_attachment_chunks")) {
      cpSync(path.join(migrationsDir, name), path.join(before, name), { recursive: true });
    }
    await migrateDeploy(conn, { migrationsDir: before });
    const big = Buffer.alloc(2 * 1024 * 1024 + 10);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7) % 251;
    const client = new pg.Client(conn);
    await client.connect();
    try {
      await client.query(`INSERT INTO "Incident" ("id", "publicId", "title", "severity", "updatedAt") VALUES ('inc', 'INC-1', 'Old files', 'High', now())`);
      for (const [id, data] of [["big", big], ["small", Buffer.from("timestamp,value\n")], ["empty", Buffer.alloc(0)]] as const) {
        await client.query(`INSERT INTO "Attachment" ("id", "incidentId", "filename", "contentType", "size", "sha256", "data") VALUES ($1, 'inc', $1, 'text/csv', $2, '', $3)`, [id, data.length, data]);
      }
      for (const [id, points] of Object.entries(legacySeries)) {
        const bytes = (values: number[]) => Buffer.from(Float64Array.from(values).buffer);
        await client.query(
          `INSERT INTO "MetricSeries" ("id", "incidentId", "format", "name", "pointCount", "startAt", "endAt", "timestamps", "values") VALUES ($1, 'inc', 'generic-csv', $1, $2, now(), now(), $3, $4)`,
          [id, points.timestamps.length, bytes(points.timestamps), bytes(points.values)],
        );
      }
    } finally {
      await client.end();
    }

    await migrateDeploy(conn);
    const chunks = await query<{ attachmentId: string; index: number; data: Buffer }>(conn, `SELECT "attachmentId", "index", "data" FROM "AttachmentChunk" ORDER BY "attachmentId", "index"`);
    expect(chunks.map((chunk) => [chunk.attachmentId, chunk.index, chunk.data.length])).toEqual([
      ["big", 0, 1024 * 1024],
      ["big", 1, 1024 * 1024],
      ["big", 2, 10],
      ["small", 0, 16],
    ]);
    expect(Buffer.concat(chunks.filter((chunk) => chunk.attachmentId === "big").map((chunk) => chunk.data)).equals(big)).toBe(true);
    expect(await query(conn, `SELECT count(*)::int AS files FROM "Attachment"`)).toEqual([{ files: 3 }]);

    const segments = await query<{ seriesId: string; index: number; firstTime: number; lastTime: number; timestamps: Buffer; values: Buffer }>(
      conn,
      `SELECT "seriesId", "index", "firstTime", "lastTime", "timestamps", "values" FROM "MetricSeriesSegment" ORDER BY "seriesId", "index"`,
    );
    const long = legacySeries.long.timestamps;
    expect(segments.map((segment) => [segment.seriesId, segment.index, segment.timestamps.length / 8, segment.firstTime, segment.lastTime])).toEqual([
      ["long", 0, 65_536, long[0], long[65_535]],
      ["long", 1, 65_536, long[65_536], long[131_071]],
      ["long", 2, 18_928, long[131_072], long[149_999]],
      ["old", 0, 3, -86_400_000.5, 0],
    ]);
    for (const [id, points] of Object.entries(legacySeries)) {
      const mine = segments.filter((segment) => segment.seriesId === id);
      const decode = (parts: Buffer[]) => Array.from(decodeFloat64(Buffer.concat(parts)));
      expect(decode(mine.map((segment) => segment.timestamps))).toEqual(points.timestamps);
      expect(decode(mine.map((segment) => segment.values))).toEqual(points.values);
    }
    expect(await diffSchemaAgainstDatabase(conn)).toBe("");
  });

  it("reports every migration pending on an empty database", async () => {
    const conn = await freshDatabase();
    expect(await migrationStatus(conn)).toEqual({ applied: [], pending: localMigrations, problems: [], upToDate: false });
  });

  it("reports drift when the database was changed outside the migrations", async () => {
    const conn = await freshDatabase();
    await migrateDeploy(conn);
    await query(conn, 'ALTER TABLE "Service" ADD COLUMN "outOfBand" INTEGER');
    const status = await migrationStatus(conn);
    expect(status.upToDate).toBe(false);
    expect(status.problems).toEqual([expect.stringMatching(/drifted[\s\S]*outOfBand/)]);
  });

  it("records a failing migration as failed, refuses to go on, and reports it", async () => {
    const conn = await freshDatabase();
    const broken = copyOfMigrations();
    const name = "99990101000000_broken";
    cpSync(path.join(migrationsDir, localMigrations[0]), path.join(broken, name), { recursive: true });
    writeFileSync(path.join(broken, name, "migration.sql"), 'CREATE TABLE "Fine" (id INT);\nSELECT 1 / 0;\n');

    await expect(migrateDeploy(conn, { migrationsDir: broken })).rejects.toThrow(/division by zero/);
    // One multi-statement query, as Prisma sends it: the statement before the failure is rolled back with it.
    expect(await query(conn, `SELECT to_regclass('"Fine"') AS fine`)).toEqual([{ fine: null }]);
    const failed = (await migrationRows(conn)).find((row) => row.migration_name === name);
    expect(failed).toMatchObject({ finished_at: null, logs: expect.stringContaining("division by zero") });

    await expect(migrateDeploy(conn, { migrationsDir: broken })).rejects.toThrow(/failed/);
    const status = await migrationStatus(conn, { migrationsDir: broken });
    expect(status.problems).toEqual([expect.stringMatching(new RegExp(`^${name} failed`))]);
  });

  it("creates a migration from a schema change as Prisma does, applies it, and drops its shadow databases", async () => {
    const conn = await freshDatabase();
    const shadowsBefore = await shadowDatabases(conn);
    const migrations = copyOfMigrations();
    const schemaPath = schemaWithNewColumn();
    const log: string[] = [];

    const { created, applied } = await migrateDev(conn, "Add serviceColor", { migrationsDir: migrations, schemaPath, log: (line) => log.push(line) });

    expect(created).toMatch(/^\d{14}_add_service_color$/);
    expect(applied).toEqual([...localMigrations, created]);
    const script = readFileSync(path.join(migrations, created!, "migration.sql"), "utf8");
    expect(script).toBe('-- AlterTable\nALTER TABLE "Service" ADD COLUMN     "color" TEXT;\n');
    expect(readFileSync(path.join(migrations, "migration_lock.toml"), "utf8")).toContain('provider = "postgresql"');
    expect(log).toContain(`Applied ${created}`);
    expect(await diffSchemaAgainstDatabase(conn, { schemaPath })).toBe("");
    expect(await migrateDev(conn, "again", { migrationsDir: migrations, schemaPath })).toEqual({ created: null, applied: [] });
    expect((await shadowDatabases(conn)).filter((name) => !shadowsBefore.includes(name))).toEqual([]);
  });
});

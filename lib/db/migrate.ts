// Prisma Migrate without the Prisma CLI's downloaded engine: the same commands (deploy, dev, status, diff) driven
// through the WebAssembly schema engine, writing the same files and `_prisma_migrations` rows, so that
// `prisma migrate deploy` (for users with internet access) and this runner can take turns on one database.
// The call order of each command follows the Prisma 7.10 CLI (node_modules/prisma/build/cli.js).
import "server-only";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { MigrationList, SchemaEngine, SchemaFilter, SchemasContainer } from "@prisma/schema-engine-wasm";
import { withSchemaEngine, type PgConnection } from "@/lib/db/schema-engine";

export type { PgConnection } from "@/lib/db/schema-engine";

type Log = (line: string) => void;

const noFilter: SchemaFilter = { externalTables: [], externalEnums: [] };
const lockFileName = "migration_lock.toml";

// "The database the engine is connected to": the engine needs a schema only to learn the provider; the
// connection itself comes from the driver adapter.
const liveDatabase: SchemasContainer = {
  files: [{ path: "datasource.prisma", content: 'datasource db {\n  provider = "postgresql"\n}\n' }],
};

const defaultMigrationsDir = () => path.resolve(process.cwd(), "prisma/migrations");
const defaultSchemaPath = () => path.resolve(process.cwd(), "prisma/schema.prisma");

/** postgres[ql]://user:password@host:port/database. Unsupported parameters are refused, not silently dropped. */
export function parseDatabaseUrl(url: string): PgConnection {
  const parsed = new URL(url);
  if (parsed.protocol !== "postgresql:" && parsed.protocol !== "postgres:") {
    throw new Error(`Not a PostgreSQL URL (expected postgresql://...): ${parsed.protocol}//...`);
  }
  for (const key of parsed.searchParams.keys()) {
    if (key !== "host") throw new Error(`Unsupported database URL parameter "${key}" (only "host" is understood)`);
  }
  // Like libpq: the user defaults to the OS user, the database to the user's name.
  const user = decodeURIComponent(parsed.username) || os.userInfo().username;
  return {
    // `?host=/var/run/postgresql` is how a Unix socket directory is written in a URL.
    host: parsed.searchParams.get("host") ?? (parsed.hostname.replace(/^\[(.*)\]$/, "$1") || "localhost"),
    port: parsed.port ? Number(parsed.port) : 5432,
    user,
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    database: decodeURIComponent(parsed.pathname.slice(1)) || user,
  };
}

/**
 * Apply pending migrations (what `prisma migrate deploy` does). Holds Prisma Migrate's advisory lock for the whole
 * run so two app instances starting at once do not race: the second waits, then finds nothing to apply.
 * `lock: false` is for the embedded database, one shared session whose data directory has its own process lock.
 */
export async function migrateDeploy(conn: PgConnection, opts: { migrationsDir?: string; log?: Log; lock?: boolean } = {}): Promise<{ applied: string[] }> {
  const migrationsDir = opts.migrationsDir ?? defaultMigrationsDir();
  const log = opts.log ?? (() => {});
  return withSchemaEngine(conn, { log, advisoryLock: opts.lock ?? true }, async ({ engine }) => {
    const applied = await applyPending(engine, migrationsDir, log);
    if (applied.length === 0) log("No pending migrations to apply.");
    return { applied };
  });
}

/**
 * Create a migration from the schema (named `<yyyyMMddHHmmss>_<name>` as Prisma does), then apply it. created is
 * null when the schema has no changes. Migrations still pending are applied first, as `prisma migrate dev` does.
 * Refuses (and changes nothing) when the database has drifted from the migrations, when a change cannot run on
 * the existing data, or when it would lose data unless `acceptDataLoss` is set. The temporary shadow database the
 * engine replays the migrations in is always dropped.
 */
export async function migrateDev(
  conn: PgConnection,
  name: string,
  opts: { migrationsDir?: string; schemaPath?: string; log?: Log; lock?: boolean; acceptDataLoss?: boolean } = {},
): Promise<{ created: string | null; applied: string[] }> {
  const migrationsDir = opts.migrationsDir ?? defaultMigrationsDir();
  const log = opts.log ?? (() => {});
  const schema = await readSchema(opts.schemaPath ?? defaultSchemaPath());
  return withSchemaEngine(conn, { schema, log, advisoryLock: opts.lock ?? true }, async ({ engine }) => {
    await checkNoDrift(engine, migrationsDir);
    const applied = await applyPending(engine, migrationsDir, log);
    // evaluateDataLoss and createMigration build the schema of the migrations from a cache that only
    // devDiagnostic fills (they have no shadow database of their own in the wasm engine: "PostgreSQL shadow DB
    // must be provided through an external factory"), and applying a migration empties it.
    if (applied.length > 0) await checkNoDrift(engine, migrationsDir);

    const evaluation = await engine.evaluateDataLoss({ migrationsList: await readMigrations(migrationsDir), schema, filters: noFilter });
    const blocking = [...evaluation.unexecutableSteps, ...(opts.acceptDataLoss ? [] : evaluation.warnings)];
    if (blocking.length > 0) {
      const hint = evaluation.unexecutableSteps.length > 0 ? "" : "\nRun again with acceptDataLoss (--accept-data-loss) to go ahead.";
      throw new Error(`The migration cannot be created:\n${blocking.map((step) => `  - ${step.message}`).join("\n")}${hint}`);
    }
    if (evaluation.migrationSteps === 0) {
      log("Already in sync: no schema change found.");
      return { created: null, applied };
    }

    const created = await createMigration(engine, migrationsDir, schema, name);
    log(`Created ${path.join(path.relative(process.cwd(), migrationsDir), created, "migration.sql")}`);
    applied.push(...(await applyPending(engine, migrationsDir, log)));
    return { created, applied };
  });
}

/**
 * Pending, applied, and problems (edited migration = checksum mismatch, failed migration, migrations in the DB
 * missing locally, drift). Drift (the database differs from what its applied migrations build) is checked only
 * when the history itself is clean; it replays the migrations in a temporary shadow database, which the embedded
 * database cannot provide: pass `drift: false` there.
 */
export async function migrationStatus(
  conn: PgConnection,
  opts: { migrationsDir?: string; drift?: boolean } = {},
): Promise<{ applied: string[]; pending: string[]; problems: string[]; upToDate: boolean }> {
  const migrationsDir = opts.migrationsDir ?? defaultMigrationsDir();
  return withSchemaEngine(conn, {}, async ({ engine, query }) => {
    const migrationsList = await readMigrations(migrationsDir);
    const diagnosis = await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: noFilter });
    const history = diagnosis.history;
    const pending = history && history.diagnostic !== "migrationsDirectoryIsBehind" ? history.unappliedMigrationNames : [];
    const problems: string[] = [];
    for (const name of diagnosis.editedMigrationNames) problems.push(`${name} was edited after it was applied (checksum mismatch)`);
    for (const name of diagnosis.failedMigrationNames) problems.push(`${name} failed; fix the database, then mark it rolled back or applied`);
    if (history && history.diagnostic !== "databaseIsBehind") {
      for (const name of history.unpersistedMigrationNames) problems.push(`${name} is applied in the database but missing from ${migrationsDir}`);
    }
    if (migrationsList.migrationDirectories.length === 0) problems.push(`No migrations found in ${migrationsDir}`);

    const applied = diagnosis.hasMigrationsTable
      ? (
          await query<[string]>(
            `SELECT migration_name FROM _prisma_migrations
             WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY started_at, migration_name`,
          )
        ).map(([name]) => name)
      : [];

    if (problems.length === 0 && pending.length === 0 && opts.drift !== false) {
      const drift = await engine.diff({
        from: { tag: "migrations", ...migrationsList },
        to: { tag: "schemaDatasource", ...liveDatabase, configDir: process.cwd() },
        script: false,
        exitCode: true, // 2 when there is a difference
        filters: noFilter,
      });
      if (drift.exitCode === 2) problems.push(`The database schema has drifted from the migrations:\n${drift.stdout?.trim() ?? ""}`);
    }
    return { applied, pending, problems, upToDate: problems.length === 0 && pending.length === 0 };
  });
}

/** SQL script that would bring the database to the schema in schema.prisma; '' when they match. */
export async function diffSchemaAgainstDatabase(conn: PgConnection, opts: { schemaPath?: string } = {}): Promise<string> {
  const schema = await readSchema(opts.schemaPath ?? defaultSchemaPath());
  return withSchemaEngine(conn, { schema }, async ({ engine }) => {
    const { stdout } = await engine.diff({
      from: { tag: "schemaDatasource", ...schema, configDir: process.cwd() },
      to: { tag: "schemaDatamodel", ...schema },
      script: true,
      exitCode: null,
      filters: noFilter,
    });
    // An empty diff is "-- This is an empty migration."; a script of nothing but comments is no change either.
    const statements = (stdout ?? "").replace(/^\s*--.*$/gm, "").trim();
    return statements ? (stdout ?? "") : "";
  });
}

/** Prisma's slug for migration names (@sindresorhus/slugify with "_"): "Add user email" and "addUserEmail" give add_user_email. */
export function migrationSlug(name: string): string {
  return name
    .replaceAll("&", " and ")
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .replace(/([A-Z]{2,})(\d+)/g, "$1 $2")
    .replace(/([a-z\d]+)([A-Z]{2,})/g, "$1 $2")
    .replace(/([a-z\d])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-rt-z\d]+)/g, "$1 $2")
    .toLowerCase()
    .replace(/([a-z\d]+)'([ts])(\s|$)/g, "$1$2$3")
    .replace(/[^a-z\d]+/g, "_")
    .replace(/^_|_$/g, "")
    .slice(0, 200);
}

/** `prisma migrate dev`'s first step: replays the migrations in a shadow database and compares. */
async function checkNoDrift(engine: SchemaEngine, migrationsDir: string): Promise<void> {
  const { action } = await engine.devDiagnostic({ migrationsList: await readMigrations(migrationsDir), filters: noFilter });
  if (action.tag === "reset") {
    throw new Error(`${action.reason}\nThe database must be reset (dropped and migrated again; all data is lost) before a new migration can be created.`);
  }
}

async function applyPending(engine: SchemaEngine, migrationsDir: string, log: Log): Promise<string[]> {
  const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: await readMigrations(migrationsDir), filters: noFilter });
  for (const name of appliedMigrationNames) log(`Applied ${name}`);
  return appliedMigrationNames;
}

/** Writes the engine's migration exactly as the Prisma CLI does: directory, migration.sql, migration_lock.toml. */
async function createMigration(engine: SchemaEngine, migrationsDir: string, schema: SchemasContainer, name: string): Promise<string> {
  const migrationsList = await readMigrations(migrationsDir);
  const result = await engine.createMigration({ draft: false, migrationName: migrationSlug(name), migrationsList, schema, filters: noFilter });
  if (result.migrationScript === null) throw new Error("The schema engine produced no migration although it found changes");
  const directory = path.join(migrationsDir, result.generatedMigrationName);
  if (existsSync(directory)) throw new Error(`The migration directory already exists at ${directory}`);
  await mkdir(directory, { recursive: true });
  await writeFile(path.join(directory, `migration.${result.extension}`), result.migrationScript, "utf8");
  const lockFile = `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${result.connectorType}"\n`;
  await writeFile(path.join(migrationsDir, migrationsList.lockfile.path), lockFile, "utf8");
  return result.generatedMigrationName;
}

/** The migrations directory as the Prisma CLI hands it to the engine: every subdirectory, sorted by name. */
async function readMigrations(migrationsDir: string): Promise<MigrationList> {
  const baseDir = path.resolve(migrationsDir);
  const lockContent = await readFile(path.join(baseDir, lockFileName), "utf8").catch(() => null);
  const entries = await readdir(baseDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const migrationDirectories = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory())
      .map(async (entry) => ({
        path: entry.name,
        migrationFile: {
          path: "migration.sql",
          content: await readFile(path.join(baseDir, entry.name, "migration.sql"), "utf8").then(
            (value) => ({ tag: "ok" as const, value }),
            (error: Error) => ({ tag: "error" as const, value: error.message }),
          ),
        },
      })),
  );
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path));
  return { baseDir, lockfile: { path: lockFileName, content: lockContent }, shadowDbInitScript: "", migrationDirectories };
}

async function readSchema(schemaPath: string): Promise<SchemasContainer> {
  const absolute = path.resolve(schemaPath);
  return { files: [{ path: absolute, content: await readFile(absolute, "utf8") }] };
}

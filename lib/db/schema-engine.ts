// Prisma's schema engine (the part of `prisma migrate` that diffs schemas and applies migrations), run offline.
// The CLI's native engine is a download; the same Rust engine ships as WebAssembly in @prisma/schema-engine-wasm
// (pinned to the build hash of our prisma CLI) and talks to Postgres through a driver adapter: adapter-pg on `pg`.
import "server-only";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
} from "@prisma/driver-adapter-utils";
import type { SchemaEngine, SchemasContainer } from "@prisma/schema-engine-wasm";

export type { SchemaEngine } from "@prisma/schema-engine-wasm";

export type PgConnection = { host: string; port: number; user: string; password?: string; database: string };

type EngineClass = typeof SchemaEngine;
type WasmRuntime = { SchemaEngine: EngineClass; __wbg_set_wasm(exports: WebAssembly.Exports): void };

// The engine's panic hook hands the Rust panic message to this global before the wasm traps. The trap usually
// surfaces as an uncaught "RuntimeError: unreachable" that ends the process, so the message is printed here too,
// or nobody would learn what went wrong.
const panicRegistry = {
  message: "",
  set_message(message: string) {
    this.message = message;
    console.error(`Prisma schema engine panic: ${message}`);
  },
};

let engineClass: Promise<EngineClass> | undefined;

/**
 * Instantiates the wasm once per process. Node 20 cannot `import` a .wasm file (the package's main entry does),
 * so we compile the binary ourselves and hand its exports to the wasm-bindgen glue, as @prisma/internals does.
 * The glue keeps module-level state (memory views), so a second instance would corrupt the first: never re-create.
 */
function loadEngineClass(): Promise<EngineClass> {
  engineClass ??= (async () => {
    // @prisma/client installs its own registry (same contract) when loaded: keep it rather than break it.
    (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY ??= panicRegistry;
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const runtime = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as WasmRuntime;
    const wasmModule = await WebAssembly.compile(await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm")));
    const instance = await WebAssembly.instantiate(wasmModule, { "./schema_engine_bg.js": withUnrefTimers(runtime) });
    runtime.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return runtime.SchemaEngine;
  })();
  return engineClass;
}

/**
 * The engine starts timers it never clears (every command that takes the advisory lock leaves one of ~10 s),
 * which kept each CLI run alive ~10 s after its work was done. They only guard I/O that keeps the process alive
 * by itself, so they need not hold the event loop.
 */
function withUnrefTimers(runtime: WasmRuntime): WebAssembly.ModuleImports {
  const imports: WebAssembly.ModuleImports = { ...(runtime as unknown as WebAssembly.ModuleImports) };
  for (const name of Object.keys(imports).filter((key) => key.startsWith("__wbg_setTimeout_"))) {
    imports[name] = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref();
  }
  return imports;
}

const CHAR_OID = 18; // Postgres' internal one-byte "char" (pg_constraint.contype, pg_class.relkind ...)
const TEXT_OID = 25;

// A multi-statement script (see executeScript below) yields one result per statement.
type PerformIO = (query: SqlQuery) => Promise<pg.QueryResult | pg.QueryResult[]>;
type Patchable = { performIO?: PerformIO; queryRaw(query: SqlQuery): Promise<SqlResultSet> };

/**
 * adapter-pg 7.10 refuses result columns of type "char" (UnsupportedNativeDataType), and the engine's catalog
 * queries return several; the engine then wants them as its Character type (Text makes it panic on the first
 * CHECK constraint). So the private query method reports them as text (the value already is a one-letter
 * string), remembering which columns they were, and queryRaw types those columns as Character. If a version
 * bump removes `performIO`, fail loudly here rather than later.
 */
function readCharColumns<T extends object>(queryable: T): T {
  const target = queryable as T & Patchable;
  if (typeof target.performIO !== "function") throw new Error('@prisma/adapter-pg changed: cannot patch the "char" type');
  const charColumns = new WeakMap<unknown[], number[]>(); // keyed by the rows array queryRaw passes on
  const performIO = target.performIO.bind(target);
  target.performIO = async (query) => {
    const result = await performIO(query);
    for (const { fields, rows } of [result].flat()) {
      const columns = fields.flatMap((field, index) => (field.dataTypeID === CHAR_OID ? [index] : []));
      for (const index of columns) fields[index].dataTypeID = TEXT_OID;
      if (columns.length > 0) charColumns.set(rows, columns);
    }
    return result;
  };
  const queryRaw = target.queryRaw.bind(target);
  target.queryRaw = async (query) => {
    const resultSet = await queryRaw(query);
    for (const index of charColumns.get(resultSet.rows) ?? []) resultSet.columnTypes[index] = ColumnTypeEnum.Character;
    return resultSet;
  };
  return queryable;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A migration-aware driver adapter over `pg` that fixes what adapter-pg gets wrong for the schema engine:
 * the "char" type, scripts split on every `;`, a connection string that overrides the shadow database name, and
 * a shadow database dropped while its own pool still holds a connection to it (so the drop failed and the
 * database stayed). It remembers every pool and shadow database so `close()` can release all of them.
 */
class MigrationAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres";
  readonly adapterName = "@prisma/adapter-pg";
  private readonly pools = new Set<pg.Pool>();
  private readonly shadowDatabases = new Set<string>();
  private main: Promise<pg.Pool> | undefined;

  constructor(
    private readonly conn: PgConnection,
    private readonly advisoryLock: boolean,
  ) {}

  /** One session on the main database, kept (with its lock) until close(). */
  async connect(): Promise<SqlDriverAdapter> {
    this.main ??= this.openMain();
    return this.adapterOver(await this.main, async () => {});
  }

  /** A query on the engine's session, for what the engine does not report. */
  async query<Row extends unknown[]>(sql: string): Promise<Row[]> {
    if (!this.main) throw new Error("The schema engine has not connected yet");
    const { rows } = await (await this.main).query<Row>({ text: sql, rowMode: "array" });
    return rows;
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    await this.admin(`CREATE DATABASE ${quoteIdent(database)}`);
    this.shadowDatabases.add(database);
    const pool = this.newPool(database);
    const adapter = await this.adapterOver(pool, async () => {
      await this.endPool(pool);
      await this.dropShadow(database);
    });
    // On a server that ignores the database name (PGlite behind pglite-socket serves one database to every
    // connection) the "shadow" would be the main database, and the engine resets its shadow database.
    const { rows } = await adapter.queryRaw({ sql: "SELECT current_database()", args: [], argTypes: [] });
    if (rows[0]?.[0] !== database) {
      await adapter.dispose();
      throw new Error("This database server cannot open a separate shadow database (embedded database?)");
    }
    return adapter;
  }

  /** Ends every pool (the main session and its lock included) and drops every shadow database still there. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.pools].map((pool) => this.endPool(pool)));
    for (const database of this.shadowDatabases) await this.dropShadow(database);
  }

  private async openMain(): Promise<pg.Pool> {
    const pool = this.newPool(this.conn.database);
    // The engine takes Prisma Migrate's lock itself (pg_advisory_lock(72707369), no timeout), but only once a
    // command writes (applyMigrations; `devDiagnostic` reads without it). Taking it first, on the engine's own
    // session, covers the whole run; advisory locks are re-entrant within a session, so the engine's call then
    // returns at once. The same key on a separate session would block the engine's call forever.
    if (this.advisoryLock) await pool.query("SELECT pg_advisory_lock(72707369)");
    return pool;
  }

  private newPool(database: string): pg.Pool {
    // Separate fields, never a connectionString: pg lets a connectionString override `database`.
    const { host, port, user, password } = this.conn;
    // One connection, never closed while idle: it carries the advisory lock, and the embedded database (PGlite)
    // accepts only one connection at a time.
    const pool = new pg.Pool({ host, port, user, password, database, max: 1, idleTimeoutMillis: 0 });
    this.pools.add(pool);
    return pool;
  }

  private async adapterOver(pool: pg.Pool, dispose: () => Promise<void>): Promise<SqlDriverAdapter> {
    // Over a pool of ours, PrismaPg.connect() only wraps it; ending the pool stays our business (close()).
    const adapter = readCharColumns(await new PrismaPg(pool).connect());
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => readCharColumns<Transaction>(await startTransaction(isolationLevel));
    // adapter-pg splits scripts on ";", which breaks string literals and function bodies and runs each statement
    // on its own. Prisma's native engine sends a migration as one multi-statement query (one implicit transaction).
    // executeRaw without parameters uses the simple query protocol, which accepts many statements, and turns
    // Postgres errors into driver errors the engine can write into `_prisma_migrations.logs`.
    adapter.executeScript = async (script) => {
      await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
    };
    adapter.dispose = dispose;
    return adapter;
  }

  private async endPool(pool: pg.Pool): Promise<void> {
    if (!this.pools.delete(pool)) return;
    await pool.end();
  }

  private async dropShadow(database: string): Promise<void> {
    if (!this.shadowDatabases.has(database)) return;
    // Postgres waits up to 5 s for the just-closed backends to exit before it gives up on the drop.
    await this.admin(`DROP DATABASE IF EXISTS ${quoteIdent(database)}`);
    this.shadowDatabases.delete(database);
  }

  /** CREATE/DROP DATABASE on a short-lived connection of its own: the engine may hold the main pool's one client. */
  private async admin(sql: string): Promise<void> {
    const { host, port, user, password, database } = this.conn;
    const client = new pg.Client({ host, port, user, password, database });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
}

export type EngineOptions = {
  /** Schema files the engine should know (needed by commands that read the datasource from the schema). */
  schema?: SchemasContainer;
  /** Receives the engine's warnings and errors. */
  log?: (line: string) => void;
  /** Hold Prisma Migrate's advisory lock from the first connection to the end of the run. */
  advisoryLock?: boolean;
};

export type EngineRun = {
  engine: SchemaEngine;
  /** A query on the main database, on the engine's session. */
  query<Row extends unknown[]>(sql: string): Promise<Row[]>;
};

/**
 * Runs `work` with an engine connected to `conn`, then frees the engine, closes every connection it opened and
 * drops any shadow database, also when `work` fails. Errors are unwrapped to the driver's own error where the
 * engine only holds a reference to it.
 */
export async function withSchemaEngine<T>(conn: PgConnection, options: EngineOptions, work: (run: EngineRun) => Promise<T>): Promise<T> {
  const Engine = await loadEngineClass();
  const factory = new MigrationAdapterFactory(conn, options.advisoryLock ?? false);
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const datamodels = options.schema?.files.map((file) => [file.path, file.content] as [string, string]);
  let engine: SchemaEngine | undefined;
  try {
    engine = await Engine.new({ datamodels }, (line: string) => forwardLog(line, options.log), adapter);
    return await work({ engine, query: (sql) => factory.query(sql) });
  } catch (error) {
    throw unwrapEngineError(error, adapter.errorRegistry);
  } finally {
    engine?.free();
    await factory.close();
  }
}

/** The engine logs JSON lines ({ level, fields: { message } }); only what needs attention is passed on. */
function forwardLog(line: string, log: ((line: string) => void) | undefined): void {
  if (!log) return;
  try {
    const { level, fields } = JSON.parse(line) as { level?: string; fields?: { message?: string } };
    if (level === "WARN" || level === "ERROR") log(`${level.toLowerCase()}: ${fields?.message ?? line.trim()}`);
  } catch {
    log(line.trim());
  }
}

type Registry = { consumeError(id: number): { error: unknown } | undefined };

function unwrapEngineError(error: unknown, registry: Registry): unknown {
  if (error instanceof WebAssembly.RuntimeError && panicRegistry.message) {
    return new Error(`Schema engine panicked: ${panicRegistry.message}`, { cause: error });
  }
  // A JS error thrown inside the adapter crosses the wasm boundary as "External error id#N", N being its index
  // in the adapter's error registry (driver errors with a known kind are already rendered in the message).
  const id = /External error id#(\d+)/.exec(error instanceof Error ? error.message : "")?.[1];
  const original = id === undefined ? undefined : registry.consumeError(Number(id))?.error;
  if (original) return original;
  return error;
}

// Makes a database ready before anything uses it: the PostgreSQL at DATABASE_URL, or, when that is unset, the
// embedded one under .data/ (HINDSIGHT_DATA_DIR). Either way every committed migration is applied first.
import "server-only";
import path from "node:path";
import { disconnectDb } from "@/lib/db/client";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { migrateDeploy, parseDatabaseUrl } from "@/lib/db/migrate";
import { env } from "@/lib/env";

export type PreparedDatabase = { url: string; embedded: boolean; isNew: boolean; close(): Promise<void> };
type Options = { migrate?: boolean; log?: (line: string) => void };

/** Where Hindsight keeps local state: the embedded database and the generated auth secret. */
export function dataDirectory(): string {
  return path.resolve(env().HINDSIGHT_DATA_DIR ?? ".data");
}

// One embedded database per process, kept on globalThis so that a module reload (Next dev) finds it.
const globalForEmbedded = globalThis as unknown as { hindsightEmbedded?: Promise<PreparedDatabase> };

export async function prepareDatabase({ migrate = true, log = () => {} }: Options = {}): Promise<PreparedDatabase> {
  if (globalForEmbedded.hindsightEmbedded) return globalForEmbedded.hindsightEmbedded;
  const url = env().DATABASE_URL;
  if (url) {
    // HINDSIGHT_EMBEDDED_DB with a URL: the embedded database of a parent process (launcher, test run). It allows
    // one connection, so no separate lock session; its owner already excludes other processes.
    const embedded = env().HINDSIGHT_EMBEDDED_DB;
    if (migrate) await migrateDeploy(parseDatabaseUrl(url), { log, lock: !embedded });
    return { url, embedded, isNew: false, close: async () => {} };
  }
  globalForEmbedded.hindsightEmbedded = startEmbedded(migrate, log);
  return globalForEmbedded.hindsightEmbedded.catch((error: unknown) => {
    globalForEmbedded.hindsightEmbedded = undefined;
    throw error;
  });
}

async function startEmbedded(migrate: boolean, log: (line: string) => void): Promise<PreparedDatabase> {
  const dataDir = dataDirectory();
  log(`DATABASE_URL is not set: using the embedded database (PGlite) in ${dataDir}`);
  const database = await startEmbeddedDatabase({ dataDir });
  // getDb() and child processes (next start) find the database through the environment.
  process.env.DATABASE_URL = database.url;
  process.env.HINDSIGHT_EMBEDDED_DB = "1";
  const close = async () => {
    // The server is about to go: a client left connected to it would only fail later.
    await disconnectDb();
    await database.close();
    delete process.env.DATABASE_URL;
    delete process.env.HINDSIGHT_EMBEDDED_DB;
    globalForEmbedded.hindsightEmbedded = undefined;
  };
  try {
    if (migrate) await migrateDeploy(parseDatabaseUrl(database.url), { log, lock: false });
  } catch (error) {
    await close();
    throw error;
  }
  return { url: database.url, embedded: true, isNew: database.isNew, close };
}

/**
 * For CLI scripts: prepares the database, runs `fn`, and closes everything so the process can exit, also when it
 * is interrupted (an embedded database must be closed, not abandoned).
 */
export async function withDatabase<T>(fn: () => Promise<T>, { log = (line: string) => console.error(line) }: Pick<Options, "log"> = {}): Promise<T> {
  const database = await prepareDatabase({ log });
  const stop = async () => {
    await disconnectDb();
    await database.close();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    void stop().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    return await fn();
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await stop();
  }
}

// The one Prisma client of a process. Import `prisma` only under lib/.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { statementNamer } from "@/lib/db/statement-names";

export type Db = PrismaClient;
/** The client handed to code running inside `db.$transaction(async (tx) => ...)`. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const pools = new WeakMap<PrismaClient, pg.Pool>();

/**
 * A client configured for `url`. Exported so that tests can build clients exactly as the app does; app code uses
 * the shared `getDb()`.
 */
export function createPrismaClient(url: string, { embedded }: { embedded: boolean }): PrismaClient {
  // The embedded database (PGlite) is a single session: one connection, kept open. Transactions then queue in this
  // pool instead of interleaving on the shared session; the server refuses any second connection.
  const max = embedded ? 1 : env().DATABASE_POOL_MAX;
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: embedded ? 0 : 30_000 });
  // Prepared statements are kept per connection on a server (lib/db/statement-names.ts); the embedded database serves
  // one session through a socket shim, where the few queries of one user gain nothing worth the risk.
  const prepared = !embedded && env().DATABASE_PREPARED_STATEMENTS;
  const adapter = new PrismaPg(pool, { disposeExternalPool: true, ...(prepared ? { statementNameGenerator: statementNamer() } : {}) });
  // Queued transactions wait for the one connection; Prisma's default 2 s wait is short for a queue on one session.
  const client = new PrismaClient({ adapter, ...(embedded ? { transactionOptions: { maxWait: 10_000 } } : {}) });
  pools.set(client, pool);
  return client;
}

/**
 * The pg pool under a client made by `createPrismaClient`: for code that must share the app's connections rather
 * than open its own, as the job queue (lib/jobs) must on the embedded database, which serves one connection.
 */
export function poolOf(client: PrismaClient): pg.Pool {
  const pool = pools.get(client);
  if (!pool) throw new Error("This Prisma client was not made by createPrismaClient: it has no pool to share.");
  return pool;
}

function createClient(): PrismaClient {
  const url = env().DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set. Start the app with `npm start` (it starts the embedded database) or set DATABASE_URL.");
  }
  return createPrismaClient(url, { embedded: env().HINDSIGHT_EMBEDDED_DB });
}

// On globalThis so that Next dev's module reloads reuse it (test/setup-db.ts also looks for it there).
const globalForPrisma = globalThis as unknown as { hindsightPrisma?: PrismaClient };

/** Lazily created so that importing this module (e.g. during `next build`) does not need a database. */
export function getDb(): PrismaClient {
  globalForPrisma.hindsightPrisma ??= createClient();
  return globalForPrisma.hindsightPrisma;
}

export async function disconnectDb(): Promise<void> {
  const client = globalForPrisma.hindsightPrisma;
  globalForPrisma.hindsightPrisma = undefined;
  await client?.$disconnect();
}

// Vitest setup file: runs in each test file's worker before the file. The global setup's process.env does reach the
// workers in Vitest 4.1 (they start after it), but only provide/inject is documented to, so the database comes that way.
import { afterAll, inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** one database per worker: VITEST_POOL_ID (1..maxWorkers) picks this worker's */
    databaseUrls: string[];
    /** a migrated database no test connects to, to copy (test/helpers/own-database.ts); null on the embedded fallback */
    templateDatabase: string | null;
    embeddedDatabase: boolean;
  }
}

const databaseUrls = inject("databaseUrls");
process.env.DATABASE_URL = databaseUrls[(Number(process.env.VITEST_POOL_ID ?? 1) - 1) % databaseUrls.length];
if (inject("embeddedDatabase")) process.env.HINDSIGHT_EMBEDDED_DB = "1";
else delete process.env.HINDSIGHT_EMBEDDED_DB;

// Each file leaves with its connection closed: the embedded fallback accepts one connection at a time. Only files
// that used getDb() have a client (lib/db/client.ts keeps it there); loading Prisma just to find none costs ~0.3 s.
afterAll(async () => {
  if ((globalThis as { hindsightPrisma?: unknown }).hindsightPrisma) await (await import("@/lib/db/client")).disconnectDb();
});

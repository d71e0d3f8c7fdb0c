// A database of its own for one test file, copied from the run's migrated template (test/global-setup.ts).
//
// For files whose code under test acts on every row of the database: a reminder pass mails every overdue action item
// there is. In the worker's shared database that is every earlier file's items too, so such a file's passes sent
// hundreds of mails that no assertion looks at (a send refused five times cost half a minute), and how long it ran
// depended on which files happened to run before it in its worker. With its own copy it sees only its own rows.
import { afterAll, beforeAll, inject } from "vitest";
import { disconnectDb } from "@/lib/db/client";
import { createScratchDatabase } from "@/test/helpers/db";

/**
 * Call at the top level of a test file, before its own hooks: from the first hook to the last, `getDb()` and
 * `process.env.DATABASE_URL` (which child processes inherit) name a fresh copy of the migrated database, dropped after
 * the file. On the embedded fallback there is one database only, and the file keeps it.
 */
export function ownDatabaseForThisFile(): void {
  const template = inject("templateDatabase");
  if (!template) return;
  const shared = process.env.DATABASE_URL;
  let own: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
  beforeAll(async () => {
    own = await createScratchDatabase("hindsight_test", template);
    await disconnectDb(); // a client made for the shared database before this hook, if any
    process.env.DATABASE_URL = own.url;
  });
  afterAll(async () => {
    await disconnectDb();
    process.env.DATABASE_URL = shared;
    await own?.drop();
  });
}

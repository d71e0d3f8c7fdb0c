// Vitest global setup: one fresh, fully migrated database per test worker on the PostgreSQL at TEST_DATABASE_URL (the
// first migrated, the others copied from it), dropped at the end (failed runs included). Test files run in parallel,
// one database per worker, so a file never sees another worker's rows or settings. Plus one more copy that no test
// connects to, the template from which a file can take a database of its own in a second (test/helpers/own-database.ts).
// When no PostgreSQL answers, the embedded database (PGlite) in a temporary directory, and one worker (vitest.config.ts).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { migrateDeploy, parseDatabaseUrl } from "@/lib/db/migrate";
import { withoutPassword } from "@/lib/format/redact-url";
import { adminUrl, createScratchDatabase, dropDatabase } from "@/test/helpers/db";
import { testDatabaseProblem } from "@/test/helpers/test-database-problem";

const prefix = "hindsight_test";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = performance.now();
  const ready = (what: string) => console.log(`Test database: ${what} (ready in ${Math.round(performance.now() - started)} ms)`);

  if (await postgresAnswers()) {
    await dropAbandonedDatabases();
    const first = await createScratchDatabase(prefix);
    const databases = [first];
    const created = [first];
    const dropAll = () => Promise.all(created.map((database) => database.drop())).then(() => {});
    let template: Awaited<ReturnType<typeof createScratchDatabase>>;
    try {
      await migrateDeploy(parseDatabaseUrl(first.url));
      // Copied before any worker connects to the first: PostgreSQL copies only a database nobody is connected to.
      template = await createScratchDatabase(prefix, first.name);
      created.push(template);
      for (let worker = 2; worker <= workerCount(project); worker++) {
        const database = await createScratchDatabase(prefix, template.name);
        databases.push(database);
        created.push(database);
      }
    } catch (error) {
      await dropAll();
      throw error;
    }
    project.provide(
      "databaseUrls",
      databases.map((database) => database.url),
    );
    project.provide("templateDatabase", template.name);
    project.provide("embeddedDatabase", false);
    ready(`${databases.map((database) => database.name).join(", ")} on ${new URL(adminUrl).host}, template ${template.name}`);
    return dropAll;
  }

  console.warn(`No PostgreSQL answered at ${withoutPassword(adminUrl)}: running the integration tests on the embedded database (PGlite)`);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "hindsight-test-"));
  const removeDataDir = () => rm(dataDir, { recursive: true, force: true });
  const database = await startEmbeddedDatabase({ dataDir }).catch(async (error: unknown) => {
    await removeDataDir();
    throw error;
  });
  const teardown = async () => {
    await database.close();
    await removeDataDir();
  };
  try {
    await migrateDeploy(parseDatabaseUrl(database.url), { lock: false });
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide("databaseUrls", [database.url]);
  project.provide("templateDatabase", null); // one database only: a file that asks for its own keeps the shared one
  project.provide("embeddedDatabase", true);
  ready(`PGlite in ${dataDir}`);
  return teardown;
}

/** How many files run at once: one database each (VITEST_POOL_ID in a worker runs from 1 to this). */
function workerCount(project: TestProject): number {
  return Math.max(1, project.vitest.config.maxWorkers); // fileParallelism: false makes it 1
}

/** False only when nothing answers (refused, unreachable, timed out): wrong credentials must fail the run. */
async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ECONNREFUSED" || code === "EHOSTUNREACH" || code === "ETIMEDOUT" || /timeout/i.test(String(error))) return false;
    throw new Error(testDatabaseProblem("npm test", adminUrl, error), { cause: error });
  } finally {
    await client.end().catch(() => {});
  }
}

/** Databases of earlier runs on this machine that were killed before their teardown: their pid no longer runs. */
async function dropAbandonedDatabases(): Promise<void> {
  if (!["127.0.0.1", "localhost", "[::1]"].includes(new URL(adminUrl).hostname)) return; // pids mean nothing elsewhere
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const { rows } = await admin
    .query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${prefix}\\_%`])
    .finally(() => admin.end());
  for (const { datname } of rows) {
    const pid = Number(datname.slice(prefix.length + 1).split("_")[0]);
    if (pid > 0 && !isRunning(pid)) await dropDatabase(datname);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

// Starts the built app on a fresh database for the browser tests and returns the teardown that stops both.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { DEFAULT_TEST_DATABASE_URL, testDatabaseProblem } from "../test/helpers/test-database-problem";

const adminUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;

async function waitForHealth(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with code ${server.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The app did not become healthy at ${url} within ${timeoutMs} ms`);
}

export default async function globalSetup() {
  if (!existsSync(".next/BUILD_ID")) throw new Error("No production build: run `npm run build` before `npm run test:e2e`.");
  const port = Number(process.env.E2E_PORT ?? 3107);
  const database = `hindsight_e2e_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
  } catch (error) {
    throw new Error(testDatabaseProblem("npm run test:e2e", adminUrl, error), { cause: error });
  } finally {
    await admin.end().catch(() => {});
  }

  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  // Migrated and seeded by the command a newcomer runs (`npm run db:seed` migrates first), in a process of its own:
  // the database layer is server-only and loads only under the react-server condition that command sets.
  const seed = spawnSync("npm", ["run", "--silent", "db:seed"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, HINDSIGHT_EMBEDDED_DB: "" },
    encoding: "utf8",
  });
  if (seed.status !== 0) throw new Error(`npm run db:seed failed (exit ${seed.status}):\n${seed.stdout}\n${seed.stderr}`);
  process.env.DATABASE_URL = databaseUrl; // the journeys that read or prepare rows directly (pg) find it here

  // A keep-alive timeout longer than any pause of a journey's API client: with Node's 5 s, a connection the client
  // reused just as the server closed it failed a journey with ECONNRESET on a loaded machine.
  const server = spawn("node_modules/.bin/next", ["start", "-H", "127.0.0.1", "-p", String(port), "--keepAliveTimeout", "120000"], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      AUTH_TRUST_HOST: "true",
      NEXT_TELEMETRY_DISABLED: "1",
      HINDSIGHT_EMBEDDED_DB: "",
      // The app's warnings and errors in the run's output; not an access line for each of the journeys' requests.
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  await waitForHealth(`http://127.0.0.1:${port}/api/health`, server, 60_000);

  return async () => {
    server.kill("SIGTERM");
    await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once("exit", resolve)));
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await cleanup.end();
  };
}

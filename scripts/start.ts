// The launcher behind `npm start` (build if needed, then `next start`) and `npm run dev` (`next dev`).
// It prepares the database first and, for the embedded one, stays alive as the process that owns it: Next runs as a
// child and connects over TCP like to any PostgreSQL server.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDirectory, prepareDatabase, type PreparedDatabase } from "@/lib/db/bootstrap";
import { disconnectDb, getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { chooseListenAddress, describeDatabaseChoice, loadDotEnvFile } from "@/scripts/launcher-settings";

const mode = process.argv[2] === "dev" ? "dev" : "start";
// Before any setting is read: .env as .env.example says to copy it (the environment wins over the file).
const dotEnv = loadDotEnvFile();
const { PORT: port, HOST: configuredHost } = env();
const next = path.resolve("node_modules/.bin/next"); // not npx: stopping npx leaves next-server running
const log = (line: string) => console.log(`[hindsight] ${line}`);

function newestSourceChange(): number {
  const roots = ["app", "components", "lib", "prisma", "proxy.ts", "next.config.ts", "package.json"];
  let newest = 0;
  for (const root of roots.filter((entry) => fs.existsSync(entry))) {
    const files = fs.statSync(root).isDirectory() ? fs.readdirSync(root, { recursive: true }).map((file) => path.join(root, String(file))) : [root];
    for (const file of files) newest = Math.max(newest, fs.statSync(file).mtimeMs);
  }
  return newest;
}

function buildIfNeeded(): void {
  const buildId = path.join(".next", "BUILD_ID");
  if (fs.existsSync(buildId) && fs.statSync(buildId).mtimeMs >= newestSourceChange()) return;
  log("Building the app (next build): this takes a minute or two the first time...");
  const build = spawnSync(next, ["build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (build.status !== 0) {
    console.error("[hindsight] The build failed: see the output above.");
    process.exit(build.status ?? 1);
  }
}

/** AUTH_SECRET, or one generated once and kept in the data directory so that sessions survive restarts. */
function authSecret(): string {
  const configured = env().AUTH_SECRET;
  if (configured) return configured;
  const file = path.join(dataDirectory(), "auth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  }
  console.warn(`[hindsight] AUTH_SECRET is not set: using the secret generated in ${file}. In production, set AUTH_SECRET.`);
  return fs.readFileSync(file, "utf8").trim();
}

async function seedDemoData(): Promise<void> {
  log("New embedded database: loading demo data...");
  const { seedDemo } = await import("@/prisma/seed"); // loaded only when needed: it pulls in password hashing
  const { users } = await seedDemo(log);
  const width = Math.max(...users.map((user) => user.email.length));
  log(`Sign in at http://localhost:${port} with any of these demo accounts:`);
  for (const user of users) console.log(`    ${user.email.padEnd(width)}   ${user.password.padEnd(20)} ${user.role}`);
}

let database: PreparedDatabase | undefined;
let child: ChildProcess | undefined;

async function shutdown(code: number): Promise<never> {
  await database?.close();
  process.exit(code);
}

async function main(): Promise<void> {
  if (dotEnv.loaded.length > 0) log(`Read ${dotEnv.file}: ${dotEnv.loaded.join(", ")} (variables set in the environment win over it)`);
  if (mode === "start") buildIfNeeded();
  log(describeDatabaseChoice({ url: env().DATABASE_URL, dotEnv, dataDir: dataDirectory() }));
  database = await prepareDatabase({ log });
  if (database.embedded && database.isNew) await seedDemoData();
  if ((await getDb().user.count()) === 0) log(`No users yet: open http://localhost:${port}/setup to create the first admin`);
  // The embedded database takes one connection at a time: Next's must be the only one.
  await disconnectDb();

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env, // carries DATABASE_URL and HINDSIGHT_EMBEDDED_DB set by prepareDatabase
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? "true",
    AUTH_SECRET: authSecret(),
  };
  const listen = chooseListenAddress({ host: configuredHost, embedded: database.embedded });
  log(`Listening on ${listen.host}:${port}: ${listen.reason}.`);
  child = spawn(next, [mode, "-p", port, "-H", listen.host], { stdio: "inherit", env: childEnv });
  child.on("error", (error) => {
    console.error(`[hindsight] Could not run ${next}: ${error.message}`);
    void shutdown(1);
  });
  child.on("exit", (code, signal) => void shutdown(code ?? (signal === "SIGINT" ? 130 : signal ? 143 : 1)));
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  // With Next running, it decides when to stop and we close the database after it; before that, we stop at once.
  process.on(signal, () => (child ? child.kill(signal) : void shutdown(signal === "SIGINT" ? 130 : 143)));
}

main().catch(async (error: unknown) => {
  console.error(`[hindsight] ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});

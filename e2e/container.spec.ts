// Journey of an operator starting the container image (`docker build` cannot run here): the image's files are laid out
// exactly as the Dockerfile's runtime stage copies them from the build (its `COPY --from=build` lines, read from the
// Dockerfile), after the build stage's steps that follow `npm run build` (the script bundle), in a directory outside
// the repository so that nothing resolves from the repository's node_modules. Then, as compose.yaml runs them, with
// the image's ENV and nothing else from this machine's environment: the entry point (migrations, then `node server.js`)
// on a fresh database with HINDSIGHT_WORKER=off, and the entry point's `worker` beside it. The operator sees a healthy
// /api/health, the first-admin page styled and working (its CSS and JavaScript served), can create the admin and sign
// in, and the worker running.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { DEFAULT_TEST_DATABASE_URL } from "../test/helpers/test-database-problem";

const adminUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
const root = process.cwd();

type Stage = { name: string; workdir: string; lines: string[] };

/** The Dockerfile's stages, each with its WORKDIR and its instructions (continuation lines joined, comments dropped). */
function dockerStages(dockerfile: string): Stage[] {
  const instructions = dockerfile
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  const stages: Stage[] = [];
  for (const line of instructions) {
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stages.push({ name: from[1] ?? String(stages.length), workdir: "/", lines: [] });
    else if (stages.length > 0) {
      const stage = stages.at(-1)!;
      const workdir = /^WORKDIR\s+(\S+)/i.exec(line);
      if (workdir) stage.workdir = path.posix.resolve(stage.workdir, workdir[1]!);
      stage.lines.push(line);
    }
  }
  return stages;
}

/** `ENV A=1 B=2` lines as a record. */
function stageEnvironment(stage: Stage): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const line of stage.lines.filter((entry) => /^ENV\s/i.test(entry))) {
    for (const pair of line.slice(4).trim().split(/\s+/)) {
      const [key, ...value] = pair.split("=");
      variables[key!] = value.join("=");
    }
  }
  return variables;
}

/** Lays out the image's /app in `target` from the build in this repository, as the runtime stage's COPY lines do. */
async function layOutImage(stages: Stage[], target: string): Promise<void> {
  const build = stages.find((stage) => stage.name === "build");
  const runtime = stages.at(-1)!;
  if (!build) throw new Error("The Dockerfile has no stage named build");
  // `npm run build` has run (CI builds before the browser tests): run the build stage's steps after it.
  const afterBuild = build.lines.slice(build.lines.indexOf("RUN npm run build") + 1).filter((line) => line.startsWith("RUN "));
  expect(afterBuild.length, "the build stage runs steps after `npm run build`").toBeGreaterThan(0);
  for (const step of afterBuild) execFileSync("sh", ["-c", step.slice(4)], { cwd: root, stdio: "pipe" });

  const copies = runtime.lines.filter((line) => /^COPY\s/i.test(line));
  for (const line of copies) {
    const match = /^COPY\s+--from=build\s+(?:--chown=\S+\s+)?(\S+)\s+(\S+)$/i.exec(line);
    if (!match) throw new Error(`The runtime stage copies something other than the build's output: ${line}`);
    const source = path.join(root, path.posix.relative(build.workdir, match[1]!));
    const destination = path.join(target, path.posix.relative(runtime.workdir, path.posix.resolve(runtime.workdir, match[2]!)));
    await cp(source, destination, { recursive: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const processes: ChildProcess[] = [];
let imageDir: string | undefined;
let database: string | undefined;

function run(command: string[], cwd: string, env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = "";
  const child = spawn(command[0]!, command.slice(1), { cwd, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  processes.push(child);
  return { child, output: () => output };
}

test.afterAll(async () => {
  await Promise.all(
    processes.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve(null);
          child.once("exit", resolve);
          child.kill("SIGTERM");
        }),
    ),
  );
  if (imageDir) await rm(imageDir, { recursive: true, force: true });
  if (database) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).finally(() => admin.end());
  }
});

test("the container image migrates a fresh database, serves a styled first-run page, signs the admin in, and runs the worker", async ({ page }) => {
  test.setTimeout(180_000);
  const stages = dockerStages(await readFile(path.join(root, "Dockerfile"), "utf8"));
  imageDir = await mkdtemp(path.join(tmpdir(), "hindsight-image-"));
  await layOutImage(stages, imageDir);

  database = `hindsight_image_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`).finally(() => admin.end());
  const databaseUrl = new URL(adminUrl);
  databaseUrl.pathname = `/${database}`;

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  // The image's ENV, then what compose.yaml sets; HOSTNAME and PORT as a test on a shared machine needs them.
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    ...stageEnvironment(stages.at(-1)!),
    DATABASE_URL: databaseUrl.toString(),
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    AUTH_URL: origin,
    HOSTNAME: "127.0.0.1",
    PORT: String(port),
  };
  const server = run(["./entrypoint.sh"], imageDir, { ...env, HINDSIGHT_WORKER: "off" });

  // Healthy: the database answers and every migration in the repository is applied.
  const migrations = (await readdir(path.join(root, "prisma", "migrations"), { withFileTypes: true })).filter((entry) => entry.isDirectory());
  let health: { status: number; body: Record<string, unknown> } | undefined;
  await expect
    .poll(
      async () => {
        if (server.child.exitCode !== null) throw new Error(`The container's server exited (${server.child.exitCode}):\n${server.output()}`);
        const response = await fetch(`${origin}/api/health`).catch(() => null);
        health = response ? { status: response.status, body: (await response.json()) as Record<string, unknown> } : undefined;
        return health?.status;
      },
      { timeout: 60_000, intervals: [250] },
    )
    .toBe(200);
  expect(health!.body).toMatchObject({ ok: true, database: "up", migrations: { expected: migrations.length, applied: migrations.length, pending: [] } });
  expect(server.output()).toContain(`${migrations.length} migration(s) applied.`);
  expect(server.output()).toContain("HINDSIGHT_WORKER=off");

  const worker = run(["./entrypoint.sh", "worker"], imageDir, env);

  // A fresh database has no users: the sign-in page sends the operator to create the first admin, styled, its
  // stylesheet and scripts served from .next/static.
  const statics: { url: string; status: number }[] = [];
  page.on("response", (response) => {
    if (response.url().includes("/_next/static/")) statics.push({ url: response.url(), status: response.status() });
  });
  await page.goto(`${origin}/login`);
  await expect(page).toHaveURL(`${origin}/setup`);
  await expect(page.getByRole("heading", { name: "Welcome to Hindsight" })).toBeVisible();
  expect(statics.filter((entry) => entry.status !== 200)).toEqual([]);
  expect(statics.filter((entry) => entry.url.endsWith(".css")).length, "stylesheets served").toBeGreaterThan(0);
  expect(statics.filter((entry) => entry.url.endsWith(".js")).length, "scripts served").toBeGreaterThan(0);
  // Tailwind's classes took effect: the submit button is filled, not the browser's default grey.
  const button = page.getByRole("button", { name: "Create admin account" });
  expect(await button.evaluate((element) => getComputedStyle(element).backgroundColor)).not.toMatch(/^rgba?\((0, 0, 0, 0|239, 239, 239|240, 240, 240)/);
  const logo = await fetch(`${origin}/favicon.svg`);
  expect(logo.status, "public/ is served").toBe(200);

  // The first admin (a server action, a password hashed by the native argon2 module in the image), then sign in.
  await page.getByLabel("Your name").fill("Olivia Operator");
  await page.getByLabel("Email").fill("operator@example.com");
  await page.getByLabel("Password").fill("a long operator password");
  await button.click();
  await expect(page).toHaveURL(`${origin}/login?setup=done`);
  await page.getByLabel("Email").fill("operator@example.com");
  await page.getByLabel("Password").fill("a long operator password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(`${origin}/incidents`);
  await expect(page.getByRole("heading", { name: "Incidents" })).toBeVisible();

  // The worker service: its own process on the same database, started and still running.
  await expect.poll(() => worker.output(), { timeout: 30_000 }).toContain("job worker started");
  expect(worker.child.exitCode).toBeNull();
});

// Journey of an operator starting the container image (`docker build` cannot run here): the image's files are laid out
// exactly as the Dockerfile's runtime stage copies them from the build (its `COPY --from=build` lines, read from the
// Dockerfile), after the build stage's steps that follow `npm run build` (the script bundle), in a directory outside
// the repository so that nothing resolves from the repository's node_modules. Then, as compose.yaml runs them, with
// the image's ENV and nothing else from this machine's environment: the entry point (migrations, then `node server.js`)
// on a fresh database with HINDSIGHT_WORKER=off, and the entry point's `worker` beside it. The operator sees a healthy
// /api/health, the first-admin page styled and working (its CSS and JavaScript served), can create the admin and sign
// in, and the worker running. Then what the operator's Prometheus and log collector get from that real server:
// /api/metrics counting the requests by route and status (the registry instrumentation.ts records into is the one the
// metrics route's own bundle reads), and a standard output that, after Next's start-up banner, is one JSON object per
// line, the request id on every line of a request, Next's own messages included; a garbled client-side navigation is
// a 400, not a page error.
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

type Running = { child: ChildProcess; output: () => string; stdout: () => string; stderr: () => string };

function run(command: string[], cwd: string, env: Record<string, string>): Running {
  let output = "";
  let stdout = "";
  let stderr = "";
  const child = spawn(command[0]!, command.slice(1), { cwd, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    stdout += chunk.toString();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    stderr += chunk.toString();
  });
  processes.push(child);
  return { child, output: () => output, stdout: () => stdout, stderr: () => stderr };
}

type LogLine = { level: string; time: string; msg: string; pid: number; hostname: string; requestId?: string; [field: string]: unknown };

/**
 * The server's standard output: the plain lines written before the app's code runs (the migrations' report, Next's
 * start-up banner), then the lines from the first JSON one on, each parsed, or kept as text when it is no JSON.
 */
function serverLog(stdout: string): { banner: string[]; lines: LogLine[]; notJson: string[] } {
  const all = stdout.split("\n").filter((line) => line.trim() !== "");
  const parse = (line: string): LogLine | null => {
    try {
      const value: unknown = JSON.parse(line);
      return value && typeof value === "object" && !Array.isArray(value) ? (value as LogLine) : null;
    } catch {
      return null;
    }
  };
  const first = all.findIndex((line) => parse(line) !== null);
  const rest = first === -1 ? [] : all.slice(first);
  return {
    banner: first === -1 ? all : all.slice(0, first),
    lines: rest.map(parse).filter((line): line is LogLine => line !== null),
    notJson: rest.filter((line) => parse(line) === null),
  };
}

type Sample = { name: string; labels: Record<string, string>; value: number };

/** Prometheus's text format, one sample a line (comments left out). */
function samples(exposition: string): Sample[] {
  return exposition
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const match = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
      if (!match) throw new Error(`Not a sample: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((label) => [label[1]!, label[2]!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
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

  // What the operator's log collector and Prometheus get. A few requests of a signed-out visitor, each answered with
  // its request id, the way a log line is found again from a bug report.
  const login = await fetch(`${origin}/login`);
  expect(login.status).toBe(200);
  await login.text();
  const loginId = login.headers.get("x-request-id")!;
  expect(loginId).toMatch(/^[0-9a-f-]{36}$/);
  expect((await fetch(`${origin}/api/health`)).status).toBe(200);
  // Next's own messages during a request: a server action that does not exist (a page from an older deployment) is a
  // warning Next prints itself (console.warn with the Error).
  const staleAction = await fetch(`${origin}/login`, {
    method: "POST",
    headers: { "Next-Action": "7f".repeat(21), Origin: origin, "Content-Type": "text/plain;charset=UTF-8" },
    body: "[]",
  });
  expect(staleAction.headers.get("x-nextjs-action-not-found")).toBe("1");
  const staleActionId = staleAction.headers.get("x-request-id")!;
  // A client-side navigation whose router state header is garbage (Next's router never sends one) made Next's render
  // throw, a 500 and an error line; it is the client's error, answered 400 before Next sees it, and logged as a request.
  const garbled = await fetch(`${origin}/login`, { headers: { RSC: "1", "Next-Router-State-Tree": "not-a-router-state" }, redirect: "manual" });
  expect(garbled.status).toBe(400);
  expect(await garbled.text()).toBe(
    "The Next-Router-State-Tree header is not a router state: The router state header was sent but could not be parsed. Reload the page.\n",
  );
  const garbledId = garbled.headers.get("x-request-id")!;
  const stderrBefore = server.stderr();

  // /api/metrics, scraped from the same process: the HTTP observer installed by instrumentation.ts counted these
  // requests, and the metrics route (bundled apart from it) reads that same registry.
  const scrape = await fetch(`${origin}/api/metrics`);
  expect(scrape.status).toBe(200);
  expect(scrape.headers.get("content-type")).toContain("text/plain");
  const metrics = samples(await scrape.text());
  const value = (name: string, labels: Record<string, string>) =>
    metrics.filter((sample) => sample.name === name && Object.entries(labels).every(([key, wanted]) => sample.labels[key] === wanted));
  const [loginCount] = value("hindsight_http_requests_total", { route: "/login", method: "GET", status: "200" });
  expect(loginCount?.value, "GET /login 200 counted").toBeGreaterThanOrEqual(1);
  expect(value("hindsight_http_requests_total", { route: "/api/health", method: "GET", status: "200" })[0]?.value).toBeGreaterThanOrEqual(1);
  expect(value("hindsight_http_requests_total", { route: "/login", method: "GET", status: "400" })[0]?.value).toBeGreaterThanOrEqual(1);
  expect(value("hindsight_http_requests_total", { route: "/login", method: "POST" }).length, "the stale action counted").toBeGreaterThan(0);
  // The histogram of the same requests: a bucket per bound, cumulative, the last (+Inf) holding them all, as _count.
  const loginGets = value("hindsight_http_requests_total", { route: "/login", method: "GET" }).reduce((sum, sample) => sum + sample.value, 0);
  const buckets = value("hindsight_http_request_duration_seconds_bucket", { route: "/login", method: "GET" });
  expect(buckets.map((bucket) => bucket.labels.le)).toEqual(["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "30", "+Inf"]);
  expect(buckets.map((bucket) => bucket.value)).toEqual(buckets.map((bucket) => bucket.value).sort((a, b) => a - b));
  expect(buckets.at(-1)!.value).toBe(loginGets);
  expect(value("hindsight_http_request_duration_seconds_count", { route: "/login", method: "GET" })[0]?.value).toBe(loginGets);
  expect(value("hindsight_http_request_duration_seconds_sum", { route: "/login", method: "GET" })[0]?.value).toBeGreaterThan(0);

  // The server's standard output: after the plain lines written before the app's code runs (the migrations' report,
  // Next's start-up banner), every line is one JSON object with the logger's fields.
  await expect.poll(() => serverLog(server.stdout()).lines.some((line) => line.requestId === garbledId && line.status === 400)).toBe(true);
  const { banner, lines, notJson } = serverLog(server.stdout());
  expect(
    banner.some((line) => line.includes("Ready in")),
    "Next's banner comes before the app's first line",
  ).toBe(true);
  expect(notJson, "lines that are not JSON after the first JSON line").toEqual([]);
  for (const line of lines) {
    expect(line).toMatchObject({
      level: expect.any(String),
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/),
      msg: expect.any(String),
      pid: expect.any(Number),
    });
  }
  expect(server.stderr(), "nothing on standard error once the server runs").toBe(stderrBefore);
  // The access line of GET /login, found by the X-Request-Id the visitor got.
  expect(lines.filter((line) => line.requestId === loginId)).toEqual([
    {
      level: "info",
      time: expect.any(String),
      pid: expect.any(Number),
      hostname: expect.any(String),
      requestId: loginId,
      method: "GET",
      route: "/login",
      path: "/login",
      status: 200,
      durationMs: expect.any(Number),
      msg: "GET /login 200",
    },
  ]);
  // Next's warning about the stale action: a JSON line at warn, the Error under err, with the request's id.
  expect(lines.filter((line) => line.requestId === staleActionId).map((line) => line.level)).toEqual(["warn", "info"]);
  expect(lines.find((line) => line.requestId === staleActionId && line.level === "warn")).toMatchObject({
    err: { type: "Error", message: expect.stringContaining("Failed to find Server Action"), stack: expect.any(String) },
  });
  // The garbled navigation: its access line only, at 400; no error line, nothing from Next.
  expect(lines.filter((line) => line.requestId === garbledId)).toEqual([
    expect.objectContaining({ level: "info", method: "GET", route: "/login", path: "/login", status: 400, msg: "GET /login 400" }),
  ]);
  expect(server.stdout()).not.toContain("⨯");
});

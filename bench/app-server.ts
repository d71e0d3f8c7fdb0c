// What the benches that serve the BUILT app share: a scratch database on the PostgreSQL at BENCH_DATABASE_URL (default
// TEST_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres), `next start` on 127.0.0.1 in a process
// group of its own (stopping it stops whatever it started), the wait for its health check, and signing in as a user.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { openSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createBoss } from "@/lib/jobs/boss";

export const adminUrl = () => process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export async function withClient<T>(connectionString: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export const loadAverage = () =>
  os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(", ");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The app runs without its job worker (HINDSIGHT_WORKER=off below): a reminder pass over the seeded action items would
 * compete for the CPU being measured. But /api/health, the pages bench's baseline, also answers 503 once no worker has
 * been seen for 3 minutes (lib/db/health.ts reads pg-boss's clock). So this process keeps that clock going for as long
 * as the server runs: pg-boss with no queue of ours scheduled or worked, which moves the clock and runs nothing.
 */
function keepJobClock(databaseUrl: string, server: ChildProcess): void {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const boss = createBoss(pool);
  boss.on("error", (error: Error) => console.log(`job clock: ${error.message}`));
  const started = boss.start().catch((error: unknown) => console.log(`job clock did not start: ${String(error)}`));
  server.once("exit", () => {
    void started
      .then(() => boss.stop({ graceful: false, close: false, wait: true }))
      .catch(() => undefined)
      .finally(() => void pool.end());
  });
}

/** `extraEnv`: variables for this server only, over the bench's own environment; `cwd`: another checkout to serve. */
export function startApp(databaseUrl: string, port: number, extraEnv: Record<string, string> = {}, cwd?: string): ChildProcess {
  const logFile = path.join(os.tmpdir(), `hindsight-bench-${port}.log`);
  // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (open it in Chrome's DevTools, or
  // read it with bench/profile-summary.ts). Node refuses --cpu-prof in NODE_OPTIONS, so it goes on node's command line.
  const profileDir = process.env.BENCH_CPU_PROF;
  const nodeArgs = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(profileDir)}`] : [];
  const server = spawn(process.execPath, [...nodeArgs, "node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(port)], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      AUTH_TRUST_HOST: "true",
      NEXT_TELEMETRY_DISABLED: "1",
      HINDSIGHT_EMBEDDED_DB: "",
      HINDSIGHT_WORKER: "off",
      ...extraEnv,
    },
    // Another checkout's build (its own node_modules and .next), for comparing two builds on the same data
    cwd,
    // A process group of its own, so that stopping it stops whatever it started too.
    detached: true,
    // The app's JSON log (an access line per request, at the default level as deployed) to a file: thousands of
    // requests would bury the figures. Its warnings and errors are there too: the path is printed.
    stdio: ["ignore", openSync(logFile, "w"), "inherit"],
  });
  console.log(`next start on port ${port}: its log is ${logFile}`);
  keepJobClock(databaseUrl, server);
  return server;
}

/** SIGTERM to the server's process group, SIGKILL 10 s later if it is still there; `label` prefixes what it prints. */
export async function stopApp(server: ChildProcess, label = "pages"): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null || !server.pid) return;
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-server.pid!, name);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 10_000).unref());
  if ((await Promise.race([exited, timeout])) === "timeout") {
    console.log(`${label}: next start did not exit 10 s after SIGTERM; SIGKILL`);
    signal("SIGKILL");
    await exited;
  }
}

export async function waitForHealth(base: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with code ${server.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The app did not become healthy at ${base}/api/health within ${timeoutMs} ms`);
}

/** The name=value pairs of a response's Set-Cookie headers, merged into `jar` (an expired cookie removes its name). */
export function keepCookies(response: Response, jar: Map<string, string>): void {
  for (const header of response.headers.getSetCookie()) {
    const [pair = ""] = header.split(";");
    const at = pair.indexOf("=");
    if (at <= 0) continue;
    const name = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(header)) jar.delete(name);
    else jar.set(name, value);
  }
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");

/** Auth.js's own credentials flow, as a browser without the login page's script would post it: CSRF token, then the callback. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const csrfResponse = await fetch(`${base}/api/auth/csrf`);
  keepCookies(csrfResponse, jar);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar), origin: base },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/incidents` }),
  });
  keepCookies(response, jar);
  if (![...jar.keys()].some((name) => name.endsWith("authjs.session-token"))) {
    throw new Error(`Signing in as ${email} gave no session cookie (HTTP ${response.status}, Location ${response.headers.get("location")})`);
  }
  const check = await fetch(`${base}/incidents`, { redirect: "manual", headers: { cookie: cookieHeader(jar) } });
  if (check.status !== 200) throw new Error(`Signed in as ${email}, but /incidents answered ${check.status} (Location ${check.headers.get("location")})`);
  return cookieHeader(jar);
}

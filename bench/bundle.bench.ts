// First-load JavaScript of the main pages (issue 14, P4): the BUILT app (`next start`, job worker off) on a fresh
// database seeded as `npm run db:seed` seeds it (the demo users and the imported sample report), each page opened once
// in Debian's Chromium (/usr/bin/chromium, or CHROMIUM_PATH) in a new browser context, signed in as the demo manager
// (who sees every page), so nothing comes from the cache. Counted: every script response until the network is idle,
// as transferred (the compressed body; Next gzips) and decoded. Held to the budget: the report page's transferred JS,
// <= 200 kB, with 150 kB the goal (1 kB = 1,000 bytes). A miss prints OVER BUDGET; what throws is a page that does not
// load, a sign-in or a server that does not work.
//
// Builds nothing: needs `npm run build` first. Run: npm run bench -- bundle (BENCH_VERBOSE=1 lists every script of
// each page, largest first; BENCH_PORT picks the server's port, else a free one).
import { spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import os from "node:os";
import { chromium, type Browser, type Response } from "@playwright/test";
import { DEMO_USERS } from "@/prisma/demo-users";
import { adminUrl, freePort, loadAverage, signIn, startApp, stopApp, waitForHealth, withClient } from "./app-server";

const BUDGET_BYTES = 200_000;
const GOAL_BYTES = 150_000;
/** The report page: the sample that `npm run db:seed` imports (prisma/seed-data/inc-2024-1127-001.txt). */
const SAMPLE = "INC-2024-1127-001";

const PAGES: { label: string; path: string; heldToBudget?: boolean }[] = [
  { label: "incident list", path: "/incidents" },
  { label: "report page", path: `/incidents/${SAMPLE}`, heldToBudget: true },
  { label: "editor", path: `/incidents/${SAMPLE}/edit` },
  { label: "action items", path: "/action-items" },
  { label: "reviews", path: "/reviews" },
  { label: "insights", path: "/insights" },
];

export type ScriptWeight = { url: string; transferred: number; decoded: number; encoding: string };
export type PageWeight = { label: string; path: string; scripts: ScriptWeight[]; transferred: number; decoded: number };

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/** Opens `path` in a new context carrying `cookie` and adds up the script responses of that first load. */
export async function measurePage(browser: Browser, base: string, cookie: string, path: string): Promise<Omit<PageWeight, "label">> {
  const context = await browser.newContext({ baseURL: base });
  await context.addCookies(
    cookie.split("; ").map((pair) => {
      const at = pair.indexOf("=");
      return { name: pair.slice(0, at), value: pair.slice(at + 1), url: base };
    }),
  );
  const page = await context.newPage();
  const scripts: Response[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() === "script") scripts.push(response);
  });
  try {
    const response = await page.goto(path, { waitUntil: "networkidle" });
    if (response?.status() !== 200 || new URL(page.url()).pathname !== new URL(path, base).pathname) {
      throw new Error(`${path} answered ${response?.status()} at ${page.url()}`);
    }
    const weights: ScriptWeight[] = [];
    for (const script of scripts) {
      weights.push({
        url: new URL(script.url()).pathname,
        transferred: (await script.request().sizes()).responseBodySize,
        decoded: (await script.body()).length,
        encoding: (await script.headerValue("content-encoding")) ?? "identity",
      });
    }
    const sum = (key: "transferred" | "decoded") => weights.reduce((total, weight) => total + weight[key], 0);
    return { path, scripts: weights, transferred: sum("transferred"), decoded: sum("decoded") };
  } finally {
    await context.close();
  }
}

function printTable(rows: PageWeight[]): void {
  const header = ["page", "path", "scripts", "transferred", "decoded", "budget"];
  const lines = rows.map((row) => [
    row.label,
    row.path,
    String(row.scripts.length),
    kB(row.transferred),
    kB(row.decoded),
    PAGES.find((page) => page.path === row.path)?.heldToBudget
      ? row.transferred > BUDGET_BYTES
        ? "OVER BUDGET"
        : row.transferred > GOAL_BYTES
          ? "within budget, over goal"
          : "within goal"
      : "(info)",
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: string[]) =>
    `| ${cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(" | ")} |`;
  console.log(format(header));
  console.log(`|${widths.map((width, column) => (column < 2 ? ":" : "-") + "-".repeat(width) + (column < 2 ? "-" : ":")).join("|")}|`);
  for (const line of lines) console.log(format(line));
  const encodings = [...new Set(rows.flatMap((row) => row.scripts.map((script) => script.encoding)))].join(", ");
  console.log(
    `bundle: first-load JavaScript with an empty cache (content-encoding seen: ${encodings}); the report page's budget ${kB(BUDGET_BYTES)} transferred, goal ${kB(GOAL_BYTES)}`,
  );
}

export async function run(): Promise<PageWeight[]> {
  if (!existsSync(".next/BUILD_ID")) throw new Error("No production build: run `npm run build` first (from the repository root).");
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) throw new Error(`No Chromium at ${executablePath} (apt-get install chromium, or set CHROMIUM_PATH)`);
  const name = `hindsight_bench_bundle_${process.pid}_${randomUUID().slice(0, 8)}`;
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  console.log(`bundle: load average at start ${loadAverage()} (${os.cpus().length} CPUs)`);

  await withClient(adminUrl(), (client) => client.query(`CREATE DATABASE "${name}"`));
  let server: ChildProcess | null = null;
  let browser: Browser | null = null;
  try {
    // The command a newcomer runs (it migrates first), in a process of its own as the browser tests seed.
    const seed = spawnSync("npm", ["run", "--silent", "db:seed"], {
      env: { ...process.env, DATABASE_URL: databaseUrl, HINDSIGHT_EMBEDDED_DB: "" },
      encoding: "utf8",
    });
    if (seed.status !== 0) throw new Error(`npm run db:seed failed (exit ${seed.status}):\n${seed.stdout}\n${seed.stderr}`);

    const port = Number(process.env.BENCH_PORT) || (await freePort());
    const base = `http://127.0.0.1:${port}`;
    server = startApp(databaseUrl, port);
    await waitForHealth(base, server, 60_000);
    const manager = DEMO_USERS.find((user) => user.role === "MANAGER")!;
    const cookie = await signIn(base, manager.email, manager.password);
    console.log(`bundle: next start healthy on ${base}, signed in as ${manager.email}`);

    browser = await chromium.launch({
      executablePath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    });
    const rows: PageWeight[] = [];
    for (const { label, path } of PAGES) rows.push({ label, ...(await measurePage(browser, base, cookie, path)) });
    if (process.env.BENCH_VERBOSE === "1") {
      for (const row of rows) {
        console.log(`bundle: ${row.label} (${row.path}), largest first:`);
        for (const script of [...row.scripts].sort((a, b) => b.transferred - a.transferred)) {
          console.log(`  ${kB(script.transferred).padStart(9)} ${kB(script.decoded).padStart(9)} ${script.encoding.padEnd(8)} ${script.url}`);
        }
      }
    }
    printTable(rows);
    console.log(`bundle: load average after ${loadAverage()}`);
    return rows;
  } finally {
    if (browser) await browser.close();
    if (server) await stopApp(server, "bundle");
    if (process.env.BENCH_KEEP === "1") console.log(`bundle: kept the database ${name}`);
    else await withClient(adminUrl(), (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
}

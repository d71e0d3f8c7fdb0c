// End-to-end tests: Debian's Chromium (never a downloaded browser) against the built app on 127.0.0.1.
// e2e/global-setup.ts creates a fresh database and starts `next start` on it; teardown stops it and drops the database.
//
// The whole suite (`npm run test:e2e`, CI) runs in two phases against that one server and database:
//   1. "parallel": every test of every file not listed below, two at a time, in any order. Each test makes its own
//      data (its own reports, users, names) and reads only that, or seeded data that no test changes, so what another
//      test does meanwhile, or did before, changes nothing it asserts.
//   2. "serial": the files in SERIAL, one test at a time, in order, with nothing else running: each changes something
//      every journey shares or asserts a total that any journey's rows would change. Declared as the teardown of
//      "parallel" so that it runs after it even when a test there failed (a failed dependency would skip it instead).
// A test that writes shared state (instance settings, templates, the service catalog, a demo user), runs a reminder
// pass, counts shared rows, or needs another test of its file to have run first goes in SERIAL, with the reason.
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3107);

const SERIAL: Record<string, string> = {
  "admin.spec.ts": "changes the instance's severity scale and the default template's sections, which every journey writing a report uses",
  "cross-origin.spec.ts": "asserts that the total number of incidents is the same before and after the attack",
  "import-export.spec.ts": "asserts that the number of postmortems is the same before and after a refused import",
  "reminder-mail.spec.ts": "runs a reminder pass, which mails the owner of every overdue item in the database (other journeys' too, into the outbox)",
};
const serialSpecs = Object.keys(SERIAL).map((file) => `**/${file}`);

/**
 * Whether this command runs the whole suite. Playwright runs a project that another depends on (or tears down) in full,
 * whatever files, titles or projects the command line picks: `npx playwright test e2e/charts.spec.ts` would run every
 * serial journey too. So the phases are made only for a whole run; a run that picks (a file, -g, --project,
 * --last-failed...) keeps both projects but runs everything it picked one at a time, as the suite ran before. Decided
 * once, in the runner's process, and handed to the worker processes (which load this file too) in the environment.
 */
function wholeSuite(argv: string[]): boolean {
  const test = argv.indexOf("test");
  if (test === -1) return false;
  // options followed by a value that picks nothing, and options that pick what runs
  const takesValue = new Set(
    "-c --config -j --workers --reporter --retries --timeout --global-timeout --repeat-each --max-failures --output --trace --tsconfig".split(" "),
  );
  const picks = new Set("-g --grep --grep-invert --project --last-failed --only-changed --shard --test-list --test-list-invert".split(" "));
  const args = argv.slice(test + 1);
  while (args.length) {
    const arg = args.shift()!;
    const option = arg.split("=")[0]!;
    if (picks.has(option)) return false;
    if (takesValue.has(option)) {
      if (!arg.includes("=")) args.shift();
    } else if (!option.startsWith("-")) {
      return false; // a file or folder to run (or the value of an option not listed: one at a time is always safe)
    }
  }
  return true;
}
process.env.HINDSIGHT_E2E_PHASES ??= wholeSuite(process.argv) ? "1" : "0";
const phases = process.env.HINDSIGHT_E2E_PHASES === "1";

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: phases ? 2 : 1,
  retries: 0,
  forbidOnly: true,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  globalSetup: "./e2e/global-setup.ts",
  projects: [
    // Two tests share the machine's two cores: each may take up to twice as long as alone.
    { name: "parallel", testIgnore: serialSpecs, fullyParallel: true, workers: 2, timeout: 90_000, ...(phases ? { teardown: "serial" } : {}) },
    { name: "serial", testMatch: serialSpecs, workers: 1 },
  ],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
});

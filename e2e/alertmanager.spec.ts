// Journey of an alert with the real tools: Debian's Prometheus scrapes a tiny target whose gauge the test controls, a
// rule (`for: 0s`) fires when it is 1, and Debian's Alertmanager posts its webhook to the app with the integration's
// secret as alertmanager.yml's http_config.authorization sends it. Turning the gauge on opens a draft report; turning
// it off resolves the alert on the same draft. An SRE then opens the draft and sees both events on its timeline.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { signInAs } from "./helpers";

const PROMETHEUS = "/usr/bin/prometheus";
const ALERTMANAGER = "/usr/bin/prometheus-alertmanager";

const processes: ChildProcess[] = [];
let stopping = false;
let target: Server | undefined;
let workDir: string | undefined;

test.afterAll(async () => {
  stopping = true;
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
  await new Promise((resolve) => (target ? target.close(resolve) : resolve(null)));
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function withDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A port nobody listens on right now (the tools take addresses, not port 0). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function start(command: string, args: string[], name: string): ChildProcess {
  const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4_000);
  });
  child.once("exit", (code, signal) => {
    if (!stopping) console.error(`${name} exited (${code ?? signal}):\n${log}`);
  });
  processes.push(child);
  return child;
}

async function waitUntilReady(url: string, child: ChildProcess, name: string): Promise<void> {
  await expect
    .poll(
      async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
        return fetch(url).then(
          (response) => response.status,
          () => 0,
        );
      },
      { message: `${name} answers ${url}`, timeout: 15_000, intervals: [200] },
    )
    .toBe(200);
}

type Draft = { id: string; publicId: string; status: string; services: string[]; events: { kind: string; text: string; milestone: string | null }[] };

async function draftOf(integrationId: string): Promise<Draft | null> {
  return withDatabase(async (client) => {
    const { rows } = await client.query<{ id: string; publicId: string; status: string }>(
      `SELECT i.id, i."publicId", i.status FROM "IncidentSource" s JOIN "Incident" i ON i.id = s."incidentId" WHERE s."integrationId" = $1`,
      [integrationId],
    );
    if (rows.length > 1) throw new Error(`${rows.length} drafts for one alert group`);
    if (!rows[0]) return null;
    const events = await client.query<Draft["events"][number]>(
      `SELECT kind, text, milestone FROM "TimelineEvent" WHERE "incidentId" = $1 ORDER BY "occurredAt", position`,
      [rows[0].id],
    );
    const services = await client.query<{ name: string }>(
      `SELECT s.name FROM "IncidentService" l JOIN "Service" s ON s.id = l."serviceId" WHERE l."incidentId" = $1 ORDER BY l.position`,
      [rows[0].id],
    );
    return { ...rows[0], services: services.rows.map((row) => row.name), events: events.rows };
  });
}

test("an alert from Prometheus through Alertmanager opens a draft, and its resolution lands on the same draft", async ({ page }) => {
  test.setTimeout(90_000);
  for (const binary of [PROMETHEUS, ALERTMANAGER]) {
    if (!existsSync(binary))
      throw new Error(`${binary} is missing: this journey runs the real tools. Install them with: apt-get install prometheus prometheus-alertmanager`);
  }
  const appPort = Number(process.env.E2E_PORT ?? 3107);
  workDir = await mkdtemp(path.join(tmpdir(), "hindsight-alertmanager-e2e-"));

  // The integration, as Admin > Integrations makes it: only the secret's SHA-256 is stored. And the service the
  // alert's `service` label names, in the catalog under its own spelling.
  const secret = `hsi_${randomBytes(32).toString("base64url")}`;
  const suffix = randomUUID().slice(0, 8);
  const integrationId = `e2e-alertmanager-${suffix}`;
  const service = `checkout-${suffix}`;
  await withDatabase(async (client) => {
    await client.query(`INSERT INTO "Integration" (id, kind, name, "secretHash") VALUES ($1, 'ALERTMANAGER', 'Prometheus (e2e)', $2)`, [
      integrationId,
      createHash("sha256").update(secret).digest("hex"),
    ]);
    await client.query(`INSERT INTO "Service" (id, name) VALUES ($1, $2)`, [`e2e-service-${suffix}`, `Checkout-${suffix.toUpperCase()}`]);
  });

  // The monitored thing: one gauge, 1 while checkout fails.
  let failing = 0;
  target = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
    response.end(
      `# HELP hindsight_e2e_failing Whether checkout fails.\n# TYPE hindsight_e2e_failing gauge\nhindsight_e2e_failing{service="${service}"} ${failing}\n`,
    );
  });
  await new Promise<void>((resolve) => target!.listen(0, "127.0.0.1", resolve));
  const targetPort = (target.address() as AddressInfo).port;
  const [prometheusPort, alertmanagerPort] = [await freePort(), await freePort()];

  await writeFile(
    path.join(workDir, "alertmanager.yml"),
    `route:
  receiver: hindsight
  group_by: [alertname, service]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 4h
receivers:
  - name: hindsight
    webhook_configs:
      - url: http://127.0.0.1:${appPort}/api/v1/webhooks/alertmanager
        send_resolved: true
        http_config:
          authorization:
            credentials: ${secret}
`,
  );
  await writeFile(
    path.join(workDir, "rules.yml"),
    `groups:
  - name: hindsight-e2e
    rules:
      - alert: CheckoutErrors
        expr: hindsight_e2e_failing > 0
        for: 0s
        labels:
          severity: critical
        annotations:
          summary: Checkout is failing
          description: The test target reports checkout failures.
`,
  );
  await writeFile(
    path.join(workDir, "prometheus.yml"),
    `global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: [${JSON.stringify(path.join(workDir, "rules.yml"))}]
alerting:
  alertmanagers:
    - static_configs:
        - targets: ["127.0.0.1:${alertmanagerPort}"]
scrape_configs:
  - job_name: checkout
    static_configs:
      - targets: ["127.0.0.1:${targetPort}"]
`,
  );
  const alertmanager = start(
    ALERTMANAGER,
    [
      `--config.file=${path.join(workDir, "alertmanager.yml")}`,
      `--storage.path=${path.join(workDir, "alertmanager")}`,
      `--web.listen-address=127.0.0.1:${alertmanagerPort}`,
      "--cluster.listen-address=",
    ],
    "Alertmanager",
  );
  const prometheus = start(
    PROMETHEUS,
    [
      `--config.file=${path.join(workDir, "prometheus.yml")}`,
      `--storage.tsdb.path=${path.join(workDir, "prometheus")}`,
      `--web.listen-address=127.0.0.1:${prometheusPort}`,
    ],
    "Prometheus",
  );
  await waitUntilReady(`http://127.0.0.1:${alertmanagerPort}/-/ready`, alertmanager, "Alertmanager");
  await waitUntilReady(`http://127.0.0.1:${prometheusPort}/-/ready`, prometheus, "Prometheus");

  failing = 1;
  await expect
    .poll(async () => (await draftOf(integrationId))?.events.map((event) => event.text.split(" (")[0]), {
      message: "a draft with the firing alert",
      timeout: 20_000,
    })
    .toEqual(["Firing: CheckoutErrors"]);

  failing = 0;
  await expect.poll(async () => (await draftOf(integrationId))?.status, { message: "the draft resolved", timeout: 20_000 }).toBe("RESOLVED");
  const draft = (await draftOf(integrationId))!;
  expect(draft.services).toEqual([`Checkout-${suffix.toUpperCase()}`]);
  expect(draft.events.map((event) => [event.kind, event.milestone, event.text.split(" (")[0]])).toEqual([
    ["ALERT", "DETECTED", "Firing: CheckoutErrors"],
    ["ALERT", null, "Resolved: CheckoutErrors"],
    ["MILESTONE", "RESOLVED", "The alert resolved."],
  ]);

  await signInAs(page, "SRE");
  await page.goto(`/incidents/${draft.publicId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`CheckoutErrors (service=${service})`);
  const timeline = page.getByTestId("timeline");
  await expect(timeline.getByText(/^Firing: CheckoutErrors .*Checkout is failing/)).toBeVisible();
  await expect(timeline.getByText(/^Resolved: CheckoutErrors/)).toBeVisible();
  await expect(timeline.getByText("The alert resolved.")).toBeVisible();
  // where the draft came from
  await expect(page.getByTestId("section-detection")).toContainText("Opened from Alertmanager alert group");
});

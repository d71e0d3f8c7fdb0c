import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { activeIntegration, integrationByBearerSecret } from "@/lib/integrations/queries";
import { unseal } from "@/lib/integrations/sealed";
import { adoptAppAuthSecret, integrationCreateCommand } from "@/scripts/integration-create";

const AUTH_SECRET = "integration-cli-test-secret-0123456789abcdef";
process.env.AUTH_SECRET = AUTH_SECRET;
afterEach(() => {
  process.env.AUTH_SECRET = AUTH_SECRET;
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) }, out, err };
}

/** The KEY=value lines of stdout. */
const printed = (out: string[]) => Object.fromEntries(out.map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
const unique = (label: string) => `${label} ${randomUUID().slice(0, 8)}`;
const byName = (name: string) => getDb().integration.findFirstOrThrow({ where: { name } });

describe("npm run integration:create", () => {
  it("alertmanager: prints WEBHOOK_URL and SECRET lines only, and the secret is the integration's credential", async () => {
    const name = unique("Prometheus");
    const { io, out, err } = capture();
    expect(await integrationCreateCommand(["--kind", "alertmanager", "--name", name], io)).toBe(0);
    expect(out).toHaveLength(2);
    const { WEBHOOK_URL, SECRET } = printed(out);
    expect(WEBHOOK_URL).toMatch(/^https?:\/\/.+\/api\/v1\/webhooks\/alertmanager$/);
    expect(SECRET).toMatch(/^hsi_/);
    expect(err.join("\n")).toMatch(/not shown again/);
    expect(err.join("\n")).toMatch(/alertmanager\.yml/);
    const row = await byName(name);
    expect(await integrationByBearerSecret("ALERTMANAGER", SECRET!)).toMatchObject({ id: row.id });
    const audit = await getDb().auditEvent.findMany({ where: { entityId: row.id } });
    expect(audit.map((entry) => [entry.action, entry.actorType, (entry.meta as { source?: string }).source])).toEqual([
      ["integration.create", "SYSTEM", "cli:integration-create"],
    ]);
  });

  it("pagerduty: the signing secret from PAGERDUTY_SIGNING_SECRET (or --signing-secret), sealed; no SECRET line", async () => {
    const fromEnvironment = capture();
    const name = unique("PagerDuty");
    expect(await integrationCreateCommand(["--kind", "PagerDuty", "--name", name], fromEnvironment.io, { PAGERDUTY_SIGNING_SECRET: "pd-from-env" })).toBe(0);
    expect(Object.keys(printed(fromEnvironment.out))).toEqual(["WEBHOOK_URL"]);
    expect(printed(fromEnvironment.out).WEBHOOK_URL).toMatch(/\/api\/v1\/webhooks\/pagerduty$/);
    expect((await activeIntegration((await byName(name)).id))?.secrets).toEqual({ signingSecret: "pd-from-env" });

    const fromOption = unique("PagerDuty option");
    expect(await integrationCreateCommand(["--kind", "pagerduty", "--name", fromOption, "--signing-secret", "pd-option"], capture().io, {})).toBe(0);
    expect((await activeIntegration((await byName(fromOption)).id))?.secrets).toEqual({ signingSecret: "pd-option" });

    const missing = capture();
    expect(await integrationCreateCommand(["--kind", "pagerduty", "--name", "no secret"], missing.io, {})).toBe(2);
    expect(missing.err.join("\n")).toMatch(/PAGERDUTY_SIGNING_SECRET/);
  });

  it("chat: webhook URL, format, events and a service by name; nothing to print on stdout", async () => {
    const service = await getDb().service.create({ data: { name: unique("Checkout") } });
    const name = unique("#checkout");
    const { io, out } = capture();
    const argv = ["--kind", "chat", "--name", name, "--url", "https://hooks.slack.com/services/T1/B1/xyz", "--format", "Teams"];
    expect(await integrationCreateCommand([...argv, "--events", "review.approved, action-items.overdue", "--service", service.name.toUpperCase()], io)).toBe(0);
    expect(out).toEqual([]);
    const row = await byName(name);
    expect(row).toMatchObject({ serviceId: service.id, config: { format: "teams", events: ["review.approved", "action-items.overdue"] } });
    expect(unseal(row.sealedSecrets!, row.id)).toEqual({ webhookUrl: "https://hooks.slack.com/services/T1/B1/xyz" });

    const unknownService = capture();
    expect(
      await integrationCreateCommand(["--kind", "chat", "--name", "x", "--url", "https://h.example/x", "--service", "No such service"], unknownService.io),
    ).toBe(1);
    expect(unknownService.err.join("\n")).toMatch(/no service named "No such service"/);
  });

  it("github and jira: the token from the environment, sealed with the generated signing secret that is printed", async () => {
    const github = capture();
    const githubName = unique("GitHub");
    expect(
      await integrationCreateCommand(["--kind", "github", "--name", githubName, "--repository", "acme/platform"], github.io, { GITHUB_TOKEN: "ghp_cli" }),
    ).toBe(0);
    const githubPrinted = printed(github.out);
    expect(githubPrinted.WEBHOOK_URL).toMatch(/\/api\/v1\/webhooks\/github$/);
    const githubRow = await byName(githubName);
    expect(githubRow.config).toEqual({ repository: "acme/platform", apiUrl: "https://api.github.com" });
    expect((await activeIntegration(githubRow.id))?.secrets).toEqual({ apiToken: "ghp_cli", signingSecret: githubPrinted.SECRET });

    const jira = capture();
    const jiraName = unique("Jira");
    const argv = ["--kind", "jira", "--name", jiraName, "--site", "https://acme.atlassian.net", "--email", "bot@acme.example", "--project", "OPS"];
    expect(await integrationCreateCommand(argv, jira.io, { JIRA_API_TOKEN: "jira-cli" })).toBe(0);
    const jiraRow = await byName(jiraName);
    expect(jiraRow.config).toMatchObject({ projectKey: "OPS", issueType: "Task", doneStatus: "Done" });
    expect((await activeIntegration(jiraRow.id))?.secrets).toEqual({ apiToken: "jira-cli", signingSecret: printed(jira.out).SECRET });

    const noToken = capture();
    expect(await integrationCreateCommand(["--kind", "github", "--name", "x", "--repository", "acme/platform"], noToken.io, {})).toBe(2);
    expect(noToken.err.join("\n")).toMatch(/Set GITHUB_TOKEN/);
  });

  it("explains what is wrong, naming the option, and creates nothing", async () => {
    const before = await getDb().integration.count();
    const cases: [string[], number, RegExp][] = [
      [["--name", "x"], 2, /--kind and --name are required/],
      [["--kind", "zabbix", "--name", "x"], 2, /Unknown kind "zabbix"\. Use one of: alertmanager, pagerduty, chat, github, jira/],
      [["--kind", "alertmanager", "--name", "x", "--url", "https://h.example"], 2, /--url is not for --kind alertmanager/],
      [["--kind", "alertmanager", "--name", "x", "--bogus"], 2, /Unknown option '--bogus'/],
      [["--kind", "alertmanager", "--name", " "], 1, /--name: Give the integration a name/],
      [
        ["--kind", "chat", "--name", "x", "--url", "hooks.example", "--events", "review.deleted"],
        1,
        /--url: Enter the webhook URL as an http\(s\):\/\/ URL[\s\S]*--events: An event is one of/,
      ],
      [["--kind", "github", "--name", "x", "--repository", "platform"], 1, /--repository: Enter the repository as owner\/name/],
      [
        ["--kind", "jira", "--name", "x", "--site", "https://acme.atlassian.net", "--email", "bot", "--project", "ops"],
        1,
        /--email: [\s\S]*--project: Enter the project key/,
      ],
    ];
    for (const [argv, code, message] of cases) {
      const { io, err, out } = capture();
      expect(await integrationCreateCommand(argv, io, { GITHUB_TOKEN: "t", JIRA_API_TOKEN: "t" }), argv.join(" ")).toBe(code);
      expect(err.join("\n")).toMatch(message);
      expect(out).toEqual([]);
    }
    delete process.env.AUTH_SECRET;
    const noAuthSecret = capture();
    expect(await integrationCreateCommand(["--kind", "pagerduty", "--name", "x"], noAuthSecret.io, { PAGERDUTY_SIGNING_SECRET: "s" })).toBe(1);
    expect(noAuthSecret.err.join("\n")).toMatch(/AUTH_SECRET is not set/);
    expect(await getDb().integration.count()).toBe(before);
  });

  it("without AUTH_SECRET, seals with the secret npm start generated in the data directory, as the app will open it", async () => {
    const dataDirectory = await mkdtemp(path.join(os.tmpdir(), "hindsight-cli-"));
    try {
      await writeFile(path.join(dataDirectory, "auth-secret"), "generated-by-npm-start-0123456789\n");
      delete process.env.AUTH_SECRET;
      adoptAppAuthSecret(dataDirectory);
      const name = unique("PagerDuty from the shell");
      expect(await integrationCreateCommand(["--kind", "pagerduty", "--name", name], capture().io, { PAGERDUTY_SIGNING_SECRET: "pd-shell" })).toBe(0);
      const row = await byName(name);
      expect(unseal(row.sealedSecrets!, row.id, "generated-by-npm-start-0123456789")).toEqual({ signingSecret: "pd-shell" });
    } finally {
      await rm(dataDirectory, { recursive: true, force: true });
    }
  });
});

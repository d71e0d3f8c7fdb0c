import { createHash, randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { systemActor } from "@/lib/auth/actor";
import { ForbiddenError, InvalidInputError, NotFoundError, UnauthenticatedError } from "@/lib/errors";
import { createIntegration, revokeIntegration } from "@/lib/integrations/mutations";
import {
  activeIntegration,
  activeIntegrations,
  integrationByBearerSecret,
  integrationWebhookUrl,
  listIntegrations,
  markIntegrationUsed,
} from "@/lib/integrations/queries";
import { SealedSecretError, seal, unseal } from "@/lib/integrations/sealed";
import { auditRowsFor, createTestActor } from "@/lib/users/test-fixtures";

// Sealing needs AUTH_SECRET; the suite does not set one.
const AUTH_SECRET = "integrations-test-secret-0123456789abcdef";
process.env.AUTH_SECRET = AUTH_SECRET;
afterEach(() => {
  process.env.AUTH_SECRET = AUTH_SECRET;
});

const storedRow = (id: string) => getDb().integration.findUniqueOrThrow({ where: { id } });
const unique = (label: string) => `${label} ${randomUUID().slice(0, 8)}`;

async function invalidIssues(work: Promise<unknown>): Promise<Record<string, string>> {
  const error = await work.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  return Object.fromEntries((error as InvalidInputError).issues.map((issue) => [issue.path, issue.message]));
}

describe("sealed secrets", () => {
  it("open with the same AUTH_SECRET and row id, and hide the value", () => {
    const sealed = seal({ signingSecret: "pd-signing-secret-abc" }, "row-1", "secret-A");
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain("pd-signing-secret-abc");
    expect(Buffer.from(sealed.split(".")[3]!, "base64url").toString("latin1")).not.toContain("pd-signing");
    expect(unseal(sealed, "row-1", "secret-A")).toEqual({ signingSecret: "pd-signing-secret-abc" });
    // a fresh IV each time: the same value sealed twice does not look the same
    expect(seal({ signingSecret: "pd-signing-secret-abc" }, "row-1", "secret-A")).not.toBe(sealed);
  });

  it("refuse to open under another AUTH_SECRET, for another row, tampered with or with a cut-down tag", () => {
    const sealed = seal({ apiToken: "ghp_token" }, "row-1", "secret-A");
    expect(() => unseal(sealed, "row-1", "secret-B")).toThrow(/AUTH_SECRET changed/);
    expect(() => unseal(sealed, "row-2", "secret-A")).toThrow(SealedSecretError);
    const [version, iv, tag, ciphertext] = sealed.split(".") as [string, string, string, string];
    const flipped = Buffer.from(ciphertext, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => unseal([version, iv, tag, flipped.toString("base64url")].join("."), "row-1", "secret-A")).toThrow(SealedSecretError);
    // GCM in Node accepts a 4-byte tag unless told the length: a forger would then need 2^32 tries
    const shortTag = Buffer.from(tag, "base64url").subarray(0, 4).toString("base64url");
    expect(() => unseal([version, iv, shortTag, ciphertext].join("."), "row-1", "secret-A")).toThrow(SealedSecretError);
    expect(() => unseal(`${sealed}.extra`, "row-1", "secret-A")).toThrow(SealedSecretError);
    expect(() => unseal("plain text", "row-1", "secret-A")).toThrow(/not in a format/);
  });

  it("cannot seal without AUTH_SECRET", () => {
    delete process.env.AUTH_SECRET;
    expect(() => seal({ apiToken: "x" }, "row-1")).toThrow(/AUTH_SECRET is not set/);
  });
});

describe("createIntegration", () => {
  it("Alertmanager: a generated hsi_ bearer secret, returned once, stored only as its SHA-256", async () => {
    const admin = await createTestActor("ADMIN");
    const { integration, secret } = await createIntegration({ kind: "ALERTMANAGER", name: unique("Prometheus prod") }, admin);
    expect(secret).toMatch(/^hsi_[A-Za-z0-9_-]{43}$/);
    const row = await storedRow(integration.id);
    expect(row.secretHash).toBe(createHash("sha256").update(secret!).digest("hex"));
    expect(row.sealedSecrets).toBeNull();
    expect(JSON.stringify(row)).not.toContain(secret!.slice(4));
    expect(integration.createdBy?.id).toBe(admin.user.id);

    expect(await integrationByBearerSecret("ALERTMANAGER", secret!)).toMatchObject({ id: integration.id, kind: "ALERTMANAGER", secrets: {} });
    expect(await integrationByBearerSecret("PAGERDUTY", secret!)).toBeNull();
    expect(await integrationByBearerSecret("ALERTMANAGER", `${secret}x`)).toBeNull();
    expect(await integrationWebhookUrl("ALERTMANAGER")).toMatch(/\/api\/v1\/webhooks\/alertmanager$/);
    expect(await integrationWebhookUrl("CHAT")).toBeNull();
  });

  it("PagerDuty: keeps the pasted signing secret sealed, nowhere in clear, and generates none", async () => {
    const admin = await createTestActor("ADMIN");
    const signingSecret = `pd-${randomUUID()}`;
    const { integration, secret } = await createIntegration({ kind: "PAGERDUTY", name: unique("PagerDuty"), signingSecret: `  ${signingSecret} ` }, admin);
    expect(secret).toBeNull();
    const row = await storedRow(integration.id);
    expect(row.secretHash).toBeNull();
    expect(row.sealedSecrets).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(signingSecret);
    const [opened] = await activeIntegrations("PAGERDUTY", { id: integration.id });
    expect(opened?.secrets).toEqual({ signingSecret });
  });

  it("chat: the webhook URL sealed, format and events as config, for one service or every incident", async () => {
    const admin = await createTestActor("ADMIN");
    const service = await getDb().service.create({ data: { name: unique("checkout") } });
    const webhookUrl = `https://hooks.slack.com/services/T000/B000/${randomUUID()}`;
    // as the admin form sends it: one checked event is a string, an empty service select is ""
    const forService = await createIntegration(
      { kind: "CHAT", name: unique("#checkout"), webhookUrl, format: "slack", events: "review.approved", serviceId: service.id },
      admin,
    );
    expect(forService.secret).toBeNull();
    expect(forService.integration).toMatchObject({
      serviceId: service.id,
      service: { name: service.name },
      config: { format: "slack", events: ["review.approved"] },
    });
    const row = await storedRow(forService.integration.id);
    expect(JSON.stringify(row)).not.toContain(webhookUrl.split("/").pop());
    expect((await activeIntegration(row.id))?.secrets).toEqual({ webhookUrl });

    const everywhere = await createIntegration(
      {
        kind: "CHAT",
        name: unique("#incidents"),
        webhookUrl: "https://example.webhook.office.com/workflows/abc/",
        format: "teams",
        events: ["review.submitted", "action-items.overdue", "review.submitted"],
        serviceId: "",
      },
      admin,
    );
    expect(everywhere.integration).toMatchObject({ serviceId: null, config: { format: "teams", events: ["review.submitted", "action-items.overdue"] } });
    expect((await activeIntegration(everywhere.integration.id))?.secrets).toEqual({ webhookUrl: "https://example.webhook.office.com/workflows/abc" });

    const before = await getDb().integration.count();
    await expect(
      createIntegration({ kind: "CHAT", name: "lost", webhookUrl, format: "slack", events: ["review.approved"], serviceId: "no-such-service" }, admin),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await getDb().integration.count()).toBe(before);
  });

  it("GitHub and Jira: the API token and a generated signing secret sealed, the secret returned once", async () => {
    const admin = await createTestActor("ADMIN");
    const githubToken = `ghp_${randomUUID().replaceAll("-", "")}`;
    const github = await createIntegration({ kind: "GITHUB", name: unique("GitHub"), repository: "acme/platform", apiToken: githubToken, apiUrl: "" }, admin);
    expect(github.secret).toMatch(/^hsi_/);
    expect(github.integration.config).toEqual({ repository: "acme/platform", apiUrl: "https://api.github.com" });
    const githubRow = JSON.stringify(await storedRow(github.integration.id));
    expect(githubRow).not.toContain(githubToken);
    expect(githubRow).not.toContain(github.secret!.slice(4));
    expect((await activeIntegration(github.integration.id))?.secrets).toEqual({ apiToken: githubToken, signingSecret: github.secret });

    const jiraToken = `ATATT${randomUUID()}`;
    const jira = await createIntegration(
      {
        kind: "JIRA",
        name: unique("Jira"),
        baseUrl: "https://acme.atlassian.net/",
        email: "sre-bot@acme.example",
        apiToken: jiraToken,
        projectKey: "OPS",
        issueType: "",
        doneStatus: "Closed",
      },
      admin,
    );
    expect(jira.secret).toMatch(/^hsi_/);
    expect(jira.secret).not.toBe(github.secret);
    expect(jira.integration.config).toEqual({
      baseUrl: "https://acme.atlassian.net",
      email: "sre-bot@acme.example",
      projectKey: "OPS",
      issueType: "Task",
      doneStatus: "Closed",
    });
    expect(JSON.stringify(await storedRow(jira.integration.id))).not.toContain(jiraToken);
    expect((await activeIntegration(jira.integration.id))?.secrets).toEqual({ apiToken: jiraToken, signingSecret: jira.secret });
  });

  it("refuses bad input naming the field, and saves nothing", async () => {
    const admin = await createTestActor("ADMIN");
    const before = await getDb().integration.count();
    expect(await invalidIssues(createIntegration({ kind: "ZABBIX", name: "x" }, admin))).toEqual({ kind: expect.stringMatching(/Choose a kind/) });
    expect(await invalidIssues(createIntegration({ kind: "ALERTMANAGER", name: "  " }, admin))).toEqual({ name: "Give the integration a name." });
    expect(await invalidIssues(createIntegration({ kind: "ALERTMANAGER", name: "a\u0007b" }, admin))).toHaveProperty("name");
    expect(await invalidIssues(createIntegration({ kind: "PAGERDUTY", name: "PD" }, admin))).toEqual({ signingSecret: "Enter PagerDuty's signing secret." });
    expect(await invalidIssues(createIntegration({ kind: "CHAT", name: "c", webhookUrl: "ftp://hooks.example/x", format: "irc", events: [] }, admin))).toEqual({
      webhookUrl: "Enter the webhook URL as an http(s):// URL.",
      format: expect.stringMatching(/slack/),
      events: "Choose at least one event.",
    });
    expect(
      await invalidIssues(
        createIntegration({ kind: "CHAT", name: "c", webhookUrl: "https://h.example/x", format: "slack", events: ["incident.deleted"] }, admin),
      ),
    ).toHaveProperty("events.0");
    expect(await invalidIssues(createIntegration({ kind: "GITHUB", name: "g", repository: "platform", apiToken: "t" }, admin))).toEqual({
      repository: "Enter the repository as owner/name.",
    });
    expect(await invalidIssues(createIntegration({ kind: "GITHUB", name: "g", repository: "a/b" }, admin))).toEqual({ apiToken: "Enter a GitHub token." });
    expect(
      await invalidIssues(createIntegration({ kind: "JIRA", name: "j", baseUrl: "acme.atlassian.net", email: "bot", apiToken: "t", projectKey: "ops" }, admin)),
    ).toEqual({
      baseUrl: "Enter the Jira site URL as an http(s):// URL.",
      email: "Enter the Atlassian account's email.",
      projectKey: "Enter the project key, e.g. OPS.",
    });
    expect(await getDb().integration.count()).toBe(before);
  });

  it("refuses everyone but admins (and the CLI's system actor)", async () => {
    const before = await getDb().integration.count();
    for (const role of ["VIEWER", "SRE", "MANAGER"] as const) {
      await expect(createIntegration({ kind: "ALERTMANAGER", name: "sneaky" }, await createTestActor(role))).rejects.toBeInstanceOf(ForbiddenError);
    }
    await expect(createIntegration({ kind: "ALERTMANAGER", name: "sneaky" }, null)).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(await getDb().integration.count()).toBe(before);

    const { integration } = await createIntegration({ kind: "ALERTMANAGER", name: unique("from the CLI") }, systemActor("cli:integration-create"));
    expect(integration.createdBy).toBeNull();
    const [audit] = await auditRowsFor(integration.id);
    expect(audit).toMatchObject({ action: "integration.create", actorType: "SYSTEM", meta: { source: "cli:integration-create" } });
  });
});

describe("revokeIntegration", () => {
  it("stops the integration at once and forgets its secrets; revoking twice changes nothing", async () => {
    const admin = await createTestActor("ADMIN");
    const { integration, secret } = await createIntegration({ kind: "ALERTMANAGER", name: unique("to revoke") }, admin);
    const github = await createIntegration({ kind: "GITHUB", name: unique("GitHub to revoke"), repository: "acme/api", apiToken: "ghp_revoked" }, admin);

    for (const role of ["SRE", "MANAGER"] as const) {
      await expect(revokeIntegration({ integrationId: integration.id }, await createTestActor(role))).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect(await integrationByBearerSecret("ALERTMANAGER", secret!)).not.toBeNull();

    const first = await revokeIntegration({ integrationId: integration.id }, admin);
    expect(first.alreadyRevoked).toBe(false);
    expect(first.integration.revokedAt).toBeInstanceOf(Date);
    expect(await storedRow(integration.id)).toMatchObject({ secretHash: null, sealedSecrets: null });
    expect(await integrationByBearerSecret("ALERTMANAGER", secret!)).toBeNull();

    await revokeIntegration({ integrationId: github.integration.id }, admin);
    expect(await storedRow(github.integration.id)).toMatchObject({ secretHash: null, sealedSecrets: null });
    expect(await activeIntegrations("GITHUB", { id: github.integration.id })).toEqual([]);
    expect(await activeIntegration(github.integration.id)).toBeNull();
    expect((await listIntegrations()).find((item) => item.id === github.integration.id)).toMatchObject({ revokedAt: expect.any(Date) });

    const second = await revokeIntegration({ integrationId: integration.id }, admin);
    expect(second).toMatchObject({ alreadyRevoked: true, integration: { revokedAt: first.integration.revokedAt } });
    expect((await auditRowsFor(integration.id)).map((row) => row.action)).toEqual(["integration.create", "integration.revoke"]);

    await expect(revokeIntegration({ integrationId: "no-such-integration" }, admin)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("audit entries never hold a secret", async () => {
    const admin = await createTestActor("ADMIN");
    const pasted = { signing: `pd-${randomUUID()}`, githubToken: `ghp_${randomUUID()}`, jiraToken: `jira-${randomUUID()}`, hook: randomUUID() };
    const created = [
      await createIntegration({ kind: "ALERTMANAGER", name: unique("audit am") }, admin),
      await createIntegration({ kind: "PAGERDUTY", name: unique("audit pd"), signingSecret: pasted.signing }, admin),
      await createIntegration(
        {
          kind: "CHAT",
          name: unique("audit chat"),
          webhookUrl: `https://hooks.slack.com/services/${pasted.hook}`,
          format: "slack",
          events: ["review.approved"],
        },
        admin,
      ),
      await createIntegration({ kind: "GITHUB", name: unique("audit gh"), repository: "acme/api", apiToken: pasted.githubToken }, admin),
      await createIntegration(
        {
          kind: "JIRA",
          name: unique("audit jira"),
          baseUrl: "https://acme.atlassian.net",
          email: "bot@acme.example",
          apiToken: pasted.jiraToken,
          projectKey: "OPS",
        },
        admin,
      ),
    ];
    for (const { integration } of created) await revokeIntegration({ integrationId: integration.id }, admin);
    const secrets = [...Object.values(pasted), ...created.flatMap(({ secret }) => (secret ? [secret, secret.slice(4)] : []))];
    const audit = (await Promise.all(created.map(({ integration }) => auditRowsFor(integration.id)))).flat();
    expect(audit).toHaveLength(10);
    const written = JSON.stringify(audit.map((row) => [row.changes, row.meta]));
    expect(secrets.filter((secret) => written.includes(secret))).toEqual([]);
  });
});

describe("after AUTH_SECRET changes", () => {
  it("the list marks integrations whose secrets no longer open, and signature checks skip them without failing the others", async () => {
    const admin = await createTestActor("ADMIN");
    const old = await createIntegration({ kind: "PAGERDUTY", name: unique("sealed before"), signingSecret: "old-signing-secret" }, admin);
    const bearer = await createIntegration({ kind: "ALERTMANAGER", name: unique("hash only") }, admin);

    process.env.AUTH_SECRET = "a-new-auth-secret-after-rotation-0123456789";
    const fresh = await createIntegration({ kind: "PAGERDUTY", name: unique("sealed after"), signingSecret: "new-signing-secret" }, admin);
    const ids = [old.integration.id, fresh.integration.id];
    expect((await activeIntegrations("PAGERDUTY", { id: { in: ids } })).map((item) => [item.id, item.secrets])).toEqual([
      [fresh.integration.id, { signingSecret: "new-signing-secret" }],
    ]);
    await expect(activeIntegration(old.integration.id)).rejects.toThrow(/AUTH_SECRET changed/);
    const listed = new Map((await listIntegrations()).map((item) => [item.id, item.secretsReadable]));
    expect([listed.get(old.integration.id), listed.get(fresh.integration.id), listed.get(bearer.integration.id)]).toEqual([false, true, true]);
    // a bearer secret is only hashed: it keeps working
    expect(await integrationByBearerSecret("ALERTMANAGER", bearer.secret!)).toMatchObject({ id: bearer.integration.id });
  });
});

describe("markIntegrationUsed", () => {
  it("writes lastUsedAt at most once a minute", async () => {
    const { integration } = await createIntegration({ kind: "ALERTMANAGER", name: unique("busy") }, await createTestActor("ADMIN"));
    const start = new Date();
    await markIntegrationUsed(integration.id, start);
    await markIntegrationUsed(integration.id, new Date(start.getTime() + 30_000));
    expect((await storedRow(integration.id)).lastUsedAt?.getTime()).toBe(start.getTime());
    await markIntegrationUsed(integration.id, new Date(start.getTime() + 61_000));
    expect((await storedRow(integration.id)).lastUsedAt?.getTime()).toBe(start.getTime() + 61_000);
  });
});

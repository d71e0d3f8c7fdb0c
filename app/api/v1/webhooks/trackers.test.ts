// Tracker sync over HTTP, on the real database: GitHub's and Jira's webhooks (route handlers called as functions with
// payloads written from their documentation, signed as they sign them) closing and reopening linked action items, and
// POST /api/v1/action-items/{id}/tracker creating the issue on a local stand-in for GitHub.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { systemActor, userActor, type ActorUser } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { createIntegration, revokeIntegration } from "@/lib/integrations/mutations";
import { hmacSha256Hex } from "@/lib/integrations/secrets";
import { createTestIncident } from "@/lib/action-items/test-fixtures";
import { captureLogs } from "@/lib/log/logger";
import { listReportHistory } from "@/lib/reviews/history";
import { auditRowsFor, createTestUser } from "@/lib/users/test-fixtures";
import { GITHUB_TEST_TOKEN, JIRA_TEST_EMAIL, JIRA_TEST_TOKEN, startFakeTrackers, type FakeTrackers } from "@/lib/trackers/test-trackers";

vi.hoisted(() => {
  process.env.AUTH_SECRET ??= "tracker-webhooks-test-secret-0123456789abcdef";
});
vi.mock("@/lib/auth/session", () => ({ actorFromSession: async () => null }));

const { POST: githubRoute } = await import("@/app/api/v1/webhooks/github/route");
const { POST: jiraRoute } = await import("@/app/api/v1/webhooks/jira/route");
const { POST: trackerRoute } = await import("@/app/api/v1/action-items/[id]/tracker/route");

const BASE = "http://127.0.0.1:3304";
const admin = systemActor("test");

let trackers: FakeTrackers;
beforeAll(async () => {
  trackers = await startFakeTrackers();
});
afterAll(async () => {
  await trackers.close();
});

async function tracker(kind: "GITHUB" | "JIRA") {
  const name = `${kind} ${randomUUID().slice(0, 6)}`;
  const { integration, secret } =
    kind === "GITHUB"
      ? await createIntegration({ kind, name, apiToken: GITHUB_TEST_TOKEN, repository: "acme/api", apiUrl: trackers.githubApiUrl }, admin)
      : await createIntegration({ kind, name, apiToken: JIRA_TEST_TOKEN, baseUrl: trackers.jiraBaseUrl, email: JIRA_TEST_EMAIL, projectKey: "OPS" }, admin);
  return { id: integration.id, name: integration.name, secret: secret! };
}

/** An open item linked to `trackerKey` in `integrationId` (written directly: the link is setup here). */
async function linkedItem(integrationId: string, trackerKey: string) {
  const incident = await createTestIncident({ items: [{ title: "Rotate the pager schedule" }] });
  return getDb().actionItem.update({
    where: { id: incident.items[0]!.id },
    data: { trackerIntegrationId: integrationId, trackerKey, trackerUrl: `https://tracker.example.com/${trackerKey}` },
  });
}

const itemNow = (id: string) => getDb().actionItem.findUniqueOrThrow({ where: { id } });
const deliveryCount = () => getDb().hookDelivery.count();

// ---------------------------------------------------------------------------------------------------------------
// GitHub: https://docs.github.com/en/webhooks/webhook-events-and-payloads#issues

let issueNumber = 100;
const nextIssueNumber = () => ++issueNumber;

function githubIssuesEvent(action: "closed" | "reopened" | "edited", number: number, stateReason: string | null = action === "closed" ? "completed" : null) {
  return JSON.stringify({
    action,
    issue: {
      url: `https://api.github.com/repos/acme/api/issues/${number}`,
      repository_url: "https://api.github.com/repos/acme/api",
      html_url: `https://github.com/acme/api/issues/${number}`,
      id: 1_000_000 + number,
      node_id: "I_kwDOA",
      number,
      title: "Rotate the pager schedule",
      user: { login: "octocat", id: 1, type: "User" },
      labels: [],
      state: action === "closed" ? "closed" : "open",
      locked: false,
      assignee: null,
      comments: 0,
      created_at: "2026-11-30T10:00:00Z",
      updated_at: "2026-12-01T10:00:00Z",
      closed_at: action === "closed" ? "2026-12-01T10:00:00Z" : null,
      body: "From Hindsight",
      state_reason: stateReason,
    },
    repository: { id: 42, name: "api", full_name: "acme/api", private: true, owner: { login: "acme", id: 2, type: "Organization" } },
    sender: { login: "octocat", id: 1, type: "User" },
  });
}

function github(body: string, options: { secret: string; event?: string; delivery?: string; signature?: string }) {
  return githubRoute(
    new Request(`${BASE}/api/v1/webhooks/github`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "GitHub-Hookshot/044aadd",
        "x-github-event": options.event ?? "issues",
        "x-github-delivery": options.delivery ?? randomUUID(),
        "x-github-hook-id": "292430182",
        "x-hub-signature-256": options.signature ?? `sha256=${hmacSha256Hex(options.secret, body)}`,
      },
      body,
    }),
    {},
  );
}

describe("POST /api/v1/webhooks/github", () => {
  it("closes the linked item when its issue is closed (signed), as SYSTEM, without sending it back", async () => {
    const integration = await tracker("GITHUB");
    const number = nextIssueNumber();
    const item = await linkedItem(integration.id, `acme/api#${number}`);
    const deliveries = await deliveryCount();

    const response = await github(githubIssuesEvent("closed", number), { secret: integration.secret });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ outcome: "applied" });
    const closed = await itemNow(item.id);
    expect(closed).toMatchObject({ status: "DONE", version: 2 });
    expect(closed.completedAt).toBeInstanceOf(Date);
    const [audit] = await auditRowsFor(item.id);
    expect(audit).toMatchObject({ action: "action-item.tracker-sync", actorType: "SYSTEM", actorId: null });
    expect(audit!.changes).toMatchObject({ status: { before: "OPEN", after: "DONE" } });
    expect(audit!.meta).toMatchObject({ integration: integration.name, integrationId: integration.id, trackerKey: `acme/api#${number}` });
    // the report's history says which integration did it
    const history = await listReportHistory({ id: "", role: "ADMIN" }, item.incidentId);
    expect(history!.entries[0]).toMatchObject({
      actor: "Hindsight",
      via: `Integration: ${integration.name}`,
      label: "Updated an action item from its tracker issue",
    });
    expect(await deliveryCount()).toBe(deliveries);

    const reopened = await github(githubIssuesEvent("reopened", number), { secret: integration.secret });
    expect(await reopened.json()).toMatchObject({ outcome: "applied" });
    expect(await itemNow(item.id)).toMatchObject({ status: "OPEN", completedAt: null, version: 3 });
    expect(await deliveryCount()).toBe(deliveries);
  });

  it("makes an issue closed as not planned a won't-do with its reason", async () => {
    const integration = await tracker("GITHUB");
    const number = nextIssueNumber();
    const item = await linkedItem(integration.id, `acme/api#${number}`);
    await github(githubIssuesEvent("closed", number, "not_planned"), { secret: integration.secret });
    expect(await itemNow(item.id)).toMatchObject({ status: "WONT_DO", wontDoReason: `Closed as not planned in GitHub (acme/api#${number}).` });
  });

  it("refuses a bad, missing or revoked integration's signature with 401 and changes nothing", async () => {
    const integration = await tracker("GITHUB");
    const number = nextIssueNumber();
    const item = await linkedItem(integration.id, `acme/api#${number}`);
    const body = githubIssuesEvent("closed", number);
    const logs = captureLogs();

    const wrongSecret = await github(body, { secret: "not-the-signing-secret" });
    expect(wrongSecret.status).toBe(401);
    expect((await wrongSecret.json()).error.message).toContain("matches no active GitHub integration");
    // signed, then altered on the way
    const tampered = await github(body.replace('"completed"', '"not_planned"'), {
      secret: integration.secret,
      signature: `sha256=${hmacSha256Hex(integration.secret, body)}`,
    });
    expect(tampered.status).toBe(401);
    expect((await github(body, { secret: integration.secret, signature: "" })).status).toBe(401);

    await revokeIntegration({ integrationId: integration.id }, admin);
    expect((await github(body, { secret: integration.secret })).status).toBe(401);
    logs.restore();

    // each refusal is one warning line saying what was wrong, never the secret
    const refusals = logs.lines().filter((line) => line.sender === "GitHub");
    expect(refusals.map((line) => String(line.msg).replace(/ \(User-Agent: .*$/, ""))).toEqual([
      "GitHub webhook refused (401): the x-hub-signature-256 signature matches no active integration",
      "GitHub webhook refused (401): the x-hub-signature-256 signature matches no active integration",
      "GitHub webhook refused (401): no x-hub-signature-256 signature",
      "GitHub webhook refused (401): the x-hub-signature-256 signature matches no active integration",
    ]);
    expect(JSON.stringify(logs.lines())).not.toContain(integration.secret);

    expect(await itemNow(item.id)).toMatchObject({ status: "OPEN", version: 1 });
    expect(await auditRowsFor(item.id)).toEqual([]);
    expect(await getDb().integrationEvent.count({ where: { integrationId: integration.id } })).toBe(0);
  });

  it("applies a delivery once: the same X-GitHub-Delivery again changes nothing", async () => {
    const integration = await tracker("GITHUB");
    const number = nextIssueNumber();
    const item = await linkedItem(integration.id, `acme/api#${number}`);
    const delivery = randomUUID();
    const body = githubIssuesEvent("closed", number);
    await github(body, { secret: integration.secret, delivery });
    // reopened in Hindsight since; a captured copy of the close sent again must not close it
    await getDb().actionItem.update({ where: { id: item.id }, data: { status: "OPEN", completedAt: null } });

    const replay = await github(body, { secret: integration.secret, delivery });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ outcome: "replayed" });
    expect(await itemNow(item.id)).toMatchObject({ status: "OPEN" });
    expect(await auditRowsFor(item.id)).toHaveLength(1);
  });

  it("answers GitHub's ping, and acknowledges events it does not act on without changing anything", async () => {
    const integration = await tracker("GITHUB");
    const ping = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 292430182, hook: { type: "Repository", events: ["issues"] } });
    const pong = await github(ping, { secret: integration.secret, event: "ping" });
    expect(pong.status).toBe(200);
    expect(await pong.json()).toMatchObject({ outcome: "pong" });

    const number = nextIssueNumber();
    const item = await linkedItem(integration.id, `acme/api#${number}`);
    expect(await (await github(githubIssuesEvent("edited", number), { secret: integration.secret })).json()).toMatchObject({ outcome: "ignored" });
    const unlinked = await github(githubIssuesEvent("closed", nextIssueNumber()), { secret: integration.secret });
    expect(await unlinked.json()).toMatchObject({ outcome: "ignored" });
    expect(await itemNow(item.id)).toMatchObject({ status: "OPEN", version: 1 });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Jira: https://developer.atlassian.com/cloud/jira/platform/webhooks/

let jiraNumber = 500;
const nextJiraKey = () => `OPS-${++jiraNumber}`;

function jiraStatusChange(key: string, to: "Done" | "To Do" | "In Progress", changelogId = String(Math.floor(Math.random() * 1e9))) {
  const category = {
    Done: { id: 3, key: "done", colorName: "green", name: "Done" },
    "To Do": { id: 2, key: "new", colorName: "blue-gray", name: "To Do" },
    "In Progress": { id: 4, key: "indeterminate", colorName: "yellow", name: "In Progress" },
  }[to];
  return JSON.stringify({
    timestamp: 1_764_590_400_000,
    webhookEvent: "jira:issue_updated",
    issue_event_type_name: "issue_generic",
    user: { accountId: "5b10ac8d82e05b22cc7d4ef5", displayName: "Mia Krystof", active: true, timeZone: "Europe/Berlin" },
    issue: {
      id: String(10_000 + Number(key.split("-")[1])),
      self: `https://acme.atlassian.net/rest/api/2/issue/${key}`,
      key,
      fields: {
        summary: "Rotate the pager schedule",
        issuetype: { id: "10001", name: "Task", subtask: false },
        project: { id: "10000", key: "OPS", name: "Operations" },
        status: {
          self: "https://acme.atlassian.net/rest/api/2/status/10002",
          description: "",
          name: to,
          id: "10002",
          statusCategory: { self: "https://acme.atlassian.net/rest/api/2/statuscategory/3", ...category },
        },
      },
    },
    changelog: {
      id: changelogId,
      items: [
        { field: "resolution", fieldtype: "jira", fieldId: "resolution", from: null, fromString: null, to: "10000", toString: "Done" },
        { field: "status", fieldtype: "jira", fieldId: "status", from: "10000", fromString: "To Do", to: "10002", toString: to },
      ],
    },
  });
}

function jira(body: string, options: { secret: string; identifier?: string | null; signature?: string }) {
  const headers: Record<string, string> = {
    "content-type": "application/json; charset=utf-8",
    "x-atlassian-webhook-flow": "Primary",
    "x-hub-signature": options.signature ?? `sha256=${hmacSha256Hex(options.secret, body)}`,
  };
  if (options.identifier !== null) headers["x-atlassian-webhook-identifier"] = options.identifier ?? randomUUID();
  return jiraRoute(new Request(`${BASE}/api/v1/webhooks/jira`, { method: "POST", headers, body }), {});
}

describe("POST /api/v1/webhooks/jira", () => {
  it("closes the linked item when its issue moves to a done status, and reopens it when it moves back", async () => {
    const integration = await tracker("JIRA");
    const key = nextJiraKey();
    const item = await linkedItem(integration.id, key);
    const deliveries = await deliveryCount();

    const done = await jira(jiraStatusChange(key, "Done"), { secret: integration.secret });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ outcome: "applied" });
    expect(await itemNow(item.id)).toMatchObject({ status: "DONE", version: 2 });
    expect((await auditRowsFor(item.id))[0]).toMatchObject({ action: "action-item.tracker-sync", actorType: "SYSTEM" });

    // In Progress is not done: the item is open again
    await jira(jiraStatusChange(key, "In Progress"), { secret: integration.secret });
    expect(await itemNow(item.id)).toMatchObject({ status: "OPEN", completedAt: null, version: 3 });
    expect(await deliveryCount()).toBe(deliveries);
  });

  it("refuses a signature no active Jira integration made with 401 and changes nothing", async () => {
    const integration = await tracker("JIRA");
    const key = nextJiraKey();
    const item = await linkedItem(integration.id, key);
    const body = jiraStatusChange(key, "Done");
    expect((await jira(body, { secret: "someone-else" })).status).toBe(401);
    // a GitHub integration's secret is no Jira integration's
    expect((await jira(body, { secret: (await tracker("GITHUB")).secret })).status).toBe(401);
    expect((await jira(body, { secret: integration.secret, signature: `sha1=${hmacSha256Hex(integration.secret, body)}` })).status).toBe(401);
    expect(await itemNow(item.id)).toMatchObject({ status: "OPEN", version: 1 });
    expect(await auditRowsFor(item.id)).toEqual([]);
  });

  it("applies a delivery once, by its X-Atlassian-Webhook-Identifier, or without it by the change's own ids", async () => {
    const integration = await tracker("JIRA");
    const key = nextJiraKey();
    const item = await linkedItem(integration.id, key);
    const reopen = () => getDb().actionItem.update({ where: { id: item.id }, data: { status: "OPEN", completedAt: null } });

    const identifier = randomUUID();
    const body = jiraStatusChange(key, "Done");
    await jira(body, { secret: integration.secret, identifier });
    await reopen();
    expect(await (await jira(body, { secret: integration.secret, identifier })).json()).toMatchObject({ outcome: "replayed" });
    expect(await itemNow(item.id)).toMatchObject({ status: "OPEN" });

    const other = jiraStatusChange(key, "Done", "777001");
    expect(await (await jira(other, { secret: integration.secret, identifier: null })).json()).toMatchObject({ outcome: "applied" });
    await reopen();
    expect(await (await jira(other, { secret: integration.secret, identifier: null })).json()).toMatchObject({ outcome: "replayed" });
    expect(await itemNow(item.id)).toMatchObject({ status: "OPEN" });
  });

  it("ignores updates that do not change the status, and says what is wrong with a body it cannot read", async () => {
    const integration = await tracker("JIRA");
    const key = nextJiraKey();
    const item = await linkedItem(integration.id, key);
    const summaryOnly = JSON.parse(jiraStatusChange(key, "Done")) as { changelog: { items: unknown[] } };
    summaryOnly.changelog.items = [{ field: "summary", fieldtype: "jira", fieldId: "summary", from: null, fromString: "Old", to: null, toString: "New" }];
    const ignored = await jira(JSON.stringify(summaryOnly), { secret: integration.secret });
    expect(await ignored.json()).toMatchObject({ outcome: "ignored" });

    const broken = JSON.stringify({ webhookEvent: "jira:issue_updated", issue: { key } });
    const refused = await jira(broken, { secret: integration.secret });
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: "issue.id" })]));
    expect(await itemNow(item.id)).toMatchObject({ status: "OPEN", version: 1 });
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe("POST /api/v1/action-items/{id}/tracker", () => {
  async function bearer(user: ActorUser): Promise<string> {
    const { plaintext } = await createApiToken({ name: "tracker test" }, userActor(user));
    return `Bearer ${plaintext}`;
  }
  const post = (id: string, body: unknown, authorization: string) =>
    trackerRoute(
      new Request(`${BASE}/api/v1/action-items/${id}/tracker`, {
        method: "POST",
        headers: { authorization, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
      { params: Promise.resolve({ id }) },
    );

  it("creates the issue and answers the stored link; a caller who may not change the item gets 403", async () => {
    const integration = await tracker("GITHUB");
    const owner = await createTestUser({ role: "SRE" });
    const incident = await createTestIncident({ items: [{ title: "Add a runbook for failover", ownerId: owner.id }] });
    const item = incident.items[0]!;

    const refused = await post(item.id, { integrationId: integration.id }, await bearer(await createTestUser({ role: "SRE" })));
    expect(refused.status).toBe(403);
    const missing = await post(item.id, {}, await bearer(owner));
    expect(missing.status).toBe(422);
    expect((await missing.json()).error.issues).toEqual([expect.objectContaining({ path: "integrationId" })]);

    const created = await post(item.id, { integrationId: integration.id }, await bearer(owner));
    expect(created.status).toBe(201);
    const issue = trackers.github.at(-1)!;
    expect(issue.title).toBe("Add a runbook for failover");
    expect(await created.json()).toEqual({
      actionItemId: item.id,
      integrationId: integration.id,
      kind: "GITHUB",
      trackerKey: `acme/api#${issue.number}`,
      trackerUrl: `https://github.com/acme/api/issues/${issue.number}`,
      version: 2,
    });
  });
});

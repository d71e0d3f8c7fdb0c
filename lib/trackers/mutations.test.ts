// Tracker sync from Hindsight's side, on the real database, against a local server standing in for GitHub and Jira
// (lib/trackers/test-trackers.ts): creating an issue from an action item, and closing or reopening the issue when the
// item is closed or reopened here.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { systemActor, userActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { DomainError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { createIntegration, revokeIntegration } from "@/lib/integrations/mutations";
import { activeIntegration } from "@/lib/integrations/queries";
import { updateActionItem } from "@/lib/action-items/mutations";
import { updateReport } from "@/lib/incidents/mutations";
import { loadReport } from "@/lib/incidents/store";
import { createTestIncident } from "@/lib/action-items/test-fixtures";
import { auditRowsFor, createTestUser } from "@/lib/users/test-fixtures";
import { createTrackerIssue } from "@/lib/trackers/mutations";
import { sendTrackerUpdate } from "@/lib/trackers/deliver";
import { deliverDueHookDeliveries } from "@/lib/outbound/deliver";
import { GITHUB_TEST_TOKEN, JIRA_TEST_EMAIL, JIRA_TEST_TOKEN, startFakeTrackers, type FakeTrackers } from "@/lib/trackers/test-trackers";

vi.hoisted(() => {
  // integration secrets are sealed under AUTH_SECRET
  process.env.AUTH_SECRET ??= "tracker-sync-test-secret-0123456789abcdef";
});

let trackers: FakeTrackers;
beforeAll(async () => {
  trackers = await startFakeTrackers();
});
afterAll(async () => {
  await trackers.close();
});

const admin = systemActor("test");

async function githubTracker(token = GITHUB_TEST_TOKEN) {
  const { integration } = await createIntegration(
    { kind: "GITHUB", name: `GitHub ${randomUUID().slice(0, 6)}`, apiToken: token, repository: "acme/api", apiUrl: trackers.githubApiUrl },
    admin,
  );
  return integration;
}

async function jiraTracker() {
  const { integration } = await createIntegration(
    {
      kind: "JIRA",
      name: `Jira ${randomUUID().slice(0, 6)}`,
      apiToken: JIRA_TEST_TOKEN,
      baseUrl: trackers.jiraBaseUrl,
      email: JIRA_TEST_EMAIL,
      projectKey: "OPS",
    },
    admin,
  );
  return integration;
}

/** A report by `author` with one item owned by `owner`, due 2030-03-01, with a description. */
async function itemOf(options: { private?: boolean } = {}) {
  const author = await createTestUser({ role: "SRE", name: `Author ${randomUUID().slice(0, 6)}` });
  const owner = await createTestUser({ role: "SRE", name: `Owner ${randomUUID().slice(0, 6)}` });
  const title = `Checkout outage ${randomUUID().slice(0, 6)}`;
  const created = await createTestIncident({
    authorId: author.id,
    private: options.private,
    title,
    items: [{ title: "Alert on connection pool saturation", ownerId: owner.id, dueDate: "2030-03-01", priority: "HIGH" }],
  });
  const incident = { ...created, title };
  if (options.private) await getDb().incidentParticipant.create({ data: { incidentId: incident.id, userId: owner.id, role: "RESPONDER" } });
  const item = await getDb().actionItem.update({
    where: { id: incident.items[0]!.id },
    data: { description: "The pool hit 100% for 20 minutes on db-primary-3 before anyone noticed." },
  });
  return { author, owner, incident, item };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error,
  );
}

async function deliveriesFor(itemId: string) {
  const rows = await getDb().hookDelivery.findMany({ orderBy: { createdAt: "asc" } });
  return rows.filter((row) => (row.payload as { itemId?: string }).itemId === itemId);
}

async function send(delivery: { integrationId: string; kind: string; payload: unknown }) {
  const integration = await activeIntegration(delivery.integrationId);
  return sendTrackerUpdate(integration!, { kind: delivery.kind as "tracker.close" | "tracker.reopen", payload: delivery.payload });
}

describe("createTrackerIssue", () => {
  it("creates a GitHub issue from an item of a public report and links the item to owner/repo#N", async () => {
    const github = await githubTracker();
    const { owner, incident, item } = await itemOf();
    const { link } = await createTrackerIssue({ itemId: item.id, integrationId: github.id }, userActor(owner));

    const issue = trackers.github.at(-1)!;
    expect(issue).toMatchObject({ repository: "acme/api", title: "Alert on connection pool saturation", state: "open" });
    expect(issue.body).toContain("The pool hit 100% for 20 minutes");
    expect(issue.body).toContain("2030-03-01");
    expect(issue.body).toContain(owner.name);
    expect(issue.body).toContain(`/incidents/${incident.publicId})`);
    expect(link).toEqual({
      actionItemId: item.id,
      integrationId: github.id,
      kind: "GITHUB",
      trackerKey: `acme/api#${issue.number}`,
      trackerUrl: `https://github.com/acme/api/issues/${issue.number}`,
      version: 2,
    });
    const stored = await getDb().actionItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(stored).toMatchObject({ trackerIntegrationId: github.id, trackerKey: link.trackerKey, trackerUrl: link.trackerUrl, version: 2 });
    const [audit] = await auditRowsFor(item.id);
    expect(audit).toMatchObject({ action: "action-item.tracker-issue.create", actorId: owner.id, incidentId: incident.id });
    expect(audit!.changes).toMatchObject({ trackerKey: { before: null, after: link.trackerKey } });

    // one issue per item: a second press creates nothing
    const before = trackers.github.length;
    expect(await failure(createTrackerIssue({ itemId: item.id, integrationId: github.id }, userActor(owner)))).toMatchObject({ status: 409 });
    expect(trackers.github.length).toBe(before);
  });

  it("creates a Jira issue in the project (basic auth, ADF description) and links the item to its key", async () => {
    const jira = await jiraTracker();
    const { author, item } = await itemOf();
    const { link } = await createTrackerIssue({ itemId: item.id, integrationId: jira.id }, userActor(author));
    const issue = trackers.jira.at(-1)!;
    expect(issue).toMatchObject({ summary: "Alert on connection pool saturation", issueType: "Task", status: "To Do" });
    expect(JSON.stringify(issue.description)).toContain("The pool hit 100%");
    expect(link).toMatchObject({ kind: "JIRA", trackerKey: issue.key, trackerUrl: `${trackers.jiraBaseUrl}/browse/${issue.key}` });
    expect(await getDb().actionItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ trackerKey: issue.key });
  });

  it("puts nothing of a private report in the issue but the item's title, priority and due date", async () => {
    const github = await githubTracker();
    const jira = await jiraTracker();
    const { author, owner, incident, item } = await itemOf({ private: true });
    await createTrackerIssue({ itemId: item.id, integrationId: github.id }, userActor(owner));
    const second = await itemOf({ private: true });
    await createTrackerIssue({ itemId: second.item.id, integrationId: jira.id }, userActor(second.author));

    for (const [published, report] of [
      [JSON.stringify(trackers.github.at(-1)), { incident, owner, author }],
      [JSON.stringify(trackers.jira.at(-1)), second],
    ] as const) {
      expect(published).toContain("Alert on connection pool saturation");
      expect(published).toContain("2030-03-01");
      for (const secret of [report.incident.publicId, report.incident.title, "db-primary-3", report.owner.name, report.author.name, report.incident.id]) {
        expect(published).not.toContain(secret);
      }
    }
  });

  it("refuses who may not change the item, hides a private report's item from outsiders, and calls no tracker then", async () => {
    const github = await githubTracker();
    const { item } = await itemOf();
    const secret = await itemOf({ private: true });
    const requests = trackers.requests.length;
    const otherSre = userActor(await createTestUser({ role: "SRE" }));
    const viewer = userActor(await createTestUser({ role: "VIEWER" }));

    expect(await failure(createTrackerIssue({ itemId: item.id, integrationId: github.id }, otherSre))).toBeInstanceOf(ForbiddenError);
    expect(await failure(createTrackerIssue({ itemId: item.id, integrationId: github.id }, viewer))).toBeInstanceOf(ForbiddenError);
    expect(await failure(createTrackerIssue({ itemId: secret.item.id, integrationId: github.id }, otherSre))).toBeInstanceOf(NotFoundError);
    // a revoked integration is no tracker any more
    const revoked = await githubTracker();
    await revokeIntegration({ integrationId: revoked.id }, admin);
    expect(await failure(createTrackerIssue({ itemId: item.id, integrationId: revoked.id }, admin))).toMatchObject({ status: 422 });

    expect(trackers.requests.length).toBe(requests);
    expect(await getDb().actionItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ trackerKey: null, version: 1 });
  });

  it("answers a tracker's refusal as a 502 with the tracker's reason, and stores nothing", async () => {
    const { owner, item } = await itemOf();
    trackers.refuseNextCreate(410);
    const refused = await failure(createTrackerIssue({ itemId: item.id, integrationId: (await githubTracker()).id }, userActor(owner)));
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ status: 502 });
    expect((refused as Error).message).toContain("GitHub refused to create an issue in acme/api: 410");
    expect((refused as Error).message).toContain("Issues are disabled for this repo");

    const badToken = await failure(createTrackerIssue({ itemId: item.id, integrationId: (await githubTracker("wrong-token")).id }, userActor(owner)));
    expect(badToken).toMatchObject({ status: 502 });
    expect((badToken as Error).message).toMatch(/401 .*Bad credentials.*Check the integration's API token/);
    expect((badToken as Error).message).not.toContain("wrong-token");
    expect(await getDb().actionItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ trackerKey: null, trackerUrl: null, version: 1 });
    expect(await auditRowsFor(item.id)).toEqual([]);
  });
});

describe("closing and reopening a linked item in Hindsight", () => {
  it("closes the GitHub issue as completed (or not planned for won't do) and reopens it, each change queued once", async () => {
    const github = await githubTracker();
    const { owner, item } = await itemOf();
    const { link } = await createTrackerIssue({ itemId: item.id, integrationId: github.id }, userActor(owner));
    const issue = trackers.github.at(-1)!;

    await updateActionItem({ id: item.id, version: 2, status: "DONE" }, userActor(owner));
    const [close] = await deliveriesFor(item.id);
    expect(close).toMatchObject({ kind: "tracker.close", key: `tracker.close:${item.id}:3`, integrationId: github.id, status: "PENDING" });
    expect(close!.payload).toEqual({ itemId: item.id, trackerKey: link.trackerKey });
    // sent by the outbound pass, as the worker does
    expect(await deliverDueHookDeliveries({ ids: [close!.id] })).toEqual([expect.objectContaining({ kind: "tracker.close", status: "sent" })]);
    expect(await getDb().hookDelivery.findUniqueOrThrow({ where: { id: close!.id } })).toMatchObject({ status: "SENT" });
    expect(issue).toMatchObject({ state: "closed", state_reason: "completed" });
    expect(trackers.requests.at(-1)).toMatchObject({ method: "PATCH", path: `/github/repos/acme/api/issues/${issue.number}`, body: { state: "closed" } });

    await updateActionItem({ id: item.id, version: 3, status: "IN_PROGRESS" }, userActor(owner));
    const reopen = (await deliveriesFor(item.id)).at(-1)!;
    expect(reopen).toMatchObject({ kind: "tracker.reopen", key: `tracker.reopen:${item.id}:4` });
    expect(await send(reopen)).toBe("sent");
    expect(issue.state).toBe("open");

    // the close was queued before the item was reopened: sent late (a retry), it must not close the issue again
    expect(await send(close!)).toMatch(/^skipped/);
    expect(issue.state).toBe("open");

    await updateActionItem({ id: item.id, version: 4, status: "WONT_DO", wontDoReason: "The pool is being replaced." }, userActor(owner));
    expect(await send((await deliveriesFor(item.id)).at(-1)!)).toBe("sent");
    expect(issue).toMatchObject({ state: "closed", state_reason: "not_planned" });
    // a change that keeps it closed (won't do -> done) sends nothing
    await updateActionItem({ id: item.id, version: 5, status: "DONE" }, userActor(owner));
    expect(await deliveriesFor(item.id)).toHaveLength(3);
  });

  it("moves the Jira issue to the done status through its transitions, and back to To Do", async () => {
    const jira = await jiraTracker();
    const { owner, item } = await itemOf();
    await createTrackerIssue({ itemId: item.id, integrationId: jira.id }, userActor(owner));
    const issue = trackers.jira.at(-1)!;

    await updateActionItem({ id: item.id, version: 2, status: "DONE" }, userActor(owner));
    expect(await send((await deliveriesFor(item.id)).at(-1)!)).toBe("sent");
    expect(issue.status).toBe("Done");
    expect(trackers.requests.at(-1)).toMatchObject({
      method: "POST",
      path: `/jira/rest/api/3/issue/${issue.key}/transitions`,
      body: { transition: { id: "31" } },
    });

    await updateActionItem({ id: item.id, version: 3, status: "OPEN" }, userActor(owner));
    expect(await send((await deliveriesFor(item.id)).at(-1)!)).toBe("sent");
    expect(issue.status).toBe("To Do");
  });

  it("closes at once the issue created for an item already done", async () => {
    const github = await githubTracker();
    const { owner, item } = await itemOf();
    await getDb().actionItem.update({ where: { id: item.id }, data: { status: "DONE", completedAt: new Date() } });
    await createTrackerIssue({ itemId: item.id, integrationId: github.id }, userActor(owner));
    const [close] = await deliveriesFor(item.id);
    expect(close).toMatchObject({ kind: "tracker.close", key: `tracker.close:${item.id}:2` });
    expect(await send(close!)).toBe("sent");
    expect(trackers.github.at(-1)).toMatchObject({ state: "closed", state_reason: "completed" });
  });

  it("closes the issue when the report editor marks the linked item done", async () => {
    const github = await githubTracker();
    const { author, incident, item } = await itemOf();
    await createTrackerIssue({ itemId: item.id, integrationId: github.id }, userActor(author));
    const document = (await loadReport(getDb(), incident.id))!;
    const { version } = await getDb().incident.findUniqueOrThrow({ where: { id: incident.id }, select: { version: true } });
    const done = { ...document, actionItems: document.actionItems.map((entry) => ({ ...entry, status: "DONE" as const })) };
    await updateReport({ id: incident.id, expectedVersion: version, document: done }, userActor(author));

    const [close] = await deliveriesFor(item.id);
    expect(close).toMatchObject({ kind: "tracker.close", key: `tracker.close:${item.id}:3` });
    expect(await send(close!)).toBe("sent");
    expect(trackers.github.at(-1)!.state).toBe("closed");
  });

  it("queues nothing for an item linked to a revoked integration, nor after a new link by hand replaced the issue", async () => {
    const github = await githubTracker();
    const { owner, item } = await itemOf();
    const { link } = await createTrackerIssue({ itemId: item.id, integrationId: github.id }, userActor(owner));
    const second = await itemOf();
    await createTrackerIssue({ itemId: second.item.id, integrationId: github.id }, userActor(second.owner));

    const changed = await updateActionItem({ id: item.id, version: 2, status: "DONE", trackerUrl: "https://tracker.example.com/T-9" }, userActor(owner));
    expect(changed.item).toMatchObject({ trackerKey: null, trackerUrl: "https://tracker.example.com/T-9" });
    expect((await auditRowsFor(item.id)).at(-1)!.changes).toMatchObject({ trackerKey: { before: link.trackerKey, after: null } });

    await revokeIntegration({ integrationId: github.id }, admin);
    await updateActionItem({ id: second.item.id, version: 2, status: "DONE" }, userActor(second.owner));
    expect([...(await deliveriesFor(item.id)), ...(await deliveriesFor(second.item.id))]).toEqual([]);
  });
});

// The outbound delivery pass on the test database, against a local server standing in for a Slack webhook: retries
// with backoff, Retry-After, the last failure listed for admins with "Retry now", revoked integrations, and two
// passes at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { ConflictError, ForbiddenError } from "@/lib/errors";
import { createChatWebhook } from "@/lib/chat/test-fixtures";
import { startWebhookServer, type TestWebhookServer } from "@/lib/chat/test-webhook-server";
import { revokeIntegration } from "@/lib/integrations/mutations";
import { deliverDueHookDeliveries, retryFailedHookDelivery } from "@/lib/outbound/deliver";
import { listHookDeliveries } from "@/lib/outbound/queries";
import { MAX_ATTEMPTS } from "@/lib/reminders/backoff";
import { submitForReview } from "@/lib/reviews/mutations";
import { createTestReport } from "@/lib/reviews/test-fixtures";
import { createTestActor } from "@/lib/users/test-fixtures";

let server: TestWebhookServer;
beforeAll(async () => {
  server = await startWebhookServer();
});
afterAll(async () => {
  await server.stop();
});

const minutes = (start: Date, count: number) => new Date(start.getTime() + count * 60_000);
const rowOf = (integrationId: string) => getDb().hookDelivery.findFirstOrThrow({ where: { integrationId } });

/** A webhook at `path` that wants submissions, and one report submitted: one delivery queued for it. */
async function queuedSubmission(path: string, reports = 1) {
  const webhook = await createChatWebhook({ url: server.url(path), events: ["review.submitted"] });
  const author = await createTestActor("SRE");
  const manager = await createTestActor("MANAGER");
  for (let index = 0; index < reports; index += 1) {
    const report = await createTestReport(author, { title: `Queue overflow ${index}` });
    await submitForReview({ incidentId: report.id, reviewers: [manager.user.email] }, author);
  }
  return webhook;
}

describe("the outbound delivery pass", () => {
  it("retries a webhook that answered 500 after the backoff, and then sends the message once", async () => {
    const webhook = await queuedSubmission("/slack/flaky");
    server.script("/slack/flaky", [{ status: 500, body: "internal_error" }]);
    const start = new Date();

    const [first] = await deliverDueHookDeliveries({ at: start, integrationIds: [webhook.id] });
    expect(first).toMatchObject({ status: "retrying", attempts: 1, error: "HTTP 500: internal_error", nextAttemptAt: minutes(start, 5) });
    expect(await rowOf(webhook.id)).toMatchObject({ status: "PENDING", attempts: 1, lastError: "HTTP 500: internal_error", nextAttemptAt: minutes(start, 5) });

    // not before its time
    expect(await deliverDueHookDeliveries({ at: minutes(start, 4), integrationIds: [webhook.id] })).toEqual([]);
    const [second] = await deliverDueHookDeliveries({ at: minutes(start, 5), integrationIds: [webhook.id] });
    expect(second).toMatchObject({ status: "sent", attempts: 2 });
    expect(await rowOf(webhook.id)).toMatchObject({ status: "SENT", lastError: null, sentAt: minutes(start, 5) });
    expect(server.received.filter((post) => post.path === "/slack/flaky").map((post) => post.answeredWith)).toEqual([500, 200]);
    expect(server.accepted("/slack/flaky")).toHaveLength(1);
  });

  it("waits as long as a 429's Retry-After asks", async () => {
    const webhook = await queuedSubmission("/slack/rate-limited");
    server.script("/slack/rate-limited", [{ status: 429, body: "rate_limited", headers: { "Retry-After": "90" } }]);
    const start = new Date();
    const [outcome] = await deliverDueHookDeliveries({ at: start, integrationIds: [webhook.id] });
    expect(outcome).toMatchObject({ status: "retrying", error: "HTTP 429: rate_limited", nextAttemptAt: new Date(start.getTime() + 90_000) });
    const [sent] = await deliverDueHookDeliveries({ at: new Date(start.getTime() + 90_000), integrationIds: [webhook.id] });
    expect(sent).toMatchObject({ status: "sent" });
  });

  it(`fails after ${MAX_ATTEMPTS} tries, is listed at Admin > Outbox without its URL, and "Retry now" sends it`, async () => {
    const webhook = await queuedSubmission("/slack/broken/T000/B000/secret-part");
    server.breakPath("/slack/broken/T000/B000/secret-part", { status: 404, body: "no_service" });
    const start = new Date();
    // after 5, 10, 20 and 40 minutes
    const times = [0, 5, 15, 35, 75].map((offset) => minutes(start, offset));
    const statuses = [];
    for (const at of times) statuses.push(...(await deliverDueHookDeliveries({ at, integrationIds: [webhook.id] })).map((outcome) => outcome.status));
    expect(statuses).toEqual(["retrying", "retrying", "retrying", "retrying", "failed"]);
    const row = await rowOf(webhook.id);
    expect(row).toMatchObject({ status: "FAILED", attempts: MAX_ATTEMPTS, lastError: "HTTP 404: no_service", nextAttemptAt: null });
    expect(await deliverDueHookDeliveries({ at: minutes(start, 500), integrationIds: [webhook.id] })).toEqual([]);
    const audit = await getDb().auditEvent.findMany({ where: { entityId: row.id }, select: { action: true } });
    expect(audit.map((entry) => entry.action)).toEqual(["outbound.delivery-failed"]);

    const list = await listHookDeliveries();
    const listed = list.deliveries.find((delivery) => delivery.id === row.id);
    expect(listed).toMatchObject({
      status: "FAILED",
      kindLabel: "Chat message",
      about: "Report submitted for review",
      integrationName: webhook.name,
      attempts: MAX_ATTEMPTS,
      lastError: "HTTP 404: no_service",
    });
    expect(list.failed).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(list)).not.toContain("secret-part");
    expect(JSON.stringify(list)).not.toContain(server.url(""));

    // only those who manage integrations may retry
    await expect(retryFailedHookDelivery(row.id, await createTestActor("MANAGER"))).rejects.toBeInstanceOf(ForbiddenError);
    server.repair("/slack/broken/T000/B000/secret-part");
    const admin = await createTestActor("ADMIN");
    expect(await retryFailedHookDelivery(row.id, admin)).toMatchObject({ status: "sent", attempts: 1 });
    expect(await rowOf(webhook.id)).toMatchObject({ status: "SENT", attempts: 1 });
    await expect(retryFailedHookDelivery(row.id, admin)).rejects.toBeInstanceOf(ConflictError);
    expect(server.accepted("/slack/broken/T000/B000/secret-part")).toHaveLength(1);
  });

  it("fails a revoked integration's deliveries without calling it", async () => {
    const webhook = await queuedSubmission("/slack/revoked");
    await revokeIntegration({ integrationId: webhook.id }, systemActor("test"));
    const [outcome] = await deliverDueHookDeliveries({ integrationIds: [webhook.id] });
    expect(outcome).toMatchObject({ status: "failed", error: "integration revoked" });
    expect(await rowOf(webhook.id)).toMatchObject({ status: "FAILED", lastError: "integration revoked" });
    expect(server.received.filter((post) => post.path === "/slack/revoked")).toEqual([]);
    await expect(retryFailedHookDelivery((await rowOf(webhook.id)).id, await createTestActor("ADMIN"))).rejects.toThrow(/was revoked/);
  });

  it("sends each message once when two passes run at the same time", async () => {
    const webhook = await queuedSubmission("/slack/busy", 6);
    server.delayMs = 50;
    try {
      const [a, b] = await Promise.all([
        deliverDueHookDeliveries({ integrationIds: [webhook.id] }),
        deliverDueHookDeliveries({ integrationIds: [webhook.id] }),
      ]);
      expect([...a, ...b].filter((outcome) => outcome.status === "sent")).toHaveLength(6);
    } finally {
      server.delayMs = 0;
    }
    const posts = server.accepted("/slack/busy") as { text: string }[];
    expect(posts).toHaveLength(6);
    expect(new Set(posts.map((post) => post.text)).size).toBe(6);
    expect(await getDb().hookDelivery.count({ where: { integrationId: webhook.id, status: "SENT" } })).toBe(6);
  });
});

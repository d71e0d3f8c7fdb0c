// Chat webhooks end to end on the test database: review decisions and the daily overdue summary, queued in the
// outbox and posted by the delivery pass to a local server standing in for Slack and for a Teams workflow.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { planOverdueSummaries } from "@/lib/chat/enqueue";
import { createChatWebhook, uniqueName } from "@/lib/chat/test-fixtures";
import { startWebhookServer, type TestWebhookServer } from "@/lib/chat/test-webhook-server";
import { CHAT_OVERDUE_SUMMARY, HOOKS_DELIVER, RECURRING_JOBS } from "@/lib/jobs/queues";
import { deliverDueHookDeliveries } from "@/lib/outbound/deliver";
import { createActionItem } from "@/lib/reminders/test-fixtures";
import { approveReport, submitForReview } from "@/lib/reviews/mutations";
import { createTestReport } from "@/lib/reviews/test-fixtures";
import { addCalendarDays, calendarDayAt } from "@/lib/time/calendar-day";
import { createTestActor } from "@/lib/users/test-fixtures";

type SlackBody = { text: string; blocks: { type: string; text?: { text: string } }[] };
type TeamsBody = {
  type: string;
  attachments: { contentType: string; content: { type: string; version: string; body: { text?: string }[]; actions: { url: string }[] } }[];
};

let server: TestWebhookServer;
beforeAll(async () => {
  server = await startWebhookServer();
});
afterAll(async () => {
  await server.stop();
});

const system = systemActor("test:chat");

async function reviewCast(services: string[], overrides: { private?: boolean; title?: string } = {}) {
  const author = await createTestActor("SRE");
  const manager = await createTestActor("MANAGER");
  const report = await createTestReport(author, { services, ...overrides });
  return { author, manager, report };
}

describe("review events in chat", () => {
  it("post submitted and approved to instance-wide webhooks and those of the report's services, in each one's format", async () => {
    const [checkout, billing] = [uniqueName("checkout"), uniqueName("billing")];
    const { author, manager, report } = await reviewCast([checkout], { title: "Cache <!channel> & co > 90%" });
    const db = getDb();
    const checkoutId = (await db.service.findUniqueOrThrow({ where: { name: checkout } })).id;
    const billingId = (await db.service.create({ data: { name: billing } })).id;
    const everywhere = await createChatWebhook({ url: server.url("/slack/everywhere"), events: ["review.submitted", "review.approved"] });
    const forCheckout = await createChatWebhook({
      url: server.url("/teams/checkout"),
      format: "teams",
      events: ["review.submitted", "review.approved"],
      serviceId: checkoutId,
    });
    const forBilling = await createChatWebhook({ url: server.url("/slack/billing"), events: ["review.submitted", "review.approved"], serviceId: billingId });
    const onlyOverdue = await createChatWebhook({ url: server.url("/slack/overdue-only"), events: ["action-items.overdue"] });
    const mine = [everywhere.id, forCheckout.id, forBilling.id, onlyOverdue.id];

    await submitForReview({ incidentId: report.publicId, reviewers: [manager.user.email] }, author);
    // queued in the decision's transaction, sent by the pass
    expect(await db.hookDelivery.count({ where: { integrationId: { in: mine } } })).toBe(2);
    const first = await deliverDueHookDeliveries({ integrationIds: mine });
    expect(first.map((outcome) => outcome.status)).toEqual(["sent", "sent"]);

    const [slackSubmitted] = server.accepted("/slack/everywhere") as SlackBody[];
    expect(slackSubmitted!.text).toContain(`Postmortem submitted for review: <`);
    expect(slackSubmitted!.text).toMatch(
      new RegExp(`<https?://[^|]+/incidents/${report.publicId}\\|${report.publicId} · Cache &lt;!channel&gt; &amp; co &gt; 90%>`),
    );
    expect(slackSubmitted!.text).toContain(`Submitted by: ${author.user.name}`);
    expect(slackSubmitted!.text).toContain(`Reviewer: ${manager.user.name}`);
    expect(slackSubmitted!.text).not.toContain("<!channel>");
    expect(slackSubmitted!.blocks[0]!.text!.text).toMatch(/^\*Postmortem submitted for review\*/);

    const [teamsSubmitted] = server.accepted("/teams/checkout") as TeamsBody[];
    expect(teamsSubmitted!.type).toBe("message");
    expect(teamsSubmitted!.attachments[0]).toMatchObject({
      contentType: "application/vnd.microsoft.card.adaptive",
      content: { type: "AdaptiveCard", version: "1.4" },
    });
    expect(teamsSubmitted!.attachments[0]!.content.actions[0]!.url).toMatch(new RegExp(`/incidents/${report.publicId}$`));
    expect(teamsSubmitted!.attachments[0]!.content.body[0]!.text).toBe("Postmortem submitted for review");

    await approveReport({ incidentId: report.id }, manager);
    await deliverDueHookDeliveries({ integrationIds: mine });
    const revision = await db.revision.findFirstOrThrow({ where: { incidentId: report.id }, orderBy: { number: "desc" } });
    const [, slackApproved] = server.accepted("/slack/everywhere") as SlackBody[];
    expect(slackApproved!.text).toContain("Postmortem approved: <");
    expect(slackApproved!.text).toContain(`Signed off by: ${manager.user.name}`);
    expect(slackApproved!.text).toContain(`Revision: ${revision.number} (SHA-256 ${revision.contentHash.slice(0, 12)}…)`);
    expect(server.accepted("/teams/checkout")).toHaveLength(2);

    // a webhook of another service, and one that did not choose review events, got nothing
    expect(server.received.filter((post) => post.path === "/slack/billing" || post.path === "/slack/overdue-only")).toEqual([]);
    // once per webhook and decision: another pass sends nothing again
    expect(await deliverDueHookDeliveries({ integrationIds: mine })).toEqual([]);
    expect(server.accepted("/slack/everywhere")).toHaveLength(2);
  });

  it("post nothing about a private report, and drop a message whose report was made private before it went out", async () => {
    const service = uniqueName("vault");
    const { author, manager, report } = await reviewCast([service], { private: true, title: "Secret vault outage" });
    const serviceId = (await getDb().service.findUniqueOrThrow({ where: { name: service } })).id;
    const everywhere = await createChatWebhook({ url: server.url("/slack/private-check"), events: ["review.submitted", "review.approved"] });
    const forService = await createChatWebhook({ url: server.url("/teams/private-check"), format: "teams", events: ["review.submitted"], serviceId });
    const mine = [everywhere.id, forService.id];

    await submitForReview({ incidentId: report.id, reviewers: [manager.user.email] }, author);
    await approveReport({ incidentId: report.id }, manager);
    expect(await getDb().hookDelivery.count({ where: { integrationId: { in: mine } } })).toBe(0);
    expect(await deliverDueHookDeliveries({ integrationIds: mine })).toEqual([]);

    // public when submitted, private by the time the pass runs
    const later = await reviewCast([service], { title: "Made private later" });
    await submitForReview({ incidentId: later.report.id, reviewers: [later.manager.user.email] }, later.author);
    await getDb().incident.update({ where: { id: later.report.id }, data: { private: true } });
    const outcomes = await deliverDueHookDeliveries({ integrationIds: mine });
    expect(outcomes.map((outcome) => [outcome.status, outcome.error])).toEqual([
      ["dropped", "the report is private: chat channels never name private reports"],
      ["dropped", "the report is private: chat channels never name private reports"],
    ]);
    expect(await getDb().hookDelivery.count({ where: { integrationId: { in: mine } } })).toBe(0);

    const everything = JSON.stringify(server.received);
    for (const secret of ["Secret vault outage", report.publicId, "Made private later", later.report.publicId]) expect(everything).not.toContain(secret);
    expect(server.received.filter((post) => post.path.endsWith("/private-check"))).toEqual([]);
  });
});

describe("the daily overdue summary", () => {
  it("is a recurring job at 09:00 UTC beside the every-minute delivery pass", () => {
    const jobs = Object.fromEntries(RECURRING_JOBS.map((job) => [job.name, job.cron]));
    expect(jobs[HOOKS_DELIVER]).toBe("* * * * *");
    expect(jobs[CHAT_OVERDUE_SUMMARY]).toBe("0 9 * * *");
  });

  it("lists a service's ten most overdue public items, counts the rest and private ones without naming them, once a day", async () => {
    const at = new Date();
    const today = calendarDayAt(at, "UTC");
    const service = uniqueName("payments");
    const author = await createTestActor("SRE");
    const owner = await createTestActor("SRE");
    const open = await createTestReport(author, { services: [service], title: "Payments double charge" });
    const hidden = await createTestReport(author, { services: [service], title: "Hidden fraud incident", private: true });
    const elsewhere = await createTestReport(author, { services: [uniqueName("search")], title: "Search outage" });
    const serviceId = (await getDb().service.findUniqueOrThrow({ where: { name: service } })).id;
    for (let index = 0; index < 12; index += 1) {
      await createActionItem({
        incidentId: open.id,
        ownerId: index === 0 ? owner.user.id : null,
        due: addCalendarDays(today, -(index + 1)),
        title: `Public item ${String(index + 1).padStart(2, "0")}`,
      });
    }
    await createActionItem({ incidentId: open.id, due: addCalendarDays(today, -3), status: "DONE", title: "Finished item" });
    await createActionItem({ incidentId: open.id, due: today, title: "Due today item" });
    for (let index = 0; index < 3; index += 1)
      await createActionItem({ incidentId: hidden.id, due: addCalendarDays(today, -2), title: `Private item ${index}` });
    await createActionItem({ incidentId: elsewhere.id, due: addCalendarDays(today, -2), title: "Other service item" });

    const forService = await createChatWebhook({ url: server.url("/slack/payments"), events: ["action-items.overdue"], serviceId });
    const teams = await createChatWebhook({ url: server.url("/teams/payments"), format: "teams", events: ["action-items.overdue"], serviceId });
    const reviewsOnly = await createChatWebhook({ url: server.url("/slack/payments-reviews"), events: ["review.approved"], serviceId });
    const mine = [forService.id, teams.id, reviewsOnly.id];

    // two workers running the job at once, and a retry of it the same day: planned once
    await Promise.all([planOverdueSummaries({ at }, system), planOverdueSummaries({ at }, system)]);
    await planOverdueSummaries({ at: new Date(at.getTime() + 3_600_000 * 0.5) }, system);
    await Promise.all([deliverDueHookDeliveries({ at, integrationIds: mine }), deliverDueHookDeliveries({ at, integrationIds: mine })]);

    const summaries = server.accepted("/slack/payments") as SlackBody[];
    expect(summaries).toHaveLength(1);
    const lines = summaries[0]!.text.split("\n");
    expect(lines[0]).toBe(`15 action items overdue in ${service}`);
    const listed = lines.filter((line) => line.startsWith("• "));
    expect(listed).toHaveLength(10);
    expect(listed[0]).toMatch(
      new RegExp(
        `^• <https?://[^|]+/incidents/${open.publicId}\\|Public item 12> — ${open.publicId} · no owner · due ${addCalendarDays(today, -12)} \\(12 days late\\)$`,
      ),
    );
    expect(listed[9]).toContain("|Public item 03>");
    expect(lines).toContain("and 2 more");
    expect(lines).toContain("3 items in private reports (not listed)");
    expect(lines.at(-1)).toMatch(new RegExp(`^<https?://[^|]+/action-items\\?overdue=1&amp;service=${service}\\|Open the overdue action items>$`));
    const text = JSON.stringify(server.received);
    for (const hiddenText of ["Hidden fraud incident", hidden.publicId, "Private item", "Other service item", "Finished item", "Due today item"]) {
      expect(text).not.toContain(hiddenText);
    }
    expect(server.accepted("/teams/payments")).toHaveLength(1);
    expect(server.received.filter((post) => post.path === "/slack/payments-reviews")).toEqual([]);

    // the next day it goes again, once
    const tomorrow = new Date(at.getTime() + 86_400_000);
    await planOverdueSummaries({ at: tomorrow }, system);
    await deliverDueHookDeliveries({ at: tomorrow, integrationIds: mine });
    const again = server.accepted("/slack/payments") as SlackBody[];
    expect(again).toHaveLength(2);
    expect(again[1]!.text.split("\n")[0]).toBe(`16 action items overdue in ${service}`);
  });
});

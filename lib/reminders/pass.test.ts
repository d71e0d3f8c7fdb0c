// Which reminder goes to whom, and when: each kind at the right local day and only then. Mail goes to a real SMTP
// server on 127.0.0.1 and each test counts what its own (unique) people received. The clock is the pass's `at`.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { smtpServerForThisFile } from "@/lib/mail/test-smtp-env";
import { runReminderPass } from "@/lib/reminders/pass";
import { updateSettings } from "@/lib/settings/mutations";
import {
  createActionItem,
  createFollowUp,
  createPerson,
  createReport,
  deliveriesFor,
  requestReview,
  signOff,
  type Person,
} from "@/lib/reminders/test-fixtures";

const smtp = smtpServerForThisFile();

afterAll(async () => {
  await getDb().setting.deleteMany({ where: { key: { startsWith: "reminders." } } });
});

// The lead times are settings: every test starts from the documented defaults, set here rather than assumed.
beforeEach(async () => {
  await updateSettings({ "reminders.dueSoonDays": 3, "reminders.followUpSoonDays": 3, "reminders.reviewWaitingDays": 2 }, systemActor("test"));
});

const pass = (iso: string) => runReminderPass({ at: new Date(iso) });
const subjectsFor = (person: Person) => smtp.server.receivedBy(person.email).map((mail) => mail.subject);

describe("action item reminders", () => {
  it("reach the owner exactly N days before the due date in the owner's own zone, not N+1, and only once", async () => {
    const auckland = await createPerson({ timeZone: "Pacific/Auckland" }); // UTC+13 in March
    const london = await createPerson({ timeZone: "UTC" });
    const report = await createReport();
    const ownedInAuckland = await createActionItem({ incidentId: report.id, ownerId: auckland.id, due: "2031-03-08", title: "Add a circuit breaker" });
    await createActionItem({ incidentId: report.id, ownerId: london.id, due: "2031-03-08", title: "Alert on queue depth" });

    await pass("2031-03-04T09:00:00Z"); // Auckland 4 Mar 22:00: 4 days ahead
    expect(subjectsFor(auckland)).toEqual([]);

    await pass("2031-03-04T12:00:00Z"); // Auckland 5 Mar 01:00: 3 days ahead; London still 4 Mar
    expect(subjectsFor(auckland)).toEqual(["Due in 3 days: Add a circuit breaker"]);
    expect(subjectsFor(london)).toEqual([]);

    await pass("2031-03-04T20:00:00Z"); // same local day in Auckland: nothing new
    expect(subjectsFor(auckland)).toHaveLength(1);

    await pass("2031-03-05T00:30:00Z"); // London's 5 Mar
    expect(subjectsFor(london)).toEqual(["Due in 3 days: Alert on queue depth"]);
    expect(subjectsFor(auckland)).toHaveLength(1);

    const [delivery] = await deliveriesFor(auckland);
    expect(delivery).toMatchObject({
      kind: "ACTION_DUE_SOON",
      status: "SENT",
      attempts: 1,
      actionItemId: ownedInAuckland.id,
      key: `ACTION_DUE_SOON:${ownedInAuckland.id}:2031-03-05:${auckland.id}`,
    });
  });

  it("use the lead time from the settings", async () => {
    await updateSettings({ "reminders.dueSoonDays": 5 }, systemActor("test"));
    const owner = await createPerson();
    const report = await createReport();
    await createActionItem({ incidentId: report.id, ownerId: owner.id, due: "2031-04-15", title: "Five days out" });
    await createActionItem({ incidentId: report.id, ownerId: owner.id, due: "2031-04-13", title: "Three days out" });

    await pass("2031-04-10T08:00:00Z");
    expect(subjectsFor(owner)).toEqual(["Due in 5 days: Five days out"]);
  });

  it("reach the owner on the due day", async () => {
    const owner = await createPerson({ timeZone: "America/Los_Angeles" });
    const report = await createReport();
    await createActionItem({ incidentId: report.id, ownerId: owner.id, due: "2031-05-20", title: "Ship the fix" });

    await pass("2031-05-20T05:00:00Z"); // still 19 May in Los Angeles
    expect(subjectsFor(owner)).toEqual([]);
    await pass("2031-05-20T16:00:00Z");
    expect(subjectsFor(owner)).toEqual(["Due today: Ship the fix"]);
  });

  it("nag about an overdue item once a day, not twice the same day, again the next day, and never once it is done", async () => {
    const owner = await createPerson();
    const report = await createReport();
    const item = await createActionItem({ incidentId: report.id, ownerId: owner.id, due: "2031-06-10", title: "Remove the feature flag" });

    await pass("2031-06-12T08:00:00Z");
    expect(subjectsFor(owner)).toEqual(["Overdue by 2 days: Remove the feature flag"]);
    await pass("2031-06-12T17:00:00Z");
    expect(subjectsFor(owner)).toHaveLength(1);

    await pass("2031-06-13T08:00:00Z");
    expect(subjectsFor(owner)).toEqual(["Overdue by 2 days: Remove the feature flag", "Overdue by 3 days: Remove the feature flag"]);

    await getDb().actionItem.update({ where: { id: item.id }, data: { status: "DONE", completedAt: new Date("2031-06-13T12:00:00Z") } });
    await pass("2031-06-14T08:00:00Z");
    await pass("2031-06-15T08:00:00Z");
    expect(subjectsFor(owner)).toHaveLength(2);
  });

  it("go to the report's author when the item has no owner, and to nobody inactive", async () => {
    const author = await createPerson();
    const inactiveOwner = await createPerson({ active: false });
    const report = await createReport({ authorId: author.id });
    await createActionItem({ incidentId: report.id, ownerId: null, due: "2031-07-01", title: "Nobody owns this" });
    await createActionItem({ incidentId: report.id, ownerId: inactiveOwner.id, due: "2031-07-01", title: "Owner left the company" });
    const inactiveAuthor = await createPerson({ active: false });
    const orphanReport = await createReport({ authorId: inactiveAuthor.id });
    await createActionItem({ incidentId: orphanReport.id, ownerId: null, due: "2031-07-01", title: "Nobody active at all" });

    await pass("2031-07-01T09:00:00Z");
    expect(subjectsFor(author)).toEqual(["Due today: Nobody owns this"]);
    expect(smtp.server.receivedBy(author.email)[0]!.text).toContain("you wrote the report and this action item has no owner");
    expect(subjectsFor(inactiveOwner)).toEqual([]);
    expect(subjectsFor(inactiveAuthor)).toEqual([]);
    expect(await deliveriesFor(inactiveOwner, inactiveAuthor)).toEqual([]);
  });
});

describe("follow-up review reminders", () => {
  it("reach the attendees N days before and on the day, in their own zones", async () => {
    const paris = await createPerson({ timeZone: "Europe/Paris" });
    const tokyo = await createPerson({ timeZone: "Asia/Tokyo" });
    const author = await createPerson();
    const report = await createReport({ authorId: author.id, title: "Search latency" });
    // 10:00 in Paris on Wednesday 10 Sep, 17:00 in Tokyo
    await createFollowUp({ incidentId: report.id, scheduledAt: new Date("2031-09-10T08:00:00Z"), attendeeIds: [paris.id, tokyo.id] });

    await pass("2031-09-06T12:00:00Z"); // 4 days before everywhere
    expect([...subjectsFor(paris), ...subjectsFor(tokyo)]).toEqual([]);

    await pass("2031-09-06T16:00:00Z"); // Tokyo is already on 7 Sep (3 days before), Paris is not
    expect(subjectsFor(tokyo)).toEqual(["Follow-up review on Wed, 10 Sep 2031, 17:00 GMT+9: Search latency"]);
    expect(subjectsFor(paris)).toEqual([]);

    await pass("2031-09-07T09:00:00Z");
    expect(subjectsFor(paris)).toEqual(["Follow-up review on Wed, 10 Sep 2031, 10:00 CEST: Search latency"]);

    await pass("2031-09-10T05:00:00Z"); // the day itself, before the meeting
    expect(subjectsFor(paris)).toEqual(["Follow-up review on Wed, 10 Sep 2031, 10:00 CEST: Search latency", "Follow-up review today: Search latency"]);
    expect(subjectsFor(tokyo)).toHaveLength(2);
    expect(subjectsFor(author)).toEqual([]); // attendees are invited: the author is not one of them
  });

  it("reach the report's author when nobody is invited, and nobody once the review took place", async () => {
    const author = await createPerson();
    const report = await createReport({ authorId: author.id, title: "DNS outage" });
    await createFollowUp({ incidentId: report.id, scheduledAt: new Date("2031-10-20T14:00:00Z") });
    const done = await createReport({ authorId: author.id, title: "Old outage" });
    await createFollowUp({ incidentId: done.id, scheduledAt: new Date("2031-10-20T09:00:00Z"), completed: true });

    await pass("2031-10-20T08:00:00Z");
    expect(subjectsFor(author)).toEqual(["Follow-up review today: DNS outage"]);
  });
});

describe("the manager digest", () => {
  it("goes on Mondays in the manager's zone, to managers who signed off and want digests, listing what is overdue there", async () => {
    const tokyoManager = await createPerson({ role: "MANAGER", timeZone: "Asia/Tokyo" });
    const utcManager = await createPerson({ role: "MANAGER" });
    const noDigests = await createPerson({ role: "MANAGER", receiveDigests: false });
    const neverSignedOff = await createPerson({ role: "MANAGER" });
    const owner = await createPerson({ name: "Olive Owner" });

    const signed = await createReport({ title: "Payments outage" });
    await createActionItem({ incidentId: signed.id, ownerId: owner.id, due: "2031-02-20", title: "Retry budget" });
    await createActionItem({ incidentId: signed.id, ownerId: owner.id, due: "2031-02-21", status: "DONE", title: "Done already" });
    await createActionItem({ incidentId: signed.id, ownerId: owner.id, due: "2031-03-20", title: "Not due yet" });
    const other = await createReport({ title: "Unrelated outage" });
    await createActionItem({ incidentId: other.id, ownerId: owner.id, due: "2031-02-20", title: "Someone else's report" });
    for (const manager of [tokyoManager, utcManager, noDigests]) await signOff(signed.id, manager.id);

    await pass("2031-03-01T20:00:00Z"); // Saturday in UTC, Sunday in Tokyo
    expect(subjectsFor(tokyoManager)).toEqual([]);

    await pass("2031-03-02T20:00:00Z"); // Monday 05:00 in Tokyo, still Sunday in UTC
    expect(subjectsFor(tokyoManager)).toEqual(["Weekly digest: 1 overdue action item in reports you signed off"]);
    expect(subjectsFor(utcManager)).toEqual([]);
    const digest = smtp.server.receivedBy(tokyoManager.email)[0]!.text;
    expect(digest).toContain("Retry budget");
    expect(digest).not.toContain("Done already");
    expect(digest).not.toContain("Not due yet");
    expect(digest).not.toContain("Someone else's report");

    await pass("2031-03-03T10:00:00Z"); // Monday in UTC
    expect(subjectsFor(utcManager)).toHaveLength(1);
    expect(subjectsFor(tokyoManager)).toHaveLength(1);

    await pass("2031-03-04T10:00:00Z"); // Tuesday
    expect(subjectsFor(utcManager)).toHaveLength(1);
    expect(subjectsFor(noDigests)).toEqual([]);
    expect(subjectsFor(neverSignedOff)).toEqual([]);
  });
});

describe("review requests waiting", () => {
  it("remind the reviewer once the request has waited more than N days, and only once", async () => {
    const reviewer = await createPerson({ role: "MANAGER" });
    const decided = await createPerson({ role: "MANAGER" });
    const report = await createReport({ title: "Cache stampede", reportState: "IN_REVIEW" });
    const requestedAt = new Date("2031-11-03T10:00:00Z");
    await requestReview({ incidentId: report.id, reviewerId: reviewer.id, requestedAt });
    const assignment = await requestReview({ incidentId: report.id, reviewerId: decided.id, requestedAt });
    await getDb().reviewAssignment.update({ where: { id: assignment.id }, data: { decision: "APPROVED", decidedAt: requestedAt } });
    const draft = await createReport({ title: "Still a draft" });
    await requestReview({ incidentId: draft.id, reviewerId: reviewer.id, requestedAt });

    await pass("2031-11-05T09:00:00Z"); // 1 day 23 hours
    expect(subjectsFor(reviewer)).toEqual([]);

    await pass("2031-11-05T11:00:00Z");
    expect(subjectsFor(reviewer)).toEqual([`Review waiting for you: ${report.publicId} Cache stampede`]);

    await pass("2031-11-06T11:00:00Z");
    await pass("2031-11-09T11:00:00Z");
    expect(subjectsFor(reviewer)).toHaveLength(1);
    expect(subjectsFor(decided)).toEqual([]);
  });
});

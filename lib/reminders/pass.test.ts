// Which reminder goes to whom, and when: each kind at the right local day and only then. Mail goes to a real SMTP
// server on 127.0.0.1 and each test counts what its own (unique) people received. The clock is the pass's `at`.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { smtpServerForThisFile } from "@/lib/mail/test-smtp-env";
import { headerValue } from "@/lib/mail/test-smtp-server";
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
import { ownDatabaseForThisFile } from "@/test/helpers/own-database";

// Each pass acts on every row of the database: this file gets one of its own (test/helpers/own-database.ts).
ownDatabaseForThisFile();
const smtp = smtpServerForThisFile();

afterAll(async () => {
  await getDb().setting.deleteMany({
    where: { OR: [{ key: { startsWith: "reminders." } }, { key: { startsWith: "postmortem." } }, { key: "severity.scale" }] },
  });
});

// The lead times and cadence are settings: every test starts from the documented defaults, set here rather than
// assumed. The send window is opened to every hour of every day here, so that these tests speak about WHAT is due
// WHEN; "the send window" below tests the window itself.
beforeEach(async () => {
  await updateSettings(
    {
      "reminders.dueSoonDays": 3,
      "reminders.followUpSoonDays": 3,
      "reminders.reviewWaitingDays": 2,
      "reminders.overdueDailyDays": 7,
      "reminders.overdueRepeatDays": 7,
      "reminders.overdueDigestOnlyAfterDays": 90,
      "reminders.windowStartHour": 0,
      "reminders.windowEndHour": 24,
      "reminders.windowWeekdaysOnly": false,
      // a severity no other test file uses, and not on the scale: no incident owes a postmortem unless a test says so
      "severity.scale": ["Critical", "High", "Medium", "Low"],
      "postmortem.requiredSeverities": ["PM-Sev"],
      "postmortem.dueBusinessDays": 5,
    },
    systemActor("test"),
  );
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
      key: `ACTION_DUE_SOON:${ownedInAuckland.id}:2031-03-08:${auckland.id}`,
    });
  });

  it("use the lead time from the settings: everything due within it, in one mail", async () => {
    await updateSettings({ "reminders.dueSoonDays": 5 }, systemActor("test"));
    const owner = await createPerson();
    const report = await createReport();
    await createActionItem({ incidentId: report.id, ownerId: owner.id, due: "2031-04-16", title: "Six days out" });
    await createActionItem({ incidentId: report.id, ownerId: owner.id, due: "2031-04-15", title: "Five days out" });
    await createActionItem({ incidentId: report.id, ownerId: owner.id, due: "2031-04-13", title: "Three days out" });

    await pass("2031-04-10T08:00:00Z");
    expect(subjectsFor(owner)).toEqual(["Reminders: 2 due soon"]);
    const { text } = smtp.server.receivedBy(owner.email)[0]!;
    expect(text).toContain("Five days out");
    expect(text).toContain("Three days out");
    expect(text).not.toContain("Six days out");
  });

  it("reach the owner on the due day", async () => {
    const owner = await createPerson({ timeZone: "America/Los_Angeles" });
    const report = await createReport();
    await createActionItem({ incidentId: report.id, ownerId: owner.id, due: "2031-05-20", title: "Ship the fix" });

    await pass("2031-05-20T05:00:00Z"); // still 19 May in Los Angeles: due tomorrow
    expect(subjectsFor(owner)).toEqual(["Due in 1 day: Ship the fix"]);
    await pass("2031-05-20T16:00:00Z");
    expect(subjectsFor(owner)).toEqual(["Due in 1 day: Ship the fix", "Due today: Ship the fix"]);
    await pass("2031-05-20T23:00:00Z");
    expect(subjectsFor(owner)).toHaveLength(2);
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
    expect(smtp.server.receivedBy(author.email)[0]!.text).toContain("no owner yet: you wrote the report");
    expect(subjectsFor(inactiveOwner)).toEqual([]);
    expect(subjectsFor(inactiveAuthor)).toEqual([]);
    expect(await deliveriesFor(inactiveOwner, inactiveAuthor)).toEqual([]);
  });

  it("name an owner the report gave who is not a user, to the report's author, keyed as any item the author is reminded of", async () => {
    const author = await createPerson();
    const report = await createReport({ authorId: author.id });
    const item = await createActionItem({ incidentId: report.id, ownerName: "@dba-team", due: "2031-07-01", title: "Vacuum the big table" });

    await pass("2031-07-01T09:00:00Z");
    await pass("2031-07-01T15:00:00Z");
    expect(subjectsFor(author)).toEqual(["Due today: Vacuum the big table"]);
    const text = smtp.server.receivedBy(author.email)[0]!.text;
    expect(text).toContain("owned by @dba-team, who is not a user here: choose a user in the editor so they get reminders");
    expect(text).not.toContain("no owner yet");
    expect((await deliveriesFor(author)).map((delivery) => delivery.key)).toEqual([`ACTION_DUE_TODAY:${item.id}:2031-07-01:${author.id}`]);
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
  it("goes on Monday in the manager's zone (not at the weekend), to managers who signed off and want digests, listing what is overdue there", async () => {
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
    await pass("2031-03-08T10:00:00Z"); // Saturday
    expect(subjectsFor(utcManager)).toHaveLength(1);
    expect(subjectsFor(noDigests)).toEqual([]);
    expect(subjectsFor(neverSignedOff)).toEqual([]);
  });

  it("names in the digest an owner the report gave who is not a user, apart from users and nobody", async () => {
    const manager = await createPerson({ role: "MANAGER" });
    const owner = await createPerson({ name: "Olive Owner" });
    const signed = await createReport({ title: "Replication lag" });
    await createActionItem({ incidentId: signed.id, ownerId: owner.id, due: "2031-02-20", title: "A user's item" });
    await createActionItem({ incidentId: signed.id, ownerName: "@dba-team", due: "2031-02-21", title: "A team's item" });
    await createActionItem({ incidentId: signed.id, due: "2031-02-22", title: "Nobody's item" });
    await signOff(signed.id, manager.id);

    await pass("2031-03-03T10:00:00Z"); // Monday
    const digest = smtp.server.receivedBy(manager.email)[0]!.text;
    expect(digest).toContain("due Thu, 20 Feb 2031 · owner Olive Owner · ");
    expect(digest).toContain("due Fri, 21 Feb 2031 · owner @dba-team (not a user) · ");
    expect(digest).toContain("due Sat, 22 Feb 2031 · no owner · ");
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

describe("never miss: a reminder is owed until it has gone out, whatever day the pass runs", () => {
  it("an item created inside the lead window gets its heads-up on the next pass", async () => {
    const owner = await createPerson();
    const report = await createReport();
    // written on the 28th, due on the 30th: never "exactly 3 days ahead"
    await createActionItem({ incidentId: report.id, ownerId: owner.id, due: "2031-01-30", title: "Inside the window" });
    await pass("2031-01-28T10:00:00Z");
    expect(subjectsFor(owner)).toEqual(["Due in 2 days: Inside the window"]);
    await pass("2031-01-29T10:00:00Z");
    expect(subjectsFor(owner)).toHaveLength(1);
  });

  it("moving the due date re-arms it: into the window, and again after a postponement", async () => {
    const owner = await createPerson();
    const report = await createReport();
    const item = await createActionItem({ incidentId: report.id, ownerId: owner.id, due: "2031-02-20", title: "Rotate the keys" });
    await pass("2031-02-10T10:00:00Z");
    expect(subjectsFor(owner)).toEqual([]);

    await getDb().actionItem.update({ where: { id: item.id }, data: { dueDate: new Date("2031-02-12T00:00:00Z") } });
    await pass("2031-02-10T11:00:00Z");
    expect(subjectsFor(owner)).toEqual(["Due in 2 days: Rotate the keys"]);

    await getDb().actionItem.update({ where: { id: item.id }, data: { dueDate: new Date("2031-02-13T00:00:00Z") } });
    await pass("2031-02-11T10:00:00Z");
    expect(subjectsFor(owner)).toEqual(["Due in 2 days: Rotate the keys", "Due in 2 days: Rotate the keys"]);
  });

  it("worker down for two days, then up: each reminder once, none missing", async () => {
    const owner = await createPerson();
    const attendee = await createPerson();
    const report = await createReport({ title: "Queue backlog" });
    await createActionItem({ incidentId: report.id, ownerId: owner.id, due: "2031-03-14", title: "Due while the worker was down" });
    await createActionItem({ incidentId: report.id, ownerId: owner.id, due: "2031-03-16", title: "Due soon after" });
    await createFollowUp({ incidentId: report.id, scheduledAt: new Date("2031-03-17T15:00:00Z"), attendeeIds: [attendee.id] });

    await pass("2031-03-11T10:00:00Z"); // Tuesday: the 14th is 3 days ahead
    expect(subjectsFor(owner)).toEqual(["Due in 3 days: Due while the worker was down"]);
    // no pass on the 12th and 13th
    await pass("2031-03-14T10:00:00Z");
    const [, second] = smtp.server.receivedBy(owner.email);
    expect(second!.subject).toBe("Reminders: 1 due today, 1 due soon");
    expect(second!.text).toContain("Due while the worker was down");
    expect(second!.text).toContain("Due soon after");
    expect(subjectsFor(attendee)).toEqual(["Follow-up review on Mon, 17 Mar 2031, 15:00 UTC: Queue backlog"]);
    await pass("2031-03-14T16:00:00Z");
    expect(subjectsFor(owner)).toHaveLength(2);
    expect(subjectsFor(attendee)).toHaveLength(1);
  });
});

describe("never spam", () => {
  it("one mail per recipient per pass, whatever is due for them, with a one-click link to each item and List-Unsubscribe", async () => {
    const owner = await createPerson({ role: "MANAGER" });
    const report = await createReport({ title: "Billing outage", reportState: "IN_REVIEW", authorId: owner.id });
    const late = await createActionItem({ incidentId: report.id, ownerId: owner.id, due: "2031-05-01", title: "Late item" });
    await createActionItem({ incidentId: report.id, ownerId: owner.id, due: "2031-05-05", title: "Today item" });
    await createActionItem({ incidentId: report.id, ownerId: owner.id, due: "2031-05-07", title: "Soon item" });
    await createFollowUp({ incidentId: report.id, scheduledAt: new Date("2031-05-06T09:00:00Z"), attendeeIds: [owner.id] });
    await requestReview({ incidentId: report.id, reviewerId: owner.id, requestedAt: new Date("2031-05-01T09:00:00Z") });

    await pass("2031-05-05T10:00:00Z");
    const mails = smtp.server.receivedBy(owner.email);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail!.subject).toBe("Reminders: 1 overdue, 1 due today, 1 due soon, 1 follow-up review, 1 review waiting");
    for (const title of ["Late item", "Today item", "Soon item", "Billing outage"]) expect(mail!.text).toContain(title);
    expect(mail!.html).toContain(`/incidents/${report.publicId}#action-item-${late.id}`);
    expect(headerValue(mail!.raw, "List-Unsubscribe")).toMatch(/^<http.*\/unsubscribe\/[0-9a-f-]{36}>$/);
    expect(headerValue(mail!.raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(await deliveriesFor(owner)).toHaveLength(5);
  });

  it("overdue: daily for the first 7 days, then every 7 days, and after 90 days only in the weekly list", async () => {
    const owner = await createPerson();
    const report = await createReport();
    await createActionItem({ incidentId: report.id, ownerId: owner.id, due: "2031-06-01", title: "Cadence" });
    const sentOn: number[] = [];
    for (let late = 1; late <= 30; late++) {
      const before = subjectsFor(owner).length;
      await pass(new Date(Date.UTC(2031, 5, 1 + late, 10)).toISOString());
      if (subjectsFor(owner).length > before) sentOn.push(late);
    }
    expect(sentOn).toEqual([1, 2, 3, 4, 5, 6, 7, 14, 21, 28]);

    const stale = await createPerson();
    await createActionItem({ incidentId: report.id, ownerId: stale.id, due: "2031-01-02", title: "Long forgotten" });
    await pass("2031-06-09T10:00:00Z"); // Monday, 158 days late
    await pass("2031-06-10T10:00:00Z");
    await pass("2031-06-13T10:00:00Z");
    await pass("2031-06-16T10:00:00Z"); // the next Monday
    expect(subjectsFor(stale)).toEqual(["Overdue by 158 days: Long forgotten", "Overdue by 165 days: Long forgotten"]);
    expect(smtp.server.receivedBy(stale.email)[0]!.text).toContain("LONG OVERDUE (LISTED WEEKLY)");
  });

  it("a recipient who unsubscribed gets nothing, and nothing is recorded for them", async () => {
    const owner = await createPerson();
    await getDb().user.update({ where: { id: owner.id }, data: { receiveReminders: false } });
    const report = await createReport();
    await createActionItem({ incidentId: report.id, ownerId: owner.id, due: "2031-07-02", title: "Muted" });
    await pass("2031-07-02T10:00:00Z");
    expect(subjectsFor(owner)).toEqual([]);
    expect(await deliveriesFor(owner)).toEqual([]);
  });
});

describe("the send window", () => {
  it("outside the recipient's working hours or at their weekend a pass defers the mail, never drops it; review notifications are not held", async () => {
    await updateSettings({ "reminders.windowStartHour": 8, "reminders.windowEndHour": 18, "reminders.windowWeekdaysOnly": true }, systemActor("test"));
    const berlin = await createPerson({ timeZone: "Europe/Berlin" });
    const report = await createReport();
    await createActionItem({ incidentId: report.id, ownerId: berlin.id, due: "2031-08-08", title: "Friday item" }); // a Friday

    await pass("2031-08-08T05:30:00Z"); // 07:30 in Berlin: recorded, not sent
    expect(subjectsFor(berlin)).toEqual([]);
    expect(await deliveriesFor(berlin)).toMatchObject([{ status: "PENDING" }]);
    await pass("2031-08-08T06:00:00Z"); // 08:00
    expect(subjectsFor(berlin)).toEqual(["Due today: Friday item"]);

    await pass("2031-08-09T10:00:00Z"); // Saturday: the overdue reminder is recorded and waits
    await pass("2031-08-10T10:00:00Z"); // Sunday
    expect(subjectsFor(berlin)).toHaveLength(1);
    await pass("2031-08-11T07:00:00Z"); // Monday 09:00: one mail, the item once
    expect(subjectsFor(berlin)).toEqual(["Due today: Friday item", "Overdue by 3 days: Friday item"]);
    expect(await deliveriesFor(berlin)).toHaveLength(4);
  });
});

describe("postmortems that are owed", () => {
  it("remind the author the day before and on the day, then when overdue; never once it is approved", async () => {
    await updateSettings(
      { "severity.scale": ["PM-Sev", "Critical", "High", "Medium", "Low"], "postmortem.requiredSeverities": ["PM-Sev"] },
      systemActor("test"),
    );
    const author = await createPerson({ timeZone: "Europe/Berlin" });
    const report = await createReport({ authorId: author.id, title: "Owed one" });
    // ended Friday 1 Aug 2031 in Berlin: 5 business days later is Friday 8 Aug
    await getDb().incident.update({ where: { id: report.id }, data: { severity: "PM-Sev", endedAt: new Date("2031-08-01T12:00:00Z") } });
    const notRequired = await createReport({ authorId: author.id, title: "Low one" });
    await getDb().incident.update({ where: { id: notRequired.id }, data: { severity: "Low", endedAt: new Date("2031-08-01T12:00:00Z") } });

    await pass("2031-08-06T10:00:00Z"); // Wednesday: two days before
    expect(subjectsFor(author)).toEqual([]);
    await pass("2031-08-07T10:00:00Z");
    expect(subjectsFor(author)).toEqual([`Postmortem due tomorrow: ${report.publicId} Owed one`]);
    await pass("2031-08-08T10:00:00Z"); // the due day: already reminded for this due day
    expect(subjectsFor(author)).toHaveLength(1);
    await pass("2031-08-11T10:00:00Z");
    expect(subjectsFor(author)).toEqual([`Postmortem due tomorrow: ${report.publicId} Owed one`, `Postmortem overdue by 3 days: ${report.publicId} Owed one`]);

    await getDb().incident.update({ where: { id: report.id }, data: { reportState: "APPROVED" } });
    await pass("2031-08-12T10:00:00Z");
    expect(subjectsFor(author)).toHaveLength(2);
  });

  it("with no author, remind the participants; the managers' weekly digest lists owed postmortems", async () => {
    await updateSettings(
      { "severity.scale": ["PM-Sev", "Critical", "High", "Medium", "Low"], "postmortem.requiredSeverities": ["PM-Sev"] },
      systemActor("test"),
    );
    const responder = await createPerson();
    const manager = await createPerson({ role: "MANAGER" });
    const report = await createReport({ authorId: null, title: "Nobody wrote it" });
    await getDb().incident.update({ where: { id: report.id }, data: { severity: "PM-Sev", endedAt: new Date("2031-09-01T12:00:00Z") } });
    await getDb().incidentParticipant.create({ data: { incidentId: report.id, userId: responder.id } });

    await pass("2031-09-12T10:00:00Z"); // Friday: due Monday 8 Sep, 4 days late
    expect(subjectsFor(responder)).toEqual([`Postmortem overdue by 4 days: ${report.publicId} Nobody wrote it`]);
    await pass("2031-09-15T10:00:00Z"); // Monday: the weekly digest
    const digest = smtp.server.receivedBy(manager.email).at(-1)!;
    expect(digest.subject).toMatch(/^Weekly digest: \d+ postmortems? owed$/);
    expect(digest.text).toContain(`${report.publicId}: Nobody wrote it`);
  });
});

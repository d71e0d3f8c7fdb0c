// No mail names a private report to someone who cannot open it (the app answers them 404): for every kind of message
// the app sends, taken from the ReminderKind enum itself, so that a new kind without a case here fails. Each case
// has a private report, a person outside it whom the data would otherwise have mailed, and a participant who still
// gets their mail. Mail goes to a real SMTP server on 127.0.0.1; the clock is the pass's `at`.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { ReminderKind } from "@/lib/generated/prisma/enums";
import { smtpServerForThisFile } from "@/lib/mail/test-smtp-env";
import type { ReceivedMail } from "@/lib/mail/test-smtp-server";
import { recordNotifications, sendNotificationsNow } from "@/lib/reminders/notifications";
import type { NotificationKind } from "@/lib/reminders/schema";
import { planReminders } from "@/lib/reminders/mutations";
import { runReminderPass } from "@/lib/reminders/pass";
import { approvedEmail, changesRequestedEmail, reviewRequestedEmail, type MailMessage, type ReportRef } from "@/lib/reviews/emails";
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
const db = () => getDb();

afterAll(async () => {
  await db().setting.deleteMany({ where: { OR: [{ key: { startsWith: "reminders." } }, { key: { startsWith: "postmortem." } }, { key: "severity.scale" }] } });
});

beforeEach(async () => {
  await updateSettings(
    {
      "reminders.dueSoonDays": 3,
      "reminders.followUpSoonDays": 3,
      "reminders.reviewWaitingDays": 2,
      "severity.scale": ["Critical", "High", "Medium", "Low"],
      "postmortem.requiredSeverities": ["PM-Sev"],
    },
    systemActor("test"),
  );
});

/** Monday 10 January 2033, 09:00 UTC (digests go on Mondays). */
const AT = "2033-01-10T09:00:00Z";

type Report = { id: string; publicId: string; title: string };
/** `outsider` cannot open the report; `participant` takes part in it. */
type Cast = { report: Report; author: Person; outsider: Person; participant: Person };

async function privateCast(options: { outsiderRole?: "VIEWER" | "SRE"; reportState?: "DRAFT" | "IN_REVIEW"; noAuthor?: boolean } = {}): Promise<Cast> {
  const author = await createPerson();
  const outsider = await createPerson({ role: options.outsiderRole ?? "VIEWER" });
  const participant = await createPerson({ role: "VIEWER" });
  const report = await createReport({ authorId: options.noAuthor ? null : author.id, reportState: options.reportState });
  await db().incident.update({ where: { id: report.id }, data: { private: true, participants: { create: { userId: participant.id } } } });
  return { report, author, outsider, participant };
}

/** Whether a mail names the report: its title, its public id or its address. */
function namesReport(mail: ReceivedMail, report: Report): boolean {
  const whole = [mail.subject, mail.text, mail.html].join("\n");
  return whole.includes(report.title) || whole.includes(report.publicId) || whole.includes(`/incidents/${encodeURIComponent(report.publicId)}`);
}

const pass = (iso = AT) => runReminderPass({ at: new Date(iso) });

function notification(kind: NotificationKind, { report, recipient }: { report: Report; recipient: Person }): MailMessage {
  const ref: ReportRef = { publicId: report.publicId, title: report.title, url: `http://hindsight.test/incidents/${report.publicId}` };
  switch (kind) {
    case "REVIEW_REQUESTED":
      return reviewRequestedEmail(recipient.email, { report: ref, requester: "Rita Requester" });
    case "CHANGES_REQUESTED":
      return changesRequestedEmail(recipient.email, { report: ref, reviewer: "Mo Manager", comment: "Say more about the trigger.", section: "trigger" });
    case "REPORT_APPROVED":
      return approvedEmail(recipient.email, { report: ref, reviewer: "Mo Manager", revisionNumber: 1 });
  }
}

/** Notifications are recorded with their event (a review action) and sent at once; here for both people. */
async function notifyBoth(kind: NotificationKind, cast: Cast): Promise<void> {
  const eventId = `event-${cast.report.id}`;
  const ids = await db().$transaction((tx) =>
    recordNotifications(
      tx,
      [cast.outsider, cast.participant].map((recipient) => ({
        kind,
        eventId,
        incidentId: cast.report.id,
        recipientId: recipient.id,
        message: notification(kind, { report: cast.report, recipient }),
      })),
    ),
  );
  await sendNotificationsNow(ids, systemActor("test"));
}

async function owePostmortem(incidentId: string, endedAt: string) {
  await updateSettings({ "severity.scale": ["PM-Sev", "Critical", "High", "Medium", "Low"], "postmortem.requiredSeverities": ["PM-Sev"] }, systemActor("test"));
  await db().incident.update({ where: { id: incidentId }, data: { severity: "PM-Sev", endedAt: new Date(endedAt) } });
  await pass();
}

/**
 * For each kind: the situation that would mail both people about the private report, then what sends it. Typed
 * by the enum: a kind added to the schema without a case here is a type error, and fails the loop below.
 */
const CASES: Record<ReminderKind, { cast?: Parameters<typeof privateCast>[0]; send: (cast: Cast) => Promise<void> }> = {
  ACTION_DUE_SOON: {
    send: async ({ report, outsider, participant }) => {
      for (const owner of [outsider, participant]) await createActionItem({ incidentId: report.id, ownerId: owner.id, due: "2033-01-13" });
      await pass();
    },
  },
  ACTION_DUE_TODAY: {
    send: async ({ report, outsider, participant }) => {
      for (const owner of [outsider, participant]) await createActionItem({ incidentId: report.id, ownerId: owner.id, due: "2033-01-10" });
      await pass();
    },
  },
  ACTION_OVERDUE: {
    send: async ({ report, outsider, participant }) => {
      for (const owner of [outsider, participant]) await createActionItem({ incidentId: report.id, ownerId: owner.id, due: "2033-01-07" });
      await pass();
    },
  },
  FOLLOW_UP_SOON: {
    send: async ({ report, outsider, participant }) => {
      await createFollowUp({ incidentId: report.id, scheduledAt: new Date("2033-01-13T10:00:00Z"), attendeeIds: [outsider.id, participant.id] });
      await pass();
    },
  },
  FOLLOW_UP_TODAY: {
    send: async ({ report, outsider, participant }) => {
      await createFollowUp({ incidentId: report.id, scheduledAt: new Date("2033-01-10T15:00:00Z"), attendeeIds: [outsider.id, participant.id] });
      await pass();
    },
  },
  REVIEW_WAITING: {
    // the outsider was asked as a manager, then became an SRE: no longer a reader of every private report
    cast: { outsiderRole: "SRE", reportState: "IN_REVIEW" },
    send: async ({ report, outsider, participant }) => {
      for (const reviewer of [outsider, participant])
        await requestReview({ incidentId: report.id, reviewerId: reviewer.id, requestedAt: new Date("2033-01-05T09:00:00Z") });
      await pass();
    },
  },
  MANAGER_DIGEST: {
    // the outsider signed off as a manager, then became an SRE
    cast: { outsiderRole: "SRE" },
    send: async ({ report, outsider, participant }) => {
      await createActionItem({ incidentId: report.id, ownerId: participant.id, due: "2033-01-03" });
      for (const reviewer of [outsider, participant]) await signOff(report.id, reviewer.id);
      await pass();
    },
  },
  // Owed postmortems go to the author, else the participants: an authorless private report reminds its participant,
  // and the outsider, who is neither, hears nothing (nor through a manager's digest: an SRE gets none).
  POSTMORTEM_DUE_SOON: {
    cast: { noAuthor: true, outsiderRole: "SRE" },
    send: async ({ report }) => owePostmortem(report.id, "2033-01-04T12:00:00Z"), // due Tuesday 11 Jan: tomorrow
  },
  POSTMORTEM_OVERDUE: {
    cast: { noAuthor: true, outsiderRole: "SRE" },
    send: async ({ report }) => owePostmortem(report.id, "2032-12-27T12:00:00Z"), // due Monday 3 Jan: a week late
  },
  REVIEW_REQUESTED: { send: (cast) => notifyBoth("REVIEW_REQUESTED", cast) },
  CHANGES_REQUESTED: { send: (cast) => notifyBoth("CHANGES_REQUESTED", cast) },
  REPORT_APPROVED: { send: (cast) => notifyBoth("REPORT_APPROVED", cast) },
};

describe("mail about a private report", () => {
  it("has a case for every kind of message the app sends", () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.values(ReminderKind).sort());
  });

  for (const kind of Object.values(ReminderKind)) {
    it(`${kind}: nothing reaches someone who cannot open the report; a participant still gets theirs`, async () => {
      const scenario = CASES[kind];
      expect(scenario, `no case for ${kind}`).toBeDefined();
      const cast = await privateCast(scenario.cast);

      await scenario.send(cast);

      const leaked = smtp.server.receivedBy(cast.outsider.email).filter((mail) => namesReport(mail, cast.report));
      expect(leaked.map((mail) => mail.subject)).toEqual([]);
      expect(smtp.server.receivedBy(cast.outsider.email)).toEqual([]);
      const mine = (await deliveriesFor(cast.participant)).filter((delivery) => delivery.kind === kind);
      expect(mine.map((delivery) => delivery.status)).toEqual(["SENT"]);
      expect(smtp.server.receivedBy(cast.participant.email).some((mail) => namesReport(mail, cast.report))).toBe(true);
    });
  }
});

describe("people who lose sight of a report", () => {
  it("an owner keeps their item when the report turns private, and is no longer reminded of it", async () => {
    const owner = await createPerson({ role: "SRE" });
    const report = await createReport();
    const item = await createActionItem({ incidentId: report.id, ownerId: owner.id, due: "2033-02-01" });

    await pass("2033-02-03T09:00:00Z");
    expect(smtp.server.receivedBy(owner.email)).toHaveLength(1);

    await db().incident.update({ where: { id: report.id }, data: { private: true } });
    await pass("2033-02-04T09:00:00Z");
    await pass("2033-02-05T09:00:00Z");

    expect(smtp.server.receivedBy(owner.email)).toHaveLength(1);
    expect(await db().actionItem.findUniqueOrThrow({ where: { id: item.id }, select: { ownerId: true } })).toEqual({ ownerId: owner.id });
  });

  it("a participant who is removed from a private report is no longer reminded of it", async () => {
    const attendee = await createPerson({ role: "VIEWER" });
    const report = await createReport();
    await db().incident.update({ where: { id: report.id }, data: { private: true, participants: { create: { userId: attendee.id } } } });
    await createFollowUp({ incidentId: report.id, scheduledAt: new Date("2033-03-10T15:00:00Z"), attendeeIds: [attendee.id] });

    await pass("2033-03-07T09:00:00Z"); // 3 days before
    expect(smtp.server.receivedBy(attendee.email)).toHaveLength(1);

    await db().incidentParticipant.delete({ where: { incidentId_userId: { incidentId: report.id, userId: attendee.id } } });
    await pass("2033-03-10T09:00:00Z"); // the day itself
    expect(smtp.server.receivedBy(attendee.email)).toHaveLength(1);
  });

  it("a reminder recorded while the report was open is dropped unsent when it turns private before the send", async () => {
    const owner = await createPerson({ role: "VIEWER" });
    const report = await createReport();
    await createActionItem({ incidentId: report.id, ownerId: owner.id, due: "2033-04-01" });
    const at = new Date("2033-04-04T09:00:00Z");
    await planReminders({ at }, systemActor("test")); // recorded; the send comes later (a retry, a crashed pass)
    expect(await deliveriesFor(owner)).toMatchObject([{ kind: "ACTION_OVERDUE", status: "PENDING" }]);

    await db().incident.update({ where: { id: report.id }, data: { private: true } });
    const result = await runReminderPass({ at: new Date("2033-04-04T09:01:00Z") });

    expect(smtp.server.receivedBy(owner.email)).toEqual([]);
    expect(result.deliveries.filter((delivery) => delivery.to === owner.email)).toMatchObject([
      { status: "dropped", error: "the recipient cannot open the report" },
    ]);
    expect(await deliveriesFor(owner)).toEqual([]);
  });
});

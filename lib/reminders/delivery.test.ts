// A reminder goes out exactly once: with two passes at the same time, after a crash, across SMTP outages; a send
// that keeps failing is kept, marked FAILED after its last try and listed for admins; without SMTP it lands in the
// outbox. Real SMTP servers (smtp-server on 127.0.0.1) count what each address received.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { systemActor, userActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { ForbiddenError } from "@/lib/errors";
import { listOutboxMessages } from "@/lib/mail/queries";
import { closeSmtpTransports } from "@/lib/mail/smtp";
import { startTestSmtpServer, unusedPort, type TestSmtpServer } from "@/lib/mail/test-smtp-server";
import { MAX_ATTEMPTS } from "@/lib/reminders/backoff";
import { retryFailedDelivery } from "@/lib/reminders/deliver";
import { claimDeliveries, planReminders } from "@/lib/reminders/mutations";
import { runReminderPass } from "@/lib/reminders/pass";
import { listFailedDeliveries, listRetryingDeliveries } from "@/lib/reminders/queries";
import { updateSettings } from "@/lib/settings/mutations";
import { createActionItem, createPerson, createReport, deliveriesFor, type Person } from "@/lib/reminders/test-fixtures";
import { createTestUser } from "@/lib/users/test-fixtures";
import { ownDatabaseForThisFile } from "@/test/helpers/own-database";

// Each pass acts on every row of the database: this file gets one of its own (test/helpers/own-database.ts).
ownDatabaseForThisFile();
const previousSmtpUrl = process.env.SMTP_URL;
const servers: TestSmtpServer[] = [];
const db = () => getDb();

async function smtpServer(options?: Parameters<typeof startTestSmtpServer>[0]): Promise<TestSmtpServer> {
  const server = await startTestSmtpServer(options);
  servers.push(server);
  return server;
}

beforeAll(async () => {
  // sends at any hour and day here: the window is tested in pass.test.ts
  await updateSettings(
    {
      "reminders.dueSoonDays": 3,
      "instance.baseUrl": null,
      "reminders.windowStartHour": 0,
      "reminders.windowEndHour": 24,
      "reminders.windowWeekdaysOnly": false,
    },
    systemActor("test"),
  );
});

afterEach(async () => {
  closeSmtpTransports();
  await Promise.all(servers.splice(0).map((server) => server.stop()));
  if (previousSmtpUrl === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = previousSmtpUrl;
});

afterAll(async () => {
  await db().setting.deleteMany({ where: { OR: [{ key: { startsWith: "reminders." } }, { key: "instance.baseUrl" }] } });
});

/** An owner with one item that is overdue from `due` on. */
async function ownerWithOverdueItem(due: string, title = "Rotate the credentials"): Promise<{ owner: Person; itemId: string }> {
  const owner = await createPerson();
  const report = await createReport();
  const item = await createActionItem({ incidentId: report.id, ownerId: owner.id, due, title });
  return { owner, itemId: item.id };
}

describe("exactly once", () => {
  let smtp: TestSmtpServer;
  beforeEach(async () => {
    smtp = await smtpServer();
    process.env.SMTP_URL = smtp.url;
  });

  it("two workers running the pass at the same moment send each reminder once", async () => {
    const owners = await Promise.all(Array.from({ length: 6 }, () => ownerWithOverdueItem("2032-01-10")));
    const at = new Date("2032-01-12T09:00:00Z");

    const [first, second] = await Promise.all([runReminderPass({ at }), runReminderPass({ at })]);

    for (const { owner } of owners) expect(smtp.receivedBy(owner.email)).toHaveLength(1);
    const mine = (result: typeof first) => result.deliveries.filter((delivery) => owners.some(({ owner }) => owner.email === delivery.to));
    expect(mine(first).length + mine(second).length).toBe(owners.length);
    const deliveries = await deliveriesFor(...owners.map(({ owner }) => owner));
    expect(deliveries.map((delivery) => [delivery.status, delivery.attempts])).toEqual(owners.map(() => ["SENT", 1]));
  });

  it("a reminder recorded by a pass that crashed before sending is sent by the next pass, once", async () => {
    const { owner } = await ownerWithOverdueItem("2032-02-10");
    const at = new Date("2032-02-12T09:00:00Z");
    await planReminders({ at }, systemActor("test")); // ... and the process died here
    expect(await deliveriesFor(owner)).toMatchObject([{ status: "PENDING", attempts: 0 }]);

    const next = await runReminderPass({ at: new Date("2032-02-12T09:15:00Z") });
    expect(next.deliveries.filter((delivery) => delivery.to === owner.email)).toMatchObject([{ status: "sent" }]);
    expect(smtp.receivedBy(owner.email)).toHaveLength(1);
    expect(await deliveriesFor(owner)).toMatchObject([{ status: "SENT", attempts: 1 }]);
  });

  it("a reminder claimed by a worker that died mid-send waits for its lease, then goes out once", async () => {
    const { owner } = await ownerWithOverdueItem("2032-03-10");
    const at = new Date("2032-03-12T09:00:00Z");
    await planReminders({ at }, systemActor("test"));
    const claimed = await claimDeliveries({ at, limit: 5_000 }, systemActor("test")); // ... and died before sending
    expect(claimed.map((delivery) => delivery.recipientEmail)).toContain(owner.email);

    await runReminderPass({ at: new Date("2032-03-12T09:05:00Z") }); // another worker: the row is leased
    expect(smtp.receivedBy(owner.email)).toHaveLength(0);

    await runReminderPass({ at: new Date("2032-03-12T09:15:00Z") }); // the lease ran out
    await runReminderPass({ at: new Date("2032-03-12T09:30:00Z") });
    expect(smtp.receivedBy(owner.email)).toHaveLength(1);
    expect(await deliveriesFor(owner)).toMatchObject([{ status: "SENT", attempts: 2 }]);
  });
});

describe("when the mail server is down", () => {
  it("the reminder is kept, retried with backoff, and delivered once when the server is back", async () => {
    const port = await unusedPort();
    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
    const { owner } = await ownerWithOverdueItem("2032-04-10");

    await runReminderPass({ at: new Date("2032-04-12T09:00:00Z") });
    let [delivery] = await deliveriesFor(owner);
    expect(delivery).toMatchObject({ status: "PENDING", attempts: 1, nextAttemptAt: new Date("2032-04-12T09:05:00Z") });
    expect(delivery!.lastError).toContain("ECONNREFUSED");
    // every retrying row: the pass also tried everyone else due that day in the shared test database, more than one page
    expect((await listRetryingDeliveries({ limit: 100_000 })).deliveries.map((row) => row.id)).toContain(delivery!.id);

    const smtp = await smtpServer({ port });
    await runReminderPass({ at: new Date("2032-04-12T09:03:00Z") }); // not yet time to retry
    expect(smtp.receivedBy(owner.email)).toHaveLength(0);

    await runReminderPass({ at: new Date("2032-04-12T09:05:00Z") });
    expect(smtp.receivedBy(owner.email).map((mail) => mail.subject)).toEqual(["Overdue by 2 days: Rotate the credentials"]);
    [delivery] = await deliveriesFor(owner);
    expect(delivery).toMatchObject({ status: "SENT", attempts: 2, lastError: null });

    await runReminderPass({ at: new Date("2032-04-12T10:00:00Z") });
    expect(smtp.receivedBy(owner.email)).toHaveLength(1);
  });

  it(`a send refused ${MAX_ATTEMPTS} times is marked FAILED, listed for admins with the error, and "retry now" delivers it`, async () => {
    const refusing = await smtpServer({ refuse: true });
    process.env.SMTP_URL = refusing.url;
    const { owner } = await ownerWithOverdueItem("2032-05-10", "Patch the kernel");

    // tries at 09:00, then 5, 10, 20 and 40 minutes after each failure
    for (const time of ["09:00", "09:05", "09:15", "09:35"]) await runReminderPass({ at: new Date(`2032-05-12T${time}:00Z`) });
    expect(await deliveriesFor(owner)).toMatchObject([{ status: "PENDING", attempts: 4 }]);
    await runReminderPass({ at: new Date("2032-05-12T10:15:00Z") });

    const [failed] = await deliveriesFor(owner);
    expect(failed).toMatchObject({ status: "FAILED", attempts: MAX_ATTEMPTS, nextAttemptAt: null });
    // among every failed row: the pass also failed for everyone else due that day in the shared test database
    const listed = (await listFailedDeliveries({ limit: 100_000 })).deliveries.find((row) => row.id === failed!.id);
    expect(listed).toMatchObject({ recipientEmail: owner.email, kind: "ACTION_OVERDUE", subjectLabel: "Patch the kernel", attempts: MAX_ATTEMPTS });
    expect(listed!.lastError).toMatch(/550/);
    expect(await db().auditEvent.count({ where: { action: "reminders.delivery-failed", entityId: failed!.id } })).toBe(1);

    // It stays failed: later passes leave it alone.
    await runReminderPass({ at: new Date("2032-05-12T12:00:00Z") });
    expect(await deliveriesFor(owner)).toMatchObject([{ status: "FAILED", attempts: MAX_ATTEMPTS }]);

    const sre = userActor(await createTestUser({ role: "SRE" }));
    await expect(retryFailedDelivery(failed!.id, sre)).rejects.toBeInstanceOf(ForbiddenError);

    const working = await smtpServer();
    process.env.SMTP_URL = working.url;
    const admin = userActor(await createTestUser({ role: "ADMIN" }));
    const result = await retryFailedDelivery(failed!.id, admin, new Date("2032-05-12T12:01:00Z"));
    expect(result).toMatchObject({ status: "sent", to: owner.email });
    expect(working.receivedBy(owner.email).map((mail) => mail.subject)).toEqual(["Overdue by 2 days: Patch the kernel"]);
    expect(await deliveriesFor(owner)).toMatchObject([{ status: "SENT", attempts: 1 }]);
    expect((await listFailedDeliveries()).deliveries.map((row) => row.id)).not.toContain(failed!.id);
    expect(await db().auditEvent.count({ where: { action: "reminders.retry", entityId: failed!.id, actorId: admin.user.id } })).toBe(1);
  });
});

describe("without an SMTP server", () => {
  it("keeps the mail in the outbox with text and HTML bodies and a link to the report", async () => {
    delete process.env.SMTP_URL;
    await updateSettings({ "instance.baseUrl": "https://hindsight.example.com" }, systemActor("test"));
    try {
      const owner = await createPerson({ name: "Ada <Admin>" });
      const report = await createReport({ title: `Checkout & "payments" <down>` });
      await createActionItem({ incidentId: report.id, ownerId: owner.id, due: "2032-06-10", title: `<img src=x onerror=alert(1)> Fix "retries"` });

      await runReminderPass({ at: new Date("2032-06-12T09:00:00Z") });

      const message = (await listOutboxMessages({ limit: 500 })).messages.find((row) => row.to === owner.email);
      expect(message).toBeDefined();
      expect(message!.subject).toBe(`Overdue by 2 days: <img src=x onerror=alert(1)> Fix "retries"`);
      const link = `https://hindsight.example.com/incidents/${report.publicId}`;
      expect(message!.text).toContain(`<img src=x onerror=alert(1)> Fix "retries"`);
      expect(message!.text).toContain(link);
      expect(message!.html).toContain(`href="${link}#action-item-`);
      expect(message!.html).toContain("&lt;img src=x onerror=alert(1)&gt; Fix &quot;retries&quot;");
      expect(message!.html).toContain("Checkout &amp; &quot;payments&quot; &lt;down&gt;");
      expect(message!.html).toContain("Hello Ada &lt;Admin&gt;,");
      expect(message!.html).not.toContain("<img");
      const [delivery] = await deliveriesFor(owner);
      expect(delivery).toMatchObject({ status: "SENT", attempts: 1 });
      expect(message!.deliveryId).toBe(delivery!.id);

      // and only once, even when the pass runs again, or twice at the same moment
      await runReminderPass({ at: new Date("2032-06-12T15:00:00Z") });
      expect((await listOutboxMessages({ limit: 500 })).messages.filter((row) => row.to === owner.email)).toHaveLength(1);
      const others = await Promise.all(Array.from({ length: 4 }, () => ownerWithOverdueItem("2032-06-20")));
      const at = new Date("2032-06-22T09:00:00Z");
      await Promise.all([runReminderPass({ at }), runReminderPass({ at })]);
      const stored = await db().outboxMessage.groupBy({ by: ["to"], where: { to: { in: others.map(({ owner }) => owner.email) } }, _count: true });
      expect(stored.map((row) => row._count).sort()).toEqual([1, 1, 1, 1]);
    } finally {
      await updateSettings({ "instance.baseUrl": null }, systemActor("test"));
    }
  });
});

// Review emails are recorded with the decision and sent after it: a mail server that is down when a report is
// submitted delays the reviewer's mail, the reminder pass retries it, and it arrives once. A refused decision
// records no mail. Real SMTP servers on 127.0.0.1.
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { closeSmtpTransports } from "@/lib/mail/smtp";
import { startTestSmtpServer, unusedPort, type TestSmtpServer } from "@/lib/mail/test-smtp-server";
import { runReminderPass } from "@/lib/reminders/pass";
import { listRetryingDeliveries } from "@/lib/reminders/queries";
import { approveReport, submitForReview } from "@/lib/reviews/mutations";
import { reviewCast } from "@/lib/reviews/test-fixtures";

const previousSmtpUrl = process.env.SMTP_URL;
let server: TestSmtpServer | null = null;

afterEach(async () => {
  closeSmtpTransports();
  await server?.stop();
  server = null;
  if (previousSmtpUrl === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = previousSmtpUrl;
});

const deliveriesTo = (userId: string) => getDb().reminderDelivery.findMany({ where: { recipientId: userId }, orderBy: { createdAt: "asc" } });

describe("review notifications", () => {
  it("survive a mail server that is down at submission: retried by the reminder pass, delivered once", async () => {
    const { author, manager, report } = await reviewCast();
    process.env.SMTP_URL = `smtp://127.0.0.1:${await unusedPort()}`;

    const submittedAt = Date.now();
    const submitted = await submitForReview({ incidentId: report.publicId, reviewers: [manager.user.email], note: "Root cause first, please" }, author);
    expect(submitted.to).toBe("IN_REVIEW"); // the decision stands
    let [delivery] = await deliveriesTo(manager.user.id);
    expect(delivery).toMatchObject({ kind: "REVIEW_REQUESTED", status: "PENDING", attempts: 1, recipientEmail: manager.user.email });
    expect(delivery!.lastError).toMatch(/ECONNREFUSED/);
    expect(delivery!.nextAttemptAt!.getTime()).toBeGreaterThan(submittedAt);
    expect(delivery!.subject).toBe(`Review requested: ${report.publicId} Checkout latency`);
    // Admins see it waiting at Admin > Outbox, named by its subject.
    const { deliveries: retrying } = await listRetryingDeliveries({ limit: 5_000 });
    expect(retrying.find((row) => row.id === delivery!.id)).toMatchObject({ kind: "REVIEW_REQUESTED", subjectLabel: delivery!.subject });

    server = await startTestSmtpServer();
    process.env.SMTP_URL = server.url;
    const later = new Date(delivery!.nextAttemptAt!.getTime() + 1_000);
    await runReminderPass({ at: later });
    await runReminderPass({ at: new Date(later.getTime() + 60_000) });

    // (a manager may also get the weekly digest from the same passes: it is another mail)
    const received = server.receivedBy(manager.user.email).filter((mail) => mail.subject.startsWith("Review requested"));
    expect(received).toHaveLength(1);
    expect(received[0]!.subject).toBe(delivery!.subject);
    expect(received[0]!.text).toContain("Root cause first, please");
    [delivery] = await deliveriesTo(manager.user.id);
    expect(delivery).toMatchObject({ status: "SENT", attempts: 2, lastError: null });
  });

  it("go out at once when the mail server is up, and a refused decision records none", async () => {
    const { author, manager, report } = await reviewCast();
    server = await startTestSmtpServer();
    process.env.SMTP_URL = server.url;

    await expect(approveReport({ incidentId: report.publicId }, manager)).rejects.toThrow(); // a draft cannot be approved
    expect(await deliveriesTo(author.user.id)).toEqual([]);

    await submitForReview({ incidentId: report.publicId, reviewers: [manager.user.email] }, author);
    expect(server.receivedBy(manager.user.email).map((mail) => mail.subject)).toEqual([`Review requested: ${report.publicId} Checkout latency`]);
    expect(await deliveriesTo(manager.user.id)).toEqual([expect.objectContaining({ status: "SENT", attempts: 1 })]);
  });
});

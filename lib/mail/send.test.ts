// sendMail, the one function every feature sends mail with: SMTP when SMTP_URL is set, else the admins' outbox.
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { sendMail } from "@/lib/mail/send";
import { closeSmtpTransports } from "@/lib/mail/smtp";
import { startTestSmtpServer, unusedPort, type TestSmtpServer } from "@/lib/mail/test-smtp-server";
import { uniqueEmail } from "@/test/helpers/db";

const previous = { SMTP_URL: process.env.SMTP_URL, MAIL_FROM: process.env.MAIL_FROM };
let server: TestSmtpServer | undefined;

afterEach(async () => {
  closeSmtpTransports();
  await server?.stop();
  server = undefined;
  for (const [key, value] of Object.entries(previous)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

const message = (to: string) => ({ to, subject: "Review requested: INC-1", text: "Please review INC-1.", html: "<p>Please review INC-1.</p>" });

describe("sendMail", () => {
  it("keeps the mail in the outbox when no SMTP server is configured", async () => {
    delete process.env.SMTP_URL;
    const to = uniqueEmail("outbox");
    const receipt = await sendMail(message(to), { source: "test:review-request" });
    expect(receipt.via).toBe("outbox");
    const stored = await getDb().outboxMessage.findMany({ where: { to } });
    expect(stored).toMatchObject([{ subject: "Review requested: INC-1", text: "Please review INC-1.", html: "<p>Please review INC-1.</p>" }]);
    const audit = await getDb().auditEvent.findMany({ where: { action: "mail.outbox", entityId: stored[0]!.id } });
    expect(audit.map((row) => [row.actorType, (row.meta as { source?: string }).source])).toEqual([["SYSTEM", "test:review-request"]]);
  });

  it("sends through SMTP_URL from MAIL_FROM (default Hindsight <hindsight@localhost>), and stores nothing", async () => {
    server = await startTestSmtpServer();
    process.env.SMTP_URL = server.url;
    delete process.env.MAIL_FROM;
    const to = uniqueEmail("smtp");
    expect((await sendMail(message(to))).via).toBe("smtp");
    expect(server.receivedBy(to)).toMatchObject([{ from: "hindsight@localhost", subject: "Review requested: INC-1", text: "Please review INC-1." }]);
    expect(server.receivedBy(to)[0]!.raw).toMatch(/^From: Hindsight <hindsight@localhost>/m);

    process.env.MAIL_FROM = "Postmortems <postmortems@example.com>";
    await sendMail(message(to));
    expect(server.receivedBy(to)[1]!.from).toBe("postmortems@example.com");
    expect(await getDb().outboxMessage.count({ where: { to } })).toBe(0);
  });

  it("throws the SMTP error when the server is down: the caller decides", async () => {
    process.env.SMTP_URL = `smtp://127.0.0.1:${await unusedPort()}`;
    await expect(sendMail(message(uniqueEmail()))).rejects.toThrow(/ECONNREFUSED/);
  });

  it("refuses a message without a valid address or bodies", async () => {
    delete process.env.SMTP_URL;
    await expect(sendMail({ ...message("not an address"), text: "" })).rejects.toThrow(/valid email/);
  });
});

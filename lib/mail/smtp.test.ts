// Mail through SMTP_URL against a real SMTP server on 127.0.0.1: the sender, and a server that is down.
import { afterEach, describe, expect, it } from "vitest";
import { closeSmtpTransports, sendSmtp } from "@/lib/mail/smtp";
import { startTestSmtpServer, unusedPort, type TestSmtpServer } from "@/lib/mail/test-smtp-server";

const previousFrom = process.env.MAIL_FROM;
let server: TestSmtpServer | undefined;

afterEach(async () => {
  closeSmtpTransports();
  await server?.stop();
  server = undefined;
  if (previousFrom === undefined) delete process.env.MAIL_FROM;
  else process.env.MAIL_FROM = previousFrom;
});

const message = { to: "reviewer@example.test", subject: "Review requested: INC-1", text: "Please review INC-1.", html: "<p>Please review INC-1.</p>" };

describe("sendSmtp", () => {
  it("sends from MAIL_FROM, by default Hindsight <hindsight@localhost>, with the text and HTML bodies", async () => {
    server = await startTestSmtpServer();
    delete process.env.MAIL_FROM;
    await sendSmtp(server.url, message);
    expect(server.receivedBy(message.to)).toMatchObject([{ from: "hindsight@localhost", subject: "Review requested: INC-1", text: "Please review INC-1." }]);
    expect(server.receivedBy(message.to)[0]!.raw).toMatch(/^From: Hindsight <hindsight@localhost>/m);

    process.env.MAIL_FROM = "Postmortems <postmortems@example.com>";
    await sendSmtp(server.url, message);
    expect(server.receivedBy(message.to)[1]!.from).toBe("postmortems@example.com");
  });

  it("throws the SMTP error when the server is down: the delivery records it and is retried", async () => {
    await expect(sendSmtp(`smtp://127.0.0.1:${await unusedPort()}`, message)).rejects.toThrow(/ECONNREFUSED/);
  });
});

// Test-only: for a whole test file, SMTP_URL points at a fresh test SMTP server (lib/mail/test-smtp-server.ts); after
// the file it is put back as it was and the pooled connections are closed. Kept apart from the server itself, which
// the benchmarks use outside Vitest.
import { afterAll, beforeAll } from "vitest";
import { closeSmtpTransports } from "@/lib/mail/smtp";
import { startTestSmtpServer, type TestSmtpServer } from "@/lib/mail/test-smtp-server";

/** `holder.server` is the file's server once its tests run. */
export function smtpServerForThisFile(): { server: TestSmtpServer } {
  const holder = {} as { server: TestSmtpServer };
  const previous = process.env.SMTP_URL;
  beforeAll(async () => {
    holder.server = await startTestSmtpServer();
    process.env.SMTP_URL = holder.server.url;
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env.SMTP_URL;
    else process.env.SMTP_URL = previous;
    closeSmtpTransports();
    await holder.server?.stop();
  });
  return holder;
}

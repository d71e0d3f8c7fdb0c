// `npm run reminders -- --at <time> [--dry-run]`: one pass as of that time, printing what it sent or would send.
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { smtpServerForThisFile } from "@/lib/mail/test-smtp-env";
import { createActionItem, createPerson, createReport, deliveriesFor } from "@/lib/reminders/test-fixtures";
import { remindersCommand } from "@/scripts/reminders";

const smtp = smtpServerForThisFile();

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) }, out, err };
}

const counts = async () => {
  const db = getDb();
  const [deliveries, outbox, audit] = await Promise.all([db.reminderDelivery.count(), db.outboxMessage.count(), db.auditEvent.count()]);
  return { deliveries, outbox, audit };
};

describe("npm run reminders", () => {
  it("with --dry-run prints what the pass would send, and sends and writes nothing", async () => {
    const owner = await createPerson();
    const report = await createReport();
    const item = await createActionItem({ incidentId: report.id, ownerId: owner.id, due: "2033-01-10", title: "Rehearse the failover" });
    const before = await counts();

    const { io, out, err } = capture();
    expect(await remindersCommand(["--at", "2033-01-12T09:00:00Z", "--dry-run"], io)).toBe(0);

    expect(out[0]).toBe("KIND\tSTATUS\tRECIPIENT\tSUBJECT\tKEY");
    expect(out).toContain(
      ["ACTION_OVERDUE", "would-send", owner.email, "Overdue by 2 days: Rehearse the failover", `ACTION_OVERDUE:${item.id}:2033-01-10:d2:${owner.id}`].join(
        "\t",
      ),
    );
    // the mail it would send, grouping the recipient's reminders, with its text
    const mail = out.indexOf(`MAIL to ${owner.email}: Overdue by 2 days: Rehearse the failover (1 delivery)`);
    expect(mail).toBeGreaterThan(0);
    expect(out[mail + 1]).toBe(`  ACTION_OVERDUE:${item.id}:2033-01-10:d2:${owner.id}`);
    expect(out.slice(mail + 2).join("\n")).toContain("  | - Rehearse the failover");
    expect(err.join("\n")).toMatch(/Dry run, nothing written or sent as of 2033-01-12T09:00:00.000Z/);
    expect(await counts()).toEqual(before);
    expect(smtp.server.messages).toHaveLength(0);

    // The same command without --dry-run does send it: the dry run showed the real thing.
    const real = capture();
    expect(await remindersCommand(["--at", "2033-01-12T09:00:00Z"], real.io)).toBe(0);
    expect(real.out).toContain(
      ["ACTION_OVERDUE", "sent", owner.email, "Overdue by 2 days: Rehearse the failover", `ACTION_OVERDUE:${item.id}:2033-01-10:d2:${owner.id}`].join("\t"),
    );
    expect(smtp.server.receivedBy(owner.email)).toHaveLength(1);
    expect(await deliveriesFor(owner)).toMatchObject([{ status: "SENT" }]);
  });

  it("refuses a time it cannot read", async () => {
    const { io, err } = capture();
    expect(await remindersCommand(["--at", "next tuesday"], io)).toBe(2);
    expect(err.join("\n")).toMatch(/"next tuesday" is not an ISO time/);
  });
});

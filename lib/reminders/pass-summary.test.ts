// What the worker's log says about a reminder pass: where the mail went, not just "sent".
import { describe, expect, it } from "vitest";
import { summarizeDeliveries, summarizePass } from "@/lib/reminders/pass";
import type { DeliveryOutcome, ReminderPassResult } from "@/lib/reminders/schema";

function outcome(status: DeliveryOutcome["status"], via: DeliveryOutcome["via"], index: number): DeliveryOutcome {
  return {
    id: `d${index}`,
    key: `ACTION_OVERDUE:item${index}`,
    kind: "ACTION_OVERDUE",
    to: `owner${index}@example.com`,
    subject: "Overdue",
    status,
    attempts: 1,
    via,
  };
}

function pass(deliveries: DeliveryOutcome[], mails: number): ReminderPassResult {
  const mail = (index: number) => ({ to: `owner${index}@example.com`, subject: "Overdue", keys: [] });
  return {
    at: new Date("2033-01-12T09:00:00Z"),
    dryRun: false,
    planned: deliveries.length,
    plannedByKind: {},
    deliveries,
    mails: Array.from({ length: mails }, (_, index) => mail(index)),
    durationMs: 1,
    planMs: 1,
    renderMs: 0,
  };
}

describe("the reminder pass summary", () => {
  it("says the mail was kept in the outbox when there is no SMTP server, never that it was sent", () => {
    const deliveries = [0, 1, 2, 3, 4].map((index) => outcome("sent", "outbox", index));
    const summary = summarizePass(pass(deliveries, 2));
    expect(summary).toBe("5 recorded; 5 kept in the outbox (no SMTP_URL); 2 mails");
    expect(summary).not.toMatch(/\bsent\b/);
  });

  it("says sent by SMTP for mail handed to the SMTP server, beside the retries and failures", () => {
    const deliveries = [outcome("sent", "smtp", 0), outcome("sent", "smtp", 1), outcome("retrying", "smtp", 2), outcome("failed", "smtp", 3)];
    expect(summarizeDeliveries(deliveries)).toBe("2 sent by SMTP, 1 retrying, 1 failed");
  });

  it("says when there was nothing to send", () => {
    expect(summarizePass(pass([], 0))).toBe("0 recorded; nothing to send; 0 mails");
  });
});

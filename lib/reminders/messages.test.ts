import { describe, expect, it } from "vitest";
import { renderReminder, type ReminderMessageInput } from "@/lib/reminders/messages";

const base = {
  day: "2031-03-05",
  recipient: { name: "Ada", timeZone: "Europe/Paris" },
  baseUrl: "https://hindsight.example.com",
  incident: { publicId: "INC-2031-0305-001", title: 'Checkout <b>down</b> & "payments" failing' },
} satisfies Partial<ReminderMessageInput>;

describe("reminder messages", () => {
  it("escape titles in the HTML body and keep them readable in the text body", () => {
    const mail = renderReminder({
      ...base,
      kind: "ACTION_OVERDUE",
      actionItem: { title: `<script>alert("owned")</script> & friends`, dueDate: "2031-03-01", ownedByRecipient: true },
    });
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt; &amp; friends");
    expect(mail.html).toContain("Checkout &lt;b&gt;down&lt;/b&gt; &amp; &quot;payments&quot; failing");
    expect(mail.text).toContain(`<script>alert("owned")</script> & friends`);
    expect(mail.subject).toBe(`Overdue by 4 days: <script>alert("owned")</script> & friends`);
  });

  it("link to the report on this instance", () => {
    const mail = renderReminder({ ...base, kind: "ACTION_DUE_TODAY", actionItem: { title: "Rotate keys", dueDate: "2031-03-05", ownedByRecipient: true } });
    expect(mail.text).toContain("https://hindsight.example.com/incidents/INC-2031-0305-001");
    expect(mail.html).toContain('href="https://hindsight.example.com/incidents/INC-2031-0305-001"');
  });

  it("show times in the recipient's zone", () => {
    const scheduledAt = new Date("2031-03-08T09:30:00Z");
    const paris = renderReminder({ ...base, kind: "FOLLOW_UP_SOON", followUp: { scheduledAt } });
    expect(paris.text).toContain("Sat, 8 Mar 2031, 10:30 CET");
    const tokyo = renderReminder({ ...base, recipient: { name: "Kei", timeZone: "Asia/Tokyo" }, kind: "FOLLOW_UP_SOON", followUp: { scheduledAt } });
    expect(tokyo.text).toContain("Sat, 8 Mar 2031, 18:30 GMT+9");
  });

  it("tell an author why they get a reminder for an item nobody owns", () => {
    const mail = renderReminder({ ...base, kind: "ACTION_DUE_SOON", actionItem: { title: "Add alerts", dueDate: "2031-03-08", ownedByRecipient: false } });
    expect(mail.subject).toBe("Due in 3 days: Add alerts");
    expect(mail.text).toContain("you wrote the report and this action item has no owner");
  });

  it("list a manager's overdue items in the digest", () => {
    const mail = renderReminder({
      ...base,
      kind: "MANAGER_DIGEST",
      day: "2031-03-03",
      digest: {
        items: [
          { title: "Fix <retry> storm", dueDate: "2031-02-28", ownerName: "Bo", incidentPublicId: "INC-1", incidentTitle: "API down" },
          { title: "Write runbook", dueDate: "2031-02-20", ownerName: null, incidentPublicId: "INC-2", incidentTitle: "DB failover" },
        ],
      },
    });
    expect(mail.subject).toBe("Weekly digest: 2 overdue action items in reports you signed off");
    expect(mail.text).toContain("Fix <retry> storm (INC-1, due Fri, 28 Feb 2031, owner Bo, 3 days late)");
    expect(mail.text).toContain("Write runbook (INC-2, due Thu, 20 Feb 2031, no owner, 11 days late)");
    expect(mail.html).toContain("Fix &lt;retry&gt; storm");
  });
});

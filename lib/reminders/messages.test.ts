import { describe, expect, it } from "vitest";
import { renderReminderMail, type ReminderEntry, type ReminderMailInput } from "@/lib/reminders/messages";

const incident = { publicId: "INC-2031-0305-001", title: 'Checkout <b>down</b> & "payments" failing' };
const base = {
  day: "2031-03-05",
  recipient: { name: "Ada", timeZone: "Europe/Paris" },
  baseUrl: "https://hindsight.example.com",
  unsubscribeUrl: "https://hindsight.example.com/unsubscribe/0b6c2b4e-8a8e-4c57-9d3c-1f1e4b3c2a10",
} satisfies Partial<ReminderMailInput>;

const item = (title: string, dueDate: string, kind: ReminderEntry["kind"], ownedByRecipient = true): ReminderEntry => ({
  kind,
  day: "2031-03-05",
  incident,
  actionItem: { id: `item-${title.length}`, title, dueDate, ownedByRecipient },
});

const render = (entries: ReminderEntry[], overrides: Partial<ReminderMailInput> = {}) => renderReminderMail({ ...base, entries, ...overrides })!;

describe("the reminder mail", () => {
  it("escapes titles in the HTML body and keeps them readable in the text body", () => {
    const mail = render([item(`<script>alert("owned")</script> & friends`, "2031-03-01", "ACTION_OVERDUE")]);
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt; &amp; friends");
    expect(mail.html).toContain("Checkout &lt;b&gt;down&lt;/b&gt; &amp; &quot;payments&quot; failing");
    expect(mail.text).toContain(`<script>alert("owned")</script> & friends`);
    expect(mail.subject).toBe(`Overdue by 4 days: <script>alert("owned")</script> & friends`);
  });

  it("groups everything into one mail, overdue first, each entry a one-click link to the item", () => {
    const mail = render([
      item("Soon", "2031-03-07", "ACTION_DUE_SOON"),
      item("Today!", "2031-03-05", "ACTION_DUE_TODAY"),
      item("Late", "2031-03-01", "ACTION_OVERDUE"),
    ]);
    expect(mail.subject).toBe("Reminders: 1 overdue, 1 due today, 1 due soon");
    expect(mail.text.indexOf("Late")).toBeLessThan(mail.text.indexOf("Today!"));
    expect(mail.text.indexOf("Today!")).toBeLessThan(mail.text.indexOf("Soon"));
    expect(mail.text).toContain("https://hindsight.example.com/incidents/INC-2031-0305-001#action-item-item-4");
    expect(mail.html).toContain('href="https://hindsight.example.com/incidents/INC-2031-0305-001#action-item-item-4"');
  });

  it("carries the unsubscribe link in the body and as one-click List-Unsubscribe headers", () => {
    const mail = render([item("Soon", "2031-03-07", "ACTION_DUE_SOON")]);
    expect(mail.headers).toEqual({ "List-Unsubscribe": `<${base.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    expect(mail.text).toContain(`Stop these mails: ${base.unsubscribeUrl}`);
    expect(mail.html).toContain(`href="${base.unsubscribeUrl}"`);
  });

  it("shows times in the recipient's zone", () => {
    const scheduledAt = new Date("2031-03-08T09:30:00Z");
    const entry: ReminderEntry = { kind: "FOLLOW_UP_SOON", day: "2031-03-05", incident, followUp: { scheduledAt } };
    expect(render([entry]).text).toContain("Sat, 8 Mar 2031, 10:30 CET");
    expect(render([entry], { recipient: { name: "Kei", timeZone: "Asia/Tokyo" } }).text).toContain("Sat, 8 Mar 2031, 18:30 GMT+9");
  });

  it("tells an author why they get a reminder for an item nobody owns", () => {
    const mail = render([item("Add alerts", "2031-03-08", "ACTION_DUE_SOON", false)]);
    expect(mail.subject).toBe("Due in 3 days: Add alerts");
    expect(mail.text).toContain("no owner yet: you wrote the report");
  });

  it("names to the author an owner the report gave who is not a user, and how to get them reminded", () => {
    const mail = render([
      {
        ...item("Add alerts", "2031-03-08", "ACTION_DUE_SOON", false),
        actionItem: { id: "a", title: "Add alerts", dueDate: "2031-03-08", ownedByRecipient: false, keptOwnerName: "@dba-team" },
      },
    ]);
    expect(mail.text).toContain("owned by @dba-team, who is not a user here: choose a user in the editor so they get reminders");
    expect(mail.text).not.toContain("no owner yet");
    expect(mail.html).toContain("owned by @dba-team, who is not a user here");
  });

  it("lists a manager's overdue items and owed postmortems in the weekly digest", () => {
    const mail = render(
      [
        {
          kind: "MANAGER_DIGEST",
          day: "2031-03-03",
          digest: {
            items: [
              { id: "a", title: "Fix <retry> storm", dueDate: "2031-02-28", ownerName: "Bo", incidentPublicId: "INC-1", incidentTitle: "API down" },
              { id: "b", title: "Write runbook", dueDate: "2031-02-20", ownerName: null, incidentPublicId: "INC-2", incidentTitle: "DB failover" },
            ],
            postmortems: [{ incidentPublicId: "INC-3", incidentTitle: "Cache stampede", dueDay: "2031-02-27" }],
          },
        },
      ],
      { day: "2031-03-03" },
    );
    expect(mail.subject).toBe("Weekly digest: 2 overdue action items in reports you signed off, 1 postmortem owed");
    expect(mail.text).toContain("INC-1: API down · due Fri, 28 Feb 2031 · owner Bo · 3 days late");
    expect(mail.text).toContain("INC-2: DB failover · due Thu, 20 Feb 2031 · no owner · 11 days late");
    expect(mail.text).toContain("INC-3: Cache stampede");
    expect(mail.text).toContain("overdue by 4 days");
    expect(mail.html).toContain("Fix &lt;retry&gt; storm");
  });
});

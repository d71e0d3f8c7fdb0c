import { describe, expect, it } from "vitest";
import { columnOf, readOwner, splitActionItemLine } from "@/lib/incidents/report-text/action-items";
import { parseReportText } from "@/lib/incidents/report-text/parse";

/** A small report dated by its id (2021-03-10) with the given action items section. */
function parse(section: string) {
  return parseReportText(
    `INCIDENT REPORT - Owners\n=================\n\nIncident ID: INC-2021-0310-007\nSeverity: Low\nStatus: Resolved\n\nAction Items:\n${section}\n`,
  );
}

function itemsOf(section: string) {
  return parse(section).document.actionItems.map(({ title, ownerEmail, ownerName, dueDate, priority, status, description }) => ({
    title,
    owner: ownerEmail ?? ownerName ?? null,
    kept: ownerName !== undefined ? "name" : ownerEmail ? "email" : null,
    dueDate,
    priority,
    status,
    description,
  }));
}

describe("action item owners written inline", () => {
  it("reads an owner and due date after a dash: kept as the name written", () => {
    expect(itemsOf("- Add connection-pool alerts — owner: @dba-team, due 2021-03-20")).toEqual([
      { title: "Add connection-pool alerts", owner: "@dba-team", kept: "name", dueDate: "2021-03-20", priority: "MEDIUM", status: "OPEN", description: null },
    ]);
    expect(itemsOf("- Add alerts - Owner: Platform Team")[0]).toMatchObject({ title: "Add alerts", owner: "Platform Team" });
    expect(itemsOf("- Add alerts -- assigned to Ana Ruiz")[0]).toMatchObject({ title: "Add alerts", owner: "Ana Ruiz" });
  });

  it("reads owners in brackets after a checkbox, by key or alone, with names that hold commas", () => {
    expect(
      itemsOf(
        [
          "- [ ] Rotate keys (owner: Jane Doe, due: March 20)",
          "- [x] Patch hosts (@bob, P1)",
          "- [ ] Move backups (Assignee: Doe, Jane; Due: 2021-04-02)",
          "- [ ] Audit buckets [ops@example.com]",
        ].join("\n"),
      ),
    ).toEqual([
      { title: "Rotate keys", owner: "Jane Doe", kept: "name", dueDate: "2021-03-20", priority: "MEDIUM", status: "OPEN", description: null },
      { title: "Patch hosts", owner: "@bob", kept: "name", dueDate: null, priority: "HIGH", status: "DONE", description: null },
      { title: "Move backups", owner: "Doe, Jane", kept: "name", dueDate: "2021-04-02", priority: "MEDIUM", status: "OPEN", description: null },
      { title: "Audit buckets", owner: "ops@example.com", kept: "email", dueDate: null, priority: "MEDIUM", status: "OPEN", description: null },
    ]);
  });

  it("reads Owner / Due lines under the title, as paragraphs, sub-bullets or one line, and keeps the other lines", () => {
    const items = itemsOf(
      [
        "",
        "Add connection-pool alerts",
        "Owner: @dba-team",
        "Due: 2021-03-20",
        "",
        "Rotate keys",
        "**Owner:** Jane Doe / **Due:** March 20",
        "Status: waiting on the vendor",
        "",
        "1. Move backups off-site",
        "   - Owner: Sam Patel",
        "   - Priority: High",
        "   Needs budget approval.",
      ].join("\n"),
    );
    expect(items).toEqual([
      { title: "Add connection-pool alerts", owner: "@dba-team", kept: "name", dueDate: "2021-03-20", priority: "MEDIUM", status: "OPEN", description: null },
      {
        title: "Rotate keys",
        owner: "Jane Doe",
        kept: "name",
        dueDate: "2021-03-20",
        priority: "MEDIUM",
        status: "OPEN",
        description: "Status: waiting on the vendor",
      },
      {
        title: "Move backups off-site",
        owner: "Sam Patel",
        kept: "name",
        dueDate: null,
        priority: "HIGH",
        status: "OPEN",
        description: "Needs budget approval.",
      },
    ]);
  });

  it("keeps the first owner an item names: a later Owner line stays in the description", () => {
    expect(itemsOf("- [ ] Rotate keys (Owner: ann@example.com)\n  Owner: the platform leads")[0]).toMatchObject({
      owner: "ann@example.com",
      description: "Owner: the platform leads",
    });
  });

  it("reads a sentence that starts with its owner, and its due date after 'by'", () => {
    expect(itemsOf("- @alice to add retries by 2021-04-01\n- [ ] bob@example.com will rotate the keys\n- @ops: review the alert thresholds")).toEqual([
      { title: "Add retries", owner: "@alice", kept: "name", dueDate: "2021-04-01", priority: "MEDIUM", status: "OPEN", description: null },
      { title: "Rotate the keys", owner: "bob@example.com", kept: "email", dueDate: null, priority: "MEDIUM", status: "OPEN", description: null },
      { title: "Review the alert thresholds", owner: "@ops", kept: "name", dueDate: null, priority: "MEDIUM", status: "OPEN", description: null },
    ]);
    // "by" followed by no date is part of the task
    expect(itemsOf("- @alice to add retries by end of quarter")[0]).toMatchObject({ title: "Add retries by end of quarter", owner: "@alice", dueDate: null });
  });

  it("does not take 'owner' inside a sentence, 'due to' or 'by <someone>' for an assignment", () => {
    const items = itemsOf(
      [
        "- Ask the service owner to review the runbook",
        "- Document who the owner of the cache is (owner of the form)",
        "- Fix the retry storm — due to the outage it caused",
        "- Review the schema (by the DBA team)",
        "- Talk to bob@example.com to review the change",
        "- Notify owners: they must sign off",
      ].join("\n"),
    );
    expect(items.map((item) => [item.title, item.owner, item.dueDate])).toEqual([
      ["Ask the service owner to review the runbook", null, null],
      ["Document who the owner of the cache is (owner of the form)", null, null],
      ["Fix the retry storm — due to the outage it caused", null, null],
      ["Review the schema (by the DBA team)", null, null],
      ["Talk to bob@example.com to review the change", null, null],
      ["Notify owners: they must sign off", null, null],
    ]);
    expect(parse("- Ask the service owner to review the runbook").warnings.filter((w) => /owner/i.test(w))).toEqual([]);
  });

  it("drops an owner written as nobody (TBD, n/a, -)", () => {
    expect(itemsOf("- [ ] Rotate keys (Owner: TBD)\n- Write docs\n  Owner: n/a").map((item) => [item.owner, item.description])).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  it("says on which line each owner was written", () => {
    const { lineMap } = parse("- Add alerts\n  Owner: @dba-team\n- [ ] Rotate keys (owner: ann@example.com)");
    const owners = lineMap.filter((entry) => /\.owner/.test(entry.field));
    // line 8 is "Action Items:", so the list starts on line 9
    expect(owners).toEqual([
      { line: 10, field: "actionItems[0].ownerName" },
      { line: 11, field: "actionItems[1].ownerEmail" },
    ]);
  });
});

describe("action item tables", () => {
  it("reads Owner, Due, Status, Priority and Ticket columns in any order and under their usual names", () => {
    const items = itemsOf(
      [
        "| PRIORITY | Ticket | Task | Assignee | Due Date | Status |",
        "|---|---|---|---|---|---|",
        "| P1 | OPS-12 | Add a circuit breaker | Jane Doe <jane@example.com> | 2021-03-25 | In progress |",
        "| low | OPS-13 | Write the runbook | TBD | | done |",
        "| high | OPS-14 | Rate-limit the API | **SRE Team** | Apr 2 | open |",
      ].join("\n"),
    );
    expect(items).toEqual([
      {
        title: "Add a circuit breaker",
        owner: "jane@example.com",
        kept: "email",
        dueDate: "2021-03-25",
        priority: "HIGH",
        status: "IN_PROGRESS",
        description: "Ticket: OPS-12",
      },
      { title: "Write the runbook", owner: null, kept: null, dueDate: null, priority: "LOW", status: "DONE", description: "Ticket: OPS-13" },
      { title: "Rate-limit the API", owner: "SRE Team", kept: "name", dueDate: "2021-04-02", priority: "HIGH", status: "OPEN", description: "Ticket: OPS-14" },
    ]);
  });

  it("names the columns by what their headers say", () => {
    expect(["Owner", "owner(s)", "Responsible", "DRI", "Who", "Assigned to"].map(columnOf)).toEqual(Array(6).fill("owner"));
    expect(["Due", "Due date", "Deadline", "Target date", "ETA", "When"].map(columnOf)).toEqual(Array(6).fill("due"));
    expect(["Status", "State", "Done"].map(columnOf)).toEqual(["status", "status", "status"]);
    expect(["Priority", "Prio"].map(columnOf)).toEqual(["priority", "priority"]);
    expect(["Ticket", "Jira", "Bug", "Tracker", "Link"].map(columnOf)).toEqual(Array(5).fill("ticket"));
    expect(["Action Item", "Action", "Task", "Follow-up", "Description"].map(columnOf)).toEqual(Array(5).fill("title"));
    // a date the item was created on is no due date
    expect(["Date created", "Type", "Notes"].map(columnOf)).toEqual([null, null, null]);
  });

  it("takes the first column without another role as the title when no header says title", () => {
    const items = itemsOf(["| Jira | Follow up work | Owner |", "|---|---|---|", "| OPS-1 | Add retries | Ana |"].join("\n"));
    expect(items[0]).toMatchObject({ title: "Add retries", owner: "Ana", description: "Jira: OPS-1" });
  });
});

describe("readOwner", () => {
  it("takes the email when the value gives one, else the name without markup", () => {
    expect(readOwner("Jane Doe <Jane@Example.com>")).toEqual({ email: "jane@example.com" });
    expect(readOwner("Jane Doe (jane@example.com)")).toEqual({ email: "jane@example.com" });
    expect(readOwner("[Jane](mailto:jane@example.com)")).toEqual({ email: "jane@example.com" });
    expect(readOwner("[Jane Doe](https://wiki.example.com/~jane)")).toEqual({ name: "Jane Doe" });
    expect(readOwner("**@dba-team**.")).toEqual({ name: "@dba-team" });
    expect(readOwner("`@sre`")).toEqual({ name: "@sre" });
    expect(readOwner("  Jane   Doe ")).toEqual({ name: "Jane Doe" });
    expect(["TBD", "n/a", "-", "none", "Unassigned", "?"].map(readOwner)).toEqual(Array(6).fill(null));
  });
});

describe("splitActionItemLine", () => {
  it("leaves a title without attributes as it is", () => {
    expect(splitActionItemLine("Fix the owner field (see runbook)")).toEqual({ title: "Fix the owner field (see runbook)", attrs: {}, checkbox: null });
  });
});

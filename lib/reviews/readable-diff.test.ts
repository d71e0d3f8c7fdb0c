import { describe, expect, it } from "vitest";
import { diffReports } from "@/lib/incidents/report-diff";
import { reportDocumentSchema, type ReportDocument } from "@/lib/incidents/schema";
import { enumWords, ownerEmails, readableChanges, wordMarks } from "@/lib/reviews/readable-diff";

const base: ReportDocument = reportDocumentSchema.parse({
  publicId: "INC-1",
  title: "Pool exhaustion",
  severity: "High",
  status: "INVESTIGATING",
  startedAt: "2024-11-27T14:00:00Z",
  rootCause: "The connection pool was too small for the retry storm.",
  timeline: [{ occurredAt: "2024-11-27T14:23:00Z", text: "Alert fired", kind: "ALERT" }],
  impact: { errorRate: 0.23 },
  contributingFactors: ["No alert on pool usage", "Retries without backoff"],
  actionItems: [
    { title: "Add pool alerts", ownerEmail: "ann@example.com", dueDate: "2024-12-01", status: "OPEN", priority: "HIGH" },
    { title: "Load test", status: "OPEN" },
  ],
});

const people = { "ann@example.com": "Ann Lee", "bo@example.com": "Bo Chen" };
const rows = (after: ReportDocument, timeZone = "Europe/Berlin") =>
  readableChanges(diffReports(base, after), { timeZone, people }).map(({ label, before, after: value }) => [label, before, value]);

describe("readableChanges", () => {
  it("names an action item's changed parts as the editor does, with owners as names, days as dates and statuses as words", () => {
    const after = {
      ...base,
      actionItems: [{ ...base.actionItems[0]!, ownerEmail: "bo@example.com", dueDate: "2024-12-03", status: "IN_PROGRESS" as const }, base.actionItems[1]!],
    };
    expect(rows(after)).toEqual([
      ["Action item 'Add pool alerts': owner", "Ann Lee", "Bo Chen"],
      ["Action item 'Add pool alerts': due date", "01 Dec 2024", "03 Dec 2024"],
      ["Action item 'Add pool alerts': status", "Open", "In progress"],
    ]);
  });

  it("shows times in the viewer's zone, error rates as percentages and enums as words", () => {
    const after = { ...base, startedAt: "2024-11-27T13:30:00.000Z", status: "RESOLVED" as const, impact: { ...base.impact, errorRate: 0.3 } };
    expect(rows(after)).toEqual([
      ["Status", "Investigating", "Resolved"],
      ["Start", "27 Nov 2024, 15:00 CET", "27 Nov 2024, 14:30 CET"],
      ["Error rate", "23%", "30%"],
    ]);
  });

  it("pairs an entry whose title was edited with its old self, and tells added and removed entries apart", () => {
    const after = {
      ...base,
      actionItems: [
        { ...base.actionItems[0]!, title: "Add pool usage alerts" },
        { ...base.actionItems[1]!, title: "Chaos drill", priority: "LOW" as const },
      ],
    };
    expect(rows(after)).toEqual([
      ["Action item 'Add pool usage alerts': title", "Add pool alerts", "Add pool usage alerts"],
      ["Action item 'Chaos drill': title", "Load test", "Chaos drill"],
      ["Action item 'Chaos drill': priority", "Medium", "Low"],
    ]);
    const added = { ...base, contributingFactors: [...base.contributingFactors, "Pool size hard-coded"], timeline: [] };
    expect(rows(added, "UTC")).toEqual([
      ["Timeline entry 27 Nov 2024, 14:23 UTC", "Time: 27 Nov 2024, 14:23 UTC · Kind: Alert · Text: Alert fired", null],
      ["Contributing factor 3", null, "Pool size hard-coded"],
    ]);
  });

  it("keeps prose as written for word-level marking, and lists owner emails to look up", () => {
    const after = { ...base, rootCause: "The connection pool was too small for the retry storm after the deploy." };
    expect(rows(after)).toEqual([["Root cause", base.rootCause, after.rootCause]]);
    expect(ownerEmails(diffReports(base, { ...base, actionItems: [] }))).toEqual(["ann@example.com"]);
  });

  it("says when an owner is a name kept from a report, and names the user chosen in its place", () => {
    const named = { ...base, actionItems: [{ ...base.actionItems[0]!, ownerEmail: null, ownerName: "@dba-team" }, base.actionItems[1]!] };
    expect(readableChanges(diffReports(named, base), { timeZone: "UTC", people }).map(({ label, before, after }) => [label, before, after])).toEqual([
      ["Action item 'Add pool alerts': owner", "@dba-team (not a user)", "Ann Lee"],
    ]);
    const added = { ...base, actionItems: [...base.actionItems, { ...base.actionItems[1]!, title: "Rotate keys", ownerName: "Jane Doe" }] };
    expect(rows(added)).toEqual([["Action item 'Rotate keys'", null, "Title: Rotate keys · Owner: Jane Doe (not a user) · Priority: Medium · Status: Open"]]);
  });

  it("falls back to the email for an owner who is not a user", () => {
    const after = { ...base, actionItems: [{ ...base.actionItems[0]!, ownerEmail: "ext@vendor.example" }, base.actionItems[1]!] };
    expect(rows(after)[0]).toEqual(["Action item 'Add pool alerts': owner", "Ann Lee", "ext@vendor.example"]);
  });
});

it("enumWords reads enum values as words", () => {
  expect(["IN_PROGRESS", "WONT_DO", "CHANGES_REQUESTED", "LUCKY"].map(enumWords)).toEqual([
    "In progress",
    "Won't do",
    "Changes requested",
    "Where we got lucky",
  ]);
});

describe("wordMarks", () => {
  const marked = (segments: { text: string; changed: boolean }[]) => segments.map(({ text, changed }) => (changed ? `[${text}]` : text)).join("");

  it("marks the words that changed and keeps each side exactly as written", () => {
    const before = "A retry loop in the payment client.";
    const after = "The payment client retried without backoff,  multiplying load.";
    const marks = wordMarks(before, after);
    expect(marks.before.map((segment) => segment.text).join("")).toBe(before);
    expect(marks.after.map((segment) => segment.text).join("")).toBe(after);
    expect(marked(marks.before)).toBe("[A retry loop in the] payment client.");
    expect(marked(marks.after)).toBe("[The] payment client [retried without backoff,  multiplying load].");
  });

  it("marks a whole value that was added, removed or replaced", () => {
    expect(marked(wordMarks("", "Bo Chen").after)).toBe("[Bo Chen]");
    expect(wordMarks("Open", "").after).toEqual([]);
    expect(marked(wordMarks("Open", "In progress").before)).toBe("[Open]");
    expect(marked(wordMarks("01 Dec 2024", "03 Dec 2024").after)).toBe("[03] Dec 2024");
  });

  it("keeps line breaks and spacing the diff ignores", () => {
    const before = "line one\nline two";
    const after = "line one\n\nline 2 two";
    const marks = wordMarks(before, after);
    expect(marked(marks.before)).toBe(before);
    expect(marked(marks.after)).toBe("line one\n\nline [2] two");
  });
});

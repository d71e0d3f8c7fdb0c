import { describe, expect, it } from "vitest";
import { REPORT_FIELDS, conflictFields, describeFieldValue, diffReports, mergeReports, reportAuditChanges, reportsEqual } from "@/lib/incidents/report-diff";
import { reportDocumentSchema, type ReportDocument } from "@/lib/incidents/schema";

const base: ReportDocument = reportDocumentSchema.parse({
  id: "inc1",
  publicId: "INC-1",
  title: "Pool exhaustion",
  severity: "High",
  timeline: [{ id: "t1", occurredAt: "2024-11-27T14:23:00Z", text: "Alert", kind: "ALERT", milestone: "DETECTED" }],
  impact: { usersAffected: 4200, errorRate: 0.23 },
  actionItems: [{ id: "a1", title: "Add pool alert" }],
});

describe("diffReports", () => {
  it("names every changed field with before and after, in report order", () => {
    const after = { ...base, summary: "Pool leaked", title: "DB pool exhaustion", impact: { ...base.impact, errorRate: 0.3 } };
    expect(diffReports(base, after).map(({ field, before, after: value }) => [field, before, value])).toEqual([
      ["title", "Pool exhaustion", "DB pool exhaustion"],
      ["summary", null, "Pool leaked"],
      ["impact.errorRate", 0.23, 0.3],
    ]);
  });

  it("ignores entry ids and key order, so a reloaded report equals what was saved", () => {
    const reloaded = JSON.parse(JSON.stringify(base, (key, value) => (key === "id" ? undefined : value))) as ReportDocument;
    const reordered = { ...reloaded, timeline: reloaded.timeline.map(({ milestone, kind, text, occurredAt }) => ({ milestone, kind, text, occurredAt })) };
    expect(diffReports(base, reordered)).toEqual([]);
    expect(reportsEqual(base, reordered)).toBe(true);
  });

  it("compares lists as wholes", () => {
    const after = {
      ...base,
      actionItems: [
        ...base.actionItems,
        { title: "Load test", description: null, ownerEmail: null, dueDate: null, priority: "LOW" as const, status: "OPEN" as const },
      ],
    };
    expect(diffReports(base, after).map((change) => change.field)).toEqual(["actionItems"]);
  });

  it("covers every field of the document", () => {
    const topLevel = Object.keys(reportDocumentSchema.parse({ publicId: "INC-1", title: "x", severity: "y" }))
      .filter((key) => key !== "impact" && key !== "id")
      .sort();
    const covered = REPORT_FIELDS.filter((field) => !field.startsWith("impact.")).sort();
    expect(covered).toEqual(topLevel);
    expect(
      REPORT_FIELDS.filter((field) => field.startsWith("impact."))
        .map((field) => field.slice(7))
        .sort(),
    ).toEqual(Object.keys(base.impact).sort());
  });
});

describe("reportAuditChanges", () => {
  it("gives before/after without ids for the changed fields only", () => {
    const after = { ...base, timeline: [{ ...base.timeline[0], text: "Alert fired" }] };
    expect(reportAuditChanges(base, after)).toEqual({
      timeline: {
        before: [{ occurredAt: "2024-11-27T14:23:00.000Z", text: "Alert", kind: "ALERT", milestone: "DETECTED" }],
        after: [{ occurredAt: "2024-11-27T14:23:00.000Z", text: "Alert fired", kind: "ALERT", milestone: "DETECTED" }],
      },
    });
  });
});

describe("conflictFields and mergeReports", () => {
  it("tells who changed each differing field and merges the chosen side per field", () => {
    const mine = { ...base, summary: "My summary", title: "Both changed: mine" };
    const theirs = { ...base, rootCause: "Their root cause", title: "Both changed: theirs" };
    const fields = conflictFields(base, mine, theirs);
    expect(fields.map(({ field, changedByMe, changedByThem }) => [field, changedByMe, changedByThem])).toEqual([
      ["title", true, true],
      ["summary", true, false],
      ["rootCause", false, true],
    ]);
    const merged = mergeReports(theirs, mine, ["summary", "title"]);
    expect(merged).toMatchObject({ title: "Both changed: mine", summary: "My summary", rootCause: "Their root cause" });
  });
});

describe("describeFieldValue", () => {
  it("reads lists one entry per line and shows empties", () => {
    expect(describeFieldValue(null)).toBe("(empty)");
    expect(describeFieldValue([])).toBe("(none)");
    expect(describeFieldValue(true)).toBe("Yes");
    expect(describeFieldValue(base.timeline)).toBe("1. Alert · Time: 2024-11-27 14:23 UTC · Kind: Alert · Milestone: Detected");
  });

  it("reads action items in the editor's words, enum values as words, not `status: OPEN · dueDate…`", () => {
    const item = { title: "Add pool alert", ownerEmail: "ann@example.com", dueDate: "2024-12-01", priority: "HIGH", status: "IN_PROGRESS" };
    expect(describeFieldValue([item])).toBe("1. Add pool alert · Owner: ann@example.com · Due: 2024-12-01 · Priority: High · Status: In progress");
    expect(describeFieldValue([{ title: "Add pool alert", ownerEmail: null, ownerName: "@dba-team" }])).toBe(
      "1. Add pool alert · Owner (not a user): @dba-team",
    );
    expect(describeFieldValue("WONT_DO")).toBe("Won't do");
    expect(describeFieldValue("DNS")).toBe("DNS");
  });
});

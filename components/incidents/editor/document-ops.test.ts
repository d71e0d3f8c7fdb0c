import { describe, expect, it } from "vitest";
import { carryKey, fromUtcInputValue, rebaseAfterSave, rowKey, sortTimeline, toUtcInputValue, withTimeline } from "@/components/incidents/editor/document-ops";
import { reportDocumentSchema, type ReportDocument, type TimelineEntry } from "@/lib/incidents/schema";

const entry = (occurredAt: string, text: string, milestone: TimelineEntry["milestone"] = null, id?: string): TimelineEntry => ({
  ...(id ? { id } : {}),
  occurredAt,
  text,
  kind: "OBSERVATION",
  milestone,
});

const doc = (overrides: Partial<ReportDocument> = {}): ReportDocument => ({
  ...reportDocumentSchema.parse({ title: "Pool exhaustion", severity: "High", startedAt: "2024-11-27T14:23:00Z" }),
  ...overrides,
});

describe("sortTimeline", () => {
  it("orders by time and keeps the written order of entries at the same moment", () => {
    const report = doc({ timeline: [entry("2024-11-27T14:40:00.000Z", "c"), entry("2024-11-27T14:25:00.000Z", "a"), entry("2024-11-27T14:25:00.000Z", "b")] });
    expect(sortTimeline(report).timeline.map((e) => e.text)).toEqual(["a", "b", "c"]);
  });

  it("returns the same report when already in order", () => {
    const report = doc({ timeline: [entry("2024-11-27T14:25:00.000Z", "a")] });
    expect(sortTimeline(report)).toBe(report);
  });
});

describe("withTimeline", () => {
  it("takes detected/mitigated/resolved from the milestones and clears a removed one", () => {
    const report = withTimeline(doc(), [entry("2024-11-27T14:25:00.000Z", "alert", "DETECTED"), entry("2024-11-27T15:10:00.000Z", "closed", "RESOLVED")]);
    expect(report).toMatchObject({ detectedAt: "2024-11-27T14:25:00.000Z", resolvedAt: "2024-11-27T15:10:00.000Z", mitigatedAt: null });
    const without = withTimeline(report, [report.timeline[0]]);
    expect(without).toMatchObject({ detectedAt: "2024-11-27T14:25:00.000Z", resolvedAt: null });
  });

  it("leaves a time that no milestone set alone (an imported report)", () => {
    const imported = doc({ mitigatedAt: "2024-11-27T14:45:00.000Z" });
    expect(withTimeline(imported, [entry("2024-11-27T14:30:00.000Z", "note")]).mitigatedAt).toBe("2024-11-27T14:45:00.000Z");
  });
});

describe("rebaseAfterSave", () => {
  it("takes the stored report for untouched fields, keeping each row's key", () => {
    const sent = doc({ timeline: [entry("2024-11-27T14:25:00.000Z", "alert")] });
    const saved = { ...sent, timeline: [{ ...sent.timeline[0], id: "t1" }] };
    const next = rebaseAfterSave(sent, saved, sent);
    expect(next.timeline[0].id).toBe("t1");
    expect(rowKey(next.timeline[0])).toBe(rowKey(sent.timeline[0]));
  });

  it("keeps what was typed during the save and gives its new rows the ids the save created", () => {
    const sent = doc({ timeline: [entry("2024-11-27T14:25:00.000Z", "alert")], title: "Sent title" });
    const saved = { ...sent, timeline: [{ ...sent.timeline[0], id: "t1" }] };
    const typedRow = carryKey(sent.timeline[0], { ...sent.timeline[0], text: "alert fired" });
    const current = { ...sent, title: "Typed meanwhile", timeline: [typedRow] };
    const next = rebaseAfterSave(sent, saved, current);
    expect(next.title).toBe("Typed meanwhile");
    expect(next.timeline).toEqual([{ ...typedRow, id: "t1" }]);
  });
});

describe("UTC input values", () => {
  it("round-trips a UTC time through a datetime-local value", () => {
    expect(toUtcInputValue("2024-11-27T14:23:05.000Z")).toBe("2024-11-27T14:23:05");
    expect(fromUtcInputValue("2024-11-27T14:23:05")).toBe("2024-11-27T14:23:05.000Z");
    expect(fromUtcInputValue("2024-11-27T14:23")).toBe("2024-11-27T14:23:00.000Z");
    expect(fromUtcInputValue("")).toBe("");
    expect(fromUtcInputValue("2024-02-30T10:00")).toBe("");
  });
});

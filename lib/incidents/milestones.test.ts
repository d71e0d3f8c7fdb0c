import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { createReport, loadEditableReport, updateReport } from "@/lib/incidents/mutations";
import { applyMilestones } from "@/lib/incidents/milestones";
import { deriveMoments } from "@/lib/incidents/report-text/derived-moments";
import { loadReport } from "@/lib/incidents/store";
import { createTestActor } from "@/lib/users/test-fixtures";

const publicId = () => `INC-MILESTONE-${randomUUID().slice(0, 8)}`;

describe("timeline milestones on save", () => {
  it("sets detected/mitigated/resolved from the timeline even when the client did not", async () => {
    const sre = await createTestActor("SRE");
    // a REST client: milestones on the timeline, the times left empty
    const created = await createReport(
      {
        document: {
          publicId: publicId(),
          title: "Checkout errors",
          severity: "High",
          timeline: [{ occurredAt: "2025-05-02T09:05:00Z", text: "Error-rate alert", kind: "ALERT", milestone: "DETECTED" }],
        },
      },
      sre,
    );
    const report = await loadEditableReport(sre.user, created.id);
    if (!report) throw new Error("created report not visible to its author");
    expect(report.document.detectedAt).toBe("2025-05-02T09:05:00.000Z");

    const saved = await updateReport(
      {
        id: report.id,
        expectedVersion: report.version,
        document: {
          ...report.document,
          timeline: [
            ...report.document.timeline,
            { occurredAt: "2025-05-02T09:40:00Z", text: "Rolled back", kind: "ACTION", milestone: "MITIGATED" },
            { occurredAt: "2025-05-02T10:15:00Z", text: "All clear", kind: "MILESTONE", milestone: "RESOLVED" },
          ],
          mitigatedAt: null,
          resolvedAt: null,
        },
      },
      sre,
    );
    const stored = await loadReport(getDb(), report.id);
    expect(stored).toMatchObject({ detectedAt: "2025-05-02T09:05:00.000Z", mitigatedAt: "2025-05-02T09:40:00.000Z", resolvedAt: "2025-05-02T10:15:00.000Z" });

    // the milestone's time wins over a stale one sent along; removing the last RESOLVED milestone clears its time
    const again = await updateReport(
      {
        id: report.id,
        expectedVersion: saved.version,
        document: {
          ...saved.document,
          detectedAt: "2025-05-02T12:00:00Z",
          timeline: saved.document.timeline.filter((entry) => entry.milestone !== "RESOLVED"),
        },
      },
      sre,
    );
    expect(again.document).toMatchObject({ detectedAt: "2025-05-02T09:05:00.000Z", mitigatedAt: "2025-05-02T09:40:00.000Z", resolvedAt: null });
  });
});

describe("applyMilestones", () => {
  const entry = (occurredAt: string, milestone: "DETECTED" | "MITIGATED" | "RESOLVED" | null) => ({
    occurredAt,
    text: "x",
    kind: "OBSERVATION" as const,
    milestone,
  });
  const empty = { detectedAt: null, mitigatedAt: null, resolvedAt: null };

  it("takes the earliest of several milestones of a kind and leaves a time no milestone set alone", () => {
    const doc = {
      ...empty,
      mitigatedAt: "2025-01-01T00:30:00.000Z",
      timeline: [entry("2025-01-01T00:20:00Z", "DETECTED"), entry("2025-01-01T00:10:00Z", "DETECTED")],
    };
    expect(applyMilestones(doc, [])).toMatchObject({ detectedAt: "2025-01-01T00:10:00.000Z", mitigatedAt: "2025-01-01T00:30:00.000Z", resolvedAt: null });
  });

  it("returns the same object when nothing changes", () => {
    const doc = { ...empty, detectedAt: "2025-01-01T00:10:00Z", timeline: [entry("2025-01-01T00:10:00.000Z", "DETECTED")] };
    expect(applyMilestones(doc, doc.timeline)).toBe(doc);
  });
});

describe("the importer's moments follow the same rule", () => {
  it("takes the earliest of two DETECTED milestones, wherever it stands in the timeline", () => {
    const timeline = [
      { occurredAt: "2025-01-01T00:20:00.000Z", text: "Paged", milestone: "DETECTED" as const },
      { occurredAt: "2025-01-01T00:05:00.000Z", text: "Alert fired (found later in the logs)", milestone: "DETECTED" as const },
    ];
    const { values, sources } = deriveMoments(timeline, null, {}, null);
    expect(values.detectedAt).toBe(Date.parse("2025-01-01T00:05:00.000Z"));
    expect(sources.detectedAt).toBe(1);
    expect(
      applyMilestones(
        { detectedAt: null, mitigatedAt: null, resolvedAt: null, timeline: timeline.map((entry) => ({ ...entry, kind: "OBSERVATION" as const })) },
        [],
      ).detectedAt,
    ).toBe("2025-01-01T00:05:00.000Z");
  });
});

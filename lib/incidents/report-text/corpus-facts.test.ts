import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkFacts, type ExpectedFacts, type Imported, listCorpus, roundTripLosses, sameQuantity } from "@/lib/incidents/report-text/corpus-facts";
import { reportDocumentSchema } from "@/lib/incidents/schema";

const doc = reportDocumentSchema.parse({
  publicId: "SEV-42",
  title: "Queue backlog (SEV #42)",
  severity: "SEV-2",
  status: "RESOLVED",
  timeZone: "Europe/Paris",
  startedAt: "2021-03-09T23:47:00.000Z",
  timeline: [{ occurredAt: "2021-03-09T23:47:00.000Z", text: "Alert fires for the\nqueue depth" }],
  impact: {
    metrics: [
      { kind: "DURATION", label: "Degraded", value: 24.5, unit: "h", statement: "Degraded for 24 hours and 30 minutes" },
      { kind: "MONEY", label: "Refunds", value: 45000, unit: "$", statement: "$45,000 in refunds" },
    ],
  },
  actionItems: [
    { title: "Add a dashboard", ownerEmail: "ops@example.com", dueDate: "2021-03-20" },
    { title: "Page the DBA team", description: "Owner: @dba-team" },
  ],
  extraSections: [{ heading: "Notes", body: "The queue \\_worker\\_ drained\nby itself." }],
});
const imported: Imported = { ok: true, document: doc, warnings: ["Times read in Europe/Paris"], text: "" };

const facts: ExpectedFacts = {
  incidentId: ["42", "SEV-42"],
  title: "Queue backlog",
  timeZone: "Europe/Paris",
  incidentDate: "2021-03-10",
  timeline: [{ at: "2021-03-09T23:47:00Z", text: "alert fires for the queue depth" }],
  impact: [
    { kind: "DURATION", value: 1470, unit: "min", sentence: "Degraded for 24 hours" },
    { kind: "MONEY", value: 45000, unit: "USD", sentence: "$45,000 in refunds" },
  ],
  actionItems: [
    { title: "Add a dashboard", owner: "OPS@example.com", due: "2021-03-20" },
    { title: "Page the DBA team", owner: "@dba-team" },
  ],
  sentences: ["The queue _worker_ drained by itself."],
  warnings: [["Europe/Paris"]],
};

describe("checkFacts", () => {
  it("finds facts written in equivalent forms: minutes for hours, $ for USD, a line break in a sentence, a title keeping its id", () => {
    const results = checkFacts(facts, imported);
    const missed = results.filter((r) => !r.found).map((r) => r.label);
    expect(missed).toEqual(['"Page the DBA team" owner @dba-team']);
  });

  it("says what was found instead of a missed fact, and where its text went", () => {
    const wrong: ExpectedFacts = {
      timeline: [{ at: "2021-03-10T00:47:00Z", text: "Alert fires" }],
      impact: [{ kind: "COUNT", value: 3, unit: "orders", sentence: "The queue _worker_ drained" }],
      actionItems: [{ title: "Page the DBA team", owner: "dba-team" }],
    };
    const details = checkFacts(wrong, imported).map((r) => r.detail);
    expect(details).toEqual([
      "that entry is at 2021-03-09T23:47:00.000Z",
      "no metric from that sentence; its text is in extraSections[0].body",
      "",
      'ownerEmail nothing, ownerName nothing, description "Owner: @dba-team"',
    ]);
  });

  it("accepts an owner kept as a name when no user matches", () => {
    const withName = { ...doc, actionItems: [{ ...doc.actionItems[1], ownerName: "dba-team" }] };
    const results = checkFacts({ actionItems: [{ title: "Page the DBA team", owner: "@dba-team" }] }, { ...imported, document: withName });
    expect(results.every((r) => r.found)).toBe(true);
  });

  it("finds nothing in a failed import, saying why", () => {
    const results = checkFacts(facts, { ok: false, error: "no converter" });
    expect(results.some((r) => r.found)).toBe(false);
    expect(results[0].detail).toBe("import failed: no converter");
  });

  it("leaves warnings out after a round trip, and names the facts the second import lost", () => {
    const first = checkFacts(facts, imported);
    const secondDoc = { ...doc, timeZone: "UTC" };
    const second = checkFacts(facts, { ...imported, document: secondDoc }, { exported: true });
    expect(second.some((r) => r.category === "warnings")).toBe(false);
    const { kept, of, lost } = roundTripLosses(first, second);
    expect(lost.map((r) => r.label)).toEqual(["time zone Europe/Paris"]);
    expect(kept).toBe(of - 1);
  });
});

describe("sameQuantity", () => {
  it("compares lengths of time across units, currencies by code and counted things by their noun", () => {
    expect(sameQuantity(2.5, "hours", 150, "min")).toBe(true);
    expect(sameQuantity(150, "ms", 150, "s")).toBe(false);
    expect(sameQuantity(2_100_000, "€", 2_100_000, "EUR")).toBe(true);
    expect(sameQuantity(2_100_000, "USD", 2_100_000, "EUR")).toBe(false);
    expect(sameQuantity(2_400_000, "notification emails", 2_400_000, "emails")).toBe(true);
    expect(sameQuantity(2.4, "million emails", 2_400_000, "emails")).toBe(false);
    expect(sameQuantity(90, "support ticket", 90, "support tickets")).toBe(true);
  });
});

describe("listCorpus", () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it("refuses a report without its expected facts, and facts without their report", () => {
    dir = mkdtempSync(path.join(tmpdir(), "corpus-"));
    writeFileSync(path.join(dir, "a.md"), "# A");
    expect(() => listCorpus(dir!)).toThrow("a.md has no a.expected.json beside it");
    writeFileSync(path.join(dir, "a.expected.json"), JSON.stringify({ source: "", style: "", facts: {} }));
    writeFileSync(path.join(dir, "b.expected.json"), "{}");
    expect(() => listCorpus(dir!)).toThrow("b.expected.json has no report beside it");
  });

  it("reads each report with its format", () => {
    dir = mkdtempSync(path.join(tmpdir(), "corpus-"));
    for (const file of ["a.md", "b.html", "c.docx", "d.txt"]) {
      writeFileSync(path.join(dir, file), "x");
      writeFileSync(path.join(dir, `${file.replace(/\.[^.]+$/, "")}.expected.json`), JSON.stringify({ source: "", style: "", facts: {} }));
    }
    writeFileSync(path.join(dir, "make-docx.py"), "");
    expect(listCorpus(dir).map((r) => [r.name, r.format])).toEqual([
      ["a", "text"],
      ["b", "html"],
      ["c", "docx"],
      ["d", "text"],
    ]);
  });
});

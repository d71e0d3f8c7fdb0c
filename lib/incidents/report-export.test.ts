import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { toJson, toMarkdown, toPlainText } from "@/lib/incidents/report-export";
import { parseReportText } from "@/lib/incidents/report-text/parse";
import { reportDocumentSchema, type ReportDocument } from "@/lib/incidents/schema";

const seedData = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/seed-data");
const SAMPLE = readFileSync(path.join(seedData, "inc-2024-1127-001.txt"), "utf8");
const sampleDoc = parseReportText(SAMPLE).document;
/** A hand-built report that uses every field: private, non-UTC, multi-day, owners, priorities, categories ... */
const fullDoc = reportDocumentSchema.parse(JSON.parse(readFileSync(path.join(seedData, "full-report.json"), "utf8")));

const exporters = { "plain text": toPlainText, Markdown: toMarkdown } as const;

function expectSameOverEveryField(back: ReportDocument, doc: ReportDocument) {
  for (const key of Object.keys(doc) as (keyof ReportDocument)[]) {
    expect(back[key], `field ${key}`).toEqual(doc[key]);
  }
  expect(Object.keys(back).sort()).toEqual(Object.keys(doc).sort());
}

describe("the hand-built report", () => {
  it("exercises every field, so the round trip below covers them all", () => {
    const empty = (value: unknown) => value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
    for (const [key, value] of Object.entries(fullDoc)) expect(empty(value), `field ${key}`).toBe(false);
    for (const [key, value] of Object.entries(fullDoc.impact)) expect(empty(value), `impact.${key}`).toBe(false);
    for (const key of ["unit", "baseline", "baselineUnit", "qualifier", "note"] as const) {
      expect(
        fullDoc.impact.metrics.some((m) => m[key] !== null),
        `a metric with ${key}`,
      ).toBe(true);
    }
    expect(new Set(fullDoc.lessonsLearned.map((l) => l.category))).toEqual(new Set(["GENERAL", "WENT_WELL", "WENT_WRONG", "LUCKY"]));
    expect(new Set(fullDoc.actionItems.map((a) => a.status))).toEqual(new Set(["OPEN", "IN_PROGRESS", "DONE", "WONT_DO"]));
    expect(new Set(fullDoc.actionItems.map((a) => a.priority))).toEqual(new Set(["CRITICAL", "HIGH", "MEDIUM", "LOW"]));
    expect(fullDoc.configuration.some((c) => c.previousValue === null)).toBe(true);
    expect(fullDoc.configuration.some((c) => c.scope === null)).toBe(true);
    expect(fullDoc.timeline.some((e) => e.occurredAt.slice(0, 10) !== fullDoc.timeline[0].occurredAt.slice(0, 10))).toBe(true);
    expect(fullDoc.private).toBe(true);
    expect(fullDoc.timeZone).not.toBe("UTC");
  });
});

describe.each(Object.entries(exporters))("export as %s", (_name, exportDoc) => {
  it("reads back the reference report over every field", () => {
    const back = parseReportText(exportDoc(sampleDoc));
    expectSameOverEveryField(back.document, sampleDoc);
    expect(back.warnings).toEqual([]);
  });

  it("reads back the hand-built report over every field", () => {
    const back = parseReportText(exportDoc(fullDoc));
    expectSameOverEveryField(back.document, fullDoc);
    expect(back.warnings).toEqual([]);
  });

  it("reads back a report with nothing but the required fields", () => {
    const minimal = reportDocumentSchema.parse({ title: "Minimal", severity: "Low", status: "INVESTIGATING" });
    expectSameOverEveryField(parseReportText(exportDoc(minimal)).document, minimal);
  });

  it("reads back when the wording would mislead: tags, explicit times and a start without a timeline entry", () => {
    const tricky = reportDocumentSchema.parse({
      title: "Timeline",
      severity: "SEV-2",
      status: "MONITORING",
      startedAt: "2024-11-27T13:00:00.000Z",
      detectedAt: null,
      mitigatedAt: "2024-11-27T14:00:00.500Z",
      timeline: [
        { occurredAt: "2024-11-27T13:30:00.000Z", text: "Alert fired", kind: "OBSERVATION" },
        { occurredAt: "2024-11-28T13:40:00.000Z", text: "Incident closed", kind: "ACTION" },
      ],
      actionItems: [{ title: "Next year", dueDate: "2025-03-01" }],
      followUp: { scheduledAt: "2024-12-02T16:30:00.000Z", note: null },
      impact: { usersAffected: 10, errorRate: 0.1234567, dataLoss: null, dataLossNote: "Unclear; being checked", metrics: [] },
    });
    expectSameOverEveryField(parseReportText(exportDoc(tricky)).document, tricky);
  });
});

// Reports as people write them: whatever the importer makes of them, the export must give back.
const IMPORTED_VARIANTS = {
  "Markdown with a table timeline across the new year": `# Checkout latency
**Incident ID:** INC-2024-1231-002
**Severity:** High

## Timeline (UTC)
| Time | Event |
|---|---|
| 23:40 | PagerDuty alert: p99 above 3s |
| 00:05 | Rolled back the cache change |
| 00:20 | Latency back to normal |

## Impact
* p99 latency 3.4 s vs baseline 400 ms
* ~1.2k customers affected
* Checkout felt sluggish

## Follow-up actions
1. [ ] Add a TTL guard (Owner: bob@example.com, Due: Jan 10, P1)
2. [x] Write the runbook (Due: Dec 31)

## Customer communication
Tweeted at 23:50.
`,
  "plain text in another zone with unknown header fields": `Postmortem - Queue backlog
Severity: Low
Incident Commander: Alice
Time zone: America/New_York

Timeline:
09:10 - Backlog alert fired
09:40 - Workers scaled out
10:05 - Backlog drained, incident closed

Lessons:
- Autoscaling lagged

Next review date: March 3, 2025
`,
};

describe.each(Object.entries(IMPORTED_VARIANTS))("an imported report (%s)", (_name, text) => {
  const doc = parseReportText(text).document;
  it.each(Object.entries(exporters))("reads back from %s over every field", (_format, exportDoc) => {
    expectSameOverEveryField(parseReportText(exportDoc(doc)).document, doc);
  });
});

describe("toPlainText", () => {
  it("writes the reference report in its own shape: the same lines, underlines aside", () => {
    const normalize = (text: string) =>
      text
        .split("\n")
        .map((line) => line.replace(/\s+$/, "").replace(/^([=-])\1{2,}$/, "$1$1$1"))
        .filter(Boolean);
    const exported = normalize(toPlainText(sampleDoc));
    const original = normalize(SAMPLE);
    expect([...exported].sort()).toEqual([...original].sort());
    // the one line not in its original place: the data-loss statement follows the measured numbers
    expect(exported.filter((line, i) => line !== original[i])).toEqual([
      "- Approximately 4,200 users affected during the incident",
      "- No data loss or corruption occurred",
    ]);
  });

  it("writes full timestamps when the timeline spans days, and states the zone", () => {
    const text = toPlainText(fullDoc);
    expect(text).toContain("Time zone: Europe/Berlin");
    expect(text).toContain("Private: Yes");
    expect(text).toContain("Duration: 2 hours 35 minutes (23:40 - 02:15)");
    expect(text).toContain("- [x] Write the certificate runbook (Priority: Low)");
    expect(text).toContain("- [ ] Validate the chain before rollout (Owner: alice@example.com, Due: 2025-02-14, Priority: High, Status: In progress)");
  });
});

describe("toMarkdown", () => {
  it("writes headings, bold fields, task lists and tables of contents a wiki renders", () => {
    const md = toMarkdown(sampleDoc);
    expect(md.split("\n").slice(0, 4)).toEqual([
      "# Production Database Connection Pool Exhaustion",
      "",
      "- **Incident ID:** INC-2024-1127-001",
      "- **Severity:** High",
    ]);
    expect(md).toContain("## Timeline\n\n- 14:23 UTC - Alert triggered: Database connection pool at 95% capacity\n");
    expect(md).toContain("### Contributing Factors\n\n1. Insufficient connection timeout configuration");
    expect(md).toContain("- [ ] Implement connection pool health checks in all services (Due: Dec 1)");
    expect(md).toContain("## Sign-off\n\n- **Report prepared by:** Site Reliability Engineering Team");
  });

  it("keeps a title that reads like a section heading or a prefix a title", () => {
    const doc = reportDocumentSchema.parse({ title: "Postmortem: Root Cause", severity: "Low" });
    expect(toMarkdown(doc).split("\n")[0]).toBe("# Incident report: Postmortem: Root Cause");
    expect(parseReportText(toMarkdown(doc)).document.title).toBe("Postmortem: Root Cause");
  });
});

describe("the author's sentences", () => {
  it("are written as the author wrote them: impact lines, configuration notes, deployment changes", () => {
    for (const exportDoc of Object.values(exporters)) {
      const text = exportDoc(sampleDoc);
      expect(text).toContain("- Primary API services experienced 23% error rate during peak impact\n");
      expect(text).toContain("- User-facing features showed significant latency (p95: 2.3s vs normal 180ms)\n");
      expect(text).toContain("- Connection timeout: 30s (restored from 300s)\n");
      expect(text).toContain("- Connection pool library upgraded from v1.2.3 to v2.4.1\n");
    }
    expect(toJson(sampleDoc)).toContain('"statement": "Primary API services experienced 23% error rate during peak impact"');
  });

  it("survive a typed value that no longer matches them: the explicit line carries the sentence, and reads back the same", () => {
    const edited: ReportDocument = {
      ...sampleDoc,
      impact: {
        ...sampleDoc.impact,
        metrics: sampleDoc.impact.metrics.map((m, i) => (i === 0 ? { ...m, value: 24, note: "Corrected from the dashboards" } : m)),
      },
      configuration: sampleDoc.configuration.map((c) => (c.key === "Connection timeout" ? { ...c, value: "45s" } : c)),
      deploymentChanges: sampleDoc.deploymentChanges.map((c, i) => (i === 0 ? { ...c, toVersion: "v2.4.2" } : c)),
    };
    for (const exportDoc of Object.values(exporters)) {
      const text = exportDoc(edited);
      expect(text).toContain("statement: Primary API services experienced 23% error rate during peak impact; note: Corrected from the dashboards");
      expect(text).toContain("statement: Connection timeout: 30s (restored from 300s)");
      expectSameOverEveryField(parseReportText(text).document, edited);
    }
  });
});

describe("toJson", () => {
  it("writes the document the JSON API accepts back unchanged", () => {
    const json = toJson(fullDoc);
    expect(reportDocumentSchema.parse(JSON.parse(json))).toEqual(fullDoc);
    expect(JSON.parse(json).startedAt).toBe("2025-01-31T22:40:00.000Z");
    expect(json.endsWith("}\n")).toBe(true);
  });
});

describe.each(Object.entries(exporters))("action item owners exported as %s", (_name, exportDoc) => {
  const doc = reportDocumentSchema.parse({
    title: "Owners",
    severity: "High",
    status: "RESOLVED",
    actionItems: [
      { title: "Add alerts", ownerName: "@dba-team", dueDate: "2031-03-20" },
      { title: "Rotate keys", ownerEmail: "ann@example.com", priority: "HIGH" },
      { title: "Move backups", ownerName: "Doe, Jane (contractor)" },
      { title: "Audit buckets", ownerName: "Platform Team; on-call" },
      { title: "Write docs", description: "Owner: an old note kept in the text\nStill open." },
    ],
  });

  it("read back as the same users' emails and the same names, whatever the names hold", () => {
    const back = parseReportText(exportDoc(doc)).document;
    expect(back.actionItems).toEqual(doc.actionItems);
  });

  it("are written beside the title when that reads back, else on a line of their own", () => {
    const text = exportDoc(doc);
    expect(text).toMatch(/Add alerts \(Owner: @dba-team, Due: [^)]+\)\n/);
    expect(text).toMatch(/Move backups\n\s+Owner: Doe, Jane \(contractor\)\n/);
    // an item without owner whose text would read as one says so
    expect(text).toContain("Write docs (Owner: none)");
  });
});

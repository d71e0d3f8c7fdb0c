import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "@/lib/errors";
import { generatePublicId } from "@/lib/incidents/public-id";
import { isDecorationLine } from "@/lib/incidents/report-text/headings";
import { parseReportText } from "@/lib/incidents/report-text/parse";

const SAMPLE = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/seed-data/inc-2024-1127-001.txt"), "utf8");

function errorOf(fn: () => unknown): InvalidInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error("expected an InvalidInputError");
}

/** A small plain-text report around the given lines, dated by its id (2024-11-27). */
function report(body: string, header = "Incident ID: INC-2024-1127-009\nSeverity: Low\nStatus: Resolved"): string {
  return `INCIDENT REPORT - Variant\n=================\n\n${header}\n\n${body}\n`;
}

function timelineOf(lines: string, header?: string) {
  return parseReportText(report(`Timeline:\n---------\n${lines}`, header)).document.timeline;
}

describe("parseReportText on the reference report", () => {
  const { document: doc, warnings, lineMap } = parseReportText(SAMPLE);

  it("reads the header fields", () => {
    expect(doc.publicId).toBe("INC-2024-1127-001");
    expect(doc.title).toBe("Production Database Connection Pool Exhaustion");
    expect(doc.severity).toBe("High");
    expect(doc.impactSummary).toBe("Service Degradation");
    expect(doc.status).toBe("RESOLVED");
    expect(doc.private).toBe(false);
    expect(doc.timeZone).toBe("UTC");
    expect(warnings).toEqual([]);
  });

  it("takes start and end from the Duration line and the milestones from the timeline", () => {
    expect(doc.startedAt).toBe("2024-11-27T14:23:00.000Z");
    expect(doc.endedAt).toBe("2024-11-27T15:10:00.000Z");
    expect(doc.detectedAt).toBe("2024-11-27T14:23:00.000Z");
    expect(doc.mitigatedAt).toBe("2024-11-27T14:45:00.000Z");
    expect(doc.resolvedAt).toBe("2024-11-27T15:10:00.000Z");
  });

  it("dates all nine timeline entries from the incident id and infers their kinds", () => {
    expect(doc.timeline).toEqual([
      { occurredAt: "2024-11-27T14:23:00.000Z", text: "Alert triggered: Database connection pool at 95% capacity", kind: "ALERT", milestone: "DETECTED" },
      { occurredAt: "2024-11-27T14:25:00.000Z", text: "Engineering team paged for high-priority incident", kind: "PAGE", milestone: null },
      { occurredAt: "2024-11-27T14:28:00.000Z", text: "Initial investigation shows increased query latency", kind: "OBSERVATION", milestone: null },
      { occurredAt: "2024-11-27T14:30:00.000Z", text: "Identified recent deployment as potential cause", kind: "OBSERVATION", milestone: null },
      { occurredAt: "2024-11-27T14:35:00.000Z", text: "Rollback initiated for deployment v2.4.1", kind: "ACTION", milestone: null },
      { occurredAt: "2024-11-27T14:40:00.000Z", text: "Connection pool usage begins decreasing", kind: "OBSERVATION", milestone: null },
      { occurredAt: "2024-11-27T14:45:00.000Z", text: "Service metrics returning to normal levels", kind: "OBSERVATION", milestone: "MITIGATED" },
      { occurredAt: "2024-11-27T14:50:00.000Z", text: "Monitoring confirms stable operation", kind: "OBSERVATION", milestone: null },
      { occurredAt: "2024-11-27T15:10:00.000Z", text: "Incident closed, post-mortem initiated", kind: "MILESTONE", milestone: "RESOLVED" },
    ]);
  });

  it("keeps the root cause as Markdown and the four contributing factors as a list", () => {
    expect(doc.rootCause).toBe(
      "The incident was caused by a memory leak in the newly deployed database connection pool configuration. The deployment v2.4.1 introduced changes to connection pooling logic that failed to properly close idle connections after query completion. This led to gradual accumulation of open connections until the pool was exhausted.",
    );
    expect(doc.contributingFactors).toEqual([
      "Insufficient connection timeout configuration (increased from 30s to 300s)",
      "Missing connection validation in the new pooling implementation",
      "Lack of monitoring alerts for gradual connection pool growth",
      "Inadequate load testing for the new connection pool logic",
    ]);
    expect([doc.summary, doc.trigger, doc.detection, doc.supportingInfo]).toEqual([null, null, null, null]);
  });

  it("turns the impact assessment into typed numbers, each beside the sentence it was read from", () => {
    expect(doc.impact).toEqual({
      usersAffected: 4200,
      errorRate: 0.23,
      dataLoss: false,
      dataLossNote: "No data loss or corruption occurred",
      metrics: [
        {
          kind: "ERROR_RATE",
          label: "Error rate",
          value: 23,
          unit: "%",
          baseline: null,
          baselineUnit: null,
          qualifier: "at peak",
          statement: "Primary API services experienced 23% error rate during peak impact",
          note: null,
        },
        {
          kind: "LATENCY",
          label: "p95 latency",
          value: 2.3,
          unit: "s",
          baseline: 180,
          baselineUnit: "ms",
          qualifier: null,
          statement: "User-facing features showed significant latency (p95: 2.3s vs normal 180ms)",
          note: null,
        },
        {
          kind: "DELAY",
          label: "Background job processing delay",
          value: 15,
          unit: "min",
          baseline: null,
          baselineUnit: null,
          qualifier: "approximately",
          statement: "Background job processing delayed by approximately 15 minutes",
          note: null,
        },
        {
          kind: "USERS_AFFECTED",
          label: "Users affected",
          value: 4200,
          unit: "users",
          baseline: null,
          baselineUnit: null,
          qualifier: "approximately",
          statement: "Approximately 4,200 users affected during the incident",
          note: null,
        },
      ],
    });
  });

  it("reads resolution steps, preventive measures and lessons", () => {
    expect(doc.resolutionSteps).toEqual([
      "Emergency rollback to previous stable version (v2.4.0)",
      "Implementation of connection pool monitoring with real-time alerts",
      "Updated deployment procedure to include connection pool validation",
      "Added automated load testing for database connection scenarios",
      "Enhanced logging for connection pool state changes",
    ]);
    expect(doc.preventiveMeasures).toEqual([
      "Code review checklist updated to include connection management validation",
      "Automated testing for connection leak scenarios in CI/CD pipeline",
      "Monitoring dashboard enhanced with connection pool metrics",
      "Incident response playbooks updated for database-related issues",
      "Monthly performance regression testing implemented",
    ]);
    expect(doc.lessonsLearned).toEqual([
      { category: "GENERAL", text: "Database connection changes require comprehensive testing" },
      { category: "GENERAL", text: "Monitoring should include gradual metric degradation, not just thresholds" },
      { category: "GENERAL", text: "Rollback procedures should be tested regularly" },
      { category: "GENERAL", text: "Connection pool behavior varies significantly with load patterns" },
      { category: "GENERAL", text: "Memory leaks can manifest as resource exhaustion in unexpected ways" },
    ]);
  });

  it("reads the technical details: services, configuration with previous values, deployment changes, each line kept as written", () => {
    expect(doc.services).toEqual(["User Authentication Service", "Transaction Processing Service", "Reporting Dashboard API", "Background Job Queue"]);
    const scope = "Database Configuration";
    expect(doc.configuration).toEqual([
      {
        scope,
        key: "PostgreSQL 13.7 with connection pooling",
        value: "",
        previousValue: null,
        statement: "PostgreSQL 13.7 with connection pooling",
        note: null,
      },
      { scope, key: "Max connections", value: "200", previousValue: null, statement: "Max connections: 200", note: null },
      { scope, key: "Connection timeout", value: "30s", previousValue: "300s", statement: "Connection timeout: 30s (restored from 300s)", note: "restored" },
      { scope, key: "Idle connection timeout", value: "10s", previousValue: null, statement: "Idle connection timeout: 10s", note: null },
    ]);
    expect(doc.deploymentChanges).toEqual([
      {
        component: "Connection pool library",
        fromVersion: "v1.2.3",
        toVersion: "v2.4.1",
        statement: "Connection pool library upgraded from v1.2.3 to v2.4.1",
        note: "upgraded",
      },
      { component: "Connection reuse logic", fromVersion: null, toVersion: null, statement: "Connection reuse logic modified", note: "modified" },
      {
        component: "Connection validation",
        fromVersion: null,
        toVersion: null,
        statement: "Connection validation removed (root cause)",
        note: "removed (root cause)",
      },
    ]);
  });

  it("dates the action items in the incident's year and keeps them open", () => {
    expect(doc.actionItems).toEqual([
      {
        title: "Implement connection pool health checks in all services",
        description: null,
        ownerEmail: null,
        dueDate: "2024-12-01",
        priority: "MEDIUM",
        status: "OPEN",
      },
      { title: "Update incident response documentation", description: null, ownerEmail: null, dueDate: "2024-11-30", priority: "MEDIUM", status: "OPEN" },
      {
        title: "Schedule quarterly load testing for database scenarios",
        description: null,
        ownerEmail: null,
        dueDate: "2024-12-15",
        priority: "MEDIUM",
        status: "OPEN",
      },
      {
        title: "Review and update all database-related monitoring alerts",
        description: null,
        ownerEmail: null,
        dueDate: "2024-12-08",
        priority: "MEDIUM",
        status: "OPEN",
      },
      {
        title: "Conduct team training on database performance troubleshooting",
        description: null,
        ownerEmail: null,
        dueDate: "2024-12-22",
        priority: "MEDIUM",
        status: "OPEN",
      },
    ]);
  });

  it("reads the follow-up review, attachments and sign-off", () => {
    expect(doc.followUp).toEqual({
      scheduledAt: "2024-12-15T00:00:00.000Z",
      note: "A follow-up review is scheduled for December 15th to verify the effectiveness of implemented preventive measures and ensure no recurrence of similar issues. The development team will present findings from the enhanced load testing and monitoring improvements.",
    });
    expect(doc.attachmentsListed).toEqual([
      "Monitoring graphs showing connection pool usage",
      "Error logs from affected time period",
      "Rollback procedure documentation",
      "Load test results and analysis",
    ]);
    expect(doc.preparedBy).toBe("Site Reliability Engineering Team");
    expect(doc.reviewedBy).toBe("Engineering Management");
    expect(doc.extraSections).toEqual([]);
  });

  it("maps every non-blank, non-decoration line to a field", () => {
    const lines = SAMPLE.split("\n");
    const content = lines.map((text, i) => ({ line: i + 1, text })).filter((l) => l.text.trim() && !isDecorationLine(l.text));
    const mapped = new Set(lineMap.map((e) => e.line));
    expect(content.filter((l) => !mapped.has(l.line))).toEqual([]);
    expect(content).toHaveLength(78);
  });

  it("says which field each line went into", () => {
    const fieldsOf = (line: number) => lineMap.filter((e) => e.line === line).map((e) => e.field);
    expect(fieldsOf(1)).toEqual(["title"]);
    expect(fieldsOf(7)).toEqual(["startedAt", "endedAt"]);
    expect(fieldsOf(12)).toEqual(["timeline[0]", "detectedAt"]);
    expect(fieldsOf(34)).toEqual(["impact.metrics[0]", "impact.errorRate"]);
    expect(fieldsOf(37)).toEqual(["impact.dataLoss"]);
    expect(fieldsOf(67)).toEqual(["configuration[2]"]);
    expect(fieldsOf(93)).toEqual(["followUp.note"]);
    expect(fieldsOf(104)).toEqual(["followUp.scheduledAt"]);
  });

  it("leaves a missing public id to the store, which generates INC-YYYY-MMDD-NNN", () => {
    const { document } = parseReportText(SAMPLE.replace("Incident ID: INC-2024-1127-001\n", "Date: 2024-11-27\n"));
    expect(document.publicId).toBeUndefined();
    expect(document.timeline[0].occurredAt).toBe("2024-11-27T14:23:00.000Z");
    expect(generatePublicId(new Date("2024-11-27T14:23:00Z"), 1)).toBe("INC-2024-1127-001");
    expect(generatePublicId("2024-11-27T23:30:00Z", 12, "Europe/Berlin")).toBe("INC-2024-1128-012");
  });
});

describe("parseReportText timeline forms", () => {
  it.each([
    ["2024-11-27 14:23 UTC - Alert fired", "2024-11-27T14:23:00.000Z"],
    ["2024-11-27T14:23:00Z Alert fired", "2024-11-27T14:23:00.000Z"],
    ["2024-11-27T15:23:00+01:00 Alert fired", "2024-11-27T14:23:00.000Z"],
    ["14:23 - Alert fired", "2024-11-27T14:23:00.000Z"],
    ["[14:23] Alert fired", "2024-11-27T14:23:00.000Z"],
    ["14:23:05 UTC: Alert fired", "2024-11-27T14:23:05.000Z"],
    ["| 14:23 | Alert fired |", "2024-11-27T14:23:00.000Z"],
    ["- **14:23 UTC** — Alert fired", "2024-11-27T14:23:00.000Z"],
    ["* 14:23 – Alert fired", "2024-11-27T14:23:00.000Z"],
    ["2:23 PM - Alert fired", "2024-11-27T14:23:00.000Z"],
    ["Nov 27, 2024 14:23 UTC - Alert fired", "2024-11-27T14:23:00.000Z"],
    ["06:23 PST - Alert fired", "2024-11-27T14:23:00.000Z"],
  ])("reads %s", (line, expected) => {
    const [entry] = timelineOf(line);
    expect(entry).toEqual({ occurredAt: expected, text: "Alert fired", kind: "ALERT", milestone: "DETECTED" });
  });

  it("reads a Markdown table with a header row and a type column", () => {
    const timeline = timelineOf("| Time (UTC) | Type | What happened |\n|---|---|---|\n| 14:23 | Alert | Pool at 95% |\n| 14:35 | Action | Rollback started |");
    expect(timeline.map((e) => [e.occurredAt, e.kind, e.text])).toEqual([
      ["2024-11-27T14:23:00.000Z", "ALERT", "Pool at 95%"],
      ["2024-11-27T14:35:00.000Z", "ACTION", "Rollback started"],
    ]);
  });

  it("rolls entries after midnight over to the next day", () => {
    const timeline = timelineOf(
      "23:50 UTC - Alert fired\n23:58 UTC - On-call paged\n00:10 UTC - Rollback completed, errors back to normal\n01:05 UTC - Incident closed",
    );
    expect(timeline.map((e) => e.occurredAt)).toEqual([
      "2024-11-27T23:50:00.000Z",
      "2024-11-27T23:58:00.000Z",
      "2024-11-28T00:10:00.000Z",
      "2024-11-28T01:05:00.000Z",
    ]);
    expect(timeline.map((e) => e.milestone)).toEqual(["DETECTED", null, "MITIGATED", "RESOLVED"]);
  });

  it("follows day lines in a timeline that spans days", () => {
    const timeline = timelineOf("November 27, 2024\n22:00 - Alert fired\n\nNovember 29, 2024\n09:00 - Incident closed");
    expect(timeline.map((e) => e.occurredAt)).toEqual(["2024-11-27T22:00:00.000Z", "2024-11-29T09:00:00.000Z"]);
  });

  it("puts an entry written slightly out of order in order, with a warning", () => {
    const result = parseReportText(report("Timeline:\n14:30 - Rollback started\n14:25 - Alert fired"));
    expect(result.document.timeline.map((e) => e.text)).toEqual(["Alert fired", "Rollback started"]);
    expect(result.warnings.join(" ")).toMatch(/Line 10: this entry is earlier than the one before it/);
  });

  it("reads times without a zone in the zone the timeline heading or the caller names", () => {
    expect(timelineOf("06:23 - Alert fired")[0].occurredAt).toBe("2024-11-27T06:23:00.000Z");
    const fromHeading = parseReportText(report("Timeline (PST):\n---------------\n06:23 - Alert fired")).document;
    expect(fromHeading.timeline[0].occurredAt).toBe("2024-11-27T14:23:00.000Z");
    expect(fromHeading.timeZone).toBe("America/Los_Angeles");
    const fromCaller = parseReportText(report("Timeline:\n15:23 - Alert fired"), { timeZone: "Europe/Berlin" }).document;
    expect(fromCaller.timeline[0].occurredAt).toBe("2024-11-27T14:23:00.000Z");
    expect(fromCaller.timeZone).toBe("Europe/Berlin");
  });

  it("keeps timeline lines without a time as timeline notes", () => {
    const result = parseReportText(report("Timeline:\n14:23 - Alert fired\n\nThe graphs were delayed by the scrape interval."));
    expect(result.document.extraSections).toEqual([{ heading: "Timeline notes", body: "The graphs were delayed by the scrape interval." }]);
  });

  it("takes the day from the review date when the report names no other, and says so", () => {
    const text =
      "INCIDENT REPORT - Queue backlog\n\nSeverity: Medium\n\nTimeline:\n09:10 - Backlog alert fired\n09:40 - Workers scaled out\n10:05 - Backlog drained, incident closed\n\nNext review date: March 3, 2025\n";
    const { document, warnings } = parseReportText(text);
    expect(document.timeline.map((e) => e.occurredAt)).toEqual(["2025-03-03T09:10:00.000Z", "2025-03-03T09:40:00.000Z", "2025-03-03T10:05:00.000Z"]);
    expect(document.startedAt).toBe("2025-03-03T09:10:00.000Z");
    expect(document.endedAt).toBe("2025-03-03T10:05:00.000Z");
    expect(document.followUp).toEqual({ scheduledAt: "2025-03-03T00:00:00.000Z", note: null });
    expect(warnings).toContain("The report gives no incident date; the timeline was placed on the review date, 2025-03-03. Check the times.");
  });

  it("uses today when the report names no date at all, and says so", () => {
    const { document, warnings } = parseReportText("INCIDENT REPORT - X\n\nTimeline:\n09:10 - Alert fired\n", { now: new Date("2025-06-01T12:00:00Z") });
    expect(document.timeline[0].occurredAt).toBe("2025-06-01T09:10:00.000Z");
    expect(warnings.join(" ")).toMatch(/placed on 2025-06-01 \(today\)/);
  });
});

const MARKDOWN = `# Checkout latency spike

**Incident ID:** INC-2024-1231-002
**Severity:** critical
**Status:** Closed
**Private:** yes

An intro paragraph before the first section.

## Timeline (UTC)

| Time | Event |
|------|-------|
| 23:40 | PagerDuty alert: checkout p99 above 3s |
| 23:45 | On-call paged and engaged |
| 00:05 | Rolled back the cache change |
| 00:20 | Latency back to normal |
| 00:25 | Incident resolved |

## RCA

A cache TTL change made every request miss.

### How the TTL was chosen

It was copied from staging.

## Impact

* p99 latency 3.4 s vs baseline 400 ms
* ~1.2k customers affected
* Checkout felt sluggish
* Data loss: none

## Contributing Factors

- No canary for config changes
- Holiday freeze exceptions

## What went well

- Fast rollback

## What went wrong

1. Alert was noisy

## Where we got lucky

- Low traffic

## Follow-up actions

1. [ ] Add a cache TTL guard (Owner: Bob@Example.com, Due: Jan 10, P1)
2. [x] Write the runbook (Due: Dec 31)
3. [ ] Review freeze policy — owner: platform leads, due: Oct 1
   Needs the VP's sign-off.

## Customer communication

Tweeted at 23:50.
Status page updated.

---

**Prepared by:** Checkout team
**Reviewed by:** CTO
`;

describe("parseReportText on a Markdown report", () => {
  const { document: doc, lineMap } = parseReportText(MARKDOWN);

  it("reads # headings, **bold** fields and the intro paragraph", () => {
    expect(doc.title).toBe("Checkout latency spike");
    expect(doc.publicId).toBe("INC-2024-1231-002");
    expect(doc.severity).toBe("Critical");
    expect(doc.status).toBe("CLOSED");
    expect(doc.private).toBe(true);
    expect(doc.summary).toBe("An intro paragraph before the first section.");
    expect(doc.preparedBy).toBe("Checkout team");
    expect(doc.reviewedBy).toBe("CTO");
  });

  it("reads the table timeline across midnight into the new year", () => {
    expect(doc.timeline).toEqual([
      { occurredAt: "2024-12-31T23:40:00.000Z", text: "PagerDuty alert: checkout p99 above 3s", kind: "ALERT", milestone: "DETECTED" },
      { occurredAt: "2024-12-31T23:45:00.000Z", text: "On-call paged and engaged", kind: "PAGE", milestone: null },
      { occurredAt: "2025-01-01T00:05:00.000Z", text: "Rolled back the cache change", kind: "ACTION", milestone: null },
      { occurredAt: "2025-01-01T00:20:00.000Z", text: "Latency back to normal", kind: "OBSERVATION", milestone: "MITIGATED" },
      { occurredAt: "2025-01-01T00:25:00.000Z", text: "Incident resolved", kind: "MILESTONE", milestone: "RESOLVED" },
    ]);
    expect([doc.startedAt, doc.endedAt]).toEqual(["2024-12-31T23:40:00.000Z", "2025-01-01T00:25:00.000Z"]);
  });

  it("reads RCA as the root cause and keeps its deeper heading inside it", () => {
    expect(doc.rootCause).toBe("A cache TTL change made every request miss.\n\n### How the TTL was chosen\n\nIt was copied from staging.");
    expect(doc.contributingFactors).toEqual(["No canary for config changes", "Holiday freeze exceptions"]);
  });

  it("reads impact bullets into metrics, keeping prose in the impact summary", () => {
    expect(doc.impact.metrics.map((m) => [m.kind, m.label, m.value, m.unit, m.baseline, m.baselineUnit, m.qualifier])).toEqual([
      ["LATENCY", "p99 latency", 3.4, "s", 400, "ms", null],
      ["USERS_AFFECTED", "Customers affected", 1200, "customers", null, null, "approximately"],
    ]);
    expect(doc.impact.usersAffected).toBe(1200);
    expect(doc.impact.dataLoss).toBe(false);
    expect(doc.impact.dataLossNote).toBeNull();
    expect(doc.impactSummary).toBe("Checkout felt sluggish");
  });

  it("files what went well / wrong / lucky as lesson categories", () => {
    expect(doc.lessonsLearned).toEqual([
      { category: "WENT_WELL", text: "Fast rollback" },
      { category: "WENT_WRONG", text: "Alert was noisy" },
      { category: "LUCKY", text: "Low traffic" },
    ]);
  });

  it("reads follow-up actions with owners, priorities, done state and year rollover", () => {
    expect(doc.actionItems).toEqual([
      { title: "Add a cache TTL guard", description: null, ownerEmail: "bob@example.com", dueDate: "2025-01-10", priority: "HIGH", status: "OPEN" },
      { title: "Write the runbook", description: null, ownerEmail: null, dueDate: "2024-12-31", priority: "MEDIUM", status: "DONE" },
      {
        title: "Review freeze policy",
        description: "Needs the VP's sign-off.",
        ownerEmail: null,
        ownerName: "platform leads",
        dueDate: "2025-10-01",
        priority: "MEDIUM",
        status: "OPEN",
      },
    ]);
  });

  it("keeps the unknown section", () => {
    expect(doc.extraSections).toEqual([{ heading: "Customer communication", body: "Tweeted at 23:50.\nStatus page updated." }]);
  });

  it("maps every content line", () => {
    const mapped = new Set(lineMap.map((e) => e.line));
    const unmapped = MARKDOWN.split("\n")
      .map((text, i) => ({ line: i + 1, text }))
      .filter((l) => l.text.trim() && !isDecorationLine(l.text) && !mapped.has(l.line));
    expect(unmapped).toEqual([]);
  });
});

const SRE_BOOK_STYLE = `# Postmortem: Search cluster overload (2015-10-21)

**Authors:** ana, bo

**Status:** Complete, action items in progress

**Summary:** Search was down for 66 minutes after a traffic surge.

**Impact:** Estimated 1.2B queries lost, no revenue impact.

**Root Causes:** A resource leak under very high load.

**Resolution:** Moved traffic to a sacrificial cluster.

## Action Items

| Action Item | Type | Owner | Bug |
|-------------|------|-------|-----|
| Update the playbook for cascading failure | mitigate | ana | n/a **DONE** |
| Balance load between clusters | prevent | bo@example.com | Bug 42 **TODO** |

## Timeline

2015-10-21 (all times UTC)

* 14:51 A blog post links to the search page
* 14:54 **OUTAGE BEGINS** — backends start failing under load
* 14:55 ana receives pager storm from all clusters
* 15:01 **INCIDENT BEGINS** ana declares an incident
* 15:28 **OUTAGE MITIGATED**, traffic to the sacrificial cluster recovers
* 16:00 **OUTAGE ENDS**, traffic balanced across all clusters
`;

describe("parseReportText on an SRE-book style report", () => {
  const { document: doc, lineMap } = parseReportText(SRE_BOOK_STYLE);

  it("reads the bold summary fields", () => {
    expect(doc.title).toBe("Search cluster overload (2015-10-21)");
    expect(doc.preparedBy).toBe("ana, bo");
    expect(doc.status).toBe("CLOSED");
    expect(doc.summary).toBe("Search was down for 66 minutes after a traffic surge.");
    // the Impact field's sentence states a count: a metric with the sentence kept beside it, as in an Impact section
    expect(doc.impactSummary).toBeNull();
    expect(doc.impact.metrics).toEqual([
      expect.objectContaining({
        kind: "COUNT",
        value: 1_200_000_000,
        unit: "queries",
        qualifier: "estimated",
        statement: "Estimated 1.2B queries lost, no revenue impact.",
      }),
    ]);
    expect(doc.rootCause).toBe("A resource leak under very high load.");
    expect(doc.resolutionSteps).toEqual(["Moved traffic to a sacrificial cluster."]);
    expect(doc.extraSections).toEqual([]);
  });

  it("dates the timeline from its day line and takes start and end from the outage markers", () => {
    expect(doc.timeline.map((e) => [e.occurredAt.slice(11, 16), e.kind, e.milestone])).toEqual([
      ["14:51", "OBSERVATION", null],
      ["14:54", "MILESTONE", null],
      ["14:55", "PAGE", "DETECTED"],
      ["15:01", "MILESTONE", null],
      ["15:28", "OBSERVATION", "MITIGATED"],
      ["16:00", "MILESTONE", "RESOLVED"],
    ]);
    expect(doc.timeline[1].text).toBe("**OUTAGE BEGINS** — backends start failing under load");
    expect([doc.startedAt, doc.detectedAt, doc.mitigatedAt, doc.endedAt]).toEqual([
      "2015-10-21T14:54:00.000Z",
      "2015-10-21T14:55:00.000Z",
      "2015-10-21T15:28:00.000Z",
      "2015-10-21T16:00:00.000Z",
    ]);
  });

  it("keeps table columns it has no field for in the action item's description", () => {
    expect(doc.actionItems).toEqual([
      {
        title: "Update the playbook for cascading failure",
        description: "Type: mitigate\nBug: n/a **DONE**",
        ownerEmail: null,
        ownerName: "ana",
        dueDate: null,
        priority: "MEDIUM",
        status: "DONE",
      },
      {
        title: "Balance load between clusters",
        description: "Type: prevent\nBug: Bug 42 **TODO**",
        ownerEmail: "bo@example.com",
        dueDate: null,
        priority: "MEDIUM",
        status: "OPEN",
      },
    ]);
  });

  it("maps every content line", () => {
    const mapped = new Set(lineMap.map((e) => e.line));
    const unmapped = SRE_BOOK_STYLE.split("\n")
      .map((text, i) => ({ line: i + 1, text }))
      .filter((l) => l.text.trim() && !isDecorationLine(l.text) && !mapped.has(l.line));
    expect(unmapped).toEqual([]);
  });
});

describe("parseReportText headings and sections", () => {
  it.each([
    ["Root Cause", "rootCause"],
    ["Root Causes", "rootCause"],
    ["RCA", "rootCause"],
    ["ROOT CAUSE ANALYSIS", "rootCause"],
    ["Summary", "summary"],
    ["Executive Summary", "summary"],
    ["Trigger", "trigger"],
    ["Detection", "detection"],
    ["Supporting Information", "supportingInfo"],
  ] as const)("files a %s section as %s", (heading, field) => {
    const doc = parseReportText(report(`${heading}:\n${"-".repeat(heading.length + 1)}\nSome **markdown** text.`)).document;
    expect(doc[field]).toBe("Some **markdown** text.");
  });

  it.each(["Impact", "Impact Assessment", "## Customer Impact"])("reads %s as the impact section", (heading) => {
    const h = heading.startsWith("#") ? heading : `${heading}:\n${"-".repeat(heading.length + 1)}`;
    expect(parseReportText(report(`${h}\n- 5% error rate`)).document.impact.errorRate).toBe(0.05);
  });

  it.each(["Action Items", "Follow-up actions", "Next steps", "Corrective Actions"])("reads %s as action items", (heading) => {
    const doc = parseReportText(report(`${heading}:\n${"-".repeat(heading.length + 1)}\n- [ ] Fix it`)).document;
    expect(doc.actionItems.map((a) => a.title)).toEqual(["Fix it"]);
  });

  it("keeps unknown sections with their text, never dropping them", () => {
    const doc = parseReportText(
      report("Customer Communication:\n-----------------------\nStatus page updated at 14:40.\n\n- Email sent\n\nAppendix:\n---------\nRaw logs"),
    ).document;
    expect(doc.extraSections).toEqual([
      { heading: "Customer Communication", body: "Status page updated at 14:40.\n\n- Email sent" },
      { heading: "Appendix", body: "Raw logs" },
    ]);
  });

  it("keeps unknown header fields under Details", () => {
    const doc = parseReportText(
      report("Root Cause:\n-----------\nx", "Incident ID: INC-2024-1127-009\nSeverity: Low\nIncident Commander: Alice\nRegion: eu-west-1"),
    ).document;
    expect(doc.extraSections).toEqual([{ heading: "Details", body: "Incident Commander: Alice\nRegion: eu-west-1" }]);
  });

  it("accepts a report with sections missing and says what it assumed", () => {
    const { document, warnings } = parseReportText("Postmortem: Cache outage\n\nRoot cause:\nA bad TTL.\n");
    expect(document.title).toBe("Cache outage");
    expect(document.rootCause).toBe("A bad TTL.");
    expect(document.timeline).toEqual([]);
    expect([document.startedAt, document.endedAt, document.followUp]).toEqual([null, null, null]);
    expect(document.severity).toBe("Medium");
    expect(document.status).toBe("INVESTIGATING");
    expect(warnings).toEqual(["The report gives no status; it was set to Investigating.", "The report gives no severity; it was set to Medium."]);
  });

  it("reads a done action item, priorities and a won't-do item", () => {
    const doc = parseReportText(
      report(
        "Action Items:\n- [x] Add alert (Due: 2024-12-01)\n- [ ] Rewrite pool (P0)\n- [-] Replace database\n- [ ] Load test (Priority: Low, Status: In progress)",
      ),
    ).document;
    expect(doc.actionItems.map((a) => [a.title, a.status, a.priority, a.dueDate])).toEqual([
      ["Add alert", "DONE", "MEDIUM", "2024-12-01"],
      ["Rewrite pool", "OPEN", "CRITICAL", null],
      ["Replace database", "WONT_DO", "MEDIUM", null],
      ["Load test", "IN_PROGRESS", "LOW", null],
    ]);
  });

  it("rolls year-less due dates earlier than the incident month into the next year", () => {
    const december = "Incident ID: INC-2024-1215-001\nSeverity: Low\nStatus: Resolved";
    const doc = parseReportText(report("Action Items:\n- [ ] A (Due: Jan 10)\n- [ ] B (Due: Dec 20)\n- [ ] C (Due: Nov 30)", december)).document;
    expect(doc.actionItems.map((a) => a.dueDate)).toEqual(["2025-01-10", "2024-12-20", "2025-11-30"]);
  });

  it("keeps an owner that is not an email address as the owner's name, and a due date that is no date in the description", () => {
    const doc = parseReportText(report("Action Items:\n- [ ] Fix it (Owner: @alice, Due: next sprint)")).document;
    expect(doc.actionItems[0]).toMatchObject({ title: "Fix it", ownerEmail: null, ownerName: "@alice", dueDate: null, description: "Due: next sprint" });
  });

  it("reads explicit start, detection and end lines over the timeline", () => {
    const doc = parseReportText(
      report(
        "Timeline:\n14:00 - Deploy started\n14:23 - Alert fired\n15:10 - Incident closed",
        "Incident ID: INC-2024-1127-009\nSeverity: Low\nStatus: Resolved\nStarted: 2024-11-27 14:05 UTC\nDetected: 14:20 UTC\nEnded: 2024-11-27T15:00:00Z",
      ),
    ).document;
    expect([doc.startedAt, doc.detectedAt, doc.endedAt, doc.resolvedAt]).toEqual([
      "2024-11-27T14:05:00.000Z",
      "2024-11-27T14:20:00.000Z",
      "2024-11-27T15:00:00.000Z",
      "2024-11-27T15:10:00.000Z",
    ]);
  });

  it("reads 'Timeline (UTC)', duration without a range, and a non-UTC time zone field", () => {
    const doc = parseReportText(
      report(
        "Timeline (UTC):\n---------------\n13:23 - Alert fired",
        "Incident ID: INC-2024-1127-009\nSeverity: Low\nStatus: Resolved\nTime zone: Europe/Berlin\nDuration: 1h 5m",
      ),
    ).document;
    expect(doc.timeZone).toBe("Europe/Berlin");
    expect(doc.startedAt).toBe("2024-11-27T13:23:00.000Z");
    expect(doc.endedAt).toBe("2024-11-27T14:28:00.000Z");
  });
});

describe("parseReportText errors", () => {
  it("refuses empty text", () => {
    expect(errorOf(() => parseReportText("")).message).toMatch(/report text is empty/);
    expect(errorOf(() => parseReportText(" \n\t\n")).message).toMatch(/report text is empty/);
  });

  it("refuses text over 1 MB", () => {
    const error = errorOf(() => parseReportText(`INCIDENT REPORT - Big\n${"x".repeat(1024 * 1024)}`));
    expect(error.message).toBe("The report text is 1.0 MB; the limit is 1 MB.");
  });

  it("refuses text with no report structure", () => {
    const error = errorOf(() => parseReportText("We had lunch.\nIt was nice.\n"));
    expect(error.message).toMatch(/no title and no known section/);
  });

  it("names the line of a date that does not exist", () => {
    expect(errorOf(() => parseReportText(report("Timeline:\n2024-13-45 14:23 UTC - Alert fired"))).message).toBe('Line 9: "2024-13-45" is not a real date.');
    expect(errorOf(() => parseReportText(report("Timeline:\n25:10 - Alert fired"))).message).toBe('Line 9: "25:10" is not a valid time.');
    expect(errorOf(() => parseReportText(report("Action Items:\n- [ ] Fix (Due: Feb 30)"))).message).toBe('Line 9: "Feb 30" is not a real date.');
    expect(errorOf(() => parseReportText(report("Notes:\n---\nx\n\nNext review date: December 45, 2024"))).message).toBe(
      'Line 12: "December 45, 2024" is not a real date.',
    );
  });

  it("names the line when stated times contradict each other", () => {
    const error = errorOf(() =>
      parseReportText(report("Root Cause:\n---\nx", "Severity: Low\nStatus: Resolved\nStarted: 2024-11-27 15:00 UTC\nEnded: 2024-11-27 14:00 UTC")),
    );
    expect(error.message).toBe(
      "The report could not be imported: Line 7: endedAt: the end (2024-11-27T14:00:00.000Z) is before the start (2024-11-27T15:00:00.000Z)",
    );
    expect(error.issues[0].path).toBe("endedAt");
  });

  it("refuses an unknown time zone option", () => {
    expect(errorOf(() => parseReportText(SAMPLE, { timeZone: "Mars/Olympus" })).message).toMatch(/"Mars\/Olympus" is not a time zone/);
  });

  it("refuses a start in year 0001 or 0099 and a due date in year 0001 with the line and the accepted years, never storing 1901 or 1999", () => {
    const report = (started: string, due = "2024-12-20") =>
      `INCIDENT REPORT - Absurd dates\n\nIncident ID: INC-DATES-1\nSeverity: High\nStarted: ${started}\n\nAction Items:\n- [ ] Fix it (Due: ${due})\n`;
    expect(parseReportText(report("2024-12-15T14:23:00Z")).document.startedAt).toBe("2024-12-15T14:23:00.000Z");
    expect(errorOf(() => parseReportText(report("0001-01-01T00:00:00Z"))).message).toBe(
      'Line 5: "0001-01-01" is outside the dates Hindsight accepts: the year must be between 1970 and 2100 (inclusive).',
    );
    expect(errorOf(() => parseReportText(report("0099-06-01 10:00 UTC"))).message).toMatch(/^Line 5: "0099-06-01" is outside .* between 1970 and 2100/);
    expect(errorOf(() => parseReportText(report("2101-01-01T00:00:00Z"))).message).toMatch(/^Line 5: /);
    expect(errorOf(() => parseReportText(report("2024-12-15T14:23:00Z", "0001-01-01"))).message).toMatch(/^Line 8: "0001-01-01" is outside/);
  });
});

import { describe, expect, it } from "vitest";
import { toMarkdown, toPlainText } from "@/lib/incidents/report-export";
import { parseImpactLine } from "@/lib/incidents/report-text/impact";
import { parseReportText } from "@/lib/incidents/report-text/parse";
import type { ImpactMetric } from "@/lib/incidents/schema";

type Typed = [kind: string, label: string, value: number, unit: string | null, baseline: number | null, baselineUnit: string | null, qualifier: string | null];

function metricsOf(line: string): ImpactMetric[] {
  const parsed = parseImpactLine(line);
  return parsed.type === "metric" ? [parsed.metric] : parsed.type === "metrics" ? parsed.metrics : [];
}

function typed(line: string): Typed[] {
  return metricsOf(line).map((m) => [m.kind, m.label, m.value, m.unit, m.baseline, m.baselineUnit, m.qualifier]);
}

describe("parseImpactLine: a change or a comparison is the value with its baseline, the right way round", () => {
  it.each<[string, Typed]>([
    ["p99 climbed from 120 ms to 4.2 s", ["LATENCY", "p99 latency", 4.2, "s", 120, "ms", null]],
    ["p99 went from 120ms to 4.2s", ["LATENCY", "p99 latency", 4.2, "s", 120, "ms", null]],
    ["Checkout p99 latency rose from 200 ms to 2 s", ["LATENCY", "p99 latency", 2, "s", 200, "ms", null]],
    ["Median response time increased from 80 ms to 1.2 s", ["LATENCY", "median latency", 1.2, "s", 80, "ms", null]],
    ["Latency dropped from 4 s to 300 ms after the rollback", ["LATENCY", "Latency", 300, "ms", 4, "s", null]],
    ["p99 climbed from 120 to 4,200 ms", ["LATENCY", "p99 latency", 4200, "ms", 120, "ms", null]],
    ["p99: 120 ms -> 4.2 s", ["LATENCY", "p99 latency", 4.2, "s", 120, "ms", null]],
    ["p99 latency was 4.2 s, up from 120 ms", ["LATENCY", "p99 latency", 4.2, "s", 120, "ms", null]],
    ["p99 latency 4.2 s (down from 5 s)", ["LATENCY", "p99 latency", 4.2, "s", 5, "s", null]],
    ["median latency of 900 ms vs 120 ms normally", ["LATENCY", "median latency", 900, "ms", 120, "ms", null]],
    ["Latency reached 2 s compared to a normal 150 ms", ["LATENCY", "Latency", 2, "s", 150, "ms", null]],
    ["p99 latency rose by 300 ms to 420 ms", ["LATENCY", "p99 latency", 420, "ms", null, null, null]],
    ["Error rate rose from 0.1% to 23%", ["ERROR_RATE", "Error rate", 23, "%", 0.1, "%", null]],
    ["Error rate: 23% (baseline 0.1%)", ["ERROR_RATE", "Error rate", 23, "%", 0.1, "%", null]],
    ["5% errors vs 0.2% normally", ["ERROR_RATE", "Error rate", 5, "%", 0.2, "%", null]],
    ["Error rate peaked at 23% (normally <0.1%)", ["ERROR_RATE", "Error rate", 23, "%", 0.1, "%", "at peak"]],
    ["Availability dropped from 99.99% to 97.2%", ["AVAILABILITY", "Availability", 97.2, "%", 99.99, "%", null]],
    ["Throughput fell from 900 rps to 120 rps", ["THROUGHPUT", "Throughput", 120, "rps", 900, "rps", null]],
    ["Replication lag went from 2 s to 15 minutes", ["DELAY", "Replication lag", 15, "min", 2, "s", null]],
    ["p95 checkout render time rose from 300 ms to 3.1 s", ["LATENCY", "p95 checkout render time", 3.1, "s", 300, "ms", null]],
    ["Median time to first byte for API calls went from 60 ms to 2.2 s", ["LATENCY", "median time to first byte", 2.2, "s", 60, "ms", null]],
    ["Search page load time (p95) went from 0.9 s to 7.5 s", ["LATENCY", "p95 search page load time", 7.5, "s", 0.9, "s", null]],
    ["Cluster write latency climbed from 300 ms to 2 s", ["LATENCY", "Cluster write latency", 2, "s", 300, "ms", null]],
    ["About 40% of API requests failed", ["ERROR_RATE", "Error rate", 40, "%", null, null, "approximately"]],
    ["1,900 orders lost vs 20 on a normal day", ["COUNT", "Orders lost", 1900, "orders", 20, "orders", null]],
  ])("%j", (line, expected) => {
    expect(typed(line)).toEqual([expected]);
  });
});

describe("parseImpactLine: counts of things", () => {
  it.each<[string, Typed]>([
    ["roughly 3.4 million API calls failed", ["COUNT", "API calls failed", 3_400_000, "API calls", null, null, "approximately"]],
    ["1,900 orders lost", ["COUNT", "Orders lost", 1900, "orders", null, null, null]],
    ["2.4M emails delayed", ["COUNT", "Emails delayed", 2_400_000, "emails", null, null, null]],
    ["2.3B log lines dropped", ["COUNT", "Log lines dropped", 2_300_000_000, "log lines", null, null, null]],
    ["about 90 support tickets lost", ["COUNT", "Support tickets lost", 90, "support tickets", null, null, "approximately"]],
    ["12k messages were dropped", ["COUNT", "Messages dropped", 12_000, "messages", null, null, null]],
    ["nearly 2,000 requests timed out", ["COUNT", "Requests timed out", 2000, "requests", null, null, "nearly"]],
    ["more than 500 jobs got stuck", ["COUNT", "Jobs stuck", 500, "jobs", null, null, "more than"]],
    ["3,000 customers were double-charged", ["COUNT", "Customers double-charged", 3000, "customers", null, null, null]],
    ["~2.4M emails could not be delivered", ["COUNT", "Emails not delivered", 2_400_000, "emails", null, null, "approximately"]],
    ["We lost 1,900 orders during the outage", ["COUNT", "Orders lost", 1900, "orders", null, null, null]],
    ["The gateway could not process 300 payments", ["COUNT", "Payments not processed", 300, "payments", null, null, null]],
    ["3.4M failed API calls", ["COUNT", "Failed API calls", 3_400_000, "API calls", null, null, null]],
    ["90 duplicate charges", ["COUNT", "Duplicate charges", 90, "charges", null, null, null]],
    ["Orders lost: 1,900", ["COUNT", "Orders lost", 1900, "orders", null, null, null]],
    ["Failed API calls: ~3.4M", ["COUNT", "Failed API calls", 3_400_000, "API calls", null, null, "approximately"]],
    ["Lost: 1,900 orders", ["COUNT", "Orders lost", 1900, "orders", null, null, null]],
    [
      "Roughly 2,000 customer support tickets arrived",
      ["COUNT", "Customer support tickets arrived", 2000, "customer support tickets", null, null, "approximately"],
    ],
    ["12,000 deploy jobs waited in the queue", ["COUNT", "Deploy jobs waited", 12_000, "deploy jobs", null, null, null]],
    ["1.1 million pages were unreachable", ["COUNT", "Pages unreachable", 1_100_000, "pages", null, null, null]],
    ["Roughly 3 million API requests to the EU region failed", ["COUNT", "API requests failed", 3_000_000, "API requests", null, null, "approximately"]],
    ["About 120 of our 800 build agents crashed", ["COUNT", "Build agents crashed", 120, "build agents", null, null, "approximately"]],
  ])("%j", (line, expected) => {
    expect(typed(line)).toEqual([expected]);
  });

  it("still reads people affected as users affected, with magnitudes", () => {
    expect(typed("1.2 million users could not log in")).toEqual([["USERS_AFFECTED", "Users affected", 1_200_000, "users", null, null, null]]);
    expect(typed("Around 2 million monthly users could not sign in")).toEqual([
      ["USERS_AFFECTED", "Users affected", 2_000_000, "users", null, null, "approximately"],
    ]);
    expect(parseImpactLine("Users affected: ~1.2 million")).toEqual({ type: "usersAffected", value: 1_200_000 });
  });
});

describe("parseImpactLine: durations", () => {
  it.each<[string, Typed]>([
    ["The API was down for 3 hours", ["DURATION", "Downtime", 3, "h", null, null, null]],
    ["Search was degraded for 2h 35m", ["DURATION", "Degraded for", 155, "min", null, null, null]],
    ["An outage of 45 minutes", ["DURATION", "Downtime", 45, "min", null, null, null]],
    ["Checkout was unavailable for 1 hour and 20 minutes", ["DURATION", "Downtime", 80, "min", null, null, null]],
    ["The outage lasted 47 minutes", ["DURATION", "Downtime", 47, "min", null, null, null]],
    ["3 hours of downtime", ["DURATION", "Downtime", 3, "h", null, null, null]],
    ["A 45-minute partial outage", ["DURATION", "Partial outage", 45, "min", null, null, null]],
    ["The site went offline for about 90 minutes", ["DURATION", "Downtime", 90, "min", null, null, "approximately"]],
    ["The database was read-only for 20 minutes", ["DURATION", "Read-only for", 20, "min", null, null, null]],
    ["Downtime: 2h 35m", ["DURATION", "Downtime", 155, "min", null, null, null]],
    ["Time to detect: 12 minutes", ["DURATION", "Time to detect", 12, "min", null, null, null]],
    ["Some tenants were without their dashboards for up to 3 days", ["DURATION", "Downtime", 3, "d", null, null, "up to"]],
  ])("%j", (line, expected) => {
    expect(typed(line)).toEqual([expected]);
  });

  it("leaves a delay a delay", () => {
    expect(typed("Background job processing delayed by approximately 15 minutes")).toEqual([
      ["DELAY", "Background job processing delay", 15, "min", null, null, "approximately"],
    ]);
  });
});

describe("parseImpactLine: money", () => {
  it.each<[string, Typed]>([
    ["$45,000 in refunds", ["MONEY", "Refunds", 45_000, "USD", null, null, null]],
    ["€12k of SLA credits", ["MONEY", "SLA credits", 12_000, "EUR", null, null, null]],
    ["We issued USD 3,000 in credits", ["MONEY", "Credits", 3000, "USD", null, null, null]],
    ["£1.2 million in lost revenue", ["MONEY", "Lost revenue", 1_200_000, "GBP", null, null, null]],
    ["¥500,000 of compensation", ["MONEY", "Compensation", 500_000, "JPY", null, null, null]],
    ["3,000 CHF in credits", ["MONEY", "Credits", 3000, "CHF", null, null, null]],
    ["Refunds: $45,000", ["MONEY", "Refunds", 45_000, "USD", null, null, null]],
    ["Refunds totalled roughly $45k", ["MONEY", "Refunds", 45_000, "USD", null, null, "approximately"]],
    ["It cost us about $3,000", ["MONEY", "Cost", 3000, "USD", null, null, "approximately"]],
    ["$12k revenue impact", ["MONEY", "Revenue impact", 12_000, "USD", null, null, null]],
    ["An estimated $1.2M in lost revenue", ["MONEY", "Lost revenue", 1_200_000, "USD", null, null, "estimated"]],
    ["£1.2 million", ["MONEY", "Amount", 1_200_000, "GBP", null, null, null]],
  ])("%j", (line, expected) => {
    expect(typed(line)).toEqual([expected]);
  });
});

describe("parseImpactLine: a sentence with several facts gives one metric each, in the order written", () => {
  it.each<[string, Typed[]]>([
    [
      "1,900 orders lost and $45,000 refunded",
      [
        ["COUNT", "Orders lost", 1900, "orders", null, null, null],
        ["MONEY", "Refunds", 45_000, "USD", null, null, null],
      ],
    ],
    [
      "Checkout was down for 3 hours, affecting about 12,000 customers",
      [
        ["DURATION", "Downtime", 3, "h", null, null, null],
        ["USERS_AFFECTED", "Customers affected", 12_000, "customers", null, null, "approximately"],
      ],
    ],
    [
      "Error rate rose from 0.1% to 23% and p99 latency from 120 ms to 4.2 s",
      [
        ["ERROR_RATE", "Error rate", 23, "%", 0.1, "%", null],
        ["LATENCY", "p99 latency", 4.2, "s", 120, "ms", null],
      ],
    ],
    [
      "2.4M emails delayed by up to 3 hours",
      [
        ["COUNT", "Emails delayed", 2_400_000, "emails", null, null, null],
        ["DELAY", "Emails delay", 3, "h", null, null, "up to"],
      ],
    ],
    [
      "Latency rose to 2 s and the API was down for 20 minutes",
      [
        ["LATENCY", "Latency", 2, "s", null, null, null],
        ["DURATION", "Downtime", 20, "min", null, null, null],
      ],
    ],
    [
      "p99 latency: 4.2 s (p50: 300 ms)",
      [
        ["LATENCY", "p99 latency", 4.2, "s", null, null, null],
        ["LATENCY", "p50 latency", 300, "ms", null, null, null],
      ],
    ],
  ])("%j", (line, expected) => {
    expect(typed(line)).toEqual(expected);
    const parsed = parseImpactLine(line);
    expect(parsed.type).toBe("metrics");
    for (const metric of metricsOf(line)) expect(metric.statement).toBe(line);
  });
});

describe("parseImpactLine: a paragraph", () => {
  it("reads each sentence for itself and keeps the whole paragraph as every metric's statement", () => {
    const paragraph =
      "The network was degraded for 27 minutes. Traffic fell by 60% at the worst point. Median time to first byte went from 45 ms to 3.8 s. Error rates stayed low.";
    expect(typed(paragraph)).toEqual([
      ["DURATION", "Degraded for", 27, "min", null, null, null],
      ["LATENCY", "median time to first byte", 3.8, "s", 45, "ms", null],
    ]);
    expect(metricsOf(paragraph).map((m) => m.statement)).toEqual([paragraph, paragraph]);
  });
});

describe("parseImpactLine: a data-loss sentence", () => {
  it("states the loss and types what it counts", () => {
    const line = "Four hours of customer data were lost: about 300 invoices, roughly 1,200 comments and around 40 user accounts";
    const parsed = parseImpactLine(line);
    expect(parsed).toMatchObject({ type: "dataLoss", dataLoss: true, note: line });
    expect(parsed.type === "dataLoss" && parsed.metrics.map((m) => [m.kind, m.label, m.value, m.unit, m.qualifier, m.statement])).toEqual([
      ["COUNT", "Invoices lost", 300, "invoices", "approximately", line],
      ["COUNT", "Comments lost", 1200, "comments", "approximately", line],
      ["COUNT", "User accounts lost", 40, "user accounts", "approximately", line],
    ]);
  });

  it.each<[string, boolean]>([
    ["Backup copies kept in the same building were lost for some tenants", true],
    ["Uploads were deleted from the bucket and could not be restored", true],
    ["Replies were delayed, but no messages were lost", false],
    ["No user data was lost", false],
  ])("reads %j as the data-loss statement", (line, dataLoss) => {
    expect(parseImpactLine(line)).toEqual({ type: "dataLoss", dataLoss, note: line, metrics: [] });
  });

  it("does not take losing access for losing data", () => {
    expect(parseImpactLine("Customers lost access to their files")).toEqual({ type: "narrative" });
  });

  it('reads nothing from a "Data loss:" field\'s note, which only explains the answer', () => {
    expect(parseImpactLine("Data loss: Yes — 14 payment intents were lost")).toEqual({
      type: "dataLoss",
      dataLoss: true,
      note: "14 payment intents were lost",
      metrics: [],
    });
  });
});

describe("parseImpactLine: what only looks like a number stays prose", () => {
  it.each([
    "Fixed on 2021-03-20 by rolling back to v2.3.1",
    "The page went out at 14:05 UTC",
    "Tracked as INC-1234 and PR 5678",
    "Clients could not reach db-1.internal:5432",
    "Upgraded the driver to 2.3.1",
    "Started at 3 pm on 3 March 2021",
    "In 2021 customers lost access to exports",
    "Step 3 failed",
    "Port: 5432",
    "Ticket: 1234",
    "Note: 15 minutes later we restarted",
    "HTTP 503 returned for checkout",
    "Checkout felt sluggish",
  ])("%j", (line) => {
    expect(parseImpactLine(line)).toEqual({ type: "narrative" });
  });
});

describe("parseImpactLine keeps the author's sentence beside the typed value", () => {
  it("as the statement of each metric, markup and all", () => {
    const line = "**1,900** orders lost";
    expect(metricsOf(line)).toEqual([
      {
        kind: "COUNT",
        label: "Orders lost",
        value: 1900,
        unit: "orders",
        baseline: null,
        baselineUnit: null,
        qualifier: null,
        statement: line,
        note: null,
      },
    ]);
  });
});

const REPORT = `# Checkout outage

**Severity:** High
**Status:** Resolved
**Date:** 2024-03-02

## Impact

- p99 climbed from 120 ms to 4.2 s
- roughly 3.4 million API calls failed
- 1,900 orders lost and $45,000 refunded
- €12k of SLA credits
- Checkout was degraded for 2h 35m
- Customers were annoyed
- Two hours of order data were lost: about 300 invoices and roughly 1,200 comments
`;

describe("a count of things lost", () => {
  const report = (lines: string) => parseReportText(`# Lost orders\n\nSeverity: High\nStatus: Resolved\n\n## Impact\n\n${lines}\n`).document;

  it("says data was lost when the report has no data-loss line", () => {
    const doc = report("- 1,900 orders lost");
    expect([doc.impact.dataLoss, doc.impact.dataLossNote]).toEqual([true, null]);
    expect(parseReportText(toPlainText(doc)).document.impact).toEqual(doc.impact);
  });

  it("gives way to the report's own data-loss line", () => {
    expect(report("- 1,900 orders lost\n- Data loss: No — the orders were re-created from the payment log").impact.dataLoss).toBe(false);
  });

  it("is not a loss when the things were only delayed or deleted", () => {
    expect(report("- 2.4M emails delayed\n- 883 sites were deleted").impact.dataLoss).toBeNull();
  });

  it("is not a loss when what was lost was never stored (queries, requests)", () => {
    const doc = report("- Estimated 1.2B queries lost, no revenue impact.\n- 40,000 requests lost");
    expect(doc.impact.metrics.map((m) => [m.kind, m.unit])).toEqual([
      ["COUNT", "queries"],
      ["COUNT", "requests"],
    ]);
    expect(doc.impact.dataLoss).toBeNull();
  });
});

describe("text that is not prose", () => {
  it("stays text when a sentence is longer than any written sentence (pasted data)", () => {
    const pasted = `1,900 API calls failed ${"then more cells ".repeat(150)}`;
    expect(parseImpactLine(pasted)).toEqual({ type: "narrative" });
  });

  it("beyond the 200 metrics a report holds, lines stay in the impact summary instead of failing the import", () => {
    const lines = Array.from({ length: 205 }, (_, i) => `- ${i + 1} orders lost in shard ${i}`).join("\n");
    const doc = parseReportText(`# Many shards\n\nSeverity: High\nStatus: Resolved\n\n## Impact\n\n${lines}\n`).document;
    expect(doc.impact.metrics).toHaveLength(200);
    expect(doc.impactSummary?.split("\n")).toEqual(Array.from({ length: 5 }, (_, i) => `${i + 201} orders lost in shard ${i + 200}`));
  });
});

describe("more people than the headline number holds", () => {
  it("stay a metric, and the headline stays empty", () => {
    const doc = parseReportText(
      "# Global outage\n\nSeverity: High\nStatus: Resolved\n\n## Impact\n\n- Around 3.5 billion users could not reach our apps\n",
    ).document;
    expect(doc.impact.metrics.map((m) => [m.kind, m.value])).toEqual([["USERS_AFFECTED", 3_500_000_000]]);
    expect(doc.impact.usersAffected).toBeNull();
    expect(parseImpactLine("Users affected: 3.5 billion").type).not.toBe("usersAffected");
  });
});

describe("an imported report", () => {
  const { document: doc, lineMap } = parseReportText(REPORT);

  it("types every fact of its impact section and keeps the prose", () => {
    expect(doc.impact.metrics.map((m) => [m.kind, m.label, m.value, m.unit, m.baseline, m.baselineUnit, m.qualifier])).toEqual([
      ["LATENCY", "p99 latency", 4.2, "s", 120, "ms", null],
      ["COUNT", "API calls failed", 3_400_000, "API calls", null, null, "approximately"],
      ["COUNT", "Orders lost", 1900, "orders", null, null, null],
      ["MONEY", "Refunds", 45_000, "USD", null, null, null],
      ["MONEY", "SLA credits", 12_000, "EUR", null, null, null],
      ["DURATION", "Degraded for", 155, "min", null, null, null],
      ["COUNT", "Invoices lost", 300, "invoices", null, null, "approximately"],
      ["COUNT", "Comments lost", 1200, "comments", null, null, "approximately"],
    ]);
    expect(doc.impactSummary).toBe("Customers were annoyed");
    expect([doc.impact.dataLoss, doc.impact.dataLossNote]).toEqual([true, "Two hours of order data were lost: about 300 invoices and roughly 1,200 comments"]);
  });

  it("maps a two-fact line to both metrics", () => {
    const line = REPORT.split("\n").indexOf("- 1,900 orders lost and $45,000 refunded") + 1;
    expect(lineMap.filter((e) => e.line === line).map((e) => e.field)).toEqual(["impact.metrics[2]", "impact.dataLoss", "impact.metrics[3]"]);
  });

  it.each([
    ["plain text", toPlainText],
    ["Markdown", toMarkdown],
  ])("round-trips through the %s export with every metric kept", (_format, exportDoc) => {
    expect(parseReportText(exportDoc(doc)).document.impact).toEqual(doc.impact);
  });

  it("round-trips counts, durations and money written in the explicit Metric: form", () => {
    const edited = {
      ...doc,
      impact: { ...doc.impact, metrics: doc.impact.metrics.map((m) => ({ ...m, value: m.value + 1, note: "checked against billing" })) },
    };
    const text = toPlainText(edited);
    expect(text).toContain("Metric: Orders lost; kind: count; value: 1901");
    expect(text).toContain("Metric: Degraded for; kind: duration; value: 156");
    expect(text).toContain("Metric: Refunds; kind: money; value: 45001; unit: USD");
    expect(parseReportText(text).document.impact).toEqual(edited.impact);
  });
});

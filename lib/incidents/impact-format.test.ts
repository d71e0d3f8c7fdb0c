import { describe, expect, it } from "vitest";
import { formatImpactMetric } from "@/lib/incidents/impact-format";
import type { ImpactMetric } from "@/lib/incidents/schema";

function metric(fields: Partial<ImpactMetric> & Pick<ImpactMetric, "kind" | "label" | "value">): ImpactMetric {
  return { unit: null, baseline: null, baselineUnit: null, qualifier: null, statement: null, note: null, ...fields };
}

describe("formatImpactMetric", () => {
  it.each<[string, ImpactMetric, string]>([
    ["an error rate at peak", metric({ kind: "ERROR_RATE", label: "Error rate", value: 23, unit: "%", qualifier: "at peak" }), "Error rate · at peak 23%"],
    [
      "a latency with a baseline in another unit",
      metric({ kind: "LATENCY", label: "p99 latency", value: 4.2, unit: "s", baseline: 120, baselineUnit: "ms" }),
      "p99 latency · 4.2 s · baseline 120 ms",
    ],
    [
      "a baseline without its own unit",
      metric({ kind: "ERROR_RATE", label: "Error rate", value: 23, unit: "%", baseline: 0.1 }),
      "Error rate · 23% · baseline 0.1%",
    ],
    [
      "users affected",
      metric({ kind: "USERS_AFFECTED", label: "Users affected", value: 4200, unit: "users", qualifier: "approximately" }),
      "Users affected · approximately 4,200 users",
    ],
    [
      "a delay",
      metric({ kind: "DELAY", label: "Background job processing delay", value: 15, unit: "min", qualifier: "approximately" }),
      "Background job processing delay · approximately 15 min",
    ],
    [
      "a count",
      metric({ kind: "COUNT", label: "Orders lost", value: 1900, unit: "orders", qualifier: "approximately" }),
      "Orders lost · approximately 1,900 orders",
    ],
    [
      "a count of millions",
      metric({ kind: "COUNT", label: "API calls failed", value: 3_400_000, unit: "API calls" }),
      "API calls failed · 3.4 million API calls",
    ],
    [
      "a count of billions",
      metric({ kind: "COUNT", label: "Log lines dropped", value: 2_300_000_000, unit: "log lines" }),
      "Log lines dropped · 2.3 billion log lines",
    ],
    ["a count whose every digit was meant", metric({ kind: "COUNT", label: "Rows lost", value: 1_234_567, unit: "rows" }), "Rows lost · 1,234,567 rows"],
    [
      "a count with a baseline",
      metric({ kind: "COUNT", label: "Orders lost", value: 1900, unit: "orders", baseline: 20, baselineUnit: "orders" }),
      "Orders lost · 1,900 orders · baseline 20 orders",
    ],
    ["dollars", metric({ kind: "MONEY", label: "Refunds", value: 45_000, unit: "USD" }), "Refunds · $45,000"],
    ["euros", metric({ kind: "MONEY", label: "SLA credits", value: 12_000, unit: "EUR" }), "SLA credits · €12,000"],
    ["pounds in millions", metric({ kind: "MONEY", label: "Lost revenue", value: 1_200_000, unit: "GBP" }), "Lost revenue · £1.2 million"],
    ["another currency", metric({ kind: "MONEY", label: "Credits", value: 3000, unit: "CHF" }), "Credits · 3,000 CHF"],
    ["cents", metric({ kind: "MONEY", label: "Refunds", value: 45_000.5, unit: "USD", qualifier: "approximately" }), "Refunds · approximately $45,000.50"],
    ["a downtime in minutes", metric({ kind: "DURATION", label: "Downtime", value: 155, unit: "min" }), "Downtime · 2 h 35 min"],
    ["a short downtime", metric({ kind: "DURATION", label: "Downtime", value: 45, unit: "min" }), "Downtime · 45 min"],
    ["a downtime in hours", metric({ kind: "DURATION", label: "Downtime", value: 3, unit: "h" }), "Downtime · 3 h"],
    ["a fraction of an hour", metric({ kind: "DURATION", label: "Degraded for", value: 1.5, unit: "h" }), "Degraded for · 1 h 30 min"],
    ["seconds", metric({ kind: "DURATION", label: "Downtime", value: 90, unit: "s" }), "Downtime · 1 min 30 s"],
    ["days", metric({ kind: "DURATION", label: "Downtime", value: 6, unit: "d", qualifier: "up to" }), "Downtime · up to 6 d"],
    ["many hours stay hours", metric({ kind: "DURATION", label: "Degraded for", value: 1451, unit: "min" }), "Degraded for · 24 h 11 min"],
    ["a duration that does not divide", metric({ kind: "DURATION", label: "Downtime", value: 2.25, unit: "s" }), "Downtime · 2.25 s"],
    ["another value without a unit", metric({ kind: "OTHER", label: "Pages", value: 12 }), "Pages · 12"],
  ])("%s", (_what, m, expected) => {
    expect(formatImpactMetric(m)).toBe(expected);
  });
});

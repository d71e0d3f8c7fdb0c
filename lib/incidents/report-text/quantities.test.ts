import { describe, expect, it } from "vitest";
import { quantitiesIn } from "@/lib/incidents/report-text/quantities";

/** [dimension, value, unit, qualifier, the text read] for each quantity of a sentence */
function read(text: string) {
  return quantitiesIn(text).map((q) => [q.dimension, q.value, q.unit, q.qualifier, text.slice(q.lead, q.end)]);
}

describe("quantitiesIn", () => {
  it.each([
    ["1,900 orders", 1900, "1,900"],
    ["3.4 million API calls", 3_400_000, "3.4 million"],
    ["2.4M emails", 2_400_000, "2.4M"],
    ["2.4m emails", 2_400_000, "2.4m"],
    ["2.3B log lines", 2_300_000_000, "2.3B"],
    ["2.3bn log lines", 2_300_000_000, "2.3bn"],
    ["12k messages", 12_000, "12k"],
    ["12K messages", 12_000, "12K"],
    ["12 thousand messages", 12_000, "12 thousand"],
    ["1.5 billion rows", 1_500_000_000, "1.5 billion"],
  ])("reads the magnitude in %j", (text, value, written) => {
    expect(read(text)).toEqual([["count", value, null, null, written]]);
  });

  it.each([
    ["$45,000 in refunds", 45_000, "USD", "$45,000"],
    ["€12k of SLA credits", 12_000, "EUR", "€12k"],
    ["USD 3,000", 3000, "USD", "USD 3,000"],
    ["£1.2 million", 1_200_000, "GBP", "£1.2 million"],
    ["¥500,000", 500_000, "JPY", "¥500,000"],
    ["3,000 CHF", 3000, "CHF", "3,000 CHF"],
    ["CHF 3,000", 3000, "CHF", "CHF 3,000"],
    ["A$2,500", 2500, "AUD", "A$2,500"],
    ["3 million dollars", 3_000_000, "USD", "3 million dollars"],
    ["200 euros", 200, "EUR", "200 euros"],
    ["$1.2MM", 1_200_000, "USD", "$1.2MM"],
    ["10,000.50 EUR", 10_000.5, "EUR", "10,000.50 EUR"],
  ])("reads the amount and its ISO currency in %j", (text, value, currency, written) => {
    expect(read(text)).toEqual([["money", value, currency, null, written]]);
  });

  it.each([
    ["down for 3 hours", 3, "h", "3 hours"],
    ["degraded for 2h 35m", 155, "min", "2h 35m"],
    ["unavailable for 1 hour and 20 minutes", 80, "min", "1 hour and 20 minutes"],
    ["2 hours, 15 minutes", 135, "min", "2 hours, 15 minutes"],
    ["1h30m", 90, "min", "1h30m"],
    ["a 45-minute outage", 45, "min", "45-minute"],
    ["45m of downtime", 45, "min", "45m"],
    ["2 days 4 hours", 52, "h", "2 days 4 hours"],
    ["90 seconds", 90, "s", "90 seconds"],
    ["p95: 2.3s", 2.3, "s", "2.3s"],
    ["180ms", 180, "ms", "180ms"],
    ["2 weeks", 14, "d", "2 weeks"],
  ])("reads the duration in %j in the smallest unit written", (text, value, unit, written) => {
    expect(read(text)).toEqual([["time", value, unit, null, written]]);
  });

  it("keeps two times apart when the second is not a smaller part of the first", () => {
    expect(read("15 minutes, 2 hours later")).toEqual([
      ["time", 15, "min", null, "15 minutes"],
      ["time", 2, "h", null, "2 hours"],
    ]);
  });

  it("reads percentages and rates", () => {
    expect(read("23% error rate (baseline 0.1%) at 900 rps, then 1.5k rps, 12 percent")).toEqual([
      ["percent", 23, "%", null, "23%"],
      ["percent", 0.1, "%", null, "0.1%"],
      ["rate", 900, "rps", null, "900 rps"],
      ["rate", 1500, "rps", null, "1.5k rps"],
      ["percent", 12, "%", null, "12 percent"],
    ]);
  });

  it.each([
    ["about 90", "approximately"],
    ["roughly 3.4 million", "approximately"],
    ["approximately 4,200", "approximately"],
    ["approx. 4,200", "approximately"],
    ["around 12k", "approximately"],
    ["~1.2k", "approximately"],
    ["some 3,000", "approximately"],
    ["nearly 2,000", "nearly"],
    ["almost 2,000", "almost"],
    ["over 500", "over"],
    ["more than 500", "more than"],
    ["up to 500", "up to"],
    ["at least 500", "at least"],
    ["an estimated 500", "estimated"],
    ["<500", "less than"],
  ])("reads the qualifier in %j", (text, qualifier) => {
    const [q] = quantitiesIn(text);
    expect([q.qualifier, q.lead]).toEqual([qualifier, 0]);
  });

  it("gives the old level of a change the unit of the new one", () => {
    expect(read("from 120 to 4,200 ms")).toEqual([
      ["time", 120, "ms", null, "120"],
      ["time", 4200, "ms", null, "4,200 ms"],
    ]);
    expect(read("from 0.1 to 23%").map((q) => q.slice(0, 3))).toEqual([
      ["percent", 0.1, "%"],
      ["percent", 23, "%"],
    ]);
  });

  it.each([
    ["a date", "deployed on 2021-03-20"],
    ["a version", "rolled back to v2.3.1"],
    ["a bare version", "upgraded to 2.3.1"],
    ["a clock time", "at 14:05 UTC"],
    ["an incident id", "see INC-1234"],
    ["a ticket number", "ticket 5678 and PR 1234 and #42"],
    ["a port", "db-1.internal:5432"],
    ["an HTTP status", "HTTP 503"],
    ["a written date", "on 3 March 2021 and March 3, 2021"],
    ["a year", "in 2021"],
    ["a clock time in words", "at 3 pm"],
    ["a range", "3-4 hours"],
    ["a number inside a word", "p95 5xx 2FA 3rd 10x"],
    ["a fraction", "24/7"],
  ])("reads no quantity in %s (%j)", (_what, text) => {
    expect(read(text)).toEqual([]);
  });
});

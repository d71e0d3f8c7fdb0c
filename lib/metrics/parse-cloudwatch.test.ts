import { describe, expect, it } from "vitest";
import { parseMetricsExport } from "@/lib/metrics/parse";
import { fixture, iso, parseJson } from "@/lib/metrics/test-helpers";

describe("CloudWatch get-metric-data", () => {
  it("reads the shared sample newest-first into ascending series named by label, with the label's unit", async () => {
    const result = await parseMetricsExport(fixture("cloudwatch-get-metric-data.json"));
    expect(result.format).toBe("cloudwatch-get-metric-data");
    expect(result.partial).toBe(false);
    expect(result.warnings).toEqual([]); // newest first is CloudWatch's order, not a mess worth a warning
    expect(result.series.map((series) => [series.name, series.unit])).toEqual([
      ["Connection pool usage", "%"],
      ["TargetResponseTime", null],
      ["5xx error rate", "%"],
    ]);
    for (const series of result.series) {
      expect(series.timestamps.length).toBe(71);
      expect(iso(series.timestamps[0])).toBe("2024-03-12T13:50:00.000Z");
      expect(iso(series.timestamps[70])).toBe("2024-03-12T15:00:00.000Z");
      for (let i = 1; i < series.timestamps.length; i++) expect(series.timestamps[i]).toBeGreaterThan(series.timestamps[i - 1]);
    }
    expect(result.series[0].values[0]).toBe(40.09);
    expect(result.series[0].values[70]).toBe(41.42);
    const latency = result.series[1];
    expect(latency.values[latency.timestamps.indexOf(Date.UTC(2024, 2, 12, 14, 35))]).toBe(2.224582);
  });

  it("marks one page of a paged result (NextToken) and PartialData as partial", async () => {
    const result = await parseJson({
      MetricDataResults: [{ Id: "m1", Label: "CPUUtilization", Timestamps: [1710252060, 1710252000], Values: [2, 1], StatusCode: "PartialData" }],
      NextToken: "eyJuZXh0IjoxfQ==",
      Messages: [],
    });
    expect(result.partial).toBe(true);
    expect(result.warnings.join(" ")).toMatch(/NextToken/);
    expect(result.warnings.join(" ")).toMatch(/PartialData/);
    expect(Array.from(result.series[0].timestamps)).toEqual([1710252000000, 1710252060000]);
    expect(Array.from(result.series[0].values)).toEqual([1, 2]);
  });

  it("keeps two results with one label apart by their Id", async () => {
    const result = await parseJson({
      MetricDataResults: [
        { Id: "a", Label: "Latency", Timestamps: ["2024-03-12T14:00:00Z"], Values: [1], StatusCode: "Complete" },
        { Id: "b", Label: "Latency", Timestamps: ["2024-03-12T14:00:00Z"], Values: [2], StatusCode: "Complete" },
      ],
    });
    expect(result.series.map((series) => series.labels)).toEqual([{ id: "a" }, { id: "b" }]);
  });
});

describe("CloudWatch get-metric-statistics", () => {
  it("reads unordered datapoints into one sorted series per statistic with the unit", async () => {
    const result = await parseJson({
      Label: "CPUUtilization",
      Datapoints: [
        { Timestamp: "2024-03-12T14:02:00+00:00", Average: 30, Maximum: 50, Unit: "Percent" },
        { Timestamp: "2024-03-12T14:00:00+00:00", Average: 10, Maximum: 20, Unit: "Percent" },
        { Timestamp: "2024-03-12T14:01:00+00:00", Average: 20, Maximum: 35, Unit: "Percent" },
      ],
    });
    expect(result.format).toBe("cloudwatch-get-metric-statistics");
    expect(result.series.map((series) => [series.name, series.labels, series.unit, Array.from(series.values)])).toEqual([
      ["CPUUtilization", { statistic: "Average" }, "%", [10, 20, 30]],
      ["CPUUtilization", { statistic: "Maximum" }, "%", [20, 35, 50]],
    ]);
    expect(result.warnings).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { InvalidInputError } from "@/lib/errors";
import { parseMetricsExport } from "@/lib/metrics/parse";
import { fixture, iso, parseJson } from "@/lib/metrics/test-helpers";

describe("Azure Monitor metrics", () => {
  it("reads the shared sample: one series per aggregation present, points without it as gaps", async () => {
    const result = await parseMetricsExport(fixture("azure-monitor-metrics-list.json"));
    expect(result.format).toBe("azure-monitor");
    expect(result.series).toHaveLength(1);
    const [series] = result.series;
    expect(series).toMatchObject({ name: "Active Connections", labels: { statistic: "maximum" }, unit: "count" });
    expect(series.timestamps.length).toBe(71);
    expect(iso(series.timestamps[0])).toBe("2024-03-12T13:50:00.000Z");
    expect(iso(series.timestamps[70])).toBe("2024-03-12T15:00:00.000Z");
    expect(series.values[0]).toBe(79);
    expect(series.values[series.timestamps.indexOf(Date.UTC(2024, 2, 12, 14, 31))]).toBeNaN();
    expect(series.values[series.timestamps.indexOf(Date.UTC(2024, 2, 12, 14, 35))]).toBe(194);
    expect(result.warnings.join(" ")).toMatch(/2 values were empty/);
  });

  it("reads dimensions as labels and several aggregations", async () => {
    const result = await parseJson({
      value: [
        {
          name: { value: "requests", localizedValue: "Requests" },
          unit: "MilliSeconds",
          timeseries: [
            { metadatavalues: [{ name: { value: "instance" }, value: "i-1" }], data: [{ timeStamp: "2024-03-12T14:00:00Z", average: 5, maximum: 9 }] },
          ],
        },
      ],
    });
    expect(result.series.map((series) => [series.labels, series.unit, series.values[0]])).toEqual([
      [{ instance: "i-1", statistic: "average" }, "ms", 5],
      [{ instance: "i-1", statistic: "maximum" }, "ms", 9],
    ]);
  });

  it("refuses Azure's error envelope", async () => {
    const error = await parseJson({ error: { code: "ResourceNotFound", message: "The Resource 'orders-db' was not found." } }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(/error response from the monitoring API, not data: The Resource 'orders-db' was not found/);
  });
});

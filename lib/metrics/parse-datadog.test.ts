import { describe, expect, it } from "vitest";
import { InvalidInputError } from "@/lib/errors";
import { parseMetricsExport } from "@/lib/metrics/parse";
import { fixture, iso, parseJson } from "@/lib/metrics/test-helpers";

describe("Datadog /api/v1/query", () => {
  it("reads the shared sample: the metric, the scope as labels, the unit from unit[0]", async () => {
    const result = await parseMetricsExport(fixture("datadog-query-v1.json"));
    expect(result.format).toBe("datadog-query");
    expect(result.warnings).toEqual([]);
    expect(result.series).toHaveLength(1);
    const [series] = result.series;
    expect(series.name).toBe("orders.db_pool.utilization");
    expect(series.labels).toEqual({ env: "prod", service: "orders-api" });
    expect(series.unit).toBe("%");
    expect(series.timestamps.length).toBe(71);
    expect(iso(series.timestamps[0])).toBe("2024-03-12T13:50:00.000Z");
    expect(iso(series.timestamps[70])).toBe("2024-03-12T15:00:00.000Z");
    expect(series.values[0]).toBe(39.940812);
    expect(Math.max(...series.values)).toBe(96.654953);
  });

  it("reads group-by tags, null points as gaps and a per-unit", async () => {
    const result = await parseJson({
      status: "ok",
      res_type: "time_series",
      series: [
        {
          metric: "system.net.bytes_rcvd",
          scope: "host:a",
          tag_set: ["host:a"],
          pointlist: [
            [1710252000000, 1],
            [1710252060000, null],
            [1710252120000, 3],
          ],
          unit: [
            { short_name: "B", name: "byte" },
            { short_name: "s", name: "second" },
          ],
        },
      ],
    });
    expect(result.series[0].labels).toEqual({ host: "a" });
    expect(result.series[0].unit).toBe("B/s");
    expect(Array.from(result.series[0].values)).toEqual([1, NaN, 3]);
  });

  it("reads a v2 timeseries response", async () => {
    const result = await parseJson({
      data: {
        type: "timeseries_response",
        attributes: { series: [{ group_tags: ["service:orders"], query_index: 0, unit: null }], times: [1710252000000, 1710252060000], values: [[5, 6]] },
      },
    });
    expect(result.format).toBe("datadog-query");
    expect(result.series[0]).toMatchObject({ name: "query1", labels: { service: "orders" } });
    expect(Array.from(result.series[0].values)).toEqual([5, 6]);
  });

  it("refuses an error response with Datadog's message", async () => {
    const error = await parseJson({ status: "error", res_type: "time_series", error: "Rate limit of 300 requests in 3600 seconds reached" }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(/Datadog error response, not data: Rate limit/);
  });
});

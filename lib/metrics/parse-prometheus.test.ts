import { describe, expect, it } from "vitest";
import { parseMetricsExport } from "@/lib/metrics/parse";
import { fixture, iso, parseText, refusal } from "@/lib/metrics/test-helpers";

const matrix = (values: [number, string][], metric: Record<string, string> = { __name__: "up", job: "api" }, extra = "") =>
  `{"status":"success"${extra},"data":{"resultType":"matrix","result":[{"metric":${JSON.stringify(metric)},"values":${JSON.stringify(values)}}]}}`;

describe("Prometheus query_range (matrix)", () => {
  it("reads the shared sample: one series named by its label set, 71 points at 1 m", async () => {
    const result = await parseMetricsExport(fixture("prometheus-query-range-matrix.json"));
    expect(result.format).toBe("prometheus-query-range");
    expect(result.partial).toBe(false);
    expect(result.warnings).toEqual([]);
    expect(result.series).toHaveLength(1);
    const [pool] = result.series;
    expect(pool.name).toBe('{pool="orders-primary"}');
    expect(pool.labels).toEqual({ pool: "orders-primary" });
    expect(pool.unit).toBeNull();
    expect(pool.timestamps).toBeInstanceOf(Float64Array);
    expect(pool.timestamps.length).toBe(71);
    expect(iso(pool.timestamps[0])).toBe("2024-03-12T13:50:00.000Z");
    expect(iso(pool.timestamps[70])).toBe("2024-03-12T15:00:00.000Z");
    expect(pool.values[0]).toBe(0.3941);
    expect(pool.values[pool.timestamps.indexOf(Date.UTC(2024, 2, 12, 14, 35))]).toBe(0.9684);
    expect(pool.values[70]).toBe(0.4148);
  });

  it("reads the large sample: three series named by __name__, 2161 points each", async () => {
    const result = await parseMetricsExport(fixture("prometheus-query-range-matrix-large.json"));
    expect(result.series.map((series) => series.labels.instance)).toEqual(["orders-api-1:8080", "orders-api-2:8080", "orders-api-3:8080"]);
    for (const series of result.series) {
      expect(series.name).toBe("hikaricp_connections_active");
      expect(series.labels).toMatchObject({ job: "orders-api", pool: "orders-primary" });
      expect(series.labels.__name__).toBeUndefined();
      expect(series.timestamps.length).toBe(2161);
      expect(iso(series.timestamps[0])).toBe("2024-03-12T13:00:00.000Z");
      expect(iso(series.timestamps[2160])).toBe("2024-03-12T16:00:00.000Z");
    }
    expect(result.series[2].values[2160]).toBe(22);
  });

  it("turns NaN, +Inf and -Inf samples into gaps and says how many", async () => {
    const result = await parseText(
      matrix([
        [1710251400, "1"],
        [1710251460, "NaN"],
        [1710251520, "+Inf"],
        [1710251580, "-Inf"],
        [1710251640, "5"],
      ]),
    );
    expect(Array.from(result.series[0].values)).toEqual([1, NaN, NaN, NaN, 5]);
    expect(result.warnings.join(" ")).toMatch(/3 values were empty, null, NaN or ±Inf and are shown as gaps/);
  });

  it("sorts unsorted samples and keeps the last of duplicate timestamps, with warnings", async () => {
    const result = await parseText(
      matrix([
        [1710251520, "3"],
        [1710251400, "1"],
        [1710251460, "2"],
        [1710251400, "9"],
      ]),
    );
    expect(Array.from(result.series[0].timestamps)).toEqual([1710251400000, 1710251460000, 1710251520000]);
    expect(Array.from(result.series[0].values)).toEqual([9, 2, 3]);
    expect(result.warnings.join(" ")).toMatch(/1 timestamp appeared more than once; the last value given for each was kept/);
    expect(result.warnings.join(" ")).toMatch(/out of time order; they were sorted/);
  });

  it("infers a unit from a conventional metric-name suffix", async () => {
    const result = await parseText(matrix([[1710251400, "0.18"]], { __name__: "http_request_duration_seconds" }));
    expect(result.series[0].unit).toBe("s");
  });

  it("passes Prometheus warnings on and marks a truncated result partial", async () => {
    const result = await parseText(matrix([[1710251400, "1"]], undefined, ',"warnings":["results truncated due to limit"]'));
    expect(result.partial).toBe(true);
    expect(result.warnings.join(" ")).toMatch(/Prometheus warning: results truncated due to limit/);
  });

  it("refuses a response whose query matched no series", async () => {
    const message = await refusal(parseText('{"status":"success","data":{"resultType":"matrix","result":[]}}'));
    expect(message).toMatch(/Prometheus query_range response, but it holds no data points/);
  });

  it("refuses a file cut off in the middle of the JSON", async () => {
    const text = fixture("prometheus-query-range-matrix-large.json").toString("utf8");
    const message = await refusal(parseText(text.slice(0, Math.floor(text.length / 2))));
    expect(message).toMatch(/ends in the middle of the JSON — it was cut off/);
    expect(message).toMatch(/Prometheus query_range/);
  });
});

describe("Prometheus instant query (vector, scalar)", () => {
  it("reads a vector as one point per series", async () => {
    const result = await parseText(
      '{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","instance":"a"},"value":[1710251400.5,"1"]},{"metric":{"__name__":"up","instance":"b"},"value":[1710251400.5,"0"]}]}}',
    );
    expect(result.format).toBe("prometheus-query");
    expect(result.series.map((series) => [series.labels.instance, series.timestamps[0], series.values[0]])).toEqual([
      ["a", 1710251400500, 1],
      ["b", 1710251400500, 0],
    ]);
  });

  it("reads a scalar", async () => {
    const result = await parseText('{"status":"success","data":{"resultType":"scalar","result":[1710251400,"42"]}}');
    expect(result.series[0]).toMatchObject({ name: "scalar", labels: {} });
    expect(result.series[0].values[0]).toBe(42);
  });
});

describe("Prometheus error envelope", () => {
  it("is refused with Prometheus' errorType and message", async () => {
    const message = await refusal(parseMetricsExport(fixture("prometheus-query-error.json")));
    expect(message).toMatch(/Prometheus error response, not data \(bad_data\)/);
    expect(message).toContain('invalid parameter "query": 1:52: parse error: unexpected ")"');
  });
});

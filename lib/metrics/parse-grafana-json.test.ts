import { describe, expect, it } from "vitest";
import { parseMetricsExport } from "@/lib/metrics/parse";
import { fixture, iso, parseJson, refusal } from "@/lib/metrics/test-helpers";

const frames = () => JSON.parse(fixture("grafana-dataframe-json.json").toString("utf8")) as unknown[];

describe("Grafana DataFrame JSON", () => {
  it("reads the shared sample: three frames, display names, labels, the unit, nulls as gaps", async () => {
    const result = await parseMetricsExport(fixture("grafana-dataframe-json.json"));
    expect(result.format).toBe("grafana-dataframe-json");
    expect(result.series.map((series) => [series.name, series.labels, series.unit])).toEqual([
      ["orders-api-1", { instance: "orders-api-1:8080", pool: "orders-primary" }, "ratio"],
      ["orders-api-2", { instance: "orders-api-2:8080", pool: "orders-primary" }, "ratio"],
      ["orders-api-3", { instance: "orders-api-3:8080", pool: "orders-primary" }, "ratio"],
    ]);
    for (const series of result.series) {
      expect(series.timestamps.length).toBe(71);
      expect(iso(series.timestamps[0])).toBe("2024-03-12T13:50:00.000Z");
      expect(iso(series.timestamps[70])).toBe("2024-03-12T15:00:00.000Z");
    }
    expect(result.series[0].values[0]).toBe(0.3947);
    expect(result.series[2].values[42]).toBeNaN();
    expect(result.series[2].values[43]).toBeNaN();
    expect(result.warnings.join(" ")).toMatch(/2 values were empty/);
  });

  it("reads an /api/ds/query response (results.A.frames)", async () => {
    const result = await parseJson({ results: { A: { status: 200, frames: frames() } } });
    expect(result.format).toBe("grafana-ds-query");
    expect(result.series).toHaveLength(3);
    expect(result.series[1].values[0]).toBe(0.406);
  });

  it("refuses a query error from /api/ds/query with Grafana's message", async () => {
    const message = await refusal(parseJson({ results: { A: { status: 400, error: "bad_data: parse error at char 12", frames: [] } } }));
    expect(message).toMatch(/Grafana query error response, not data: A: bad_data: parse error at char 12/);
  });

  it("reads Inspect's Panel data (frames with values inline), __name__ as the name, long frames by their text fields", async () => {
    const result = await parseJson({
      state: "Done",
      series: [
        {
          refId: "A",
          fields: [
            { name: "Time", type: "time", config: {}, values: [1710252000000, 1710252060000] },
            { name: "Value", type: "number", labels: { __name__: "up", job: "api" }, config: { unit: "short" }, values: [1, 0] },
          ],
        },
        {
          refId: "B",
          fields: [
            { name: "time", type: "time", config: {}, values: [1710252000000, 1710252000000, 1710252060000] },
            { name: "host", type: "string", config: {}, values: ["a", "b", "a"] },
            { name: "latency", type: "number", config: { unit: "ms" }, values: [10, 20, 11] },
          ],
        },
      ],
    });
    expect(result.series.map((series) => [series.name, series.labels, series.unit, Array.from(series.values)])).toEqual([
      ["up", { job: "api" }, null, [1, 0]],
      ["latency", { host: "a" }, "ms", [10, 11]],
      ["latency", { host: "b" }, "ms", [20]],
    ]);
  });

  it("reads the frames of a dashboard snapshot", async () => {
    const result = await parseJson({ dashboard: { title: "Orders", panels: [{ type: "timeseries", snapshotData: frames().slice(0, 1) }] } });
    expect(result.series.map((series) => series.name)).toEqual(["orders-api-1"]);
  });

  it("marks a result Grafana says it limited as partial", async () => {
    const [first] = frames() as { schema: { meta: Record<string, unknown> } }[];
    first.schema.meta.notices = [{ severity: "warning", text: "Results have been limited to 1000 series" }];
    const result = await parseJson([first]);
    expect(result.partial).toBe(true);
    expect(result.warnings.join(" ")).toMatch(/Grafana: Results have been limited to 1000 series/);
  });
});

describe("Grafana definitions without data", () => {
  it("refuses the shared Panel JSON sample: a panel definition, not data: use Inspect > Data", async () => {
    const message = await refusal(parseMetricsExport(fixture("grafana-panel-json-no-data.json")));
    expect(message).toMatch(/Grafana panel definition \(Panel JSON\), not data: use Inspect > Data/);
  });

  it("refuses a dashboard definition", async () => {
    const message = await refusal(parseJson({ dashboard: { title: "Orders", panels: [{ type: "timeseries", targets: [{ expr: "up" }] }] }, meta: {} }));
    expect(message).toMatch(/Grafana dashboard definition, not data: use Inspect > Data/);
  });
});

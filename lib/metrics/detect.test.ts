import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { describeUnrecognized, detectFormat } from "@/lib/metrics/detect";

const head = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")
    .replace(/^\uFEFF/, "")
    .slice(0, 64 * 1024);

describe("detectFormat over the shared samples", () => {
  it.each([
    ["prometheus-query-range-matrix.json", "prometheus-query-range"],
    ["prometheus-query-range-matrix-large.json", "prometheus-query-range"],
    ["prometheus-query-error.json", "prometheus-query-range"],
    ["grafana-inspect-joined-formatted.csv", "grafana-csv"],
    ["grafana-inspect-series-raw.csv", "grafana-csv"],
    ["grafana-dataframe-json.json", "grafana-dataframe-json"],
    ["datadog-query-v1.json", "datadog-query"],
    ["cloudwatch-get-metric-data.json", "cloudwatch-get-metric-data"],
    ["influxdb-flux-annotated.csv", "influx-flux-csv"],
    ["influxql-query-response.json", "influxql-json"],
    ["otlp-metrics-export-request.json", "otlp-json"],
    ["azure-monitor-metrics-list.json", "azure-monitor"],
    ["generic-timestamp-value-iso8601.csv", "generic-csv"],
    ["generic-timestamp-value-epoch-seconds.csv", "generic-csv"],
    ["generic-wide-epoch-ms.csv", "generic-csv"],
    ["generic-epoch-ms-7201-points.csv", "generic-csv"],
  ])("%s → %s, whatever the file is called", (name, format) => {
    expect(detectFormat(head(name), "download.txt")).toBe(format);
  });

  it("finds nothing in a panel definition", () => {
    expect(detectFormat(head("grafana-panel-json-no-data.json"))).toBeNull();
  });

  it("recognises a JSON document from its keys when the head is cut before its end", () => {
    expect(detectFormat(head("otlp-metrics-export-request.json").slice(0, 300))).toBe("otlp-json");
    expect(detectFormat(head("cloudwatch-get-metric-data.json").slice(0, 100))).toBe("cloudwatch-get-metric-data");
  });

  it("tells instant queries from range queries", () => {
    expect(detectFormat('{"status":"success","data":{"resultType":"vector","result":[]}}')).toBe("prometheus-query");
  });

  it("uses the name only to break a tie: Grafana's download names", () => {
    expect(detectFormat("Time,value\n2024-03-12 14:00:00,1\n")).toBe("generic-csv");
    expect(detectFormat("Time,value\n2024-03-12 14:00:00,1\n", "Connection pool usage-data-2024-03-12 14_35_00.csv")).toBe("grafana-csv");
  });

  it("knows InfluxDB CSV without annotations and old Grafana exports", () => {
    expect(detectFormat(",result,table,_time,_value\n,_result,0,2024-03-12T14:00:00Z,1\n")).toBe("influx-flux-csv");
    expect(detectFormat("sep=;\nSeries;Time;Value\na;2024-03-12T14:00:00+01:00;1\n")).toBe("grafana-csv");
  });

  it("returns null for empty and single-column text", () => {
    expect(detectFormat("")).toBeNull();
    expect(detectFormat("just some words\nand more\n")).toBeNull();
  });
});

describe("describeUnrecognized", () => {
  it("names a Grafana panel and dashboard, and an API error", () => {
    const panel = JSON.parse(head("grafana-panel-json-no-data.json")) as unknown;
    expect(describeUnrecognized("{", panel)).toMatch(/panel definition \(Panel JSON\), not data: use Inspect > Data/);
    expect(describeUnrecognized("{", { panels: [], schemaVersion: 39, title: "Orders" })).toMatch(/dashboard definition, not data/);
    expect(describeUnrecognized("{", { errors: ["Forbidden"] })).toMatch(/error response from the monitoring API, not data: Forbidden/);
  });
});

describe("detectFormat below comment lines", () => {
  it("finds the quoted Grafana header, or a plain one, under '#' and '//' comments and blank lines", () => {
    expect(detectFormat('# exported from Grafana v10.2.3, dashboard "Checkout"\n// browser time\n\n"Time","p99 (ms)"\n"2021-03-03T14:05:00Z","120"\n')).toBe(
      "grafana-csv",
    );
    expect(detectFormat("# from the load balancer, 1 row a minute\ntimestamp,requests\n2021-03-03T14:05:00+01:00,120\n")).toBe("generic-csv");
    expect(detectFormat("# only comments\n// nothing else\n")).toBeNull();
    expect(detectFormat("# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\nhttp_requests_total 3\n")).toBeNull();
  });
});

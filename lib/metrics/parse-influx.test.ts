import { describe, expect, it } from "vitest";
import { parseMetricsExport } from "@/lib/metrics/parse";
import { fixture, iso, parseText, refusal } from "@/lib/metrics/test-helpers";

describe("InfluxDB Flux annotated CSV", () => {
  it("reads the shared sample: one series per table, named measurement.field, tags as labels", async () => {
    const result = await parseMetricsExport(fixture("influxdb-flux-annotated.csv"));
    expect(result.format).toBe("influx-flux-csv");
    expect(result.partial).toBe(false);
    expect(result.warnings).toEqual([]);
    expect(result.series.map((series) => [series.name, series.labels, series.unit])).toEqual([
      ["hikaricp.usage_percent", { host: "orders-api-1" }, "%"],
      ["hikaricp.usage_percent", { host: "orders-api-2" }, "%"],
    ]);
    for (const series of result.series) {
      expect(series.timestamps.length).toBe(70);
      expect(iso(series.timestamps[0])).toBe("2024-03-12T13:51:00.000Z");
      expect(iso(series.timestamps[69])).toBe("2024-03-12T15:00:00.000Z");
    }
    expect(result.series[0].values[0]).toBe(40.74);
    expect(result.series[1].values[result.series[1].timestamps.indexOf(Date.UTC(2024, 2, 12, 14, 35))]).toBe(96.8);
  });

  const block = (datatype: string, header: string, rows: string[]) =>
    `#group,false,false,true,true,false,false,true,true,true\r\n#datatype,${datatype}\r\n#default,_result,,,,,,,,\r\n${header}\r\n${rows.join("\r\n")}\r\n\r\n`;

  it("reads several blocks with their own annotations, integers and booleans", async () => {
    const text =
      block(
        "string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,long,string,string,string",
        ",result,table,_start,_stop,_time,_value,_field,_measurement,host",
        [
          ",,0,2024-03-12T13:00:00Z,2024-03-12T15:00:00Z,2024-03-12T14:00:00Z,42,active,pool,a",
          ",,0,2024-03-12T13:00:00Z,2024-03-12T15:00:00Z,2024-03-12T14:01:00.5Z,43,active,pool,a",
        ],
      ) +
      block(
        "string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,boolean,string,string,string",
        ",result,table,_start,_stop,_time,_value,_field,_measurement,host",
        [
          ",,1,2024-03-12T13:00:00Z,2024-03-12T15:00:00Z,2024-03-12T14:00:00Z,true,healthy,pool,a",
          ",,1,2024-03-12T13:00:00Z,2024-03-12T15:00:00Z,2024-03-12T14:01:00Z,false,healthy,pool,a",
        ],
      );
    const result = await parseText(text);
    expect(result.series.map((series) => [series.name, Array.from(series.values)])).toEqual([
      ["pool.active", [42, 43]],
      ["pool.healthy", [1, 0]],
    ]);
    expect(result.series[0].timestamps[1]).toBe(Date.UTC(2024, 2, 12, 14, 1, 0, 500));
  });

  it("reads a pivoted table (one column per field) as one series per numeric column", async () => {
    const text =
      "#datatype,string,long,dateTime:RFC3339,string,string,double,double\n#group,false,false,false,true,true,false,false\n#default,_result,,,,,,\n,result,table,_time,_measurement,host,used,idle\n,,0,2024-03-12T14:00:00Z,pool,a,20,30\n,,0,2024-03-12T14:01:00Z,pool,a,21,29\n";
    const result = await parseText(text);
    expect(result.series.map((series) => [series.name, series.labels, Array.from(series.values)])).toEqual([
      ["pool.used", { host: "a" }, [20, 21]],
      ["pool.idle", { host: "a" }, [30, 29]],
    ]);
  });

  it("refuses InfluxDB's error table with its message", async () => {
    const text = '#datatype,string,string\n#group,true,true\n#default,,\n,error,reference\n,"failed to compile query: undefined identifier r",897\n';
    expect(await refusal(parseText(text))).toMatch(/InfluxDB error response, not data: failed to compile query: undefined identifier r/);
  });
});

describe("InfluxQL JSON", () => {
  it("reads the shared sample: one series per host, nulls as gaps", async () => {
    const result = await parseMetricsExport(fixture("influxql-query-response.json"));
    expect(result.format).toBe("influxql-json");
    expect(result.partial).toBe(false);
    expect(result.series.map((series) => [series.name, series.labels])).toEqual([
      ["hikaricp.mean", { host: "orders-api-1" }],
      ["hikaricp.mean", { host: "orders-api-2" }],
    ]);
    for (const series of result.series) {
      expect(series.timestamps.length).toBe(71);
      expect(iso(series.timestamps[0])).toBe("2024-03-12T13:50:00.000Z");
      expect(iso(series.timestamps[70])).toBe("2024-03-12T15:00:00.000Z");
    }
    expect(result.series[0].values[0]).toBe(40.04);
    const second = result.series[1];
    expect(second.values[second.timestamps.indexOf(Date.UTC(2024, 2, 12, 14, 31))]).toBeNaN();
    expect(result.warnings.join(" ")).toMatch(/2 values were empty, null, NaN or ±Inf/);
  });

  it("marks a partial (chunked or row-limited) response partial and reads epoch times", async () => {
    const result = await parseText(
      '{"results":[{"statement_id":0,"series":[{"name":"cpu","columns":["time","max","min"],"values":[[1710252000000,2,1],[1710252060000,3,1]],"partial":true}],"partial":true}]}',
    );
    expect(result.partial).toBe(true);
    expect(result.warnings.join(" ")).toMatch(/partial/);
    expect(result.series.map((series) => [series.name, series.timestamps[0], Array.from(series.values)])).toEqual([
      ["cpu.max", Date.UTC(2024, 2, 12, 14), [2, 3]],
      ["cpu.min", Date.UTC(2024, 2, 12, 14), [1, 1]],
    ]);
  });

  it("refuses an error response", async () => {
    expect(await refusal(parseText('{"results":[{"statement_id":0,"error":"database not found: telegraf"}]}'))).toMatch(
      /InfluxDB error response, not data: statement 0: database not found: telegraf/,
    );
    expect(await refusal(parseText('{"error":"error parsing query: found EOF"}'))).toMatch(/error response/);
  });
});

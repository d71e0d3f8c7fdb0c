import { describe, expect, it } from "vitest";
import { parseMetricsExport } from "@/lib/metrics/parse";
import { parseLabelSet } from "@/lib/metrics/parse-csv-table";
import type { ParseResult } from "@/lib/metrics/types";
import { fixture, iso, parseText, refusal } from "@/lib/metrics/test-helpers";

const T0 = Date.UTC(2024, 2, 12, 14, 0, 0);

const byName = (result: ParseResult, name: string) => {
  const found = result.series.find((series) => series.name === name);
  if (!found) throw new Error(`no series ${name} in ${result.series.map((series) => series.name).join(", ")}`);
  return found;
};
const valueAt = (result: ParseResult, name: string, ms: number) => {
  const series = byName(result, name);
  return series.values[series.timestamps.indexOf(ms)];
};

function utf16(text: string, endian: "le" | "be"): Uint8Array {
  const bytes = Buffer.from(`\ufeff${text}`, "utf16le");
  if (endian === "be") bytes.swap16();
  return new Uint8Array(bytes);
}

describe("Grafana Inspect CSV, series joined by time, formatted", () => {
  it("reads the shared sample: three series in %, the empty cells as gaps, local times as UTC with a warning", async () => {
    const result = await parseMetricsExport(fixture("grafana-inspect-joined-formatted.csv"));
    expect(result.format).toBe("grafana-csv");
    expect(result.series.map((series) => series.name)).toEqual(["orders-api-1", "orders-api-2", "orders-api-3"]);
    for (const series of result.series) {
      expect(series.unit).toBe("%");
      expect(series.labels).toEqual({});
      expect(series.timestamps.length).toBe(71);
      expect(iso(series.timestamps[0])).toBe("2024-03-12T13:50:00.000Z");
      expect(iso(series.timestamps[70])).toBe("2024-03-12T15:00:00.000Z");
    }
    expect(valueAt(result, "orders-api-1", Date.UTC(2024, 2, 12, 14, 35))).toBe(95.9);
    expect(valueAt(result, "orders-api-3", Date.UTC(2024, 2, 12, 14, 32))).toBeNaN();
    expect(valueAt(result, "orders-api-3", Date.UTC(2024, 2, 12, 14, 33))).toBeNaN();
    expect(valueAt(result, "orders-api-3", Date.UTC(2024, 2, 12, 14, 34))).toBe(97.6);
    expect(result.warnings.join(" ")).toMatch(/"Time" have no UTC offset .*read as UTC/);
    expect(result.warnings.join(" ")).toMatch(/2 values were empty.*orders-api-3: 2/);
  });

  it("reads the local times in the zone given", async () => {
    const result = await parseMetricsExport(fixture("grafana-inspect-joined-formatted.csv"), { timeZone: "Europe/Berlin" });
    expect(iso(result.series[0].timestamps[0])).toBe("2024-03-12T12:50:00.000Z");
    expect(result.warnings.join(" ")).toMatch(/read as Europe\/Berlin/);
  });

  it("reads the same export saved as UTF-16 LE or BE with a BOM", async () => {
    const text = fixture("grafana-inspect-joined-formatted.csv")
      .toString("utf8")
      .replace(/^\uFEFF/, "");
    for (const endian of ["le", "be"] as const) {
      const result = await parseMetricsExport(utf16(text, endian));
      expect(result.format).toBe("grafana-csv");
      expect(result.series.map((series) => series.name)).toEqual(["orders-api-1", "orders-api-2", "orders-api-3"]);
      expect(result.series[0].values[0]).toBe(39.2);
      expect(result.series[2].timestamps.length).toBe(71);
    }
  });

  it("brings values written in several units to the column's first unit (Grafana scales ms to s)", async () => {
    const result = await parseText('"Time","p95"\r\n2024-03-12 14:00:00,180 ms\r\n2024-03-12 14:01:00,2.30 s\r\n2024-03-12 14:02:00,950 ms\r\n');
    expect(result.series[0].unit).toBe("ms");
    expect(Array.from(result.series[0].values)).toEqual([180, 2300, 950]);
    expect(result.warnings.join(" ")).toMatch(/several units; all were converted to ms/);
  });

  it("reads Excel's sep=; first line with decimal commas", async () => {
    const result = await parseText('sep=;\r\n"Time";"orders-api-1";"orders-api-2"\r\n2024-03-12 14:00:00;41,2%;39,5%\r\n2024-03-12 14:01:00;1.041,5;40\r\n');
    expect(result.format).toBe("grafana-csv");
    expect(Array.from(byName(result, "orders-api-1").values)).toEqual([41.2, 1041.5]);
    expect(Array.from(byName(result, "orders-api-2").values)).toEqual([39.5, 40]);
    expect(byName(result, "orders-api-1").unit).toBe("%");
  });

  it("reads dot decimals in a semicolon file too (Grafana's locale delimiter)", async () => {
    const result = await parseText('"Time";"a"\n2024-03-12 14:00:00;41.25\n');
    expect(result.series[0].values[0]).toBe(41.25);
  });
});

describe("Grafana Inspect CSV, one series, raw", () => {
  it("reads the shared sample: epoch ms, name and labels from the header's label set", async () => {
    const result = await parseMetricsExport(fixture("grafana-inspect-series-raw.csv"));
    expect(result.format).toBe("grafana-csv");
    expect(result.series).toHaveLength(1);
    const [series] = result.series;
    expect(series.name).toBe("hikaricp_connections_active");
    expect(series.labels).toEqual({ instance: "orders-api-2:8080", pool: "orders-primary" });
    expect(series.timestamps.length).toBe(71);
    expect(iso(series.timestamps[0])).toBe("2024-03-12T13:50:00.000Z");
    expect(iso(series.timestamps[70])).toBe("2024-03-12T15:00:00.000Z");
    expect(series.values[0]).toBe(20);
    expect(Math.max(...series.values)).toBe(49);
    expect(result.warnings).toEqual([]);
  });

  it("reads several frames written one after another, each with its header", async () => {
    const result = await parseText('"Time","a{host=""x""}"\r\n1710251400000,1\r\n1710251460000,2\r\n"Time","a{host=""y""}"\r\n1710251400000,3\r\n');
    expect(result.series.map((series) => [series.name, series.labels.host, series.values.length])).toEqual([
      ["a", "x", 2],
      ["a", "y", 1],
    ]);
  });
});

describe("Grafana < 7 exports", () => {
  it("reads Series;Time;Value rows (series as rows) with offsets in the times", async () => {
    const result = await parseText(
      "sep=;\nSeries;Time;Value\norders-api-1;2024-03-12T15:00:00+01:00;41.2\norders-api-2;2024-03-12T15:00:00+01:00;null\norders-api-1;2024-03-12T15:01:00+01:00;43\norders-api-2;2024-03-12T15:01:00+01:00;39.5\n",
    );
    expect(result.format).toBe("grafana-csv");
    expect(result.series.map((series) => series.name)).toEqual(["orders-api-1", "orders-api-2"]);
    expect(Array.from(byName(result, "orders-api-1").timestamps)).toEqual([T0, T0 + 60_000]);
    expect(Array.from(byName(result, "orders-api-1").values)).toEqual([41.2, 43]);
    expect(Array.from(byName(result, "orders-api-2").values)).toEqual([NaN, 39.5]);
    expect(result.warnings.join(" ")).not.toMatch(/no UTC offset/);
  });
});

describe("generic CSV: the shared samples", () => {
  it("reads timestamp,value with ISO-8601 UTC times", async () => {
    const result = await parseMetricsExport(fixture("generic-timestamp-value-iso8601.csv"));
    expect(result.format).toBe("generic-csv");
    expect(result.series).toHaveLength(1);
    expect(result.series[0]).toMatchObject({ name: "value", labels: {}, unit: null });
    expect(result.series[0].timestamps.length).toBe(71);
    expect(iso(result.series[0].timestamps[0])).toBe("2024-03-12T13:50:00.000Z");
    expect(result.series[0].values[0]).toBe(40.68);
    expect(result.warnings).toEqual([]);
  });

  it("reads epoch seconds", async () => {
    const result = await parseMetricsExport(fixture("generic-timestamp-value-epoch-seconds.csv"));
    const [series] = result.series;
    expect(series.timestamps.length).toBe(71);
    expect(iso(series.timestamps[0])).toBe("2024-03-12T13:50:00.000Z");
    expect(iso(series.timestamps[70])).toBe("2024-03-12T15:00:00.000Z");
    expect(Math.max(...series.values)).toBe(0.23311);
  });

  it("reads a wide file with units in the header names", async () => {
    const result = await parseMetricsExport(fixture("generic-wide-epoch-ms.csv"));
    expect(result.series.map((series) => [series.name, series.unit])).toEqual([
      ["pool_usage", "%"],
      ["p95_latency", "ms"],
      ["error_rate", "%"],
    ]);
    expect(valueAt(result, "p95_latency", Date.UTC(2024, 2, 12, 14, 33))).toBe(2366);
    expect(valueAt(result, "error_rate", Date.UTC(2024, 2, 12, 14, 35))).toBe(24.11);
    for (const series of result.series) expect(series.timestamps.length).toBe(71);
  });

  it("reads 7201 points at 1 s", async () => {
    const result = await parseMetricsExport(fixture("generic-epoch-ms-7201-points.csv"));
    const [series] = result.series;
    expect(series.name).toBe("active_connections");
    expect(series.timestamps.length).toBe(7201);
    expect(iso(series.timestamps[0])).toBe("2024-03-12T13:30:00.000Z");
    expect(iso(series.timestamps[7200])).toBe("2024-03-12T15:30:00.000Z");
    expect(valueAt(result, "active_connections", 1710253975000)).toBe(50);
  });
});

describe("generic CSV: messy variants", () => {
  it("turns NaN, +Inf, -Inf, null and empty cells into gaps and counts them", async () => {
    const result = await parseText(
      "timestamp,value\n1710251400,1\n1710251460,NaN\n1710251520,+Inf\n1710251580,-Inf\n1710251640,null\n1710251700,\n1710251760,7\n",
    );
    expect(Array.from(result.series[0].values)).toEqual([1, NaN, NaN, NaN, NaN, NaN, 7]);
    expect(result.warnings.join(" ")).toMatch(/5 values were empty, null, NaN or ±Inf/);
  });

  it("sorts unsorted rows and keeps the last of duplicate timestamps", async () => {
    const result = await parseText("timestamp,value\n2024-03-12T14:02:00Z,3\n2024-03-12T14:00:00Z,1\n2024-03-12T14:01:00Z,2\n2024-03-12T14:00:00Z,10\n");
    expect(Array.from(result.series[0].timestamps)).toEqual([T0, T0 + 60_000, T0 + 120_000]);
    expect(Array.from(result.series[0].values)).toEqual([10, 2, 3]);
    expect(result.warnings.join(" ")).toMatch(/more than once; the last value given for each was kept/);
    expect(result.warnings.join(" ")).toMatch(/sorted/);
  });

  it("reads units inside values: 41.2%, 180 ms, 2.30 s", async () => {
    const result = await parseText("time,usage,p95,other\n2024-03-12T14:00:00Z,41.2%,180 ms,2.30 s\n");
    expect(result.series.map((series) => [series.name, series.values[0], series.unit])).toEqual([
      ["usage", 41.2, "%"],
      ["p95", 180, "ms"],
      ["other", 2.3, "s"],
    ]);
  });

  it("reads header units in brackets: p95 (ms), heap [MiB]", async () => {
    const result = await parseText("timestamp,p95 (ms),heap [MiB]\n2024-03-12T14:00:00Z,180,512\n");
    expect(result.series.map((series) => [series.name, series.unit])).toEqual([
      ["p95", "ms"],
      ["heap", "MiB"],
    ]);
  });

  it("reads local times without an offset in the zone given, and says which zone it assumed", async () => {
    const text = "timestamp,value\n2024-03-12 15:00:00,1\n2024-07-01 16:00:00,2\n";
    const berlin = await parseText(text, { timeZone: "Europe/Berlin" });
    expect(Array.from(berlin.series[0].timestamps)).toEqual([T0, Date.UTC(2024, 6, 1, 14, 0, 0)]);
    expect(berlin.warnings.join(" ")).toMatch(/"timestamp" have no UTC offset; they were read as Europe\/Berlin/);
    const utc = await parseText(text);
    expect(utc.series[0].timestamps[0]).toBe(T0 + 3_600_000);
    expect(utc.warnings.join(" ")).toMatch(/read as UTC/);
  });

  it("reads ISO-8601 times with offsets without any zone warning", async () => {
    const result = await parseText("timestamp,value\n2024-03-12T15:00:00+01:00,1\n2024-03-12T09:01:00-05:00,2\n", { timeZone: "Asia/Tokyo" });
    expect(Array.from(result.series[0].timestamps)).toEqual([T0, T0 + 60_000]);
    expect(result.warnings).toEqual([]);
  });

  it("reads tab-delimited files", async () => {
    const result = await parseText("time\tcpu\tmem\n1710251400\t0.5\t100\n1710251460\t0.6\t101\n");
    expect(result.series.map((series) => series.name)).toEqual(["cpu", "mem"]);
    expect(Array.from(result.series[1].values)).toEqual([100, 101]);
  });

  it("reads semicolon files with decimal commas", async () => {
    const result = await parseText("Zeitstempel;Auslastung\n2024-03-12T14:00:00Z;41,2\n2024-03-12T14:01:00Z;39,75\n");
    expect(result.format).toBe("generic-csv");
    expect(Array.from(result.series[0].values)).toEqual([41.2, 39.75]);
  });

  it.each([
    ["seconds", "1710252000"],
    ["milliseconds", "1710252000000"],
    ["microseconds", "1710252000000000"],
    ["nanoseconds", "1710252000000000000"],
  ])("reads epoch %s by magnitude", async (_, stamp) => {
    const result = await parseText(`ts,value\n${stamp},1\n`);
    expect(result.series[0].timestamps[0]).toBe(T0);
  });

  it("reads quoted fields with delimiters and quotes inside", async () => {
    const result = await parseText('"timestamp","host","value"\n"2024-03-12T14:00:00Z","db, ""primary""","42"\n');
    expect(result.series[0].labels).toEqual({ host: 'db, "primary"' });
    expect(result.series[0].values[0]).toBe(42);
  });

  it("ignores the empty column a trailing delimiter makes, and reads quoted thousands groups", async () => {
    const result = await parseText('timestamp,requests,\n2024-03-12T14:00:00Z,"1,234,567",\n2024-03-12T14:01:00Z,"1,250.5",\n');
    expect(result.series).toHaveLength(1);
    expect(Array.from(result.series[0].values)).toEqual([1234567, 1250.5]);
    expect(result.warnings).toEqual([]);
  });

  it("keeps cells that are not numbers as gaps and says which", async () => {
    // A comma file has no decimal commas: a quoted "1,5" is not a number.
    const result = await parseText('timestamp,value\n2024-03-12T14:00:00Z,1\n2024-03-12T14:01:00Z,"1,5"\n2024-03-12T14:02:00Z,oops\n');
    expect(Array.from(result.series[0].values)).toEqual([1, NaN, NaN]);
    expect(result.warnings.join(" ")).toMatch(/2 cells in "value" are not a number \(e.g. "1,5"\)/);
  });

  it("reads long files: a text column names the series", async () => {
    const result = await parseText("timestamp,host,latency_ms\n2024-03-12T14:00:00Z,a,10\n2024-03-12T14:00:00Z,b,20\n2024-03-12T14:01:00Z,a,11\n");
    expect(result.series.map((series) => [series.name, series.labels, series.unit, Array.from(series.values)])).toEqual([
      ["latency", { host: "a" }, "ms", [10, 11]],
      ["latency", { host: "b" }, "ms", [20]],
    ]);
  });

  it("reads a file without a header", async () => {
    const result = await parseText("1710252000,1.5\n1710252060,2.5\n");
    expect(result.series[0].name).toBe("value");
    expect(Array.from(result.series[0].values)).toEqual([1.5, 2.5]);
  });

  it("leaves out, rather than draws as gaps, the empty cells of a column of a coarser interval", async () => {
    const rows = Array.from({ length: 12 }, (_, i) => `${1710252000 + i * 15},${i},${i % 4 === 0 ? i * 10 : ""}`);
    const result = await parseText(`time,fast,slow\n${rows.join("\n")}\n`);
    expect(Array.from(byName(result, "slow").values)).toEqual([0, 40, 80]);
    expect(byName(result, "fast").values.length).toBe(12);
    expect(result.warnings.join(" ")).toMatch(/"slow" has values in only 3 of 12 rows/);
  });

  it("keeps two columns of one name apart", async () => {
    const result = await parseText("time,Value,Value\n1710252000,1,2\n");
    expect(result.series.map((series) => [series.name, series.values[0]])).toEqual([
      ["Value", 1],
      ["Value (2)", 2],
    ]);
  });

  it("marks a file whose last row is cut short as partial", async () => {
    const result = await parseText("time,a,b,c\n1710252000,1,2,3\n1710252060,4,5");
    expect(result.partial).toBe(true);
    expect(result.warnings.join(" ")).toMatch(/last row \(line 3\) has 3 of 4 columns: the file looks cut off/);
    expect(result.series[2].values[1]).toBeNaN();
  });

  it("skips rows whose time cannot be read and says so", async () => {
    const result = await parseText("timestamp,value\n2024-03-12T14:00:00Z,1\nnot a time,2\n2024-03-12T14:01:00Z,3\n");
    expect(Array.from(result.series[0].values)).toEqual([1, 3]);
    expect(result.warnings.join(" ")).toMatch(/1 row was skipped because "timestamp" held no readable time \(e.g. "not a time" on line 3\)/);
  });

  it("refuses a file without a time column", async () => {
    const message = await refusal(parseText("host,value\na,1\nb,2\n"));
    expect(message).toMatch(/without a time column: none of the columns \("host", "value"\)/);
  });

  it("refuses a file with only a header", async () => {
    expect(await refusal(parseText("timestamp,value\n"))).toMatch(/header \("timestamp", "value"\) but no data rows/);
  });

  it("refuses a file whose times are all unreadable", async () => {
    expect(await refusal(parseText("timestamp,value\n03/12/2024 14:00,1\n03/12/2024 14:01,2\n"))).toMatch(
      /holds no time I can read \(e.g. "03\/12\/2024 14:00" on line 2\)/,
    );
  });

  it("refuses a file with no data points", async () => {
    expect(await refusal(parseText("timestamp,value\n2024-03-12T14:00:00Z,NaN\n2024-03-12T14:01:00Z,\n"))).toMatch(/A CSV file, but it holds no data points/);
  });
});

describe("parseLabelSet", () => {
  it("reads a Prometheus label set, escapes included, and nothing else", () => {
    expect(parseLabelSet('up{job="api", path="/a\\"b"}')).toEqual({ name: "up", labels: { job: "api", path: '/a"b' } });
    expect(parseLabelSet('{pool="x"}')).toEqual({ name: "", labels: { pool: "x" } });
    expect(parseLabelSet("orders-api-1")).toBeNull();
    expect(parseLabelSet("cpu {not a label set}")).toBeNull();
  });
});

describe("a CSV with comment lines above a quoted header, and a UTC offset per row", () => {
  const text = [
    '# exported from Grafana v10.2.3 on 2021-03-03T15:00:00Z, dashboard "Checkout", panel "Gateway latency"',
    "// time range: 2021-03-03 13:55 to 14:55 (browser time, Europe/Paris)",
    "",
    '"Time","p99 latency (ms)","declined payments"',
    '"2021-03-03T14:55:00+01:00","120","0"',
    '"2021-03-03T15:00:00+01:00","118","0"',
    '"2021-03-03T14:05:00Z","4200","41"',
    '"2021-03-03 15:10:00 +01:00","3900","38"',
    "# a note between rows",
    '"2021-03-03T14:31:00.500Z","610","7"',
    "",
  ].join("\n");

  it("skips the comments and blank lines, reads the header and each row's own offset", async () => {
    const result = await parseText(text);
    expect(result.format).toBe("grafana-csv");
    expect(result.series.map((series) => [series.name, series.unit])).toEqual([
      ["p99 latency", "ms"],
      ["declined payments", null],
    ]);
    const latency = byName(result, "p99 latency");
    expect(Array.from(latency.timestamps, iso)).toEqual([
      "2021-03-03T13:55:00.000Z",
      "2021-03-03T14:00:00.000Z",
      "2021-03-03T14:05:00.000Z",
      "2021-03-03T14:10:00.000Z",
      "2021-03-03T14:31:00.500Z",
    ]);
    expect(Array.from(latency.values)).toEqual([120, 118, 4200, 3900, 610]);
    // every time carried its offset: nothing was read in an assumed zone, and no row was skipped
    expect(result.warnings.join(" ")).not.toMatch(/no UTC offset|skipped/);
  });

  it("finds the delimiter below comments that hold commas", async () => {
    const semicolons = "# exported 2021-03-03, by Grafana, from Checkout\ntime;value\n2021-03-03T14:05:00Z;1,5\n2021-03-03T14:06:00+01:00;2,5\n";
    const result = await parseText(semicolons);
    // 14:06 at +01:00 is an hour before 14:05 UTC: the points come in time order
    expect(Array.from(result.series[0].timestamps, iso)).toEqual(["2021-03-03T13:06:00.000Z", "2021-03-03T14:05:00.000Z"]);
    expect(Array.from(result.series[0].values)).toEqual([2.5, 1.5]);
  });
});

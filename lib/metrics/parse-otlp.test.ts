import { describe, expect, it } from "vitest";
import { parseMetricsExport } from "@/lib/metrics/parse";
import { bucketQuantile, unixNanoToMs } from "@/lib/metrics/parse-otlp";
import type { ParseResult } from "@/lib/metrics/types";
import { fixture, iso, parseText } from "@/lib/metrics/test-helpers";

const at = (hour: number, minute: number) => Date.UTC(2024, 2, 12, hour, minute);

const find = (result: ParseResult, name: string, labels: Record<string, string>) => {
  const found = result.series.find((series) => series.name === name && Object.entries(labels).every(([key, value]) => series.labels[key] === value));
  if (!found) throw new Error(`no ${name} ${JSON.stringify(labels)}`);
  return found;
};

/** One request with a gauge, as the collector writes it (one per line in JSON Lines). */
const request = (points: { time: string; value: string | number; flags?: number }[], name = "queue.depth") =>
  JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "worker" } }] },
        scopeMetrics: [
          {
            metrics: [
              {
                name,
                unit: "1",
                gauge: {
                  dataPoints: points.map((point) => ({
                    timeUnixNano: point.time,
                    ...(typeof point.value === "number" ? { asDouble: point.value } : { asInt: point.value }),
                    ...(point.flags ? { flags: point.flags } : {}),
                  })),
                },
              },
            ],
          },
        ],
      },
    ],
  });

describe("OTLP/JSON ExportMetricsServiceRequest", () => {
  it("reads the shared sample: sums per attribute set, the histogram as count, mean and bucket percentiles", async () => {
    const result = await parseMetricsExport(fixture("otlp-metrics-export-request.json"));
    expect(result.format).toBe("otlp-json");
    expect(result.warnings).toEqual([]);
    expect(result.series).toHaveLength(8);
    const used = find(result, "db.client.connection.count", { "db.client.connection.state": "used" });
    expect(used.labels).toEqual({
      "service.name": "orders-api",
      "service.instance.id": "orders-api-7d9f6c5b8-2xkqp",
      "deployment.environment.name": "prod",
      "db.client.connection.pool.name": "orders-primary",
      "db.client.connection.state": "used",
    });
    expect(used.unit).toBe("connection");
    expect(used.timestamps.length).toBe(13);
    expect(iso(used.timestamps[0])).toBe("2024-03-12T13:50:00.000Z");
    expect(iso(used.timestamps[12])).toBe("2024-03-12T14:50:00.000Z");
    expect(Math.max(...used.values)).toBe(48);
    expect(find(result, "db.client.connection.max", {}).values[0]).toBe(50);

    const route = { "http.route": "/orders", "http.response.status_code": "200" };
    const count = find(result, "http.server.request.duration", { ...route, statistic: "count" });
    const mean = find(result, "http.server.request.duration", { ...route, statistic: "mean" });
    const p95 = find(result, "http.server.request.duration", { ...route, statistic: "p95" });
    expect(find(result, "http.server.request.duration", { statistic: "p50" }).unit).toBe("s");
    expect(find(result, "http.server.request.duration", { statistic: "p99" }).timestamps.length).toBe(13);
    expect(count.unit).toBeNull();
    expect(mean.unit).toBe("s");
    expect(count.values[0]).toBe(1800);
    expect(mean.values[0]).toBeCloseTo(0.108, 9);
    expect(mean.values[mean.timestamps.indexOf(at(14, 35))]).toBeCloseTo(1.38, 9);
    // 14:30: 978 in (0.5, 0.75], 327 in (0.75, 1], 495 in (1, 2.5]: rank 1710 lies 405/495 into the last
    expect(p95.values[p95.timestamps.indexOf(at(14, 30))]).toBeCloseTo(1 + 1.5 * (405 / 495), 9);
    expect(p95.values[0]).toBeCloseTo(0.1 + 0.15 * (513 / 603), 9);
  });

  it("reads JSON Lines from the collector's file exporter, one request per line, into the same series", async () => {
    const lines = [
      request([{ time: "1710252000000000000", value: "3" }]),
      request([{ time: "1710252060000000000", value: "5" }]),
      request([{ time: "1710252120000000000", value: 7.5 }]),
    ];
    const result = await parseText(`${lines.join("\n")}\n`);
    expect(result.format).toBe("otlp-json");
    expect(result.series).toHaveLength(1);
    expect(result.series[0]).toMatchObject({ name: "queue.depth", labels: { "service.name": "worker" }, unit: null });
    expect(Array.from(result.series[0].values)).toEqual([3, 5, 7.5]);
  });

  it("keeps the lines before a cut-off last line and marks the result partial", async () => {
    const full = request([{ time: "1710252000000000000", value: "3" }]);
    const result = await parseText(`${full}\n${full.slice(0, 60)}`);
    expect(result.partial).toBe(true);
    expect(result.warnings.join(" ")).toMatch(/last line \(2\) is cut off/);
    expect(result.series[0].values.length).toBe(1);
  });

  it("turns a point without a recorded value and a NaN double into gaps", async () => {
    const result = await parseText(
      request([
        { time: "1710252000000000000", value: 1 },
        { time: "1710252060000000000", value: "4", flags: 1 },
        { time: "1710252120000000000", value: "NaN" },
      ]).replace('"asInt":"NaN"', '"asDouble":"NaN"'),
    );
    expect(Array.from(result.series[0].values)).toEqual([1, NaN, NaN]);
  });

  it("turns a cumulative histogram into per-interval counts and means", async () => {
    const point = (time: string, count: string, sum: number, buckets: string[]) => ({
      startTimeUnixNano: "1710251000000000000",
      timeUnixNano: time,
      count,
      sum,
      bucketCounts: buckets,
      explicitBounds: [0.1, 1],
    });
    const document = {
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                {
                  name: "rpc.duration",
                  unit: "s",
                  histogram: {
                    aggregationTemporality: 2,
                    dataPoints: [point("1710252000000000000", "10", 1, ["10", "0", "0"]), point("1710252060000000000", "30", 21, ["10", "20", "0"])],
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    const result = await parseText(JSON.stringify(document));
    const count = find(result, "rpc.duration", { statistic: "count" });
    const mean = find(result, "rpc.duration", { statistic: "mean" });
    expect(Array.from(count.values)).toEqual([10, 20]);
    expect(Array.from(mean.values)).toEqual([0.1, 1]);
    expect(find(result, "rpc.duration", { statistic: "p50" }).values[1]).toBeCloseTo(0.1 + 0.9 * 0.5, 9);
  });
});

describe("bucketQuantile", () => {
  it("charts a cumulative counter as its per-second rate, across a restart, and says so; other sums stay as given", async () => {
    const nanos = (ms: number) => `${ms}000000`;
    const start = at(13, 0);
    const restart = at(14, 2) + 30_000;
    const sum = (name: string, unit: string, body: Record<string, unknown>, points: [number, number, number][]) => ({
      name,
      unit,
      sum: { ...body, dataPoints: points.map(([from, time, value]) => ({ startTimeUnixNano: nanos(from), timeUnixNano: nanos(time), asInt: String(value) })) },
    });
    const counter = { aggregationTemporality: 2, isMonotonic: true };
    const document = {
      resourceMetrics: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "orders-api" } }] },
          scopeMetrics: [
            {
              metrics: [
                // 600 requests a minute, then the process restarts at 14:02:30 and counts 900 by 14:03
                sum("http.server.requests", "{request}", counter, [
                  [start, at(14, 0), 36_000],
                  [start, at(14, 1), 36_600],
                  [start, at(14, 2), 37_200],
                  [restart, at(14, 3), 900],
                  [restart, at(14, 4), 1_500],
                ]),
                sum("network.io", "By", counter, [
                  [start, at(14, 0), 1_000],
                  [start, at(14, 1), 61_000],
                ]),
                sum("requests.delta", "{request}", { aggregationTemporality: 1, isMonotonic: true }, [[at(14, 0), at(14, 1), 600]]),
                sum("queue.size", "{item}", { aggregationTemporality: 2, isMonotonic: false }, [[start, at(14, 0), 7]]),
              ],
            },
          ],
        },
      ],
    };
    const result = await parseText(JSON.stringify(document));
    const rate = find(result, "rate(http.server.requests)", { "service.name": "orders-api" });
    expect(rate.unit).toBe("request/s");
    expect(Array.from(rate.timestamps, iso)).toEqual(["14:01", "14:02", "14:03", "14:04"].map((time) => `2024-03-12T${time}:00.000Z`));
    expect(Array.from(rate.values)).toEqual([10, 10, 30, 10]); // 900 in the 30 s since the restart
    expect(find(result, "rate(network.io)", {}).unit).toBe("B/s");
    expect(Array.from(find(result, "rate(network.io)", {}).values)).toEqual([1_000]);
    expect(Array.from(find(result, "requests.delta", {}).values)).toEqual([600]);
    expect(Array.from(find(result, "queue.size", {}).values)).toEqual([7]);
    expect(result.series.map((series) => series.name)).not.toContain("http.server.requests");
    expect(result.warnings).toEqual([
      "Cumulative counters were charted as per-second rates (rate(…)): http.server.requests, network.io. The original file is kept as an attachment.",
    ]);
  });

  it("interpolates inside the bucket holding the rank and respects min and max", () => {
    const point = { bounds: [1, 2, 4], buckets: [0, 10, 10, 0], min: Number.NaN, max: Number.NaN, base: Number.NaN };
    expect(bucketQuantile(point, 0.5)).toBe(2);
    expect(bucketQuantile(point, 0.75)).toBe(3);
    expect(bucketQuantile({ ...point, max: 2.5 }, 0.99)).toBe(2.5);
    expect(bucketQuantile({ ...point, buckets: [0, 0, 0, 0] }, 0.5)).toBeNaN();
  });

  it("reads exponential buckets", () => {
    // base 2 (scale 0), offset 0: buckets (1, 2], (2, 4]
    const point = { bounds: [0, 2, 4], buckets: [0, 10, 10], min: Number.NaN, max: Number.NaN, base: 2 };
    expect(bucketQuantile(point, 0.25)).toBe(1.5);
    expect(bucketQuantile(point, 0.75)).toBe(3);
  });
});

describe("unixNanoToMs", () => {
  it("keeps sub-millisecond precision that a double of the whole int64 would lose", () => {
    expect(unixNanoToMs("1710252000123456789")).toBeCloseTo(1710252000123.456789, 6);
    expect(unixNanoToMs(1710252000000000000)).toBe(1710252000000);
    expect(unixNanoToMs("not a number")).toBeNaN();
  });

  it("refuses a 26-digit timeUnixNano, naming the series and the accepted years, instead of failing in the database", async () => {
    const text = fixture("otlp-metrics-export-request.json")
      .toString("utf8")
      .replace(/"timeUnixNano":\s*"\d+"/, '"timeUnixNano": "12345678901234567890123456"');
    const error = await parseText(text).then(
      () => null,
      (caught: unknown) => caught as Error,
    );
    expect(error?.message).toMatch(
      /^The series "db\.client\.connection\.count.*" has a point at .* \(point \d+\): times must be between 1970 and 2100 \(inclusive\)/,
    );
  });
});

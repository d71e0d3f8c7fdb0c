import { describe, expect, it } from "vitest";
import { conversionFactor, isMissingValue, normalizeUnit, parseValueWithUnit, splitNameAndUnit, unitFromMetricName } from "@/lib/metrics/units";

describe("parseValueWithUnit", () => {
  it.each([
    ["41.2%", 41.2, "%"],
    ["180 ms", 180, "ms"],
    ["2.30 s", 2.3, "s"],
    ["-3.5", -3.5, null],
    ["1e3", 1000, null],
    ["12 µs", 12, "µs"],
    ["1.5 MiB", 1.5, "MiB"],
    ["250 B", 250, "B"],
    ["3.20 req/s", 3.2, "req/s"],
    ["1.50 K", 1500, null],
    ["2.30 Mil", 2_300_000, null],
    ["1.2 k req/s", 1200, "req/s"],
    ["21.5 °C", 21.5, "°C"],
  ])("%s → %d %s", (raw, value, unit) => {
    const parsed = parseValueWithUnit(raw);
    expect(parsed.value).toBeCloseTo(value, 9);
    expect(parsed.unit).toBe(unit);
  });

  it("gives NaN for text, NaN and null, and ±Infinity for Inf", () => {
    expect(parseValueWithUnit("NaN").value).toBeNaN();
    expect(parseValueWithUnit("null").value).toBeNaN();
    expect(parseValueWithUnit("orders-api-1").value).toBeNaN();
    expect(parseValueWithUnit("2024-03-12").value).toBeNaN();
    expect(parseValueWithUnit("+Inf").value).toBe(Infinity);
    expect(parseValueWithUnit("-Inf").value).toBe(-Infinity);
  });

  it("leaves a decimal comma to the CSV layer", () => {
    expect(parseValueWithUnit("1,5").value).toBeNaN();
  });
});

describe("normalizeUnit", () => {
  it("maps vendor spellings to one display form", () => {
    expect(normalizeUnit("Milliseconds")).toBe("ms");
    expect(normalizeUnit("percentunit")).toBe("ratio");
    expect(normalizeUnit("Percent")).toBe("%");
    expect(normalizeUnit("By")).toBe("B");
    expect(normalizeUnit("{connection}")).toBe("connection");
    expect(normalizeUnit("1")).toBeNull();
    expect(normalizeUnit("none")).toBeNull();
    expect(normalizeUnit("Mb/s")).toBe("Mb/s");
    expect(normalizeUnit("MB/s")).toBe("MB/s");
    expect(normalizeUnit("furlongs")).toBe("furlongs");
  });
});

describe("conversionFactor", () => {
  it("converts within a family and refuses across families", () => {
    expect(conversionFactor("s", "ms")).toBe(1000);
    expect(conversionFactor("ms", "s")).toBe(0.001);
    expect(conversionFactor("MiB", "KiB")).toBe(1024);
    expect(conversionFactor("ratio", "%")).toBe(100);
    expect(conversionFactor("ms", "%")).toBeNull();
    expect(conversionFactor("req/s", "ms")).toBeNull();
  });
});

describe("splitNameAndUnit", () => {
  it.each([
    ["p95 (ms)", "p95", "ms"],
    ["latency_ms", "latency", "ms"],
    ["pool_usage_pct", "pool_usage", "%"],
    ["Connection pool usage (%)", "Connection pool usage", "%"],
    ["heap [MiB]", "heap", "MiB"],
    ["CPU (user)", "CPU (user)", null],
    ["orders-api-1", "orders-api-1", null],
  ])("%s → %s, %s", (header, name, unit) => {
    expect(splitNameAndUnit(header)).toEqual({ name, unit });
  });
});

describe("unitFromMetricName", () => {
  it("reads the conventional suffix and keeps nothing else", () => {
    expect(unitFromMetricName("http_request_duration_seconds_bucket")).toBe("s");
    expect(unitFromMetricName("process_resident_memory_bytes")).toBe("B");
    expect(unitFromMetricName("usage_percent")).toBe("%");
    expect(unitFromMetricName("hikaricp_connections_active")).toBeNull();
  });
});

describe("isMissingValue", () => {
  it("knows the words exports write for no value", () => {
    for (const word of ["", " ", "NaN", "null", "NULL", "+Inf", "-Inf", "N/A", "-", "None"]) expect(isMissingValue(word)).toBe(true);
    for (const word of ["0", "12", "abc"]) expect(isMissingValue(word)).toBe(false);
  });
});

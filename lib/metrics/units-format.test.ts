import { describe, expect, it } from "vitest";
import { formatTimeTick, formatValue, timeTicks, unitFactor, unitLabel } from "@/lib/metrics/units-format";

describe("formatValue", () => {
  it("shows times in the readable step: 180 ms, 2.3 s, 1.5 min", () => {
    expect(formatValue(180, "ms")).toBe("180 ms");
    expect(formatValue(2300, "ms")).toBe("2.3 s");
    expect(formatValue(0.18, "s")).toBe("180 ms");
    expect(formatValue(90, "seconds")).toBe("1.5 min");
    expect(formatValue(0.0005, "s")).toBe("500 µs");
  });

  it("shows percentages, and ratios as percentages", () => {
    expect(formatValue(41.2, "%")).toBe("41.2%");
    expect(formatValue(0.23, "ratio")).toBe("23%");
    expect(formatValue(0.9623, "percentunit", 4)).toBe("96.23%");
  });

  it("shows bytes in binary steps (SI when the export used SI units)", () => {
    expect(formatValue(1536, "bytes")).toBe("1.5 KiB");
    expect(formatValue(3 * 1024 ** 3, "B")).toBe("3 GiB");
    expect(formatValue(1500, "kB")).toBe("1.5 MB");
    expect(formatValue(2048, "B/s")).toBe("2 KiB/s");
  });

  it("shows plain counts compactly, other units after the number, and a dash for no value", () => {
    expect(formatValue(1234, null)).toBe("1.23k");
    expect(formatValue(120, "req/s")).toBe("120 req/s");
    expect(formatValue(null, "ms")).toBe("—");
    expect(formatValue(Number.NaN, "ms")).toBe("—");
  });
});

describe("unitFactor / unitLabel", () => {
  it("converts between units of one kind only", () => {
    expect(unitFactor("ms", "s")).toBe(0.001);
    expect(unitFactor("milliseconds", "ms")).toBe(1);
    expect(unitFactor("%", "ratio")).toBe(0.01);
    expect(unitFactor("ms", "%")).toBeNull();
    expect(unitFactor(null, "ms")).toBeNull();
    expect(unitLabel("percentunit")).toBe("%");
    expect(unitLabel(null)).toBeNull();
  });
});

describe("time axis", () => {
  it("puts ticks on round times and labels them in the viewer's zone", () => {
    const start = Date.parse("2024-11-27T13:50:00Z");
    const end = Date.parse("2024-11-27T15:10:00Z");
    const ticks = timeTicks([start, end], 6);
    expect(ticks.map((tick) => new Date(tick).toISOString().slice(11, 16))).toEqual(["14:00", "14:15", "14:30", "14:45", "15:00"]);
    expect(formatTimeTick(ticks[0]!, "UTC", end - start)).toBe("14:00");
    expect(formatTimeTick(ticks[0]!, "Europe/Berlin", end - start)).toBe("15:00");
    expect(formatTimeTick(ticks[0]!, "UTC", 3 * 86_400_000)).toBe("27 Nov, 14:00");
  });

  it("puts the day in front of a short span's ticks when asked, in the zone shown", () => {
    const tick = Date.parse("2024-03-12T23:30:00Z");
    expect(formatTimeTick(tick, "UTC", 3_600_000, true)).toBe("12 Mar, 23:30");
    expect(formatTimeTick(tick, "Europe/Berlin", 3_600_000, true)).toBe("13 Mar, 00:30");
    expect(formatTimeTick(tick, "UTC", 5 * 60_000, true)).toBe("12 Mar, 23:30:00");
  });
});

import { describe, expect, it } from "vitest";
import { lttb } from "@/lib/metrics/lttb";

function series(length: number, value: (i: number) => number) {
  const timestamps = new Float64Array(length);
  const values = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    timestamps[i] = 1_710_251_400_000 + i * 1000;
    values[i] = value(i);
  }
  return { timestamps, values };
}

const wave = (i: number) => 40 + 10 * Math.sin(i / 50);

describe("lttb", () => {
  it("returns at most `threshold` points and keeps the first and the last", () => {
    const { timestamps, values } = series(10_000, wave);
    const out = lttb(timestamps, values, 2000);
    expect(out.timestamps.length).toBe(2000);
    expect(out.values.length).toBe(2000);
    expect(out.timestamps[0]).toBe(timestamps[0]);
    expect(out.values[0]).toBe(values[0]);
    expect(out.timestamps[1999]).toBe(timestamps[9999]);
    expect(out.values[1999]).toBe(values[9999]);
  });

  it("keeps timestamps ascending and every kept point an original point", () => {
    const { timestamps, values } = series(5000, wave);
    const out = lttb(timestamps, values, 300);
    for (let i = 1; i < out.timestamps.length; i++) expect(out.timestamps[i]).toBeGreaterThan(out.timestamps[i - 1]);
    for (let i = 0; i < out.timestamps.length; i++) {
      const index = (out.timestamps[i] - timestamps[0]) / 1000;
      expect(out.values[i]).toBe(values[index]);
    }
  });

  it("keeps a one-point spike that plain decimation would miss", () => {
    const { timestamps, values } = series(100_000, (i) => (i === 54_321 ? 2300 : 180 + (i % 7)));
    const out = lttb(timestamps, values, 500);
    expect(Math.max(...out.values)).toBe(2300);
    expect(out.timestamps[out.values.indexOf(2300)]).toBe(timestamps[54_321]);
  });

  it("returns the series unchanged (as copies) when it already fits", () => {
    const { timestamps, values } = series(50, wave);
    const out = lttb(timestamps, values, 2000);
    expect(Array.from(out.values)).toEqual(Array.from(values));
    expect(out.values).not.toBe(values);
  });

  it("keeps a gap as a NaN point between the runs on either side, within the budget", () => {
    const { timestamps, values } = series(10_000, (i) => (i >= 4000 && i < 4100 ? Number.NaN : wave(i)));
    const out = lttb(timestamps, values, 1000);
    expect(out.timestamps.length).toBeLessThanOrEqual(1000);
    const gaps = Array.from(out.values).filter(Number.isNaN);
    expect(gaps).toHaveLength(1);
    const gapAt = Array.from(out.values).findIndex(Number.isNaN);
    expect(out.timestamps[gapAt]).toBe(timestamps[4000]);
    // the points either side of the gap are the last before and the first after it
    expect(out.timestamps[gapAt - 1]).toBe(timestamps[3999]);
    expect(out.timestamps[gapAt + 1]).toBe(timestamps[4100]);
    expect(out.timestamps[0]).toBe(timestamps[0]);
    expect(out.timestamps[out.timestamps.length - 1]).toBe(timestamps[9999]);
  });

  it("stays within the budget when gaps are too many to keep each run, and still breaks the line", () => {
    const { timestamps, values } = series(20_000, (i) => (i % 10 === 0 ? Number.NaN : wave(i)));
    const out = lttb(timestamps, values, 500);
    expect(out.timestamps.length).toBeLessThanOrEqual(500);
    expect(Array.from(out.values).some(Number.isNaN)).toBe(true);
    for (let i = 1; i < out.values.length; i++) expect(Number.isNaN(out.values[i]) && Number.isNaN(out.values[i - 1])).toBe(false);
  });

  it("drops leading and trailing gaps and returns nothing for an all-gap series", () => {
    const { timestamps, values } = series(3000, (i) => (i < 100 || i >= 2900 ? Number.NaN : wave(i)));
    const out = lttb(timestamps, values, 200);
    expect(Number.isNaN(out.values[0])).toBe(false);
    expect(Number.isNaN(out.values[out.values.length - 1])).toBe(false);
    expect(out.timestamps[0]).toBe(timestamps[100]);
    const empty = series(3000, () => Number.NaN);
    expect(lttb(empty.timestamps, empty.values, 200).timestamps.length).toBe(0);
  });

  it("refuses a threshold below one point", () => {
    const { timestamps, values } = series(10, wave);
    expect(() => lttb(timestamps, values, 0)).toThrow(RangeError);
  });
});

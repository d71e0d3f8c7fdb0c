import { describe, expect, it } from "vitest";
import { createContext, SeriesBuilder, SeriesSet } from "@/lib/metrics/parse-series";

describe("SeriesBuilder", () => {
  it("grows past its first capacity without losing points", () => {
    const builder = new SeriesBuilder("x", {}, null, 2);
    for (let i = 0; i < 1000; i++) builder.push(i, i * 2);
    const { series } = builder.finish();
    expect(series.timestamps.length).toBe(1000);
    expect(series.values[999]).toBe(1998);
  });

  it("sorts by time, the last of equal timestamps winning", () => {
    const builder = new SeriesBuilder("x", {}, null);
    [
      [3, 30],
      [1, 10],
      [2, 20],
      [1, 11],
      [3, 31],
    ].forEach(([t, v]) => builder.push(t, v));
    const { series, duplicates, sorted } = builder.finish();
    expect(Array.from(series.timestamps)).toEqual([1, 2, 3]);
    expect(Array.from(series.values)).toEqual([11, 20, 31]);
    expect(duplicates).toBe(2);
    expect(sorted).toBe(true);
  });

  it("reverses newest-first points without calling it a sort", () => {
    const builder = new SeriesBuilder("x", {}, null);
    [
      [3, 30],
      [2, 20],
      [1, 10],
    ].forEach(([t, v]) => builder.push(t, v));
    const { series, sorted } = builder.finish();
    expect(Array.from(series.values)).toEqual([10, 20, 30]);
    expect(sorted).toBe(false);
  });

  it("stores ±Infinity as NaN gaps and counts them", () => {
    const builder = new SeriesBuilder("x", {}, null);
    [1, Infinity, -Infinity, Number.NaN, 5].forEach((v, t) => builder.push(t, v));
    expect(builder.missing).toBe(3);
    expect(Array.from(builder.finish().series.values)).toEqual([1, NaN, NaN, NaN, 5]);
  });
});

describe("SeriesSet", () => {
  it("finds a series again by name and labels in any order, and leaves out series without values", () => {
    const set = new SeriesSet();
    set.get("up", { b: "2", a: "1" }, null).push(1, 1);
    set.get("up", { a: "1", b: "2" }, "s").push(2, 2);
    set.get("down", {}, null).push(1, Number.NaN);
    const context = createContext("UTC");
    const series = set.finish(context);
    expect(series).toHaveLength(1);
    expect(series[0].unit).toBe("s");
    expect(Array.from(series[0].values)).toEqual([1, 2]);
    expect(context.warnings.join(" ")).toMatch(/1 series has no values and was left out: down/);
  });
});

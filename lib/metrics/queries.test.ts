import { describe, expect, it } from "vitest";
import { selectPoints } from "@/lib/metrics/queries";

const minute = 60_000;
const ramp = (count: number) => ({
  timestamps: Float64Array.from({ length: count }, (_, i) => i * 1_000),
  values: Float64Array.from({ length: count }, (_, i) => Math.sin(i / 50) * 100),
});

describe("selectPoints", () => {
  it("returns every point of a small range, from and to included, with null for gaps", () => {
    const timestamps = Float64Array.from([0, minute, 2 * minute, 3 * minute, 4 * minute]);
    const values = Float64Array.from([1, Number.NaN, 3, Infinity, 5]);
    expect(selectPoints(timestamps, values, { from: minute, to: 3 * minute, maxPoints: 2_000 })).toEqual({
      points: [
        [minute, null],
        [2 * minute, 3],
        [3 * minute, null],
      ],
      downsampled: false,
      total: 3,
    });
    expect(selectPoints(timestamps, values, { from: null, to: null, maxPoints: 2_000 }).total).toBe(5);
    expect(selectPoints(timestamps, values, { from: 10 * minute, to: null, maxPoints: 2_000 })).toEqual({ points: [], downsampled: false, total: 0 });
  });

  it("downsamples a range over maxPoints, keeping its first and last point", () => {
    const { timestamps, values } = ramp(7_201);
    const all = selectPoints(timestamps, values, { from: null, to: null, maxPoints: 2_000 });
    expect(all.downsampled).toBe(true);
    expect(all.total).toBe(7_201);
    expect(all.points.length).toBeLessThanOrEqual(2_000);
    expect(all.points[0]).toEqual([0, 0]);
    expect(all.points.at(-1)).toEqual([7_200_000, values[7_200]]);

    const part = selectPoints(timestamps, values, { from: 1_000_000, to: 1_500_000, maxPoints: 100 });
    expect(part.total).toBe(501);
    expect(part.points.length).toBeLessThanOrEqual(100);
    expect(part.points[0]![0]).toBe(1_000_000);
    expect(part.points.at(-1)![0]).toBe(1_500_000);
  });

  it("keeps a gap as a null point when downsampling", () => {
    const { timestamps, values } = ramp(5_000);
    values.fill(Number.NaN, 2_000, 2_100);
    const { points } = selectPoints(timestamps, values, { from: null, to: null, maxPoints: 500 });
    expect(points.length).toBeLessThanOrEqual(500);
    const gaps = points.filter(([, value]) => value === null);
    expect(gaps).toEqual([[2_000_000, null]]);
  });
});

import { describe, expect, it } from "vitest";
import { decodeFloat64, encodeFloat64 } from "@/lib/metrics/encode";

describe("encodeFloat64 / decodeFloat64", () => {
  it("round-trips values exactly, NaN gaps, infinities and -0 included", () => {
    const values = new Float64Array([1710251400000, 0.1 + 0.2, Number.NaN, -0, Infinity, -Infinity, 5e-324, -123.456]);
    const decoded = decodeFloat64(encodeFloat64(values));
    expect(Array.from(decoded)).toEqual(Array.from(values));
    expect(Object.is(decoded[3], -0)).toBe(true);
  });

  it("writes 8 little-endian bytes per value", () => {
    const bytes = encodeFloat64(new Float64Array([1]));
    expect(Array.from(bytes)).toEqual([0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
    expect(encodeFloat64(new Float64Array(250)).byteLength).toBe(2000);
  });

  it("encodes only the view it is given, not the whole underlying buffer", () => {
    const whole = new Float64Array([1, 2, 3, 4]);
    expect(Array.from(decodeFloat64(encodeFloat64(whole.subarray(1, 3))))).toEqual([2, 3]);
  });

  it("decodes bytes that start at an offset not divisible by 8 (a Buffer from the driver)", () => {
    const encoded = encodeFloat64(new Float64Array([42.5, -7]));
    const backing = new Uint8Array(encoded.byteLength + 3);
    backing.set(encoded, 3);
    expect(Array.from(decodeFloat64(backing.subarray(3)))).toEqual([42.5, -7]);
    expect(Array.from(decodeFloat64(Buffer.from(encoded)))).toEqual([42.5, -7]);
  });

  it("refuses bytes that are not a whole number of values", () => {
    expect(() => decodeFloat64(new Uint8Array(12))).toThrow(/not a whole number of float64 values/);
  });

  it("handles the empty series", () => {
    expect(decodeFloat64(encodeFloat64(new Float64Array(0))).length).toBe(0);
  });
});

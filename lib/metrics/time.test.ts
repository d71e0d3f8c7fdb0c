import { describe, expect, it } from "vitest";
import { InvalidInputError } from "@/lib/errors";
import { epochUnitFromHeader, epochUnitFromMagnitude, readIsoTime, resolveTimeZone, TimeReader, wallClockToUtc } from "@/lib/metrics/time";

const T = Date.UTC(2024, 2, 12, 14, 0, 0); // 2024-03-12T14:00:00Z

function iso(text: string) {
  const out = { ms: 0, zoned: false };
  return readIsoTime(text, out) ? out : null;
}

describe("readIsoTime", () => {
  it.each([
    ["2024-03-12T14:00:00Z", T, true],
    ["2024-03-12T14:00:00.250Z", T + 250, true],
    ["2024-03-12T14:00:00.123456789Z", T + 123.456789, true],
    ["2024-03-12T15:00:00+01:00", T, true],
    ["2024-03-12T09:30:00-0430", T, true],
    ["2024-03-12T15:00:00+01", T, true],
    ["2024-03-12 14:00:00 UTC", T, true],
    ["2024-03-12T14:00Z", T, true],
    ["2024-03-12 14:00:00", T, false],
    ["2024/03/12 14:00:00", T, false],
    ["12.03.2024 14:00:00", T, false],
    ["2024-03-12", Date.UTC(2024, 2, 12), false],
  ])("%s", (text, ms, zoned) => {
    expect(iso(text)).toEqual({ ms, zoned });
  });

  it("refuses what is not such a time", () => {
    for (const text of ["Time", "1710251400", "2024-13-01T00:00:00Z", "2024-03-12T14:00:00 nonsense", "03/12/2024 14:00"]) expect(iso(text)).toBeNull();
  });
});

describe("epoch numbers", () => {
  it("tells seconds, milliseconds, microseconds and nanoseconds apart by magnitude", () => {
    expect(epochUnitFromMagnitude(1710251400)).toBe("s");
    expect(epochUnitFromMagnitude(1710251400000)).toBe("ms");
    expect(epochUnitFromMagnitude(1710251400000000)).toBe("us");
    expect(epochUnitFromMagnitude(1710251400000000000)).toBe("ns");
  });

  it.each([["1710424800"], ["1710424800000"], ["1710424800000000"], ["1710424800000000000"], ["1710424800.000"]])(
    "%s reads as 2024-03-14T14:00:00Z",
    (text) => {
      expect(new TimeReader("UTC").read(text)).toBe(Date.UTC(2024, 2, 14, 14, 0, 0));
    },
  );

  it("uses the unit a header names over the magnitude", () => {
    expect(epochUnitFromHeader("time_ms")).toBe("ms");
    expect(epochUnitFromHeader("timestamp (s)")).toBe("s");
    expect(epochUnitFromHeader("epoch_ns")).toBe("ns");
    expect(epochUnitFromHeader("timestamp")).toBeNull();
    expect(new TimeReader("UTC", "ms").read("1710424800")).toBe(1710424800);
  });

  it("reads Excel serial days as wall-clock times", () => {
    const reader = new TimeReader("UTC");
    expect(reader.read("45363.5833333333")).toBe(T);
    expect(reader.excelSerial).toBe(true);
  });
});

describe("times without an offset", () => {
  it("are read in the given zone, DST included, and counted", () => {
    const reader = new TimeReader("Europe/Berlin");
    expect(reader.read("2024-03-12 15:00:00")).toBe(T); // CET, UTC+1
    expect(reader.read("2024-07-01 16:00:00")).toBe(Date.UTC(2024, 6, 1, 14, 0, 0)); // CEST, UTC+2
    expect(reader.read("2024-03-12T14:00:00Z")).toBe(T);
    expect(reader.localCount).toBe(2);
  });

  it("convert around a DST change consistently", () => {
    const zone = "America/New_York";
    expect(wallClockToUtc(Date.UTC(2024, 2, 10, 1, 30), zone)).toBe(Date.UTC(2024, 2, 10, 6, 30)); // EST
    expect(wallClockToUtc(Date.UTC(2024, 2, 10, 3, 30), zone)).toBe(Date.UTC(2024, 2, 10, 7, 30)); // EDT
  });
});

describe("resolveTimeZone", () => {
  it("defaults to UTC, canonicalises and refuses what is not a zone", () => {
    expect(resolveTimeZone(undefined)).toBe("UTC");
    expect(resolveTimeZone("utc")).toBe("UTC");
    expect(resolveTimeZone("europe/berlin")).toBe("Europe/Berlin");
    expect(() => resolveTimeZone("Mars/Olympus")).toThrow(InvalidInputError);
  });
});

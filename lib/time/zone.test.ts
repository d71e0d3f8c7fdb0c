import { describe, expect, it } from "vitest";
import { isValidTimeZone, wallClockAt, zoneOffsetAt } from "@/lib/time/zone";

const at = (iso: string) => Date.parse(iso);

describe("time zones", () => {
  it("reads an instant as the wall clock of a zone, across a DST change and a date line", () => {
    expect(wallClockAt(at("2024-03-31T00:59:59.250Z"), "Europe/Berlin")).toEqual({
      year: 2024,
      month: 3,
      day: 31,
      hour: 1,
      minute: 59,
      second: 59,
      millisecond: 250,
    });
    expect(wallClockAt(at("2024-03-31T01:00:00Z"), "Europe/Berlin")).toMatchObject({ hour: 3, minute: 0 }); // 02:00 is skipped
    expect(wallClockAt(at("2024-11-27T14:23:00Z"), "Pacific/Kiritimati")).toMatchObject({ day: 28, hour: 4, minute: 23 });
    expect(wallClockAt(at("2024-01-01T00:00:00Z"), "America/Los_Angeles")).toMatchObject({ year: 2023, month: 12, day: 31, hour: 16 });
    expect(wallClockAt(at("2024-06-01T00:00:00.999Z"), "UTC")).toEqual({ year: 2024, month: 6, day: 1, hour: 0, minute: 0, second: 0, millisecond: 999 });
  });

  it("gives a zone's offset from UTC at an instant, including half hours and the midnight hour", () => {
    expect(zoneOffsetAt(at("2024-01-15T12:00:00Z"), "Europe/Berlin")).toBe(3_600_000);
    expect(zoneOffsetAt(at("2024-07-15T12:00:00Z"), "Europe/Berlin")).toBe(7_200_000);
    expect(zoneOffsetAt(at("2024-07-15T23:30:00.500Z"), "America/New_York")).toBe(-4 * 3_600_000);
    expect(zoneOffsetAt(at("2024-07-15T12:00:00Z"), "Asia/Kolkata")).toBe(5.5 * 3_600_000);
    expect(zoneOffsetAt(at("2024-07-15T12:00:00Z"), "UTC")).toBe(0);
  });

  it("knows which zone names this runtime has", () => {
    expect(isValidTimeZone("Europe/Paris")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
    expect(() => wallClockAt(0, "Mars/Olympus_Mons")).toThrow(RangeError);
  });
});

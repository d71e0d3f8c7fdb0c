import { describe, expect, it } from "vitest";
import { utcToWallClock, wallClockToUtc } from "@/lib/follow-ups/wall-clock";

describe("wall-clock times of follow-up reviews", () => {
  it("turns a local time into UTC and back, in and out of daylight-saving time", () => {
    expect(wallClockToUtc("2025-01-15T10:00", "Europe/Berlin")).toBe("2025-01-15T09:00:00.000Z");
    expect(wallClockToUtc("2025-07-15T10:00", "Europe/Berlin")).toBe("2025-07-15T08:00:00.000Z");
    expect(wallClockToUtc("2024-12-01T23:30", "America/Los_Angeles")).toBe("2024-12-02T07:30:00.000Z");
    expect(wallClockToUtc("2025-01-15T10:00", "UTC")).toBe("2025-01-15T10:00:00.000Z");
    expect(utcToWallClock("2025-07-15T08:00:00.000Z", "Europe/Berlin")).toBe("2025-07-15T10:00");
    expect(utcToWallClock("2024-12-02T07:30:00Z", "America/Los_Angeles")).toBe("2024-12-01T23:30");
  });

  it("handles the hours a clock change skips or repeats", () => {
    // Berlin skips 02:00-03:00 on 30 March 2025 and repeats 02:00-03:00 on 26 October 2025
    expect(wallClockToUtc("2025-03-30T02:30", "Europe/Berlin")).toBe("2025-03-30T01:30:00.000Z");
    expect(utcToWallClock("2025-03-30T01:30:00.000Z", "Europe/Berlin")).toBe("2025-03-30T03:30");
    expect(wallClockToUtc("2025-10-26T02:30", "Europe/Berlin")).toBe("2025-10-26T00:30:00.000Z");
  });

  it("refuses what is not a time", () => {
    for (const value of ["", "tomorrow", "2025-02-30T10:00", "2025-01-15T24:00", "2025-01-15"]) expect(wallClockToUtc(value, "UTC")).toBeNull();
    expect(wallClockToUtc("2025-01-15T10:00", "Not/A_Zone")).toBeNull();
  });
});

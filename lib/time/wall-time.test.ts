import { describe, expect, it } from "vitest";
import { instantFromWallClock, WallClockReader, wallClockFromInstant } from "@/lib/time/wall-time";

const wall = (text: string) => Date.parse(`${text}Z`); // "2025-03-30T02:30" read as a wall time
const instant = (iso: string) => Date.parse(iso);
const local = (text: string, zone: string) => new Date(instantFromWallClock(wall(text), zone)).toISOString();

describe("a wall time in a zone names one instant", () => {
  it("Europe/Berlin: skipped 02:30 moves to 03:30, repeated 02:30 is the earlier (summer-time) instant", () => {
    expect(local("2025-03-30T01:59", "Europe/Berlin")).toBe("2025-03-30T00:59:00.000Z");
    expect(local("2025-03-30T02:30", "Europe/Berlin")).toBe("2025-03-30T01:30:00.000Z"); // = 03:30 CEST
    expect(local("2025-03-30T03:30", "Europe/Berlin")).toBe("2025-03-30T01:30:00.000Z");
    expect(local("2025-10-26T02:30", "Europe/Berlin")).toBe("2025-10-26T00:30:00.000Z"); // 02:30 CEST, not CET
    expect(local("2025-10-26T03:00", "Europe/Berlin")).toBe("2025-10-26T02:00:00.000Z");
    expect(local("2024-03-31T02:00", "Europe/Berlin")).toBe("2024-03-31T01:00:00.000Z");
    expect(local("2024-10-27T02:59", "Europe/Berlin")).toBe("2024-10-27T00:59:00.000Z");
  });

  it("America/New_York: the same rule at 02:00 local", () => {
    expect(local("2025-03-09T02:30", "America/New_York")).toBe("2025-03-09T07:30:00.000Z"); // = 03:30 EDT
    expect(local("2025-11-02T01:30", "America/New_York")).toBe("2025-11-02T05:30:00.000Z"); // 01:30 EDT, not EST
    expect(local("2025-11-02T02:00", "America/New_York")).toBe("2025-11-02T07:00:00.000Z");
    expect(local("2024-03-10T02:59", "America/New_York")).toBe("2024-03-10T07:59:00.000Z");
    expect(local("2024-11-03T01:00", "America/New_York")).toBe("2024-11-03T05:00:00.000Z");
  });

  it("Australia/Lord_Howe: a half-hour change, skipped and repeated", () => {
    // October: 02:00 (+10:30) jumps to 02:30 (+11); April: 02:00 (+11) falls back to 01:30 (+10:30).
    expect(local("2025-10-05T01:59", "Australia/Lord_Howe")).toBe("2025-10-04T15:29:00.000Z");
    expect(local("2025-10-05T02:15", "Australia/Lord_Howe")).toBe("2025-10-04T15:45:00.000Z"); // = 02:45 (+11)
    expect(local("2025-10-05T02:45", "Australia/Lord_Howe")).toBe("2025-10-04T15:45:00.000Z");
    expect(local("2025-04-06T01:15", "Australia/Lord_Howe")).toBe("2025-04-05T14:15:00.000Z");
    expect(local("2025-04-06T01:45", "Australia/Lord_Howe")).toBe("2025-04-05T14:45:00.000Z"); // the +11 one
    expect(local("2025-04-06T02:00", "Australia/Lord_Howe")).toBe("2025-04-05T15:30:00.000Z");
    expect(local("2024-04-07T01:30", "Australia/Lord_Howe")).toBe("2024-04-06T14:30:00.000Z");
    expect(local("2024-10-06T02:00", "Australia/Lord_Howe")).toBe("2024-10-05T15:30:00.000Z"); // = 02:30 (+11)
  });

  it("Asia/Kolkata and UTC: no change, half-hour offset kept", () => {
    expect(local("2025-03-30T02:30", "Asia/Kolkata")).toBe("2025-03-29T21:00:00.000Z");
    expect(local("2025-10-26T02:30", "Asia/Kolkata")).toBe("2025-10-25T21:00:00.000Z");
    expect(local("2025-10-26T02:30", "UTC")).toBe("2025-10-26T02:30:00.000Z");
  });

  it("refuses a zone the runtime does not know", () => {
    expect(() => instantFromWallClock(wall("2025-01-15T10:00"), "Mars/Olympus_Mons")).toThrow(RangeError);
  });
});

// Around every clock change of two years, each quarter hour of the day before and after (elsewhere every 5 hours):
// instants and wall times convert back and forth by the rule.
const QUARTER = 15 * 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"];

function times(zone: string): { changes: number; points: number[] } {
  const from = instant("2024-01-01T00:00:00Z");
  const to = instant("2026-01-01T00:00:00Z");
  const points: number[] = [];
  let changes = 0;
  for (let day = from; day < to; day += DAY) {
    if (wallClockFromInstant(day + DAY, zone) - (day + DAY) !== wallClockFromInstant(day, zone) - day) {
      changes++;
      for (let t = day - DAY; t < day + 2 * DAY; t += QUARTER) points.push(t);
    } else if ((day - from) % (5 * DAY) === 0) {
      for (let t = day; t < day + DAY; t += 5 * HOUR) points.push(t);
    }
  }
  return { changes, points };
}

describe.each(ZONES)("round trips in %s, 2024 and 2025", (zone) => {
  const { changes, points } = times(zone);
  const quarterHoursShifted = { "Europe/Berlin": 4, "America/New_York": 4, "Australia/Lord_Howe": 2, "Asia/Kolkata": 0 }[zone]!;

  it("has both clock changes each year, or none", () => {
    expect(changes).toBe(zone === "Asia/Kolkata" ? 0 : 4);
  });

  it("instant → wall time → instant gives the instant back, or the earlier one of a repeated time", () => {
    let repeated = 0;
    for (const t of points) {
      const w = wallClockFromInstant(t, zone);
      const back = instantFromWallClock(w, zone);
      if (back !== t) {
        repeated++;
        expect(back).toBeLessThan(t);
        expect(wallClockFromInstant(back, zone)).toBe(w);
      }
    }
    // the second occurrence of each repeated hour (half hour on Lord Howe), every quarter hour of it, twice
    expect(repeated).toBe(quarterHoursShifted * 2);
  });

  it("wall time → instant → wall time gives the wall time back, or later by the gap when it was skipped", () => {
    let skipped = 0;
    const reader = new WallClockReader(zone);
    for (const w of points) {
      const t = instantFromWallClock(w, zone);
      expect(reader.instant(w)).toBe(t);
      const back = wallClockFromInstant(t, zone);
      if (back !== w) {
        skipped++;
        expect(back - w).toBe(zone === "Australia/Lord_Howe" ? 30 * 60_000 : HOUR);
      }
    }
    expect(skipped).toBe(quarterHoursShifted * 2);
  });
});

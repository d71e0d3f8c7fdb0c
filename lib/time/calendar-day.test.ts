import { describe, expect, it } from "vitest";
import { addCalendarDays, calendarDayAt, calendarDaysBetween, isCalendarDay, isoWeekday, startOfCalendarDay } from "@/lib/time/calendar-day";

describe("calendar days in a zone", () => {
  it("is the day of the zone, not of UTC", () => {
    expect(calendarDayAt(new Date("2024-12-02T07:30:00Z"), "America/Los_Angeles")).toBe("2024-12-01");
    expect(calendarDayAt(Date.parse("2024-12-01T18:30:00Z"), "Asia/Kolkata")).toBe("2024-12-02");
    expect(calendarDayAt(Date.parse("2025-10-04T13:30:00Z"), "Australia/Lord_Howe")).toBe("2025-10-05");
    expect(calendarDayAt(Date.parse("2024-12-01T23:30:00Z"), "Not/A_Zone")).toBe("2024-12-01");
  });

  it("counts days across clock changes, month ends and leap days", () => {
    expect(addCalendarDays("2025-03-29", 2)).toBe("2025-03-31");
    expect(addCalendarDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addCalendarDays("2025-01-01", -1)).toBe("2024-12-31");
    expect(calendarDaysBetween("2025-10-25", "2025-10-27")).toBe(2);
    expect(calendarDaysBetween("2025-03-31", "2025-03-29")).toBe(-2);
    expect(isoWeekday("2025-03-30")).toBe(7);
    expect(isCalendarDay("2025-02-29")).toBe(false);
  });

  it("starts a day at local midnight, or at the first instant that exists when midnight is skipped", () => {
    expect(startOfCalendarDay("2025-03-30", "Europe/Berlin").toISOString()).toBe("2025-03-29T23:00:00.000Z");
    expect(startOfCalendarDay("2025-03-31", "Europe/Berlin").toISOString()).toBe("2025-03-30T22:00:00.000Z");
    expect(startOfCalendarDay("2025-11-02", "America/New_York").toISOString()).toBe("2025-11-02T04:00:00.000Z");
    expect(startOfCalendarDay("2025-10-05", "Australia/Lord_Howe").toISOString()).toBe("2025-10-04T13:30:00.000Z");
    expect(startOfCalendarDay("2025-04-06", "Asia/Kolkata").toISOString()).toBe("2025-04-05T18:30:00.000Z");
    // Santiago moves from 00:00 to 01:00 on 8 September 2024: the day begins at 01:00 (-03).
    expect(startOfCalendarDay("2024-09-08", "America/Santiago").toISOString()).toBe("2024-09-08T04:00:00.000Z");
  });
});

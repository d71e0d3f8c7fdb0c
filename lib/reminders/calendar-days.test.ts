import { describe, expect, it } from "vitest";
import { addDays, daysBetween, effectiveTimeZone, isoWeekday, localDay, startOfLocalDay, zoneCalendar } from "@/lib/reminders/calendar-days";

describe("the recipient's calendar day", () => {
  it("is the day in the recipient's zone, not in UTC", () => {
    const at = new Date("2031-03-04T12:00:00Z");
    expect(localDay(at, "UTC")).toBe("2031-03-04");
    expect(localDay(at, "Pacific/Auckland")).toBe("2031-03-05"); // UTC+13 in March
    expect(localDay(new Date("2031-03-04T03:00:00Z"), "America/Los_Angeles")).toBe("2031-03-03");
  });

  it("falls back to UTC for a zone name nobody knows, instead of failing the pass", () => {
    expect(effectiveTimeZone("Mars/Olympus_Mons")).toBe("UTC");
    expect(localDay(new Date("2031-03-04T23:30:00Z"), "Mars/Olympus_Mons")).toBe("2031-03-04");
  });

  it("starts at local midnight, also on the days clocks change", () => {
    expect(startOfLocalDay("2031-03-05", "Pacific/Auckland").toISOString()).toBe("2031-03-04T11:00:00.000Z");
    // Europe/Paris springs forward at 02:00 on 2031-03-30: the day still starts at 00:00 CET (UTC+1)
    expect(startOfLocalDay("2031-03-30", "Europe/Paris").toISOString()).toBe("2031-03-29T23:00:00.000Z");
    expect(startOfLocalDay("2031-03-31", "Europe/Paris").toISOString()).toBe("2031-03-30T22:00:00.000Z");
    // America/Havana skips midnight itself (00:00 -> 01:00) on 2031-03-09: the day starts at 01:00 CDT (UTC-4)
    expect(startOfLocalDay("2031-03-09", "America/Havana").toISOString()).toBe("2031-03-09T05:00:00.000Z");
  });

  it("counts days and weekdays on the calendar", () => {
    expect(addDays("2031-02-27", 3)).toBe("2031-03-02");
    expect(daysBetween("2031-03-01", "2031-03-04")).toBe(3);
    expect(isoWeekday("2031-03-03")).toBe(1); // a Monday
    expect(isoWeekday("2031-03-09")).toBe(7);
  });

  it("gives each zone its today, weekday and the boundaries of the day N days ahead", () => {
    const calendar = zoneCalendar("Asia/Tokyo", new Date("2031-03-02T20:00:00Z"), 3);
    expect(calendar).toMatchObject({ zone: "Asia/Tokyo", today: "2031-03-03", weekday: 1 });
    expect(calendar.todayStart.toISOString()).toBe("2031-03-02T15:00:00.000Z");
    expect(calendar.soonStart.toISOString()).toBe("2031-03-05T15:00:00.000Z");
    expect(calendar.soonEnd.toISOString()).toBe("2031-03-06T15:00:00.000Z");
  });
});

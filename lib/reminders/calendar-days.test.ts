import { describe, expect, it } from "vitest";
import { addDays, daysBetween, effectiveTimeZone, inSendWindow, isoWeekday, localDay, startOfLocalDay, zoneCalendar } from "@/lib/reminders/calendar-days";

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

describe("the send window", () => {
  const office = { startHour: 8, endHour: 18, weekdaysOnly: true };

  it("is the recipient's working hours on their weekdays", () => {
    // Friday 8 Aug 2031, 07:30 / 08:00 / 17:59 / 18:00 in Berlin (UTC+2)
    expect(inSendWindow("Europe/Berlin", new Date("2031-08-08T05:30:00Z"), office)).toBe(false);
    expect(inSendWindow("Europe/Berlin", new Date("2031-08-08T06:00:00Z"), office)).toBe(true);
    expect(inSendWindow("Europe/Berlin", new Date("2031-08-08T15:59:00Z"), office)).toBe(true);
    expect(inSendWindow("Europe/Berlin", new Date("2031-08-08T16:00:00Z"), office)).toBe(false);
    // Saturday 10:00 in Berlin, while it is still Friday evening in Los Angeles (outside its hours too)
    expect(inSendWindow("Europe/Berlin", new Date("2031-08-09T08:00:00Z"), office)).toBe(false);
    // Monday 09:00 in Tokyo is Sunday in UTC: the recipient's day counts
    expect(inSendWindow("Asia/Tokyo", new Date("2031-08-11T00:00:00Z"), office)).toBe(true);
    expect(inSendWindow("Asia/Tokyo", new Date("2031-08-11T00:00:00Z"), { ...office, weekdaysOnly: false })).toBe(true);
    expect(inSendWindow("UTC", new Date("2031-08-10T10:00:00Z"), { ...office, weekdaysOnly: false })).toBe(true);
  });

  it("wraps midnight when it starts after it ends, and is the whole day when both hours are equal", () => {
    const night = { startHour: 22, endHour: 6, weekdaysOnly: false };
    expect(inSendWindow("UTC", new Date("2031-08-08T23:00:00Z"), night)).toBe(true);
    expect(inSendWindow("UTC", new Date("2031-08-08T05:59:00Z"), night)).toBe(true);
    expect(inSendWindow("UTC", new Date("2031-08-08T12:00:00Z"), night)).toBe(false);
    const always = { startHour: 0, endHour: 0, weekdaysOnly: false };
    expect(inSendWindow("UTC", new Date("2031-08-08T12:00:00Z"), always)).toBe(true);
    expect(inSendWindow("UTC", new Date("2031-08-08T12:00:00Z"), { startHour: 0, endHour: 24, weekdaysOnly: false })).toBe(true);
  });
});

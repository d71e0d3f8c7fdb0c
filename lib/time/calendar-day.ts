// Calendar days in a zone. A day is the string "YYYY-MM-DD"; DATE columns (`@db.Date`) hold the same days as
// midnight UTC. Day arithmetic works on the day itself (no zone, no daylight saving); only "which day is it" and
// "when does a day begin" depend on the zone.
import { instantFromWallClock } from "@/lib/time/wall-time";
import { effectiveTimeZone } from "@/lib/time/zone-names";
import { wallClockAt } from "@/lib/time/zone";

export type CalendarDay = string;

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** The day instant `at` falls on in `timeZone`; an unknown zone counts as UTC. */
export function calendarDayAt(at: Date | number, timeZone: string): CalendarDay {
  const p = wallClockAt(typeof at === "number" ? at : at.getTime(), effectiveTimeZone(timeZone));
  return `${String(p.year).padStart(4, "0")}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

export function isCalendarDay(value: string): value is CalendarDay {
  return DAY_PATTERN.test(value) && dayToDate(value).toISOString().startsWith(value);
}

/** The day as a Date at midnight UTC: how Prisma reads and writes `@db.Date` columns. */
export function dayToDate(day: CalendarDay): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

/** A `@db.Date` value (midnight UTC) as its day. */
export function dateToDay(date: Date): CalendarDay {
  return date.toISOString().slice(0, 10);
}

export function addCalendarDays(day: CalendarDay, days: number): CalendarDay {
  return dateToDay(new Date(dayToDate(day).getTime() + days * DAY_MS));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: CalendarDay, to: CalendarDay): number {
  return Math.round((dayToDate(to).getTime() - dayToDate(from).getTime()) / DAY_MS);
}

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(day: CalendarDay): number {
  return ((dayToDate(day).getUTCDay() + 6) % 7) + 1;
}

/**
 * The first instant of `day` in `timeZone`: local midnight, or where a clock change skips midnight (Santiago,
 * Beirut) the first instant that exists, which is what the skipped-time rule gives.
 */
export function startOfCalendarDay(day: CalendarDay, timeZone: string): Date {
  return new Date(instantFromWallClock(dayToDate(day).getTime(), effectiveTimeZone(timeZone)));
}

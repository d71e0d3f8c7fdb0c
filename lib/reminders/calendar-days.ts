// Calendar days as reminders see them: a reminder is due on the RECIPIENT's local day, in their IANA time zone.
// A day is the string "YYYY-MM-DD"; due dates (`@db.Date`) are the same days stored at midnight UTC.
//
// Overdue follows the action-item rule (lib/action-items/overdue.ts): an item still to do whose due day is before the
// person's today. The reminder pass applies it in SQL (lib/reminders/plan-sql.ts) with each recipient's today; this
// module adds what reminders need beyond it: day boundaries as instants, weekdays, a whole zone's calendar at once.

import { isValidTimeZone, wallClockAt } from "@/lib/time/zone";

export type CalendarDay = string;

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;

/** The zone to compute with: a user's zone, or UTC when the stored name is not one this runtime knows. */
export function effectiveTimeZone(zone: string | null | undefined): string {
  return zone && isValidTimeZone(zone) ? zone : "UTC";
}

function dayAt(instant: number, zone: string): CalendarDay {
  const p = wallClockAt(instant, zone);
  return `${String(p.year).padStart(4, "0")}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

/** The calendar day `at` falls on in `zone`. */
export function localDay(at: Date, zone: string): CalendarDay {
  return dayAt(at.getTime(), effectiveTimeZone(zone));
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

export function addDays(day: CalendarDay, days: number): CalendarDay {
  return dateToDay(new Date(dayToDate(day).getTime() + days * MS_PER_DAY));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDay, to: CalendarDay): number {
  return Math.round((dayToDate(to).getTime() - dayToDate(from).getTime()) / MS_PER_DAY);
}

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(day: CalendarDay): number {
  return ((dayToDate(day).getUTCDay() + 6) % 7) + 1;
}

/**
 * The first instant of `day` in `zone`. Usually local midnight; where a DST change skips midnight, the first
 * instant that exists. Found by bisection over the UTC offsets any zone can have (-14 h .. +14 h).
 */
export function startOfLocalDay(day: CalendarDay, zone: string): Date {
  const tz = effectiveTimeZone(zone);
  const midnightUtc = dayToDate(day).getTime();
  // Invariant: the local day at `low` is before `day`, at `high` it is `day` or later.
  let low = midnightUtc - 15 * 3_600_000;
  let high = midnightUtc + 15 * 3_600_000;
  while (high - low > 1_000) {
    const middle = Math.floor((low + high) / 2 / 1_000) * 1_000;
    if (middle <= low || middle >= high) break;
    if (dayAt(middle, tz) < day) low = middle;
    else high = middle;
  }
  return new Date(high);
}

/** The local days and day boundaries a reminder pass needs for one zone at instant `at`. */
export type ZoneCalendar = {
  /** the zone name as stored on users (the key recipients join on) */
  zone: string;
  today: CalendarDay;
  weekday: number;
  todayStart: Date;
  todayEnd: Date;
  /** the local day `soonDays` ahead, start and end */
  soonStart: Date;
  soonEnd: Date;
};

export function zoneCalendar(zone: string, at: Date, soonDays: number): ZoneCalendar {
  const tz = effectiveTimeZone(zone);
  const today = localDay(at, tz);
  const soon = addDays(today, soonDays);
  return {
    zone,
    today,
    weekday: isoWeekday(today),
    todayStart: startOfLocalDay(today, tz),
    todayEnd: startOfLocalDay(addDays(today, 1), tz),
    soonStart: startOfLocalDay(soon, tz),
    soonEnd: startOfLocalDay(addDays(soon, 1), tz),
  };
}

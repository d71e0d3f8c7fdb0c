// Calendar days as reminders see them: a reminder is due on the RECIPIENT's local day, in their IANA time zone.
// A day is the string "YYYY-MM-DD"; due dates (`@db.Date`) are the same days stored at midnight UTC.
//
// Overdue follows the action-item rule (lib/action-items/overdue.ts): an item still to do whose due day is before the
// person's today. The reminder pass applies it in SQL (lib/reminders/plan-sql.ts) with each recipient's today; this
// module adds what reminders need beyond it: day boundaries as instants, weekdays, a whole zone's calendar at once.

import {
  addCalendarDays as addDays,
  calendarDayAt,
  calendarDaysBetween as daysBetween,
  dateToDay,
  dayToDate,
  isCalendarDay,
  isoWeekday,
  startOfCalendarDay as startOfLocalDay,
  type CalendarDay,
} from "@/lib/time/calendar-day";
import { effectiveTimeZone } from "@/lib/time/zone-names";
import { wallClockAt } from "@/lib/time/zone";

// The day arithmetic itself lives in lib/time; these names are the ones the reminder code reads best with.
export { addDays, dateToDay, dayToDate, daysBetween, effectiveTimeZone, isCalendarDay, isoWeekday, startOfLocalDay, type CalendarDay };

/** The calendar day `at` falls on in `zone`. */
export function localDay(at: Date, zone: string): CalendarDay {
  return calendarDayAt(at, zone);
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
  /** the Monday of today's ISO week (weekly reminders are keyed by it) */
  weekStart: CalendarDay;
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
    weekStart: addDays(today, 1 - isoWeekday(today)),
  };
}

/** When reminder mail may go out, in each recipient's own zone: hours [startHour, endHour), and the days. */
export type SendWindow = { startHour: number; endHour: number; weekdaysOnly: boolean };

/**
 * Whether `at` falls in the send window in `zone`. A start after the end wraps midnight (22 to 6 is the night); equal
 * hours mean all day. Weekdays are the local day's, Monday to Friday.
 */
export function inSendWindow(zone: string, at: Date, window: SendWindow): boolean {
  const tz = effectiveTimeZone(zone);
  if (window.weekdaysOnly && isoWeekday(localDay(at, tz)) > 5) return false;
  const { hour } = wallClockAt(at.getTime(), tz);
  const { startHour: start, endHour: end } = window;
  if (start === end) return true;
  return start < end ? hour >= start && hour < end : hour >= start || hour < end;
}

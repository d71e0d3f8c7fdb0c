// Calendar months as the insights charts bucket them: "YYYY-MM", with their first and last day. Pure day arithmetic
// on "YYYY-MM-DD" strings (no zone: which day an instant falls on is lib/time's business).
import { addCalendarDays, type CalendarDay } from "@/lib/time/calendar-day";

export type Month = string;

export function monthOf(day: CalendarDay): Month {
  return day.slice(0, 7);
}

export function firstDayOf(month: Month): CalendarDay {
  return `${month}-01`;
}

/** `month` moved by `count` months (negative: earlier). */
export function addMonths(month: Month, count: number): Month {
  const [year, number] = month.split("-").map(Number) as [number, number];
  const index = year * 12 + (number - 1) + count;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

export function lastDayOf(month: Month): CalendarDay {
  return addCalendarDays(firstDayOf(addMonths(month, 1)), -1);
}

/** Every month from the one holding `from` to the one holding `to`, both included. */
export function monthsBetween(from: CalendarDay, to: CalendarDay): Month[] {
  const months: Month[] = [];
  for (let month = monthOf(from); month <= monthOf(to); month = addMonths(month, 1)) months.push(month);
  return months;
}

/** How many months `monthsBetween(from, to)` holds. */
export function monthSpan(from: CalendarDay, to: CalendarDay): number {
  const [fy, fm] = from.split("-").map(Number) as [number, number];
  const [ty, tm] = to.split("-").map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
}

/** The part of `month` inside [from, to]: what a click on that month's bar should list. */
export function clipMonth(month: Month, from: CalendarDay, to: CalendarDay): { from: CalendarDay; to: CalendarDay } {
  const first = firstDayOf(month);
  const last = lastDayOf(month);
  return { from: first < from ? from : first, to: last > to ? to : last };
}

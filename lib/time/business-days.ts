// Business days: Monday to Friday; Saturday and Sunday are skipped. Pure day arithmetic on "YYYY-MM-DD" days (no zone:
// which day an instant falls on is calendarDayAt's job). lib/time/business-days-sql.ts is the same rule in SQL.
import { addCalendarDays, isCalendarDay, isoWeekday, type CalendarDay } from "@/lib/time/calendar-day";

export function isBusinessDay(day: CalendarDay): boolean {
  return isoWeekday(day) <= 5;
}

/** `day` itself when it is a business day, else the Monday after the weekend it falls on. */
export function nextBusinessDayFrom(day: CalendarDay): CalendarDay {
  let current = day;
  while (!isBusinessDay(current)) current = addCalendarDays(current, 1);
  return current;
}

/**
 * The day `n` business days after `day` (n a whole number, 0 or more).
 *
 * The rule: counting starts from `day` when it is a business day, else from the next business day (the Monday after
 * a Saturday or Sunday); each counted day is the next business day after the previous one. So Friday + 1 = Monday,
 * Monday + 5 = the next Monday, and Saturday + 1 = Sunday + 1 = Tuesday (a weekend day counts like the Monday after
 * it: nobody starts the clock before the team is back). `n = 0` gives the starting business day.
 */
export function addBusinessDays(day: CalendarDay, n: number): CalendarDay {
  if (!isCalendarDay(day)) throw new RangeError(`Not a calendar day: ${JSON.stringify(day)}`);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`The number of business days must be a whole number, 0 or more (got ${n}).`);
  let current = nextBusinessDayFrom(day);
  for (let counted = 0; counted < n; counted += 1) current = nextBusinessDayFrom(addCalendarDays(current, 1));
  return current;
}

// Whether metric data lies on the incident's day(s): an export downloaded for the wrong day (or a rehearsal's) is easy to
// import and then reads as if it showed the incident. Days are calendar days in a zone (lib/time/calendar-day.ts): the
// incident's zone when the server answers an import, the zone the chart is shown in on the page. Pure: the browser
// uses it too.
import { calendarDayAt, dayToDate, type CalendarDay } from "@/lib/time/calendar-day";
import { formatDate } from "@/lib/format/time";

export type DayRange = { first: CalendarDay; last: CalendarDay };
export type Instants = { start: number; end: number };

/** What an import answers and a chart card shows when the data lies on other days than the incident. */
export type DateMismatch = {
  /** the days the data covers, and the incident's, in the zone the check was made in */
  dataDays: DayRange;
  incidentDays: DayRange;
  /** "This export covers 12 Mar 2024; the incident is on 27 Nov 2024." */
  message: string;
};

/** The days from the first to the last instant of `ranges` in `timeZone`; null when there are none. */
export function daysCovered(ranges: Instants[], timeZone: string): DayRange | null {
  const finite = ranges.filter((range) => Number.isFinite(range.start) && Number.isFinite(range.end));
  if (finite.length === 0) return null;
  const start = Math.min(...finite.map((range) => range.start));
  const end = Math.max(...finite.map((range) => range.end));
  return { first: calendarDayAt(start, timeZone), last: calendarDayAt(end, timeZone) };
}

/**
 * The incident's days: from the day it started to the day it ended (or, still open or without an end, the day it
 * started). Null when it has no start.
 */
export function incidentDays(incident: { startedAt: string | Date | null; endedAt: string | Date | null }, timeZone: string): DayRange | null {
  const started = instant(incident.startedAt);
  if (!Number.isFinite(started)) return null;
  const ended = instant(incident.endedAt);
  return daysCovered([{ start: started, end: Number.isFinite(ended) && ended >= started ? ended : started }], timeZone);
}

/** True when every day of `inner` is one of `outer`'s. */
export function daysWithin(inner: DayRange, outer: DayRange): boolean {
  return inner.first >= outer.first && inner.last <= outer.last;
}

/** "12 Mar 2024", or "12 Mar 2024 to 14 Mar 2024". */
export function describeDays(days: DayRange): string {
  const first = formatDate(dayToDate(days.first), "UTC");
  return days.first === days.last ? first : `${first} to ${formatDate(dayToDate(days.last), "UTC")}`;
}

/**
 * Null when the data shares at least one day with the incident (or either has no time); otherwise the two day ranges
 * and the sentence that says so, naming the data as `subject` ("This export", "This chart's data").
 */
export function dateMismatch(
  data: Instants[],
  incident: { startedAt: string | Date | null; endedAt: string | Date | null },
  timeZone: string,
  subject = "This export",
): DateMismatch | null {
  const dataDays = daysCovered(data, timeZone);
  const incidentRange = incidentDays(incident, timeZone);
  if (!dataDays || !incidentRange) return null;
  if (dataDays.last >= incidentRange.first && dataDays.first <= incidentRange.last) return null;
  const on = incidentRange.first === incidentRange.last ? "is on" : "runs from";
  return {
    dataDays,
    incidentDays: incidentRange,
    message: `${subject} covers ${describeDays(dataDays)}; the incident ${on} ${describeDays(incidentRange)}.`,
  };
}

function instant(value: string | Date | null): number {
  if (value === null) return Number.NaN;
  return typeof value === "string" ? Date.parse(value) : value.getTime();
}

// "Overdue", in one place: an action item still to do (open or in progress) whose due day is before today, where
// "today" is the VIEWER's calendar day. Due dates are calendar days (DATE columns, read back as midnight UTC), so at
// 23:30 on 1 December in Los Angeles an item due 1 December is not overdue yet, although it is 2 December in UTC.
// The table, the report view, the incident list, the API and the calendar feed all ask here.
import type { Prisma } from "@/lib/generated/prisma/client";
import { calendarDayAt } from "@/lib/time/calendar-day";

/** Statuses of items still to do: only these can be overdue or "due soon". */
export const OPEN_STATUSES = ["OPEN", "IN_PROGRESS"] as const;

const DAY_MS = 86_400_000;

/** The calendar day (YYYY-MM-DD) it is at `now` in `timeZone`; a zone this runtime does not know counts as UTC. */
export function localDay(now: Date, timeZone: string): string {
  return calendarDayAt(now, timeZone);
}

/** The viewer's today as a due-date value: midnight UTC of their local calendar day. */
export function todayIn(timeZone: string, now: Date = new Date()): Date {
  return new Date(`${localDay(now, timeZone)}T00:00:00.000Z`);
}

/** `day` plus `days` calendar days (due-date values are midnight UTC, so no daylight-saving surprises). */
export function addDays(day: Date, days: number): Date {
  return new Date(day.getTime() + days * DAY_MS);
}

/** A due date as stored (Date at midnight UTC) or as written in a report document ("2024-12-01"). */
function dueTime(dueDate: Date | string | null): number | null {
  if (dueDate === null) return null;
  if (dueDate instanceof Date) return dueDate.getTime();
  const time = Date.parse(`${dueDate.slice(0, 10)}T00:00:00.000Z`);
  return Number.isNaN(time) ? null : time;
}

export function isStillToDo(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

/** `today`: the viewer's day from `todayIn(viewer.timeZone)`. */
export function isOverdue(item: { status: string; dueDate: Date | string | null }, today: Date): boolean {
  const due = dueTime(item.dueDate);
  return due !== null && isStillToDo(item.status) && due < today.getTime();
}

/** The same rule as a database filter. */
export function overdueWhere(today: Date): Prisma.ActionItemWhereInput {
  return { status: { in: [...OPEN_STATUSES] }, dueDate: { lt: today } };
}

/** Still to do and due from today to `days` days after today, both included (overdue items are not "due soon"). */
export function dueWithinWhere(today: Date, days: number): Prisma.ActionItemWhereInput {
  return { status: { in: [...OPEN_STATUSES] }, dueDate: { gte: today, lte: addDays(today, days) } };
}

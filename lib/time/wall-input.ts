// Date-times as people type and read them in a form: "2024-11-27 14:23", 24-hour, in one named zone (the report's).
// One format everywhere a form shows an instant, whatever the browser's locale would make of a datetime-local input
// (en-US shows "02:23 PM"). Pure: the browser uses it too.
import { isAcceptedInstant, isAcceptedYear, ACCEPTED_YEARS_TEXT } from "@/lib/time/accepted-range";
import { instantFromWallClock } from "@/lib/time/wall-time";
import { utcFromParts, wallClockAt } from "@/lib/time/zone";

/** What a person is told to type. */
export const WALL_DATE_TIME_FORMAT = "YYYY-MM-DD HH:MM";
export const WALL_DATE_TIME_EXAMPLE = "2024-11-27 14:23";

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/**
 * Instant `iso` as "2024-11-27 14:23" in `timeZone` (seconds only when they are not :00: "2024-11-27 14:32:30").
 * Null when `iso` is not an instant. Throws RangeError for an unknown zone.
 */
export function formatWallDateTime(iso: string, timeZone: string): string | null {
  const ms = Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || Number.isNaN(ms)) return null;
  const p = wallClockAt(ms, timeZone);
  const time = `${pad(p.hour)}:${pad(p.minute)}${p.second ? `:${pad(p.second)}` : ""}`;
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${time}`;
}

export type WallInput = { ok: true; iso: string } | { ok: false; message: string };

const FORMAT_MESSAGE = `Write the date and time as ${WALL_DATE_TIME_FORMAT}, 24-hour (e.g. ${WALL_DATE_TIME_EXAMPLE})`;
const PATTERN = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]+|\s*,\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * What a person typed or pasted in a date-time field, read in `timeZone`: "2024-11-27 14:23", "2024-11-27T14:23:05",
 * or an ISO instant with its own offset ("2024-11-27T14:23:00Z", "…+01:00"), which names the instant whatever the zone.
 * A wall time that happens twice or never (daylight saving) follows lib/time/wall-time.ts. Null for empty text.
 */
export function parseWallDateTime(text: string, timeZone: string): WallInput | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  const match = PATTERN.exec(trimmed);
  if (!match) return { ok: false, message: FORMAT_MESSAGE };
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const millisecond = match[7] ? Number(match[7].padEnd(3, "0")) : 0;
  const offset = match[8];
  if (!isAcceptedYear(year)) return { ok: false, message: `The year must be ${ACCEPTED_YEARS_TEXT}` };
  const wall = utcFromParts(year, month, day);
  if (month < 1 || month > 12 || new Date(wall).getUTCDate() !== day || new Date(wall).getUTCMonth() + 1 !== month) {
    return { ok: false, message: `${year}-${pad(month)}-${pad(day)} is not a date that exists` };
  }
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, message: `${pad(hour)}:${pad(minute)} is not a time of day: use 00:00 to 23:59` };
  const wallMs = utcFromParts(year, month, day, hour, minute, second, millisecond);
  let ms: number;
  if (offset) {
    const sign = offset.startsWith("-") ? -1 : 1;
    const digits = offset.toUpperCase() === "Z" ? "0000" : offset.slice(1).replace(":", "");
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    if (offsetMinutes > 14 * 60) return { ok: false, message: `${offset} is not a UTC offset` };
    ms = wallMs - sign * offsetMinutes * 60_000;
  } else {
    ms = instantFromWallClock(wallMs, timeZone);
  }
  if (!isAcceptedInstant(ms)) return { ok: false, message: `The time must be ${ACCEPTED_YEARS_TEXT}` };
  return { ok: true, iso: new Date(ms).toISOString() };
}

/** "UTC" or "Europe/Berlin (UTC+01:00)" at instant `ms`: how a form names the zone its times are in. */
export function describeZone(timeZone: string, ms: number): string {
  if (timeZone === "UTC") return "UTC";
  const p = wallClockAt(ms, timeZone);
  const minutes = Math.round((utcFromParts(p.year, p.month, p.day, p.hour, p.minute, p.second) - (ms - p.millisecond)) / 60_000);
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${timeZone} (UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)})`;
}

/** The instant at `hour`:00 in `timeZone` on the day that is `days` days after the one instant `ms` falls on there. */
export function atHourDaysLater(ms: number, days: number, hour: number, timeZone: string): string {
  const p = wallClockAt(ms, timeZone);
  return new Date(instantFromWallClock(utcFromParts(p.year, p.month, p.day + days, hour), timeZone)).toISOString();
}

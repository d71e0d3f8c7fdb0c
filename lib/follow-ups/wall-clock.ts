// Follow-up reviews are scheduled by people in their own time zone ("Tuesday 10:00" in Berlin) and stored in UTC.
// These convert between a wall-clock time as a datetime-local input writes it (2025-01-15T10:00) and a UTC instant.
import { instantFromWallClock } from "@/lib/time/wall-time";
import { utcFromParts, wallClockAt } from "@/lib/time/zone";

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The UTC instant (ISO-8601) of a wall-clock time in `timeZone`; null when it is not a valid time or zone. Skipped
 * and repeated times follow the rule of lib/time/wall-time (02:30 skipped becomes 03:30; repeated, the first).
 */
export function wallClockToUtc(local: string, timeZone: string): string | null {
  const match = WALL_CLOCK.exec(local.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((value) => Number(value ?? 0)) as [number, number, number, number, number, number];
  // utcFromParts keeps year 0099 as 99 (Date.UTC would make it 1999); the schema then refuses it as out of range.
  const asUtc = utcFromParts(year, month, day, hour, minute, second);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  try {
    return new Date(instantFromWallClock(asUtc, timeZone)).toISOString();
  } catch {
    return null;
  }
}

/** A UTC instant as a datetime-local value in `timeZone`: 2025-01-15T10:00. */
export function utcToWallClock(instant: Date | string, timeZone: string): string {
  const p = wallClockAt(new Date(instant).getTime(), timeZone);
  const pad = (value: number | undefined, length = 2) => String(value ?? 0).padStart(length, "0");
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

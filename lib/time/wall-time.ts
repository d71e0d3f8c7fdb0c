// Wall-clock time in a zone → the instant it names. The one rule, for every caller (reports, monitoring exports,
// follow-up reviews, reminders):
//   - a wall time that happens twice (the hour repeated when clocks go back) is the EARLIER instant;
//   - a wall time that never happens (skipped when clocks go forward) moves forward by the gap: 02:30 on the day
//     Berlin jumps from 02:00 to 03:00 is 03:30 local.
// This is Temporal's "compatible" disambiguation and what java.time and most calendars do.
// Wall times are written as milliseconds "as if UTC": utcFromParts(year, month, day, hour, minute, second).
import { zoneOffsetAt } from "@/lib/time/zone";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The instant of wall time `wallMs` in `timeZone`, by the rule above. Throws RangeError for an unknown zone.
 * A few Intl calls; for a million rows use `WallClockReader`.
 */
export function instantFromWallClock(wallMs: number, timeZone: string): number {
  if (timeZone === "UTC" || !Number.isFinite(wallMs)) return wallMs;
  // Offsets a day either side of the wall time bracket any single clock change near it (no zone is more than
  // 14 hours from UTC, and no zone changes its clock twice in two days).
  const before = zoneOffsetAt(wallMs - DAY_MS, timeZone);
  const after = zoneOffsetAt(wallMs + DAY_MS, timeZone);
  const early = wallMs - before;
  if (before === after && zoneOffsetAt(early, timeZone) === before) return early;
  const late = wallMs - after;
  const earlyExists = zoneOffsetAt(early, timeZone) === before;
  const lateExists = zoneOffsetAt(late, timeZone) === after;
  if (earlyExists && lateExists) return Math.min(early, late); // repeated: the earlier one
  if (earlyExists) return early;
  if (lateExists) return late;
  // Skipped: the offset from before the change, which lands as far after the gap as the time was into it.
  return early;
}

/** Wall time (ms as if UTC) that instant `ms` reads as in `timeZone`. Throws RangeError for an unknown zone. */
export function wallClockFromInstant(ms: number, timeZone: string): number {
  if (timeZone === "UTC" || !Number.isFinite(ms)) return ms;
  return ms + zoneOffsetAt(ms, timeZone);
}

/**
 * `instantFromWallClock` for many wall times in one zone: the offset is cached per wall-clock hour, so a million
 * local timestamps cost a few hundred Intl calls, not millions. An hour in which the offset differs from one end to
 * the other (Lord Howe's half-hour change at 02:00 leaves 02:30-03:00 valid) is not cached: each time in it is
 * computed exactly, which is rare enough to cost nothing.
 */
export class WallClockReader {
  private readonly offsets = new Map<number, number>();

  constructor(readonly timeZone: string) {}

  instant(wallMs: number): number {
    if (this.timeZone === "UTC" || !Number.isFinite(wallMs)) return wallMs;
    const hour = Math.floor(wallMs / HOUR_MS);
    let offset = this.offsets.get(hour);
    if (offset === undefined) {
      const start = hour * HOUR_MS;
      const first = start - instantFromWallClock(start, this.timeZone);
      const last = start + HOUR_MS - 1 - instantFromWallClock(start + HOUR_MS - 1, this.timeZone);
      offset = first === last ? first : Number.NaN;
      if (this.offsets.size > 100_000) this.offsets.clear();
      this.offsets.set(hour, offset);
    }
    return Number.isNaN(offset) ? instantFromWallClock(wallMs, this.timeZone) : wallMs - offset;
  }
}

const readers = new Map<string, WallClockReader>();

/** The shared `WallClockReader` of `timeZone`: its cache outlives one file, as readers are made per column or series. */
export function wallClockReaderFor(timeZone: string): WallClockReader {
  let reader = readers.get(timeZone);
  if (!reader) {
    reader = new WallClockReader(timeZone);
    if (readers.size > 1_000) readers.clear();
    readers.set(timeZone, reader);
  }
  return reader;
}

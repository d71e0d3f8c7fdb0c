// Timestamps as exports write them → epoch milliseconds, UTC. ISO-8601 with or without an offset ("2024-03-12T14:00:00Z",
// "2024-03-12 14:00:00", "…+01:00", "… UTC"), day-first dotted dates ("12.03.2024 14:00"), epoch seconds, milliseconds,
// microseconds or nanoseconds (told apart by magnitude, or by a unit the column header names), and Excel serial days.
// Times without an offset are wall-clock readings in the export's zone, which the file does not say: they are read in
// the zone the caller passes (UTC by default) and the caller warns which zone it assumed.
import { InvalidInputError } from "@/lib/errors";
import { instantFromWallClock, wallClockReaderFor, type WallClockReader } from "@/lib/time/wall-time";
import { canonicalTimeZone } from "@/lib/time/zone-names";
import { utcFromParts } from "@/lib/time/zone";

export type EpochUnit = "s" | "ms" | "us" | "ns";

/** Milliseconds per unit. */
export const EPOCH_UNIT_MS: Record<EpochUnit, number> = { s: 1000, ms: 1, us: 1e-3, ns: 1e-6 };

/**
 * The unit of an epoch number by its size: any date between 1973 and 5138 has a distinct magnitude in each unit
 * (seconds < 1e11 ≤ milliseconds < 1e14 ≤ microseconds < 1e17 ≤ nanoseconds).
 */
export function epochUnitFromMagnitude(value: number): EpochUnit {
  const size = Math.abs(value);
  if (size < 1e11) return "s";
  if (size < 1e14) return "ms";
  if (size < 1e17) return "us";
  return "ns";
}

/** "UTC", "Europe/Berlin", "europe/berlin", "US/Eastern" → canonical IANA name; anything else is refused. */
export function resolveTimeZone(timeZone: string | undefined): string {
  const text = timeZone?.trim();
  if (!text) return "UTC";
  const zone = canonicalTimeZone(text);
  if (zone) return zone;
  throw new InvalidInputError(`"${text}" is not a time zone; use an IANA name such as UTC or Europe/Berlin.`, [
    { path: "timeZone", message: "is not an IANA time zone" },
  ]);
}

/** A wall-clock reading (as if it were UTC) in `timeZone` → the real UTC instant, by the rule in lib/time/wall-time. */
export function wallClockToUtc(wallMs: number, timeZone: string): number {
  return instantFromWallClock(wallMs, timeZone);
}

/** Result of reading one written time; reused between calls to keep a million-row import allocation-free. */
export type TextTime = { ms: number; zoned: boolean };

function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return -1;
  return a * 10 + b;
}

function fourDigits(text: string, at: number): number {
  const high = twoDigits(text, at);
  const low = twoDigits(text, at + 2);
  return high < 0 || low < 0 ? -1 : high * 100 + low;
}

/**
 * ISO-8601-like date-times: "YYYY-MM-DD", then "T" or space, "HH:MM[:SS[.fraction]]", then optionally "Z", "UTC",
 * "GMT", "+HH", "+HH:MM" or "+HHMM". Dates may use "/" instead of "-". Also "DD.MM.YYYY HH:MM[:SS]".
 * Writes UTC ms (or the wall-clock reading as if UTC when no zone is written) to `out`; false when not such a time.
 */
export function readIsoTime(text: string, out: TextTime): boolean {
  let at = 0;
  const length = text.length;
  while (at < length && text.charCodeAt(at) <= 32) at++;
  let year: number;
  let month: number;
  let day: number;
  const sep = text.charCodeAt(at + 4);
  if (sep === 45 /* - */ || sep === 47 /* / */) {
    year = fourDigits(text, at);
    month = twoDigits(text, at + 5);
    day = twoDigits(text, at + 8);
    if (year < 0 || month < 0 || day < 0 || text.charCodeAt(at + 7) !== sep) return false;
  } else if (text.charCodeAt(at + 2) === 46 /* . */ && text.charCodeAt(at + 5) === 46) {
    day = twoDigits(text, at);
    month = twoDigits(text, at + 3);
    year = fourDigits(text, at + 6);
    if (year < 0 || month < 0 || day < 0) return false;
  } else {
    return false;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  at += 10;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let millis = 0;
  const next = text.charCodeAt(at);
  if (next === 84 /* T */ || next === 116 /* t */ || next === 32 /* space */) {
    hour = twoDigits(text, at + 1);
    minute = twoDigits(text, at + 4);
    if (hour < 0 || minute < 0 || text.charCodeAt(at + 3) !== 58 /* : */) return false;
    at += 6;
    if (text.charCodeAt(at) === 58) {
      second = twoDigits(text, at + 1);
      if (second < 0) return false;
      at += 3;
      const mark = text.charCodeAt(at);
      if (mark === 46 /* . */ || mark === 44 /* , */) {
        at++;
        let scale = 100;
        while (at < length) {
          const digit = text.charCodeAt(at) - 48;
          if (digit < 0 || digit > 9) break;
          millis += digit * scale;
          scale /= 10;
          at++;
        }
      }
    }
    if (hour > 24 || minute > 59 || second > 60) return false;
  }
  let ms = utcFromParts(year, month, day, hour, minute, second) + millis;
  while (at < length && text.charCodeAt(at) === 32) at++;
  if (at >= length) {
    out.ms = ms;
    out.zoned = false;
    return true;
  }
  const zone = text.charCodeAt(at);
  if (zone === 90 /* Z */ || zone === 122 /* z */) {
    at++;
  } else if (zone === 43 /* + */ || zone === 45 /* - */) {
    const offsetHours = twoDigits(text, at + 1);
    if (offsetHours < 0) return false;
    let offsetMinutes = 0;
    at += 3;
    if (text.charCodeAt(at) === 58) at++;
    if (at < length) {
      offsetMinutes = twoDigits(text, at);
      if (offsetMinutes < 0) return false;
      at += 2;
    }
    const offset = (offsetHours * 60 + offsetMinutes) * 60_000;
    ms += zone === 43 ? -offset : offset;
  } else {
    const rest = text.slice(at, at + 3).toUpperCase();
    if (rest !== "UTC" && rest !== "GMT") return false;
    at += 3;
  }
  while (at < length && text.charCodeAt(at) <= 32) at++;
  if (at < length) return false;
  out.ms = ms;
  out.zoned = true;
  return true;
}

const EXPLICIT_ZONE = /(?:\bGMT\b|\bUTC\b|[+-]\d{2}:?\d{2}\b|\dZ\b)/;

/**
 * Reads one time column. The first value settles how the column is written (epoch numbers or text) and, for numbers,
 * their unit, unless the header already named one (`time_ms`).
 */
export class TimeReader {
  /** Times read as wall-clock readings in `timeZone` because they carried no offset. */
  localCount = 0;
  epochUnit: EpochUnit | null;
  excelSerial = false;
  private readonly scratch: TextTime = { ms: 0, zoned: false };
  // Offsets cached per wall-clock hour: the million-row import path.
  private readonly wallClock: WallClockReader;

  constructor(
    readonly timeZone: string,
    epochUnitHint: EpochUnit | null = null,
  ) {
    this.epochUnit = epochUnitHint;
    this.wallClock = wallClockReaderFor(timeZone);
  }

  /** Epoch ms, or NaN when the text is not a time. */
  read(text: string): number {
    const number = +text;
    if (Number.isFinite(number) && text.length > 0 && (number !== 0 || text.trim() !== "")) return this.fromNumber(number);
    if (readIsoTime(text, this.scratch)) {
      if (this.scratch.zoned) return this.scratch.ms;
      this.localCount++;
      return this.wallClock.instant(this.scratch.ms);
    }
    if (EXPLICIT_ZONE.test(text)) {
      const parsed = Date.parse(text);
      if (Number.isFinite(parsed)) return parsed;
    }
    return Number.NaN;
  }

  fromNumber(value: number): number {
    if (this.epochUnit === null) {
      // Excel stores a date-time as days since 1899-12-30 (local wall clock): 25569 is 1970-01-01, 73051 is 2100.
      if (value > 25569 && value < 73051) this.excelSerial = true;
      this.epochUnit = this.excelSerial ? "s" : epochUnitFromMagnitude(value);
    }
    if (this.excelSerial) {
      this.localCount++;
      return this.wallClock.instant(Math.round((value - 25569) * 86_400_000));
    }
    return value * EPOCH_UNIT_MS[this.epochUnit];
  }
}

/** "2024-03-12T14:00:00Z" for messages. */
export function isoUtc(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace(/\.000Z$/, "Z") : String(ms);
}

/** The epoch unit a time column's header names: "time_ms", "timestamp (s)", "epoch_ns", "ts_us". */
export function epochUnitFromHeader(header: string): EpochUnit | null {
  const match = /(?:^|[\s_.([-])(s|sec|secs|seconds|ms|msec|millis|milliseconds|us|µs|usec|micros|microseconds|ns|nsec|nanos|nanoseconds)[)\]]?$/i.exec(
    header.trim(),
  );
  if (!match) return null;
  const unit = match[1].toLowerCase();
  if (unit.startsWith("n")) return "ns";
  if (unit === "ms" || unit.startsWith("mil") || unit === "msec") return "ms";
  if (unit === "us" || unit === "µs" || unit.startsWith("micro") || unit === "usec") return "us";
  return "s";
}

// Instants read as wall-clock time in IANA time zones: the one place every domain that works in people's zones
// (reports, monitoring exports, reminders, follow-up reviews) gets a zone's date, time and offset from. Pure: the
// browser uses it too. Formatters are cached per zone: building one costs far more than using it.

export type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number; millisecond: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws RangeError for a zone this runtime does not know. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const displayFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A cached formatter for showing instants in `timeZone` (tick labels, e-mail times). Throws RangeError for an unknown
 * zone. `options` must be a constant per call site: the cache key is built from it.
 */
export function zoneFormatter(timeZone: string, locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${locale}|${JSON.stringify(options)}`;
  let formatter = displayFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    displayFormatters.set(key, formatter);
  }
  return formatter;
}

/** True for a zone name this runtime knows ("Europe/Paris", "UTC"). */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading of instant `ms` in `timeZone`. Throws RangeError for an unknown zone. */
export function wallClockAt(ms: number, timeZone: string): WallClock {
  const millisecond = ((ms % 1000) + 1000) % 1000;
  if (timeZone === "UTC") {
    const d = new Date(ms);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      millisecond,
    };
  }
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second!, millisecond };
}

/** How far `timeZone` is ahead of UTC at instant `ms`, in milliseconds (negative west of Greenwich). */
export function zoneOffsetAt(ms: number, timeZone: string): number {
  const p = wallClockAt(ms, timeZone);
  return utcFromParts(p.year, p.month, p.day, p.hour, p.minute, p.second) - (ms - p.millisecond);
}

// 400 Gregorian years are exactly 146,097 days, so shifting a year by 400 keeps every weekday and leap day.
const FOUR_HUNDRED_YEARS_MS = 146_097 * 86_400_000;

/**
 * Date.UTC without its two-digit-year rewrite: Date.UTC(99, 0, 1) is 1999-01-01, utcFromParts(99, 1, 1) is year 99.
 * `month` is 1-12; days, hours and minutes past their range roll over as with Date.UTC. Use it wherever a written
 * year becomes an instant, so an absurd year stays absurd (and is then refused) instead of becoming a plausible one.
 */
export function utcFromParts(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millisecond = 0): number {
  if (year >= 0 && year <= 99) return Date.UTC(year + 400, month - 1, day, hour, minute, second, millisecond) - FOUR_HUNDRED_YEARS_MS;
  return Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
}

// Dates and times as written in reports ("Nov 27, 2024", "14:23 UTC", "2024-11-27T14:23Z", "47 minutes (14:23 -
// 15:10 UTC)") and their conversion to UTC, in the report's zone unless the text names one. These rules are also the
// writer's contract: report-export.ts re-parses what it writes and falls back to explicit forms wherever these rules
// would read something else back.
import { InvalidInputError } from "@/lib/errors";
import { parseDuration } from "@/lib/incidents/durations";
import { ACCEPTED_YEARS_TEXT, isAcceptedYear } from "@/lib/time/accepted-range";
import { instantFromWallClock } from "@/lib/time/wall-time";
import { instantFromAbbreviatedWallClock, ZONE_ABBREVIATIONS, type ZoneMeaning } from "@/lib/time/zone-abbreviations";
import { readZoneToken, readZoneValue } from "@/lib/time/zone-phrase";
import { utcFromParts } from "@/lib/time/zone";

export type LocalDate = { year: number; month: number; day: number };

/**
 * How a written time becomes an instant: a fixed offset, an IANA zone's clock, or an abbreviation (its own offset
 * where its zone keeps it then, else the zone's local clock, which `loose` is told of; see lib/time/zone-abbreviations).
 */
export type Zone =
  | { kind: "offset"; minutes: number }
  | { kind: "iana"; name: string }
  | { kind: "abbreviation"; meaning: ZoneMeaning; name: string; written: string; loose: (at: number) => void };

/** How a report's written zones are read (report-zones.ts): it decides what an ambiguous abbreviation means. */
export interface ZoneReader {
  /** A zone written beside a time ("CET", "UTC+2", "Z"). */
  token(written: string, line: number | null): Zone | null;
  /** A zone stated in words ("All times CET"), or with `describesZone` words known to be about the zone. */
  stated(text: string, line: number | null, describesZone?: boolean): { zone: Zone } | null;
  /** The same, for a zone that changes in the middle of a timeline: one read from an abbreviation or offset is noted. */
  statedChange(text: string, line: number, describesZone?: boolean): { zone: Zone } | null;
}

const UTC_ZONE: Zone = { kind: "offset", minutes: 0 };

/** "utc", "Etc/UTC", "europe/berlin", "US/Pacific", "CET" → the canonical IANA name; null when it is not a zone. */
export function normalizeTimeZone(value: string): string | null {
  const phrase = readZoneValue(value);
  if (!phrase) return null;
  if (phrase.kind === "iana") return phrase.zone;
  if (phrase.kind === "offset") return phrase.minutes === 0 ? "UTC" : null;
  return phrase.meanings[0].zones[0];
}

export function zoneOfTimeZone(timeZone: string): Zone {
  return timeZone === "UTC" ? UTC_ZONE : { kind: "iana", name: timeZone };
}

/** A written local time → its instant; repeated and skipped times follow the rule of lib/time/wall-time. */
export function localToUtc(date: LocalDate, hour: number, minute: number, second: number, millisecond: number, zone: Zone): number {
  const wall = utcFromParts(date.year, date.month, date.day, hour, minute, second, millisecond);
  if (zone.kind === "offset") return wall - zone.minutes * 60_000;
  if (zone.kind === "iana") return instantFromWallClock(wall, zone.name);
  const { at, asWritten } = instantFromAbbreviatedWallClock(wall, zone.meaning, zone.name);
  if (!asWritten) zone.loose(at);
  return at;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(utcFromParts(date.year, date.month, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const d = new Date(utcFromParts(year, month, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** A date written without a year belongs to the incident's year, or the next one when its month is earlier. */
export function inferYear(month: number, base: LocalDate): number {
  return month >= base.month ? base.year : base.year + 1;
}

/** INC-2024-1127-001, INC-20241127-01 ... → the day the id names. */
export function dateFromPublicId(publicId: string | undefined | null): LocalDate | null {
  if (!publicId) return null;
  const match = /(?:^|[^0-9])(20\d{2})[-_]?(\d{2})[-_]?(\d{2})(?:[^0-9]|$)/.exec(publicId);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return isRealDate(year, month, day) ? { year, month, day } : null;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const MONTH_RE =
  "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
const WEEKDAY_RE = "(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s+)?";
// 9 groups: ISO y/m/d | month-name d [y] | d month-name [y]
export const DATE_RE = `${WEEKDAY_RE}(?:(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})|(${MONTH_RE})\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?|(\\d{1,2})(?:st|nd|rd|th)?\\s+(${MONTH_RE})(?:,?\\s+(\\d{4}))?)`;
export const DATE_GROUPS = 9;
// 5 groups: hour, minute, second, fraction, am/pm
export const TIME_RE = "(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,3}))?)?(?:\\s*([ap])\\.?m\\b\\.?)?";
export const TIME_GROUPS = 5;
// 1 group. Matched without regard to case, as the patterns around it need; `isZoneToken` then says whether what was
// matched is a zone as written ("CET", not "cet"). Never a ticket such as "PST-123".
export const ZONE_RE = `((?:UTC|GMT)\\s?[+\\-−]\\d{1,2}(?::?\\d{2})?|UTC|GMT|${ZONE_ABBREVIATIONS.join("|")}|Z|[+\\-−]\\d{2}:?\\d{2})(?![A-Za-z0-9_]|[-+]\\d)`;

/** True for a zone as written beside a time: "UTC", "utc", "CET", "UTC+2", "+02:00"; false for "cet", "Eat". */
export function isZoneToken(text: string | undefined | null): boolean {
  return readZoneToken(text) !== null;
}

export type WrittenDate = { year: number | null; month: number; day: number; text: string };
export type WrittenTime = { hour: number; minute: number; second: number; millisecond: number; text: string };

function lineError(line: number | null, message: string, path = "text"): InvalidInputError {
  const full = line === null ? message : `Line ${line}: ${message}`;
  return new InvalidInputError(full, [{ path, message: full }]);
}

function monthNumber(name: string): number {
  return MONTHS[name.slice(0, 3).toLowerCase()];
}

export function dateFromGroups(m: RegExpExecArray, at: number, line: number | null): WrittenDate | null {
  const g = (i: number) => m[at + i];
  let year: number | null;
  let month: number;
  let day: number;
  if (g(0)) [year, month, day] = [Number(g(0)), Number(g(1)), Number(g(2))];
  else if (g(3)) [year, month, day] = [g(5) ? Number(g(5)) : null, monthNumber(g(3)), Number(g(4))];
  else if (g(7)) [year, month, day] = [g(8) ? Number(g(8)) : null, monthNumber(g(7)), Number(g(6))];
  else return null;
  const text = g(0) ? `${g(0)}-${g(1)}-${g(2)}` : g(3) ? `${g(3)} ${g(4)}${g(5) ? `, ${g(5)}` : ""}` : `${g(6)} ${g(7)}${g(8) ? ` ${g(8)}` : ""}`;
  if (!isRealDate(year ?? 2024, month, day)) {
    throw lineError(line, `"${text.trim()}" is not a real date.`);
  }
  if (year !== null && !isAcceptedYear(year)) {
    throw lineError(line, `"${text.trim()}" is outside the dates Hindsight accepts: the year must be ${ACCEPTED_YEARS_TEXT}.`);
  }
  return { year, month, day, text };
}

export function timeFromGroups(m: RegExpExecArray, at: number, line: number | null): WrittenTime | null {
  if (!m[at]) return null;
  let hour = Number(m[at]);
  const minute = Number(m[at + 1]);
  const second = m[at + 2] ? Number(m[at + 2]) : 0;
  const millisecond = m[at + 3] ? Number(m[at + 3].padEnd(3, "0")) : 0;
  const meridiem = m[at + 4]?.toLowerCase();
  const text = `${m[at]}:${m[at + 1]}${m[at + 2] ? `:${m[at + 2]}` : ""}`;
  if (meridiem) {
    if (hour < 1 || hour > 12) throw lineError(line, `"${text} ${meridiem}m" is not a valid time.`);
    hour = (hour % 12) + (meridiem === "p" ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) throw lineError(line, `"${text}" is not a valid time.`);
  return { hour, minute, second, millisecond, text };
}

export function resolveDate(date: WrittenDate, base: LocalDate): LocalDate {
  return { year: date.year ?? inferYear(date.month, base), month: date.month, day: date.day };
}

const WHOLE_DATE = new RegExp(`^${DATE_RE}$`, "i");
const WHOLE_DATE_TIME = new RegExp(`^(?:${DATE_RE}(?:\\s*[T,]\\s*|\\s+at\\s+|\\s+))?${TIME_RE}(?:\\s*${ZONE_RE})?$`, "i");
const ANY_DATE = new RegExp(`(?<![\\w-])${DATE_RE}(?![\\w-])`, "i");

/** A whole value that is a date ("December 15, 2024", "2024-12-15", "Dec 15th"); null when it is not one. */
export function parseDateValue(value: string, line: number | null): WrittenDate | null {
  const m = WHOLE_DATE.exec(value.trim().replace(/\.$/, ""));
  return m ? dateFromGroups(m, 1, line) : null;
}

/** The first date written anywhere in a sentence ("scheduled for December 15th to verify ..."). */
export function findDate(text: string, line: number | null): WrittenDate | null {
  const m = ANY_DATE.exec(text);
  return m ? dateFromGroups(m, 1, line) : null;
}

/** The day times without a date belong to, the zone of times written without one, and how written zones are read. */
export type TimeContext = { base: LocalDate; zone: Zone; zones: ZoneReader };

/** The zone written beside a time, or the context's zone; undefined when what was written is not a zone. */
function zoneOf(written: string | undefined, ctx: TimeContext, line: number | null): Zone | undefined {
  if (!written) return ctx.zone;
  if (!isZoneToken(written)) return undefined;
  return ctx.zones.token(written, line) ?? undefined;
}

/**
 * A whole value that is a moment: "2024-11-27 14:23 UTC", "2024-11-27T14:23:00Z", "14:23 UTC" (on the base day),
 * "November 27, 2024" (midnight in the zone). Undefined when it is not one, null when it says "unknown".
 */
export function parseMomentValue(value: string, ctx: TimeContext, line: number | null): number | null | undefined {
  const text = value.trim().replace(/\.$/, "");
  if (/^(?:unknown|n\/?a|none|not recorded|tbd|-|—)$/i.test(text)) return null;
  const m = WHOLE_DATE_TIME.exec(text);
  if (m) {
    const date = dateFromGroups(m, 1, line);
    const time = timeFromGroups(m, 1 + DATE_GROUPS, line)!;
    const zone = zoneOf(m[1 + DATE_GROUPS + TIME_GROUPS], ctx, line);
    if (!zone) return undefined;
    const day = date ? resolveDate(date, ctx.base) : ctx.base;
    return localToUtc(day, time.hour, time.minute, time.second, time.millisecond, zone);
  }
  const dateOnly = parseDateValue(text, line);
  if (dateOnly) return localToUtc(resolveDate(dateOnly, ctx.base), 0, 0, 0, 0, ctx.zone);
  return undefined;
}

/** "47 minutes (14:23 - 15:10 UTC)", "1h 5m", "2024-11-27 23:50 - 2024-11-28 01:10 UTC". */
export function parseDurationValue(
  value: string,
  ctx: TimeContext,
  line: number | null,
): { start: number | null; end: number | null; length: number | null } | null {
  const range = new RegExp(
    `(?:${DATE_RE}(?:\\s*[T,]\\s*|\\s+))?${TIME_RE}(?:\\s*${ZONE_RE})?\\s*(?:-|–|—|to|until|→)\\s*(?:${DATE_RE}(?:\\s*[T,]\\s*|\\s+))?${TIME_RE}(?:\\s*${ZONE_RE})?`,
    "i",
  ).exec(value);
  const lengthText = range ? value.replace(range[0], " ") : value;
  const length = parseDuration(lengthText.replace(/\([^)]*\)/g, " "));
  if (!range) return length === null ? null : { start: null, end: null, length };
  const at = 1;
  const startDate = dateFromGroups(range, at, line);
  const startTime = timeFromGroups(range, at + DATE_GROUPS, line)!;
  const startZoneText = range[at + DATE_GROUPS + TIME_GROUPS];
  const endAt = at + DATE_GROUPS + TIME_GROUPS + 1;
  const endDate = dateFromGroups(range, endAt, line);
  const endTime = timeFromGroups(range, endAt + DATE_GROUPS, line)!;
  const endZoneText = range[endAt + DATE_GROUPS + TIME_GROUPS];
  const startZone = zoneOf(startZoneText ?? endZoneText, ctx, line) ?? ctx.zone;
  const endZone = zoneOf(endZoneText ?? startZoneText, ctx, line) ?? ctx.zone;
  const startDay = startDate ? resolveDate(startDate, ctx.base) : ctx.base;
  const start = localToUtc(startDay, startTime.hour, startTime.minute, startTime.second, startTime.millisecond, startZone);
  let endDay = endDate ? resolveDate(endDate, startDay) : startDay;
  let end = localToUtc(endDay, endTime.hour, endTime.minute, endTime.second, endTime.millisecond, endZone);
  if (!endDate && end < start) {
    endDay = addDays(endDay, 1);
    end = localToUtc(endDay, endTime.hour, endTime.minute, endTime.second, endTime.millisecond, endZone);
  }
  return { start, end, length };
}

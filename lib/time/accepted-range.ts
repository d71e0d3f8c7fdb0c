// The one range of years Hindsight accepts for any date or time it stores: 1970 to 2100, inclusive. Outside it, a
// value is almost always a typo or a broken export (0001-01-01, a timestamp in the wrong unit), and JavaScript or the
// database would otherwise rewrite it silently (Date.UTC turns year 1 into 1901). Every zod schema, the report
// importer and the monitoring-export parsers check against these, and refuse with ACCEPTED_YEARS_TEXT in the message.
import { z } from "zod";

export const EARLIEST_ACCEPTED_YEAR = 1970;
export const LATEST_ACCEPTED_YEAR = 2100;
/** For messages: "between 1970 and 2100 (inclusive)". */
export const ACCEPTED_YEARS_TEXT = `between ${EARLIEST_ACCEPTED_YEAR} and ${LATEST_ACCEPTED_YEAR} (inclusive)`;

/** 1970-01-01T00:00:00.000Z, as epoch milliseconds. */
export const EARLIEST_ACCEPTED_MS = 0;
/** 2100-12-31T23:59:59.999Z, as epoch milliseconds. */
export const LATEST_ACCEPTED_MS = Date.UTC(LATEST_ACCEPTED_YEAR + 1, 0, 1) - 1;

export function isAcceptedYear(year: number): boolean {
  return Number.isInteger(year) && year >= EARLIEST_ACCEPTED_YEAR && year <= LATEST_ACCEPTED_YEAR;
}

/** An instant (epoch ms, UTC) within the accepted years. NaN and infinities are not. */
export function isAcceptedInstant(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_ACCEPTED_MS && ms <= LATEST_ACCEPTED_MS;
}

/** "must be a date between 1970 and 2100 (inclusive)" and the like. */
export function outsideAcceptedYearsMessage(what = "a date"): string {
  return `must be ${what} ${ACCEPTED_YEARS_TEXT}`;
}

/**
 * The year as written at the start of an ISO-8601 value ("0099-01-01T00:00Z" → 99), checked before anything parses
 * it: the written year is what the person meant, whatever a parser would make of it.
 */
function writtenYear(value: string): number | null {
  const match = /^([+-]?\d{4,6})-/.exec(value.trim());
  return match ? Number(match[1]) : null;
}

function hasAcceptedYear(value: string): boolean {
  const year = writtenYear(value);
  return year !== null && isAcceptedYear(year) && isAcceptedInstant(Date.parse(value));
}

/**
 * An ISO-8601 date-time with an offset ("2024-11-27T14:23:00Z", "…+01:00") within the accepted years, normalised to
 * UTC ("2024-11-27T14:23:00.000Z"). `formatMessage` is the error for anything that is not such a date-time.
 */
export function acceptedDateTime(formatMessage = "must be an ISO-8601 date-time such as 2024-11-27T14:23:00Z") {
  return z.iso
    .datetime({ offset: true, error: formatMessage, abort: true })
    .refine(hasAcceptedYear, { error: outsideAcceptedYearsMessage("a time") })
    .transform((value) => new Date(value).toISOString());
}

/** A calendar day "YYYY-MM-DD" within the accepted years. */
export function acceptedCalendarDay(formatMessage = "must be a calendar day written YYYY-MM-DD") {
  return z.iso.date({ error: formatMessage, abort: true }).refine(hasAcceptedYear, { error: outsideAcceptedYearsMessage("a day") });
}

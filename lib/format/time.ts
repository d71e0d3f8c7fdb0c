// Formatting of times for people. Stored times are UTC; pages show them in the viewer's zone with UTC beside.
// Formatters come from lib/time/zone.ts's cache: building an Intl.DateTimeFormat costs far more than using one, and a
// list page formats dozens of times per request (a new formatter per call was a tenth of the incident list's CPU).
import { zoneFormatter } from "@/lib/time/zone";

const DATE_TIME: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
  timeZoneName: "short",
};
const DATE: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "2-digit" };

export function formatDateTime(date: Date | null | undefined, timeZone = "UTC"): string {
  return date ? zoneFormatter(timeZone, "en-GB", DATE_TIME).format(date) : "—";
}

export function formatDate(date: Date | null | undefined, timeZone = "UTC"): string {
  return date ? zoneFormatter(timeZone, "en-GB", DATE).format(date) : "—";
}

/** ISO-8601 in UTC without milliseconds, e.g. 2024-11-27T14:23:00Z: the title attribute of every shown time. */
export function isoUtc(date: Date | null | undefined): string {
  return date ? date.toISOString().replace(/\.000Z$/, "Z") : "";
}

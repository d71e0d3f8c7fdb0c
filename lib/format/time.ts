// Formatting of times for people. Stored times are UTC; pages show them in the viewer's zone with UTC beside.

export function formatDateTime(date: Date | null | undefined, timeZone = "UTC"): string {
  if (!date) return "—";
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "short",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
    timeZoneName: "short",
  }).format(date);
}

export function formatDate(date: Date | null | undefined, timeZone = "UTC"): string {
  if (!date) return "—";
  return new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "short", day: "2-digit" }).format(date);
}

/** ISO-8601 in UTC without milliseconds, e.g. 2024-11-27T14:23:00Z: the title attribute of every shown time. */
export function isoUtc(date: Date | null | undefined): string {
  return date ? date.toISOString().replace(/\.000Z$/, "Z") : "";
}

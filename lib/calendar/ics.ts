// A small iCalendar (RFC 5545) writer for the private calendar feed: one VCALENDAR of all-day and timed VEVENTs.
// What calendar clients insist on: CRLF line ends, lines folded at 75 octets (never inside a UTF-8 character), TEXT
// values escaped (backslash, semicolon, comma, newline), a DTSTAMP and a stable UID on every event.

export type IcsDate = { date: string } | { dateTime: Date };

export type IcsEvent = {
  /** stable across feeds: the same item must update, not duplicate, in a subscribed calendar */
  uid: string;
  summary: string;
  description?: string | null;
  url?: string | null;
  /** `{ date: "2024-12-01" }` for an all-day event, `{ dateTime }` for a timed one */
  start: IcsDate;
  /** all-day: the day after the last day (exclusive); timed: the end instant */
  end: IcsDate;
  /** bumped when the event changes (the record's version) */
  sequence?: number;
  lastModified?: Date | null;
  status?: "CONFIRMED" | "TENTATIVE" | "CANCELLED";
  /** all-day reminders should not block time in people's calendars */
  transparent?: boolean;
  categories?: string[];
};

export type IcsCalendar = {
  /** X-WR-CALNAME: how the subscribed calendar is named in Google Calendar and Outlook */
  name: string;
  description?: string;
  /** when this feed was made: every event's DTSTAMP (METHOD:PUBLISH) */
  stamp: Date;
  /** how often subscribers should refresh, as an ISO duration (PT1H) */
  refreshInterval?: string;
  events: IcsEvent[];
};

const CRLF = "\r\n";
const MAX_OCTETS = 75;
const encoder = new TextEncoder();

/** TEXT value escaping (RFC 5545 3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** Splits a content line into 75-octet lines; each continuation starts with one space (RFC 5545 3.1). */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= MAX_OCTETS) return line;
  const lines: string[] = [];
  let current = "";
  let octets = 0;
  for (const character of line) {
    const size = encoder.encode(character).length;
    // the leading space of a continuation line counts towards its 75 octets
    const limit = lines.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + size > limit) {
      lines.push(current);
      current = "";
      octets = 0;
    }
    current += character;
    octets += size;
  }
  lines.push(current);
  return lines.join(`${CRLF} `);
}

const pad = (value: number, length = 2) => String(value).padStart(length, "0");

/** 20241215T100000Z */
export function formatDateTime(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
}

/** "2024-12-01" → 20241201 */
export function formatDate(day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`Not a calendar day: ${day}`);
  return day.replaceAll("-", "");
}

function dateProperty(name: string, value: IcsDate): string {
  return "date" in value ? `${name};VALUE=DATE:${formatDate(value.date)}` : `${name}:${formatDateTime(value.dateTime)}`;
}

function eventLines(event: IcsEvent, stamp: Date): string[] {
  const lines = [
    "BEGIN:VEVENT",
    // UIDs are ids we make (no commas or newlines), but escaping keeps a bad one from breaking the feed
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${formatDateTime(stamp)}`,
    dateProperty("DTSTART", event.start),
    dateProperty("DTEND", event.end),
    `SUMMARY:${escapeText(event.summary)}`,
  ];
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  // a URI value is not TEXT: no escaping, but it must not carry line breaks
  if (event.url) lines.push(`URL:${event.url.replace(/[\r\n]/g, "")}`);
  if (event.categories?.length) lines.push(`CATEGORIES:${event.categories.map(escapeText).join(",")}`);
  if (event.status) lines.push(`STATUS:${event.status}`);
  if (event.transparent) lines.push("TRANSP:TRANSPARENT");
  if (event.sequence !== undefined) lines.push(`SEQUENCE:${event.sequence}`);
  if (event.lastModified) lines.push(`LAST-MODIFIED:${formatDateTime(event.lastModified)}`);
  lines.push("END:VEVENT");
  return lines;
}

export function serializeCalendar(calendar: IcsCalendar): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Hindsight//Action items and follow-up reviews//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
  ];
  if (calendar.description) lines.push(`X-WR-CALDESC:${escapeText(calendar.description)}`);
  if (calendar.refreshInterval) {
    lines.push(`REFRESH-INTERVAL;VALUE=DURATION:${calendar.refreshInterval}`, `X-PUBLISHED-TTL:${calendar.refreshInterval}`);
  }
  for (const event of calendar.events) lines.push(...eventLines(event, calendar.stamp));
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join(CRLF) + CRLF;
}

// The incident's day written in a sentence ("Shortly after 14:05 CET on 3 March 2021, ...", "On Tuesday, March 2nd
// 2021 at 9:30 PST ..."), for reports without a Date line. chrono-node finds the date; only a full one counts (day,
// month and year written, the month by name or as YYYY-MM-DD: "03/04/2021" means two different days on either side
// of the Atlantic, and "2021.03.1" is as likely a version). Times keep coming from the timeline.
import * as chrono from "chrono-node";
import type { Line } from "@/lib/incidents/report-text/headings";
import { MONTH_NAMES } from "@/lib/incidents/report-text/shared-formats";
import { isZoneToken, type LocalDate, TIME_RE, ZONE_RE } from "@/lib/incidents/report-text/written-times";
import { isAcceptedYear } from "@/lib/time/accepted-range";
import { utcFromParts } from "@/lib/time/zone";

export type ProseDate = {
  date: LocalDate;
  /** the sentence, shortened around the date as "Shortly after 14:05 CET on 3 March 2021 ..." */
  quote: string;
  line: number;
  /** the zone written with a time in the same words ("CET" in "14:05 CET on 3 March 2021"), if any */
  zoneText: string | null;
  /** the weekday the sentence names when it is not the date's */
  weekdayConflict: { named: string; actual: string } | null;
};

const MONTH_WORD =
  /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b/i;
const ISO_DAY = /\b\d{4}-\d{2}-\d{2}\b/;
const YEAR = /\b(?:19|20|21)\d{2}\b/;
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const TIME_WITH_ZONE = new RegExp(`${TIME_RE}\\s*${ZONE_RE}`, "i");
const QUOTE_BEFORE = 60;
// The incident's day is written near the start: 20,000 characters of prose are read at most (chrono took 14 ms on
// 20,000 characters dense with dates and ~2 s on a megabyte).
const PROSE_BUDGET = 20_000;
// Numbered lines of a paragraph joined by spaces, with where each line starts in the joined text.
type Paragraph = { text: string; starts: { at: number; line: number }[] };

function paragraphs(lines: Line[]): Paragraph[] {
  const found: Paragraph[] = [];
  let current: Paragraph | null = null;
  for (const line of lines) {
    if (!line.text) {
      current = null;
      continue;
    }
    if (!current) {
      current = { text: "", starts: [] };
      found.push(current);
    } else current.text += " ";
    current.starts.push({ at: current.text.length, line: line.n });
    current.text += line.text;
  }
  return found;
}

function lineAt(paragraph: Paragraph, index: number): number {
  return paragraph.starts.filter((s) => s.at <= index).at(-1)!.line;
}

/** The sentence around [start, end) up to the end of the date, with "..." where it was cut. */
function quoteOf(text: string, start: number, end: number): string {
  let from = start;
  while (from > 0 && !/[.!?]\s/.test(text.slice(from - 2, from))) from--;
  let prefix = "";
  if (start - from > QUOTE_BEFORE) {
    from = text.indexOf(" ", start - QUOTE_BEFORE) + 1;
    prefix = "... ";
  }
  const rest = text.slice(end);
  const sentenceGoesOn = !/^\s*[.!?]?\s*$/.test(rest) && !/^[.!?](?:\s|$)/.test(rest);
  return `${prefix}${text.slice(from, end).trim()}${sentenceGoesOn ? " ..." : rest.trim().startsWith(".") ? "." : ""}`;
}

/** A full date chrono found, checked: written with its month by name or as YYYY-MM-DD, a real day, a year accepted. */
function fullDate(result: chrono.ParsedResult): LocalDate | null {
  const start = result.start;
  if (!start.isCertain("day") || !start.isCertain("month") || !start.isCertain("year")) return null;
  if (!MONTH_WORD.test(result.text) && !ISO_DAY.test(result.text)) return null;
  const date = { year: start.get("year")!, month: start.get("month")!, day: start.get("day")! };
  const check = new Date(utcFromParts(date.year, date.month, date.day));
  if (check.getUTCMonth() !== date.month - 1 || !isAcceptedYear(date.year)) return null;
  return date;
}

/** "3 March 2021". */
export function longDay(date: LocalDate): string {
  return `${date.day} ${MONTH_NAMES[date.month - 1]} ${date.year}`;
}

/** The first full date written in these lines' sentences, in order; null when there is none. */
export function findProseDate(regions: Line[][]): ProseDate | null {
  let budget = PROSE_BUDGET;
  for (const region of regions) {
    for (const paragraph of paragraphs(region)) {
      if (budget <= 0) return null;
      const text = paragraph.text.slice(0, budget);
      budget -= text.length;
      if (!YEAR.test(text) || (!MONTH_WORD.test(text) && !ISO_DAY.test(text))) continue;
      for (const result of chrono.strict.parse(text, new Date(Date.UTC(2000, 0, 1)))) {
        const date = fullDate(result);
        if (!date) continue;
        const end = result.index + result.text.length;
        const zone = TIME_WITH_ZONE.exec(result.text);
        const zoneText = zone && isZoneToken(zone[6]) ? zone[6] : null;
        const weekday = result.start.isCertain("weekday") ? result.start.get("weekday") : null;
        const actual = new Date(utcFromParts(date.year, date.month, date.day)).getUTCDay();
        return {
          date,
          quote: quoteOf(text, result.index, end),
          line: lineAt(paragraph, result.index),
          zoneText,
          weekdayConflict: weekday !== null && weekday !== actual ? { named: WEEKDAYS[weekday], actual: WEEKDAYS[actual] } : null,
        };
      }
    }
  }
  return null;
}

/** A whole value that chrono reads as one full date ("Tuesday, 3rd of March 2021"); null otherwise. */
export function fullDateIn(value: string): LocalDate | null {
  const [result] = chrono.strict.parse(value, new Date(Date.UTC(2000, 0, 1)));
  return result ? fullDate(result) : null;
}

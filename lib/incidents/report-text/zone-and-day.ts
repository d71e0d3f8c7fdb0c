// The report's time zone and the day that times written without a date belong to.
//
// The zone: a "Time zone" line or a statement in the header ("All times CET", "Times in PDT"), else the Timeline
// heading's parenthesis or a zone line at the top of the timeline, else the zone written beside the timeline's times
// ("14:05 CET"), else the zone of a time in the sentence the day was read from, else the importer's choice, else
// UTC. Anything but a plain zone name is a guess the preview shows.
//
// The day: the Date field, the start, the id, the timeline's first dated line, the title, a full date in the
// summary, intro or timeline prose, the review date, else today.
import { InvalidInputError } from "@/lib/errors";
import { guessed, type Reading } from "@/lib/incidents/report-text/draft";
import { type FieldAt, type FieldKey, type HeaderFields, type Line, tableCells } from "@/lib/incidents/report-text/headings";
import { findProseDate, fullDateIn, longDay } from "@/lib/incidents/report-text/prose-date";
import { type ReadZone, ReportZones } from "@/lib/incidents/report-text/report-zones";
import { type Block, dayMarker } from "@/lib/incidents/report-text/segments";
import { isoDay } from "@/lib/incidents/report-text/shared-formats";
import { entryHead, momentHead } from "@/lib/incidents/report-text/timeline";
import {
  DATE_RE,
  dateFromGroups,
  dateFromPublicId,
  findDate,
  type LocalDate,
  normalizeTimeZone,
  parseDateValue,
  resolveDate,
  type TimeContext,
  type Zone,
  zoneOfTimeZone,
} from "@/lib/incidents/report-text/written-times";
import { formatUtcOffset } from "@/lib/time/zone-abbreviations";
import { utcFromParts, wallClockAt, zoneOffsetAt } from "@/lib/time/zone";

/** What the caller may set: the zone for times written without one (else UTC), and "today" (for tests). */
export type TimeOptions = { timeZone?: string; now?: Date };

export type ReportTimes = {
  /** the zone of times written without one, outside a timeline that states its own */
  zone: Zone;
  /** the zone the timeline states (heading, first line), or the one written beside its first time */
  timelineZone: Zone | null;
  /** no zone is stated anywhere: a zone written beside a timeline time also holds for the times after it */
  followWrittenZones: boolean;
  base: LocalDate;
  ctx: TimeContext;
};

type Stated = { read: ReadZone; line: number; source: string };

/** How the report's times are zoned, as settled so far. */
type Zoning = {
  zone: Zone;
  timelineZone: Zone | null;
  /** the statement the report is shown in the zone of */
  shownFrom: Stated | null;
  /** the zone written beside a time that zone-less times follow, when nothing states one */
  written: WrittenZone | null;
  followWrittenZones: boolean;
};

export function settleTimes(reading: Reading, header: HeaderFields, opts: TimeOptions): ReportTimes {
  const optsZone = opts.timeZone ? normalizeTimeZone(opts.timeZone) : null;
  if (opts.timeZone && !optsZone) {
    throw new InvalidInputError(`"${opts.timeZone}" is not a time zone; use an IANA name such as UTC or Europe/Berlin.`, [
      { path: "timeZone", message: "is not an IANA time zone" },
    ]);
  }
  reading.draft.timeZone = optsZone ?? "UTC";
  const zones = new ReportZones(optsZone, reading);
  const timelineBlock = reading.blocks.find((b) => b.key === "timeline");
  const zoning = settleZone(reading, header, zones, timelineBlock);
  const base = settleDay(reading, header, opts.now ?? new Date(), timelineBlock, zoning, zones);

  // what the preview should say was guessed about the zone
  if (zoning.shownFrom) noteStated(reading, zoning.shownFrom, base, optsZone, zones);
  else if (zoning.written) noteWritten(reading, zoning.written, optsZone);

  const { zone, timelineZone, followWrittenZones } = zoning;
  return { zone, timelineZone, followWrittenZones, base, ctx: { base, zone, zones } };
}

/** The zone the header states, else the timeline's, else the one written beside the timeline's first zoned time. */
function settleZone({ draft, map, warnings, lines }: Reading, header: HeaderFields, zones: ReportZones, timelineBlock: Block | undefined): Zoning {
  let zone: Zone = zoneOfTimeZone(draft.timeZone);
  const tzField = header.lastOf("timeZone");
  let stated: Stated | null = null;
  if (tzField) {
    const read = zones.stated(tzField.field.value, tzField.line, true);
    if (read) {
      stated = { read, line: tzField.line, source: lines[tzField.line - 1].text };
      zone = read.zone;
      map.add(tzField.line, "timeZone");
    } else {
      warnings.push(`Line ${tzField.line}: "${tzField.field.value}" is not a time zone I know; times without a zone are read as ${draft.timeZone}.`);
      header.unknownHeader.push(lines[tzField.line - 1]);
    }
  }
  const timelineStated = timelineBlock ? timelineStatement(timelineBlock, zones) : null;
  const shownFrom = stated ?? timelineStated;
  if (shownFrom?.read.display) draft.timeZone = shownFrom.read.display;
  const followWrittenZones = !stated && !timelineStated;
  const written = followWrittenZones && timelineBlock ? zoneWrittenInTimeline(timelineBlock, zones) : null;
  if (written) zone = written.read.zone;
  return { zone, timelineZone: timelineStated?.read.zone ?? null, shownFrom, written, followWrittenZones };
}

/**
 * The day times without a date belong to. A day read from prose is a guess, said so; the zone of a time written in
 * that sentence ("14:05 CET on 3 March 2021") is the zone of the report's zone-less times when nothing names one.
 */
function settleDay(reading: Reading, header: HeaderFields, now: Date, timelineBlock: Block | undefined, zoning: Zoning, zones: ReportZones): LocalDate {
  const { draft, map, warnings } = reading;
  const today = wallClockAt(now.getTime(), draft.timeZone);
  const idDate = dateFromPublicId(draft.publicId);
  const provisional: LocalDate = idDate ?? { year: today.year, month: today.month, day: today.day };
  const dateField = header.lastOf("date");
  let base = dateField ? dateFieldDay(reading, header, dateField, provisional) : null;
  if (dateField && base) map.add(dateField.line, "startedAt");
  const firstDateIn = (value: string | undefined, line: number) => {
    if (!value) return null;
    const head = new RegExp(`^\\s*(?:\\(\\s*)?${DATE_RE}`, "i").exec(value) ?? new RegExp(`\\(\\s*${DATE_RE}`, "i").exec(value);
    const found = head ? dateFromGroups(head, 1, line) : null;
    return found ? resolveDate(found, provisional) : null;
  };
  for (const name of ["startedAt", "duration"] as FieldKey[]) {
    const f = header.lastOf(name);
    base ??= f ? firstDateIn(f.field.value, f.line) : null;
  }
  if (!base && timelineBlock?.paren) base = firstDateIn(timelineBlock.paren, timelineBlock.headingLines[0]);
  base ??= idDate;
  if (!base && timelineBlock) base = firstTimelineDay(timelineBlock, provisional);
  const titleDate = reading.title.text ? findDate(reading.title.text, reading.title.lines[0] ?? null) : null;
  if (!base && titleDate?.year) base = { year: titleDate.year, month: titleDate.month, day: titleDate.day };
  base ??= proseDay(reading, header, timelineBlock, zoning, zones);
  const reviewField = header.lastOf("reviewDate");
  if (!base && reviewField) {
    const found = parseDateValue(reviewField.field.value, reviewField.line) ?? findDate(reviewField.field.value, reviewField.line);
    if (found?.year) {
      base = { year: found.year, month: found.month, day: found.day };
      if (timelineBlock) {
        warnings.push(`The report gives no incident date; the timeline was placed on the review date, ${isoDay(base)}. Check the times.`);
      }
    }
  }
  if (!base) {
    base = { year: today.year, month: today.month, day: today.day };
    if (timelineBlock) warnings.push(`The report gives no date; the timeline was placed on ${isoDay(base)} (today). Check the times.`);
  }
  return base;
}

/** The Date line's day, written as a date or in words ("Tuesday, 3rd of March 2021"); kept under Details if neither. */
function dateFieldDay({ warnings, lines }: Reading, header: HeaderFields, field: FieldAt, provisional: LocalDate): LocalDate | null {
  const value = field.field.value;
  const written = parseDateValue(value, field.line) ?? findDate(value, field.line);
  if (written) return resolveDate(written, provisional);
  const full = fullDateIn(value);
  if (full) return full;
  warnings.push(`Line ${field.line}: "${value}" is not a date I can read.`);
  header.unknownHeader.push(lines[field.line - 1]);
  return null;
}

/** The first full date written in the intro, summary or timeline prose, as a guess the preview shows. */
function proseDay(reading: Reading, header: HeaderFields, timelineBlock: Block | undefined, zoning: Zoning, zones: ReportZones): LocalDate | null {
  const prose = findProseDate(proseRegions(reading.blocks, header.intro));
  if (!prose) return null;
  const day = longDay(prose.date);
  const weekday = prose.weekdayConflict ? ` The sentence says ${prose.weekdayConflict.named}, but ${day} is a ${prose.weekdayConflict.actual}.` : "";
  guessed(reading, "date", prose.line, `The incident date ${day} was read from the sentence "${prose.quote}" (line ${prose.line}): check it.${weekday}`);
  const proseZone = zoning.followWrittenZones && !zoning.written && prose.zoneText ? zones.stated(prose.zoneText, prose.line, true) : null;
  if (proseZone && !sameZone(proseZone.zone, zoning.zone)) {
    zoning.written = { read: proseZone, line: prose.line, zoneless: countZoneless(timelineBlock), where: "in the sentence" };
    zoning.zone = proseZone.zone;
  }
  return prose.date;
}

/** The zone the Timeline heading's parenthesis states, else a zone line or day line's one before its first entry. */
function timelineStatement(block: Block, zones: ReportZones): Stated | null {
  if (block.paren) {
    const read = zones.stated(block.paren, block.headingLines[0], true);
    if (read) return { read, line: block.headingLines[0], source: block.heading ?? block.paren };
  }
  for (const line of block.lines) {
    if (!line.text) continue;
    const cells = tableCells(line.text);
    if (cells ? momentHead(cells.join(" ").trim(), line.n) : entryHead(line.text, line.n)) return null;
    const marker = dayMarker(line.text, line.n);
    const read = marker ? (marker.paren ? zones.stated(marker.paren, line.n, true) : null) : zones.stated(line.text, line.n);
    if (read) return { read, line: line.n, source: line.text };
  }
  return null;
}

type WrittenZone = { read: ReadZone; line: number; zoneless: number; where: "beside the time" | "in the sentence" };

/** The timed lines of a timeline: its entries and table rows, with the zone written beside each time. */
function timedLines(block: Block): { line: Line; zoneText: string | null; date: boolean }[] {
  const found: { line: Line; zoneText: string | null; date: boolean }[] = [];
  for (const line of block.lines) {
    if (!line.text) continue;
    const cells = tableCells(line.text);
    const head = cells ? momentHead(cells.join(" ").trim(), line.n) : entryHead(line.text, line.n);
    if (head) found.push({ line, zoneText: head.zoneText, date: head.date !== null });
  }
  return found;
}

function countZoneless(block: Block | undefined): number {
  return block ? timedLines(block).filter((t) => t.zoneText === null).length : 0;
}

/** The first zone written beside a time in the timeline, and how many of its times name none. */
function zoneWrittenInTimeline(block: Block, zones: ReportZones): WrittenZone | null {
  const timed = timedLines(block);
  const first = timed.find((t) => t.zoneText !== null);
  if (!first) return null;
  const read = zones.stated(first.zoneText!, first.line.n, true);
  return read ? { read, line: first.line.n, zoneless: timed.filter((t) => t.zoneText === null).length, where: "beside the time" } : null;
}

/** The day of the timeline's first dated line or day line, before its first undated entry. */
function firstTimelineDay(block: Block, provisional: LocalDate): LocalDate | null {
  for (const line of block.lines) {
    if (!line.text) continue;
    const cells = tableCells(line.text);
    const head = cells ? momentHead(cells.join(" ").trim(), line.n) : entryHead(line.text, line.n);
    if (head?.date) return resolveDate(head.date, provisional);
    const marker = dayMarker(line.text, line.n);
    if (marker) return resolveDate(marker.date, provisional);
    if (head) return null;
  }
  return null;
}

/** Where a full date in prose is looked for: the intro, then the summary and timeline sections in their order. */
function proseRegions(blocks: Block[], intro: Line[]): Line[][] {
  return [intro, ...blocks.filter((b) => b.key === "summary" || b.key === "timeline").map((b) => b.lines)];
}

function sameZone(a: Zone, b: Zone): boolean {
  if (a.kind === "offset" && b.kind === "offset") return a.minutes === b.minutes;
  if (a.kind === "iana" && b.kind === "iana") return a.name === b.name;
  return false;
}

/** A zone named (an IANA name, UTC) needs no note; one read from an abbreviation or an offset does. */
function noteStated(reading: Reading, stated: Stated, base: LocalDate, option: string | null, zones: ReportZones): void {
  const { read, line, source } = stated;
  if (read.phrase.kind === "iana" || (read.phrase.kind === "offset" && read.phrase.minutes === 0)) return;
  if (read.phrase.kind === "abbreviation" && zones.hasExplained(read.phrase.abbreviation)) return;
  if (read.zone.kind === "offset") {
    const minutes = read.zone.minutes;
    const noon = utcFromParts(base.year, base.month, base.day, 12);
    const keeps = option !== null && zoneOffsetAt(noon, option) === minutes * 60_000;
    if (keeps) reading.draft.timeZone = option;
    const shown = keeps ? `${option}, the time zone chosen for the import, which is on ${formatUtcOffset(minutes)} then` : "UTC: no time zone was named";
    guessed(reading, "timeZone", line, `Line ${line}: times were read as ${formatUtcOffset(minutes)} from "${source}"; the report is shown in ${shown}.`);
    return;
  }
  guessed(reading, "timeZone", line, `Line ${line}: times were read as ${reading.draft.timeZone} from "${source}" (${read.label}).`);
}

/** Times without a zone were read in the zone written beside other times, or the report is shown in it. */
function noteWritten(reading: Reading, written: WrittenZone, option: string | null): void {
  const { read, line, zoneless, where } = written;
  const fallback = option ?? "UTC";
  const display = read.display && read.display !== "UTC" ? read.display : null;
  if (display) reading.draft.timeZone = display;
  const sameAsFallback = read.zone.kind === "offset" ? read.zone.minutes === 0 && fallback === "UTC" : read.display === fallback;
  if (zoneless && !sameAsFallback) {
    guessed(
      reading,
      "timeZone",
      line,
      `Line ${line}: times written without a zone were read as ${read.label}, the zone written ${where} on line ${line}${display ? `; the report is shown in ${display}` : ""}.`,
    );
  } else if (display && display !== fallback) {
    guessed(
      reading,
      "timeZone",
      line,
      `Line ${line}: the report is shown in ${display}, the zone of "${read.phrase.written}" written with its times (${read.label}).`,
    );
  }
}

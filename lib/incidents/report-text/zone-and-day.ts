// The report's time zone (stated, named after the Timeline heading, or the importer's choice) and the day that times
// written without a date belong to (the Date field, the start, the id, the timeline's first dated line, the title,
// the review date, else today).
import { InvalidInputError } from "@/lib/errors";
import type { Reading } from "@/lib/incidents/report-text/draft";
import { type FieldKey, type HeaderFields, tableCells } from "@/lib/incidents/report-text/headings";
import { dayMarker } from "@/lib/incidents/report-text/segments";
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
  parseZone,
  resolveDate,
  type TimeContext,
  type Zone,
  zoneOfTimeZone,
} from "@/lib/incidents/report-text/written-times";
import { wallClockAt } from "@/lib/time/zone";

/** What the caller may set: the zone for times written without one (else UTC), and "today" (for tests). */
export type TimeOptions = { timeZone?: string; now?: Date };

export type ReportTimes = { zone: Zone; timelineZone: Zone | null; base: LocalDate; ctx: TimeContext };

export function settleTimes({ blocks, draft, map, warnings, lines, title }: Reading, { lastOf, unknownHeader }: HeaderFields, opts: TimeOptions): ReportTimes {
  // time zone
  const timelineBlock = blocks.find((b) => b.key === "timeline");
  const optsZone = opts.timeZone ? normalizeTimeZone(opts.timeZone) : null;
  if (opts.timeZone && !optsZone) {
    throw new InvalidInputError(`"${opts.timeZone}" is not a time zone; use an IANA name such as UTC or Europe/Berlin.`, [
      { path: "timeZone", message: "is not an IANA time zone" },
    ]);
  }
  draft.timeZone = optsZone ?? "UTC";
  const tzField = lastOf("timeZone");
  if (tzField) {
    const tz = normalizeTimeZone(tzField.field.value);
    if (tz) {
      draft.timeZone = tz;
      map.add(tzField.line, "timeZone");
    } else {
      warnings.push(`Line ${tzField.line}: "${tzField.field.value}" is not a time zone I know; times without a zone are read as ${draft.timeZone}.`);
      unknownHeader.push(lines[tzField.line - 1]);
    }
  }
  let timelineZone: Zone | null = null;
  if (timelineBlock?.paren) {
    for (const token of timelineBlock.paren.split(/[,;]|\s+/)) {
      const zone = parseZone(token.replace(/^(?:all|times|in)$/i, ""));
      if (zone) {
        timelineZone = zone;
        if (!tzField) {
          const iana = normalizeTimeZone(token);
          if (iana) draft.timeZone = iana;
        }
      }
    }
  }
  const zone = zoneOfTimeZone(draft.timeZone);

  // the day times without a date belong to
  const now = opts.now ?? new Date();
  const today = wallClockAt(now.getTime(), draft.timeZone);
  const idField = lastOf("publicId");
  const idDate = dateFromPublicId(idField?.field.value);
  const provisional: LocalDate = idDate ?? { year: today.year, month: today.month, day: today.day };
  let base: LocalDate | null = null;
  const dateField = lastOf("date");
  if (dateField) {
    const written = parseDateValue(dateField.field.value, dateField.line) ?? findDate(dateField.field.value, dateField.line);
    if (written) base = resolveDate(written, provisional);
    else {
      warnings.push(`Line ${dateField.line}: "${dateField.field.value}" is not a date I can read.`);
      unknownHeader.push(lines[dateField.line - 1]);
    }
  }
  const firstDateIn = (value: string | undefined, line: number) => {
    if (!value) return null;
    const head = new RegExp(`^\\s*(?:\\(\\s*)?${DATE_RE}`, "i").exec(value) ?? new RegExp(`\\(\\s*${DATE_RE}`, "i").exec(value);
    const written = head ? dateFromGroups(head, 1, line) : null;
    return written ? resolveDate(written, provisional) : null;
  };
  for (const name of ["startedAt", "duration"] as FieldKey[]) {
    const f = lastOf(name);
    base ??= f ? firstDateIn(f.field.value, f.line) : null;
  }
  if (!base && timelineBlock?.paren) base = firstDateIn(timelineBlock.paren, timelineBlock.headingLines[0]);
  base ??= idDate;
  if (!base && timelineBlock) {
    for (const line of timelineBlock.lines) {
      if (!line.text) continue;
      const cells = tableCells(line.text);
      const head = cells ? momentHead(cells.join(" ").trim(), line.n) : entryHead(line.text, line.n);
      if (head?.date) {
        base = resolveDate(head.date, provisional);
        break;
      }
      const marker = dayMarker(line.text, line.n);
      if (marker) {
        base = resolveDate(marker.date, provisional);
        break;
      }
      if (head) break;
    }
  }
  const titleDate = title.text ? findDate(title.text, title.lines[0] ?? null) : null;
  if (!base && titleDate?.year) base = { year: titleDate.year, month: titleDate.month, day: titleDate.day };
  const reviewField = lastOf("reviewDate");
  if (!base && reviewField) {
    const written = parseDateValue(reviewField.field.value, reviewField.line) ?? findDate(reviewField.field.value, reviewField.line);
    if (written?.year) {
      base = { year: written.year, month: written.month, day: written.day };
      if (timelineBlock) {
        warnings.push(`The report gives no incident date; the timeline was placed on the review date, ${isoDay(base)}. Check the times.`);
      }
    }
  }
  if (!base) {
    base = { year: today.year, month: today.month, day: today.day };
    if (timelineBlock) warnings.push(`The report gives no date; the timeline was placed on ${isoDay(base)} (today). Check the times.`);
  }
  const ctx: TimeContext = { base, zone };
  if (dateField && !unknownHeader.includes(lines[dateField.line - 1])) map.add(dateField.line, "startedAt");
  return { zone, timelineZone, base, ctx };
}

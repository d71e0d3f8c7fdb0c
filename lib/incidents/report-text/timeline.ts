// The timeline section: one entry per timed line or table row, day markers and zone notes, and what kind of event
// each entry is and which milestone (detected, mitigated, resolved) it marks.
import type { Reading } from "@/lib/incidents/report-text/draft";
import { type Line, tableCells } from "@/lib/incidents/report-text/headings";
import { type Block, dayMarker } from "@/lib/incidents/report-text/segments";
import {
  addDays,
  DATE_GROUPS,
  DATE_RE,
  dateFromGroups,
  isZoneToken,
  type LocalDate,
  localToUtc,
  parseDateValue,
  resolveDate,
  TIME_GROUPS,
  TIME_RE,
  type TimeContext,
  timeFromGroups,
  type WrittenDate,
  type WrittenTime,
  type Zone,
  ZONE_RE,
} from "@/lib/incidents/report-text/written-times";
import type { Milestone, TimelineEventKind } from "@/lib/incidents/schema";

const ENTRY = new RegExp(`^\\[?\\s*(?:${DATE_RE}(?:\\s*[T,]\\s*|\\s+at\\s+|\\s+))?${TIME_RE}(?:\\s*${ZONE_RE})?\\s*\\]?\\s*(?:[-–—:|>]+\\s*)?(.*)$`, "id");
const ZONE_GROUP = 1 + DATE_GROUPS + TIME_GROUPS;
const TAG = /^\[(alert|page|action|observation|milestone)(?:\s*,\s*(detected|mitigated|resolved))?\]\s*/i;

export type ParsedEntry = {
  occurredAt: number;
  text: string;
  kind: TimelineEventKind | null;
  milestone: Milestone | null;
  tagged: boolean;
  lines: number[];
};

/** A timed line's date, time, the zone written beside the time (read later, in the report's context) and its text. */
type EntryHead = { date: WrittenDate | null; time: WrittenTime; zoneText: string | null; text: string };

export function entryHead(text: string, line: number): EntryHead | null {
  const cleaned = text
    .replace(/^(?:[-*+•]|\d{1,3}[.)])\s+/, "")
    .replace(/^(\*\*|__|`)(.+?)\1/, "$2")
    .trim();
  const m = ENTRY.exec(cleaned);
  if (!m) return null;
  let zoneText: string | null = m[ZONE_GROUP] ?? null;
  let rest = m[ZONE_GROUP + 1].trim();
  // "12:30 eat lunch": what matched as a zone is the first word of the text
  if (zoneText !== null && !isZoneToken(zoneText)) {
    rest = cleaned.slice(m.indices![ZONE_GROUP]![0]).trim();
    zoneText = null;
  }
  if (!rest) return null;
  const date = dateFromGroups(m, 1, line);
  const time = timeFromGroups(m, 1 + DATE_GROUPS, line)!;
  return { date, time, zoneText, text: rest };
}

/** Parses one timeline cell or line head "2024-11-27 14:23 UTC", "14:23", "[14:23]". */
export function momentHead(text: string, line: number): Omit<EntryHead, "text"> | null {
  const head = entryHead(`${text} x`, line);
  return head ? { date: head.date, time: head.time, zoneText: head.zoneText } : null;
}

const ROLLOVER_MS = 6 * 60 * 60 * 1000;

type TimelineResult = {
  entries: ParsedEntry[];
  dayMarkers: number[];
  notes: Line[];
  headerRows: number[];
  zoneLines: number[];
};

/**
 * The entries of a timeline block. A day line moves the day, a zone line ("All times CET") the zone of the times
 * after it; with `followWrittenZones` (no zone stated for the timeline) a zone written beside a time also holds for
 * the times after it that name none.
 */
export function parseTimelineBlock(
  block: Block,
  ctx: TimeContext,
  tableSeparators: Set<number>,
  warnings: string[],
  followWrittenZones = false,
): TimelineResult {
  const result: TimelineResult = { entries: [], dayMarkers: [], notes: [], headerRows: [], zoneLines: [] };
  let day: LocalDate = ctx.base;
  let zone: Zone = ctx.zone;
  let previous: number | null = null;
  let last: ParsedEntry | null = null;
  let previousBlank = true;
  let columns: { time: number; text: number[]; kind: number | null } | null = null;

  const place = (head: Omit<EntryHead, "text">, line: number): number => {
    const written = head.zoneText ? ctx.zones.token(head.zoneText, line) : null;
    const entryZone = written ?? zone;
    if (written && followWrittenZones) zone = written;
    if (head.date) {
      day = resolveDate(head.date, day);
      const at = localToUtc(day, head.time.hour, head.time.minute, head.time.second, head.time.millisecond, entryZone);
      return at;
    }
    let at = localToUtc(day, head.time.hour, head.time.minute, head.time.second, head.time.millisecond, entryZone);
    if (previous !== null && at < previous - ROLLOVER_MS) {
      day = addDays(day, 1);
      at = localToUtc(day, head.time.hour, head.time.minute, head.time.second, head.time.millisecond, entryZone);
    } else if (previous !== null && at < previous) {
      warnings.push(`Line ${line}: this entry is earlier than the one before it; the timeline was put in order.`);
    }
    return at;
  };

  const push = (head: Omit<EntryHead, "text">, text: string, line: number, kindCell?: string) => {
    const occurredAt = place(head, line);
    previous = occurredAt;
    const tag = TAG.exec(text);
    let kind: TimelineEventKind | null = null;
    let milestone: Milestone | null = null;
    if (tag) {
      kind = tag[1].toUpperCase() as TimelineEventKind;
      milestone = (tag[2]?.toUpperCase() as Milestone | undefined) ?? null;
      text = text.slice(tag[0].length);
    } else if (kindCell && /^(alert|page|action|observation|milestone)$/i.test(kindCell)) {
      kind = kindCell.toUpperCase() as TimelineEventKind;
    }
    last = { occurredAt, text: text.trim(), kind, milestone, tagged: Boolean(tag), lines: [line] };
    result.entries.push(last);
  };

  for (let index = 0; index < block.lines.length; index++) {
    const line = block.lines[index];
    if (!line.text) {
      previousBlank = true;
      continue;
    }
    const cells = tableCells(line.text);
    if (cells) {
      if (tableSeparators.has(line.n + 1)) {
        const lower = cells.map((c) => c.toLowerCase());
        const time = Math.max(
          0,
          lower.findIndex((c) => /time|when|date/.test(c)),
        );
        const kind = lower.findIndex((c) => /^(type|kind|category)$/.test(c));
        columns = { time, kind: kind >= 0 ? kind : null, text: lower.map((_, i) => i).filter((i) => i !== time && i !== kind) };
        result.headerRows.push(line.n);
        previousBlank = false;
        continue;
      }
      const timeColumn = columns?.time ?? 0;
      let head = momentHead(cells[timeColumn] ?? "", line.n);
      let textColumns = columns?.text ?? cells.map((_, i) => i).filter((i) => i !== timeColumn);
      // "| 2024-11-27 | 14:23 | ... |": a date column next to a time column
      if (!head && parseDateValue(cells[timeColumn] ?? "", line.n) && cells[timeColumn + 1]) {
        const combined = momentHead(`${cells[timeColumn]} ${cells[timeColumn + 1]}`, line.n);
        if (combined) {
          head = combined;
          textColumns = textColumns.filter((i) => i !== timeColumn + 1);
        }
      }
      if (head) {
        const kindCell = columns?.kind !== null && columns?.kind !== undefined ? cells[columns.kind] : undefined;
        const text = textColumns
          .map((i) => cells[i])
          .filter(Boolean)
          .join(" — ");
        push(head, text, line.n, kindCell);
        previousBlank = false;
        continue;
      }
    }
    const head = entryHead(line.text, line.n);
    if (head) {
      push(head, head.text, line.n);
      previousBlank = false;
      continue;
    }
    const marker = dayMarker(line.text, line.n);
    if (marker) {
      day = resolveDate(marker.date, day);
      // a zone stated before the first entry is the timeline's own (zone-and-day.ts); later ones are changes
      const stated = !marker.paren
        ? null
        : result.entries.length
          ? ctx.zones.statedChange(marker.paren, line.n, true)
          : ctx.zones.stated(marker.paren, line.n, true);
      if (stated) zone = stated.zone;
      previous = null;
      result.dayMarkers.push(line.n);
      previousBlank = false;
      continue;
    }
    const zoneLine = result.entries.length ? ctx.zones.statedChange(line.text, line.n) : ctx.zones.stated(line.text, line.n);
    if (zoneLine) {
      zone = zoneLine.zone;
      followWrittenZones = false;
      result.zoneLines.push(line.n);
      previousBlank = false;
      continue;
    }
    const current = last as ParsedEntry | null;
    if (current && (!previousBlank || line.indent > 0) && !result.notes.length) {
      current.text += (previousBlank ? "\n\n" : "\n") + line.raw.trim();
      current.lines.push(line.n);
    } else {
      result.notes.push(line);
    }
    previousBlank = false;
  }
  return result;
}

const ALERT = /\b(?:alerts?|alarms?|alerted|alerting|pagerduty|opsgenie|fired|firing|triggered)\b/i;
const PAGE =
  /\b(?:paged|paging|pager|page sent|on[- ]call (?:engineer )?(?:was )?(?:notified|engaged|paged)|escalated|escalation|war room|bridge (?:opened|started)|incident commander)\b/i;
const ACTION =
  /\b(?:roll(?:ed)?[- ]?back|rollbacks?|revert(?:ed|ing)?|restart(?:ed|ing)?|redeploy(?:ed)?|deployed (?:a )?(?:fix|hotfix|patch)|hotfix|failover|failed over|scaled (?:up|out|down)|scaling|applied|disabled|enabled|flushed|killed|drained|initiated|executed|patched|blocked|throttled|purged|migrated|switched)\b/i;
const CLOSING =
  /\b(?:incident (?:declared |marked )?(?:closed|resolved|over|ended|ends)|closed|all[- ]clear|incident (?:declared|opened|started|begins|began)|declares incident|(?:outage|impact) (?:begins|began|starts|started|ends|ended|over)|post[- ]?mortem (?:initiated|started|scheduled))\b/i;
const RESOLVED_TEXT = /\b(?:resolved|closed|all[- ]clear|(?:incident|outage|impact) (?:over|ended|ends))\b/i;
export const IMPACT_START = /\b(?:outage|impact|degradation|disruption) (?:begins|began|starts|started)\b/i;
export const IMPACT_END = /\b(?:outage|impact|degradation|disruption) (?:ends|ended|is over|was over)\b/i;
/** "OUTAGE MITIGATED": the end of the impact when no line says the outage ended. */
export const IMPACT_MITIGATED = /\b(?:outage|impact|degradation|disruption) mitigated\b/i;
// "Pager alert fires": an alert, though it pages
const ALERT_FIRES = /\b(?:alerts?|alarms?)\b.*\b(?:fires|fired|firing|triggers|triggered|went off|goes off)\b/i;
// said in so many words, this wins over "recovered" and "back to normal" written earlier
const MITIGATED_STATED = /\b(?:(?:incident|outage|impact|issue)\s+(?:(?:was|is|declared|marked)\s+)?mitigated|mitigation (?:complete|completed))\b/i;
const MITIGATED_STRONG =
  /\b(?:mitigated|mitigation (?:complete|completed|applied|in place|effective)|(?:returning|returned|back|recovered) to normal|back to normal|fully recovered|recovered|recovery complete|restored|stabili[sz]ed|stable)\b/i;
const MITIGATED_WEAK =
  /\b(?:roll(?:ed)?[- ]?back (?:complete|completed|finished|done)|rollback (?:complete|completed|finished|done)|rolled back|failover (?:complete|completed)|failed over|(?:fix|hotfix|patch) (?:deployed|applied))\b/i;
const DETECTED_TEXT =
  /\b(?:detected|noticed|first report(?:ed)?|customers? report(?:ed|s)?|reported by|first (?:support )?(?:ticket|complaint|customer report)s?|customers? (?:complain(?:ed|s)?|contacted support))\b/i;

/** What kind of event a timeline line describes, read from its wording. */
export function inferTimelineKind(text: string): TimelineEventKind {
  if (CLOSING.test(text)) return "MILESTONE";
  if (ALERT_FIRES.test(text)) return "ALERT";
  if (PAGE.test(text)) return "PAGE";
  if (ALERT.test(text)) return "ALERT";
  if (ACTION.test(text)) return "ACTION";
  return "OBSERVATION";
}

/**
 * The detected / mitigated / resolved moments of a timeline read from its wording: detected is the first alert
 * (or the first "detected/reported" line), mitigated the first line saying things are back to normal or stable
 * (a completed rollback when nothing says so), resolved the first line closing the incident.
 */
export function inferMilestones(entries: { text: string; kind: TimelineEventKind }[]): (Milestone | null)[] {
  const result: (Milestone | null)[] = entries.map(() => null);
  const first = (test: (e: { text: string; kind: TimelineEventKind }, i: number) => boolean) => entries.findIndex((e, i) => result[i] === null && test(e, i));
  const resolved = first((e) => e.kind === "MILESTONE" && RESOLVED_TEXT.test(e.text));
  if (resolved >= 0) result[resolved] = "RESOLVED";
  let detected = first((e) => e.kind === "ALERT");
  if (detected < 0) detected = first((e) => DETECTED_TEXT.test(e.text));
  if (detected < 0) detected = first((e) => e.kind === "PAGE");
  if (detected >= 0) result[detected] = "DETECTED";
  const after = (i: number) => (detected < 0 || i > detected) && (resolved < 0 || i < resolved);
  let mitigated = first((e, i) => after(i) && MITIGATED_STATED.test(e.text));
  if (mitigated < 0) mitigated = first((e, i) => after(i) && MITIGATED_STRONG.test(e.text));
  if (mitigated < 0) mitigated = first((e, i) => after(i) && MITIGATED_WEAK.test(e.text));
  if (mitigated >= 0) result[mitigated] = "MITIGATED";
  return result;
}

/**
 * Kinds and milestones of parsed entries. A tag such as "[Action, mitigated]" states them; untagged entries get
 * their kind from their wording, and milestones are read from the wording only when no tag states one and not
 * every entry is tagged (an exported report tags every entry when the wording would mislead).
 */
export function annotateTimeline(entries: { text: string; kind: TimelineEventKind | null; milestone: Milestone | null; tagged: boolean }[]): {
  kind: TimelineEventKind;
  milestone: Milestone | null;
}[] {
  const kinds = entries.map((e) => e.kind ?? inferTimelineKind(e.text));
  const explicit = entries.some((e) => e.milestone !== null) || (entries.length > 0 && entries.every((e) => e.tagged));
  const milestones = explicit ? entries.map((e) => e.milestone) : inferMilestones(entries.map((e, i) => ({ text: e.text, kind: kinds[i] })));
  return entries.map((_, i) => ({ kind: kinds[i], milestone: milestones[i] }));
}

export type OrderedEntry = ParsedEntry & { order: number };

/** The entries in time order (ties as written), each with its kind and milestone, into the report. */
export function placeTimeline({ draft, map }: Reading, entries: OrderedEntry[]): OrderedEntry[] {
  const timeline = entries.sort((a, b) => a.occurredAt - b.occurredAt || a.order - b.order);
  const annotations = annotateTimeline(timeline);
  draft.timeline = timeline.map((entry, i) => {
    map.add(entry.lines, `timeline[${i}]`);
    return {
      occurredAt: new Date(entry.occurredAt).toISOString(),
      text: entry.text,
      kind: annotations[i].kind,
      milestone: annotations[i].milestone,
    };
  });
  return timeline;
}

// Import of a postmortem written as teams write them today (plain text with underlined headings, or Markdown) into
// the structured report. Nothing is dropped: what the importer does not understand is kept as an extra section, and
// `lineMap` says where every line went so the UI can show "what went into which field" before saving.
//
// The date and time rules here are also the exporter's contract: report-export.ts re-parses what it writes and
// falls back to explicit forms wherever these rules would read something else back.
import { InvalidInputError } from "@/lib/errors";
import { parseDuration } from "@/lib/incidents/durations";
import {
  DEFAULT_SEVERITY_SCALE,
  reportDocumentSchema,
  type ActionItem,
  type ActionItemStatus,
  type ConfigurationEntry,
  type DeploymentChange,
  type ImpactMetric,
  type ImpactMetricKind,
  type IncidentStatus,
  type LessonCategory,
  type Milestone,
  type Priority,
  type ReportDocument,
  type TimelineEventKind,
} from "@/lib/incidents/schema";
import { isValidTimeZone, utcFromParts, wallClockAt, zoneOffsetAt } from "@/lib/time/zone";
import { ACCEPTED_YEARS_TEXT, isAcceptedYear } from "@/lib/time/accepted-range";

export const MAX_REPORT_BYTES = 1024 * 1024;

export type LineMapEntry = { line: number; field: string };
export type ParseReportOptions = { timeZone?: string; now?: Date };
export type ParseReportResult = { document: ReportDocument; warnings: string[]; lineMap: LineMapEntry[] };

// ---------------------------------------------------------------------------------------------------------------
// Calendar days, zones and the conversion of written local times to UTC
// ---------------------------------------------------------------------------------------------------------------

export type LocalDate = { year: number; month: number; day: number };
export type Zone = { kind: "offset"; minutes: number } | { kind: "iana"; name: string };

const UTC_ZONE: Zone = { kind: "offset", minutes: 0 };

// Abbreviations mean a fixed offset as written (an author who writes PST in July means PST); `iana` is the zone a
// report written in that abbreviation is shown in.
const ZONE_ABBREVIATIONS: Record<string, { minutes: number; iana: string }> = {
  UTC: { minutes: 0, iana: "UTC" },
  GMT: { minutes: 0, iana: "UTC" },
  Z: { minutes: 0, iana: "UTC" },
  PST: { minutes: -480, iana: "America/Los_Angeles" },
  PDT: { minutes: -420, iana: "America/Los_Angeles" },
  MST: { minutes: -420, iana: "America/Denver" },
  MDT: { minutes: -360, iana: "America/Denver" },
  CST: { minutes: -360, iana: "America/Chicago" },
  CDT: { minutes: -300, iana: "America/Chicago" },
  EST: { minutes: -300, iana: "America/New_York" },
  EDT: { minutes: -240, iana: "America/New_York" },
  AKST: { minutes: -540, iana: "America/Anchorage" },
  AKDT: { minutes: -480, iana: "America/Anchorage" },
  HST: { minutes: -600, iana: "Pacific/Honolulu" },
  WET: { minutes: 0, iana: "Europe/Lisbon" },
  WEST: { minutes: 60, iana: "Europe/Lisbon" },
  BST: { minutes: 60, iana: "Europe/London" },
  CET: { minutes: 60, iana: "Europe/Berlin" },
  CEST: { minutes: 120, iana: "Europe/Berlin" },
  EET: { minutes: 120, iana: "Europe/Helsinki" },
  EEST: { minutes: 180, iana: "Europe/Helsinki" },
  IST: { minutes: 330, iana: "Asia/Kolkata" },
  SGT: { minutes: 480, iana: "Asia/Singapore" },
  JST: { minutes: 540, iana: "Asia/Tokyo" },
  KST: { minutes: 540, iana: "Asia/Seoul" },
  AEST: { minutes: 600, iana: "Australia/Sydney" },
  AEDT: { minutes: 660, iana: "Australia/Sydney" },
  ACST: { minutes: 570, iana: "Australia/Adelaide" },
  AWST: { minutes: 480, iana: "Australia/Perth" },
  NZST: { minutes: 720, iana: "Pacific/Auckland" },
  NZDT: { minutes: 780, iana: "Pacific/Auckland" },
};

/** "utc", "Etc/UTC", "europe/berlin" → the canonical IANA name; null when it is not a zone. */
export function normalizeTimeZone(value: string): string | null {
  const text = value.trim();
  if (!text) return null;
  const upper = text.toUpperCase();
  if (upper === "UTC" || upper === "GMT" || upper === "Z" || upper === "ETC/UTC" || upper === "ETC/GMT") return "UTC";
  if (ZONE_ABBREVIATIONS[upper]) return ZONE_ABBREVIATIONS[upper].iana;
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+$/.test(text) || !isValidTimeZone(text)) return null;
  return new Intl.DateTimeFormat("en-US", { timeZone: text }).resolvedOptions().timeZone;
}

function zoneOfTimeZone(timeZone: string): Zone {
  return timeZone === "UTC" ? UTC_ZONE : { kind: "iana", name: timeZone };
}

export function localToUtc(date: LocalDate, hour: number, minute: number, second: number, millisecond: number, zone: Zone): number {
  const wall = utcFromParts(date.year, date.month, date.day, hour, minute, second, millisecond);
  if (zone.kind === "offset") return wall - zone.minutes * 60_000;
  const first = wall - zoneOffsetAt(wall, zone.name);
  const second_ = wall - zoneOffsetAt(first, zone.name);
  return second_;
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

export function isoDay(date: LocalDate): string {
  return `${String(date.year).padStart(4, "0")}-${String(date.month).padStart(2, "0")}-${String(date.day).padStart(2, "0")}`;
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

/** INC-YYYY-MMDD-NNN for the day the incident started (in the report's zone, UTC by default). */
export function generatePublicId(startedAt: Date | string, sequence: number, timeZone = "UTC"): string {
  const ms = startedAt instanceof Date ? startedAt.getTime() : Date.parse(startedAt);
  if (Number.isNaN(ms)) throw new InvalidInputError("A public id needs a valid start time.");
  if (!Number.isInteger(sequence) || sequence < 1) throw new InvalidInputError("A public id sequence starts at 1.");
  const p = wallClockAt(ms, timeZone);
  const mmdd = `${String(p.month).padStart(2, "0")}${String(p.day).padStart(2, "0")}`;
  return `INC-${p.year}-${mmdd}-${String(sequence).padStart(3, "0")}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Written dates and times
// ---------------------------------------------------------------------------------------------------------------

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};
export const MONTH_NAMES = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

const MONTH_RE = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
const WEEKDAY_RE = "(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s+)?";
// 9 groups: ISO y/m/d | month-name d [y] | d month-name [y]
const DATE_RE = `${WEEKDAY_RE}(?:(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})|(${MONTH_RE})\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?|(\\d{1,2})(?:st|nd|rd|th)?\\s+(${MONTH_RE})(?:,?\\s+(\\d{4}))?)`;
const DATE_GROUPS = 9;
// 5 groups: hour, minute, second, fraction, am/pm
const TIME_RE = "(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,3}))?)?(?:\\s*([ap])\\.?m\\b\\.?)?";
const TIME_GROUPS = 5;
const ZONE_NAMES = Object.keys(ZONE_ABBREVIATIONS).filter((name) => name !== "Z").join("|");
// 1 group
const ZONE_RE = `((?:UTC|GMT)\\s?[+-]\\d{1,2}(?::?\\d{2})?|${ZONE_NAMES}|Z|[+-]\\d{2}:?\\d{2})(?![A-Za-z0-9])`;

type WrittenDate = { year: number | null; month: number; day: number; text: string };
type WrittenTime = { hour: number; minute: number; second: number; millisecond: number; text: string };

function lineError(line: number | null, message: string, path = "text"): InvalidInputError {
  const full = line === null ? message : `Line ${line}: ${message}`;
  return new InvalidInputError(full, [{ path, message: full }]);
}

function monthNumber(name: string): number {
  return MONTHS[name.slice(0, 3).toLowerCase()];
}

function dateFromGroups(m: RegExpExecArray, at: number, line: number | null): WrittenDate | null {
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

function timeFromGroups(m: RegExpExecArray, at: number, line: number | null): WrittenTime | null {
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

export function parseZone(token: string | undefined | null): Zone | null {
  if (!token) return null;
  const text = token.trim();
  const upper = text.toUpperCase();
  if (ZONE_ABBREVIATIONS[upper]) return { kind: "offset", minutes: ZONE_ABBREVIATIONS[upper].minutes };
  const offset = /^(?:UTC|GMT)?\s?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(text);
  if (offset) {
    const minutes = Number(offset[2]) * 60 + Number(offset[3] ?? 0);
    return { kind: "offset", minutes: offset[1] === "-" ? -minutes : minutes };
  }
  const iana = normalizeTimeZone(text);
  return iana ? zoneOfTimeZone(iana) : null;
}

function resolveDate(date: WrittenDate, base: LocalDate): LocalDate {
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
function findDate(text: string, line: number | null): WrittenDate | null {
  const m = ANY_DATE.exec(text);
  return m ? dateFromGroups(m, 1, line) : null;
}

type TimeContext = { base: LocalDate; zone: Zone };

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
    const zone = parseZone(m[1 + DATE_GROUPS + TIME_GROUPS]) ?? ctx.zone;
    const day = date ? resolveDate(date, ctx.base) : ctx.base;
    return localToUtc(day, time.hour, time.minute, time.second, time.millisecond, zone);
  }
  const dateOnly = parseDateValue(text, line);
  if (dateOnly) return localToUtc(resolveDate(dateOnly, ctx.base), 0, 0, 0, 0, ctx.zone);
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Lines and headings
// ---------------------------------------------------------------------------------------------------------------

type Line = { n: number; raw: string; text: string; indent: number };

function toLines(text: string): Line[] {
  return text
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\r|\n/)
    .map((raw, index) => {
      const expanded = raw.replace(/\t/g, "    ").replace(/\s+$/, "");
      return { n: index + 1, raw: expanded, text: expanded.trim(), indent: expanded.length - expanded.trimStart().length };
    });
}

const UNDERLINE = /^([=\-~*_#+])\1{2,}$/;
const BOX_RULE = /^[═─━—–]{3,}$/;
const TABLE_SEPARATOR = /^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$/;

/** Underlines, rules and table separators: layout, not content. */
export function isDecorationLine(text: string): boolean {
  const t = text.trim();
  return UNDERLINE.test(t) || BOX_RULE.test(t) || (t.includes("-") && TABLE_SEPARATOR.test(t));
}

export type SectionKey =
  | "summary"
  | "timeline"
  | "rootCause"
  | "contributingFactors"
  | "trigger"
  | "detection"
  | "impact"
  | "resolutionSteps"
  | "preventiveMeasures"
  | "lessons"
  | "technicalDetails"
  | "services"
  | "configuration"
  | "deploymentChanges"
  | "actionItems"
  | "followUp"
  | "attachments"
  | "supportingInfo"
  | "signOff";

const HEADING_SYNONYMS: [SectionKey, string[], LessonCategory?][] = [
  ["summary", ["summary", "executive summary", "incident summary", "overview", "incident overview", "description", "incident description", "tl;dr", "tldr", "abstract"]],
  ["timeline", ["timeline", "incident timeline", "timeline of events", "event timeline", "detailed timeline", "chronology", "sequence of events", "events"]],
  ["rootCause", ["root cause", "root causes", "root cause analysis", "rca", "cause", "causes", "technical root cause", "root cause and analysis"]],
  ["contributingFactors", ["contributing factors", "key contributing factors", "contributing factor", "contributing causes", "factors"]],
  ["trigger", ["trigger", "triggers", "triggering event", "what triggered the incident"]],
  ["detection", ["detection", "how it was detected", "how was it detected", "detection method"]],
  ["impact", ["impact", "impact assessment", "impact analysis", "customer impact", "user impact", "business impact", "impact summary", "impact details"]],
  ["resolutionSteps", ["resolution", "resolution steps", "resolution and recovery", "mitigation", "mitigation steps", "mitigation and resolution", "remediation", "remediation steps", "recovery", "recovery steps", "how it was resolved", "fix"]],
  ["preventiveMeasures", ["preventive measures", "preventative measures", "prevention", "preventive actions", "preventative actions", "prevention measures", "preventive steps", "preventing recurrence", "recurrence prevention"]],
  ["lessons", ["lessons learned", "lessons learnt", "lessons", "learnings", "key learnings", "takeaways", "key takeaways"], "GENERAL"],
  ["lessons", ["what went well", "things that went well", "went well"], "WENT_WELL"],
  ["lessons", ["what went wrong", "what didn't go well", "what did not go well", "what went poorly", "things that went wrong", "what could have gone better", "what could be improved", "areas for improvement", "went wrong"], "WENT_WRONG"],
  ["lessons", ["where we got lucky", "what we got lucky with", "where we were lucky", "what was lucky", "lucky", "got lucky"], "LUCKY"],
  ["technicalDetails", ["technical details", "technical information", "technical summary", "system details"]],
  ["services", ["affected services", "services affected", "impacted services", "services impacted", "affected systems", "systems affected", "affected components", "services"]],
  ["configuration", ["configuration", "configuration changes", "config", "config changes", "settings"]],
  ["deploymentChanges", ["deployment changes", "deployments", "changes deployed", "recent changes", "recent deployments", "deployment", "code changes", "changes"]],
  ["actionItems", ["action items", "actions", "action plan", "follow up actions", "follow up items", "follow up tasks", "next steps", "corrective actions", "tasks", "todo", "to do", "todos", "action items and owners", "remediation items"]],
  ["followUp", ["follow up", "follow up review", "next review", "follow up meeting"]],
  ["attachments", ["attachments", "attached", "attached files", "supporting documents", "evidence", "artifacts"]],
  ["supportingInfo", ["supporting information", "supporting info", "additional information", "additional info", "additional details", "additional context", "supporting data"]],
  ["signOff", ["sign off", "sign offs", "approval", "approvals", "signatures", "review and approval"]],
];

const HEADING_LOOKUP = new Map<string, { key: SectionKey; category?: LessonCategory }>();
for (const [key, names, category] of HEADING_SYNONYMS) for (const name of names) HEADING_LOOKUP.set(name, { key, category });

export type ResolvedHeading = { key: SectionKey; category?: LessonCategory; scope?: string | null; paren?: string };

function stripEmphasis(text: string): string {
  return text.replace(/^(\*\*|__|\*|_|`)(.+)\1$/, "$2").trim();
}

/** A heading's text as written, without markup and the trailing colon. */
export function cleanHeading(text: string): string {
  return stripEmphasis(text.replace(/^#{1,6}\s+/, "").replace(/\s*#+\s*$/, "").trim())
    .replace(/:\s*$/, "")
    .replace(/^(\*\*|__)(.+)\1$/, "$2")
    .trim();
}

/** Which report section a heading names, matched case-insensitively through synonyms; null when unknown. */
export function resolveHeading(text: string): ResolvedHeading | null {
  const written = cleanHeading(text);
  let base = written.replace(/^(?:\d+(?:\.\d+)*[.)]?|[ivx]+[.)])\s+/i, "");
  let paren: string | undefined;
  const parenMatch = /^(.*?)\s*\(([^()]*)\)$/.exec(base);
  if (parenMatch && parenMatch[1]) [base, paren] = [parenMatch[1], parenMatch[2].trim()];
  const normal = base
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/&/g, " and ")
    .replace(/[-/]/g, " ")
    .replace(/[*_`]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  const found = HEADING_LOOKUP.get(normal);
  if (found) {
    if (found.key === "configuration") return { key: "configuration", scope: paren ?? null };
    return { ...found, paren };
  }
  if (/\b(?:configuration|config|settings)$/.test(normal) && normal.split(" ").length <= 5) {
    return { key: "configuration", scope: written, paren };
  }
  return null;
}

const LIST_MARKER = /^(\s*)([-*+•·]|\d{1,3}[.)])\s+(.*)$/;
const FIELD_LINE = /^(?:[-*+•]\s+)?(?:\*\*|__)?([A-Za-z][A-Za-z '’#/&().-]{0,50}?)\s*(?::\*\*|\*\*:|:__|__:|:)(?:\s+(.*)|\s*$)/;

type FieldKey =
  | "publicId" | "title" | "severity" | "impactSummary" | "duration" | "status" | "private" | "visibility"
  | "timeZone" | "date" | "startedAt" | "endedAt" | "detectedAt" | "mitigatedAt" | "resolvedAt" | "summary"
  | "rootCause" | "resolution" | "trigger" | "detection" | "services" | "usersAffected" | "errorRate" | "dataLoss"
  | "preparedBy" | "reviewedBy" | "reviewDate";

const FIELD_SYNONYMS: [FieldKey, string[]][] = [
  ["publicId", ["incident id", "id", "incident number", "incident no", "incident #", "incident ref", "reference", "public id", "ticket"]],
  ["title", ["title", "incident title", "incident name"]],
  ["severity", ["severity", "sev", "severity level", "incident severity"]],
  ["impactSummary", ["impact", "impact summary", "customer impact", "user impact"]],
  ["duration", ["duration", "total duration", "incident duration", "outage duration"]],
  ["status", ["status", "incident status", "current status", "state"]],
  ["private", ["private", "confidential", "restricted"]],
  ["visibility", ["visibility"]],
  ["timeZone", ["time zone", "timezone", "tz", "times in", "all times in"]],
  ["date", ["date", "incident date", "date of incident", "occurred on", "day"]],
  ["startedAt", ["started", "start", "start time", "started at", "began", "incident start", "impact start", "start of impact"]],
  ["endedAt", ["ended", "end", "end time", "ended at", "incident end", "impact end", "end of impact"]],
  ["detectedAt", ["detected", "detected at", "detection time", "time detected", "time of detection"]],
  ["mitigatedAt", ["mitigated", "mitigated at", "mitigation time", "time mitigated", "time of mitigation"]],
  ["resolvedAt", ["resolved", "resolved at", "resolution time", "time resolved", "time of resolution"]],
  ["summary", ["summary"]],
  ["rootCause", ["root cause", "root causes", "rca", "cause"]],
  ["resolution", ["resolution", "mitigation", "fix"]],
  ["trigger", ["trigger"]],
  ["detection", ["detection", "detection method"]],
  ["services", ["services", "affected services", "services affected", "impacted services", "affected systems"]],
  ["usersAffected", ["users affected", "affected users", "customers affected", "impacted users", "affected customers"]],
  ["errorRate", ["error rate", "peak error rate"]],
  ["dataLoss", ["data loss"]],
  ["preparedBy", ["report prepared by", "prepared by", "author", "authors", "written by", "report author"]],
  ["reviewedBy", ["review completed by", "reviewed by", "reviewer", "reviewers"]],
  ["reviewDate", ["next review date", "next review", "review date", "follow up review date", "follow up date", "follow up review"]],
];
const FIELD_LOOKUP = new Map<string, FieldKey>();
for (const [key, names] of FIELD_SYNONYMS) for (const name of names) FIELD_LOOKUP.set(name, key);
// Written at the end of a report, after whatever section came last: recognised everywhere.
const FOOTER_FIELDS = new Set<FieldKey>(["preparedBy", "reviewedBy", "reviewDate"]);

type FieldLine = { key: string; name: FieldKey | null; value: string };

function normalKey(text: string): string {
  return text.toLowerCase().replace(/[’']/g, "'").replace(/[-_]/g, " ").replace(/\s+/g, " ").trim();
}

/** "Severity: High", "**Severity:** High", "- **Severity**: High" → key and value. */
function parseFieldLine(text: string): FieldLine | null {
  const m = FIELD_LINE.exec(text);
  if (!m) return null;
  const key = m[1].trim();
  if (key.split(/\s+/).length > 5) return null;
  const value = stripEmphasis((m[2] ?? "").trim());
  return { key, name: FIELD_LOOKUP.get(normalKey(key)) ?? null, value };
}

function tableCells(text: string): string[] | null {
  if (!text.startsWith("|")) return null;
  const inner = text.replace(/^\|/, "").replace(/\|$/, "");
  return inner.split("|").map((cell) => cell.trim());
}

// ---------------------------------------------------------------------------------------------------------------
// Segmentation into sections
// ---------------------------------------------------------------------------------------------------------------

type BlockKey = SectionKey | "header" | "extra";

type Block = {
  key: BlockKey;
  heading: string | null;
  headingLines: number[];
  level: number;
  lines: Line[];
  category?: LessonCategory;
  scope?: string | null;
  paren?: string;
};

const BODY_KEYS = new Set<BlockKey>(["summary", "rootCause", "trigger", "detection", "supportingInfo", "extra", "followUp"]);
/** "INCIDENT REPORT - ...", "Postmortem: ...": the words that introduce a title rather than belong to it. */
export const TITLE_PREFIX = /^(?:incident\s+report|incident\s+post[-\s]?mortem|post[-\s]?mortem(?:\s+report)?|post[-\s]?incident\s+review|incident\s+review|pir|rca)\s*(?:[-–—:|]\s*(.*))?$/i;

type Segmented = {
  title: { text: string | null; lines: number[]; implicit: boolean };
  blocks: Block[];
  footer: { field: FieldLine; line: number }[];
  tableSeparators: Set<number>;
};

function headingCandidate(lines: Line[], i: number): { text: string; level: number; style: "atx" | "setext" | "bold" | "plain" } | null {
  const line = lines[i];
  const atx = /^(#{1,6})\s+(.+?)\s*#*$/.exec(line.text);
  if (atx && line.indent <= 3) return { text: atx[2], level: atx[1].length, style: "atx" };
  const next = lines[i + 1];
  if (next && /^(=+|-+)$/.test(next.text) && next.text.length >= 3 && !LIST_MARKER.test(line.raw) && !line.text.startsWith("|")) {
    return { text: line.text, level: next.text.startsWith("=") ? 1 : 2, style: "setext" };
  }
  if (/^(\*\*|__)[^*_].*\1:?$/.test(line.text) && !/\*\*.*\*\*.+\*\*/.test(line.text)) {
    return { text: line.text.replace(/:$/, ""), level: 3, style: "bold" };
  }
  if (/^[A-Za-z0-9][^:]{0,80}:?$/.test(line.text) && !LIST_MARKER.test(line.raw)) {
    return { text: line.text, level: 3, style: "plain" };
  }
  return null;
}

function isLooseHeading(lines: Line[], i: number, blockStart: () => boolean): boolean {
  const line = lines[i];
  if (!/^[A-Z][A-Za-z0-9 '’&/()-]{0,60}:$/.test(line.text)) return false;
  if (line.text.split(/\s+/).length > 6) return false;
  const previous = lines[i - 1];
  const next = lines.slice(i + 1).find((l) => l.text && !isDecorationLine(l.text));
  return (!previous || !previous.text || blockStart()) && next !== undefined;
}

function zoneIn(text: string): Zone | null {
  for (const token of text.split(/[\s,;]+/)) {
    const zone = /^[A-Za-z+-]/.test(token) ? parseZone(token) : null;
    if (zone) return zone;
  }
  return null;
}

/** A line that only names a day ("November 28, 2024", "### 2015-10-21 (all times UTC)"), with the zone it may name. */
function dayMarker(text: string, line: number | null): { date: WrittenDate; zone: Zone | null } | null {
  let t = cleanHeading(text).replace(/:$/, "").trim();
  let zone: Zone | null = null;
  const paren = /^(.*?)\s*\(([^()]*)\)$/.exec(t);
  if (paren && paren[1]) [t, zone] = [paren[1], zoneIn(paren[2])];
  const date = parseDateValue(t.replace(/[:,]$/, ""), line);
  return date ? { date, zone } : null;
}

function isDayMarker(text: string, line: number | null): boolean {
  return dayMarker(text, line) !== null;
}

function segment(lines: Line[]): Segmented {
  const header: Block = { key: "header", heading: null, headingLines: [], level: 0, lines: [] };
  const blocks: Block[] = [header];
  const footer: Segmented["footer"] = [];
  const tableSeparators = new Set<number>();
  const title: Segmented["title"] = { text: null, lines: [], implicit: false };
  let current = header;
  let sawContent = false;

  const open = (block: Block) => {
    blocks.push(block);
    current = block;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.text) {
      current.lines.push(line);
      continue;
    }
    if (isDecorationLine(line.text)) {
      if (TABLE_SEPARATOR.test(line.text) && line.text.includes("|")) tableSeparators.add(line.n);
      continue;
    }
    const candidate = headingCandidate(lines, i);
    const consumed = candidate?.style === "setext" ? 1 : 0;

    if (!sawContent) {
      sawContent = true;
      const found = detectTitle(line, candidate);
      if (found) {
        title.text = found.text;
        title.implicit = found.implicit;
        title.lines.push(line.n);
        i += consumed;
        continue;
      }
    }

    if (candidate) {
      const resolved = resolveHeading(candidate.text);
      if (resolved && (candidate.style !== "plain" || !/:\s*\S/.test(line.text))) {
        open({
          key: resolved.key,
          heading: cleanHeading(candidate.text),
          headingLines: [line.n],
          level: candidate.level,
          lines: [],
          category: resolved.category,
          scope: resolved.scope,
          paren: resolved.paren,
        });
        i += consumed;
        continue;
      }
      if (current.key === "timeline" && isDayMarker(candidate.text, line.n)) {
        current.lines.push(line);
        i += consumed;
        continue;
      }
      const strong = candidate.style === "atx" || candidate.style === "setext";
      const deeper = BODY_KEYS.has(current.key) && current.key !== "extra" ? candidate.level > current.level : false;
      const extraDeeper = current.key === "extra" && candidate.level > current.level && candidate.style === "atx";
      if (strong && !deeper && !extraDeeper) {
        open({ key: "extra", heading: cleanHeading(candidate.text), headingLines: [line.n], level: candidate.level, lines: [] });
        i += consumed;
        continue;
      }
      if (candidate.style === "plain" && !BODY_KEYS.has(current.key) && current.key !== "timeline" && isLooseHeading(lines, i, () => current.lines.every((l) => !l.text))) {
        open({ key: "extra", heading: cleanHeading(candidate.text), headingLines: [line.n], level: current.level + 1, lines: [] });
        continue;
      }
    }

    const field = parseFieldLine(line.text);
    if (field?.name && FOOTER_FIELDS.has(field.name) && field.value) {
      footer.push({ field, line: line.n });
      continue;
    }
    current.lines.push(line);
  }
  return { title, blocks, footer, tableSeparators };
}

function detectTitle(
  line: Line,
  candidate: ReturnType<typeof headingCandidate>,
): { text: string | null; implicit: boolean } | null {
  const raw = candidate && (candidate.style === "atx" || candidate.style === "setext" || candidate.style === "bold")
    ? cleanHeading(candidate.text)
    : line.text;
  const prefixed = TITLE_PREFIX.exec(raw);
  if (prefixed) return { text: prefixed[1]?.trim() || null, implicit: false };
  if (candidate && candidate.style !== "plain" && (candidate.level === 1 || candidate.style !== "atx") && !resolveHeading(candidate.text)) {
    return { text: raw, implicit: false };
  }
  if (candidate?.style === "atx" || resolveHeading(line.text)) return null;
  if (LIST_MARKER.test(line.raw) || parseFieldLine(line.text) || line.text.length > 150 || /[.!?]$/.test(line.text)) return null;
  return { text: line.text, implicit: true };
}

// ---------------------------------------------------------------------------------------------------------------
// Lists and paragraphs
// ---------------------------------------------------------------------------------------------------------------

type Item = { text: string; lines: number[]; marker: "bullet" | "number" | "none"; first: Line };

/**
 * Items of a list section: marked items ("-", "*", "1."), with indented or directly following lines as their
 * continuation; unmarked paragraphs count as one item each, so nothing written in a list section is lost.
 */
function splitItems(lines: Line[]): Item[] {
  const items: Item[] = [];
  let current: (Item & { markerIndent: number; contentIndent: number }) | null = null;
  let previousBlank = true;
  for (const line of lines) {
    if (!line.text) {
      previousBlank = true;
      continue;
    }
    const marked = LIST_MARKER.exec(line.raw);
    if (marked && (!current || line.indent <= current.markerIndent)) {
      current = {
        text: marked[3].trim(),
        lines: [line.n],
        marker: /\d/.test(marked[2]) ? "number" : "bullet",
        first: line,
        markerIndent: line.indent,
        contentIndent: line.raw.length - marked[3].length,
      };
      items.push(current);
    } else if (current && (!previousBlank || line.indent > current.markerIndent)) {
      const strip = Math.min(line.indent, current.contentIndent);
      current.text += (previousBlank ? "\n\n" : "\n") + line.raw.slice(strip);
      current.lines.push(line.n);
    } else {
      current = { text: line.text, lines: [line.n], marker: "none", first: line, markerIndent: line.indent, contentIndent: line.indent };
      items.push(current);
    }
    previousBlank = false;
  }
  return items;
}

/** A Markdown body as written: surrounding blank lines dropped, the common indentation removed. */
function bodyText(lines: Line[]): string | null {
  const content = lines.filter((l) => l.text);
  if (!content.length) return null;
  const first = lines.indexOf(content[0]);
  const last = lines.lastIndexOf(content[content.length - 1]);
  const slice = lines.slice(first, last + 1);
  const indent = Math.min(...content.map((l) => l.indent));
  return slice.map((l) => l.raw.slice(Math.min(indent, l.indent))).join("\n");
}

// ---------------------------------------------------------------------------------------------------------------
// Timeline
// ---------------------------------------------------------------------------------------------------------------

const ENTRY = new RegExp(
  `^\\[?\\s*(?:${DATE_RE}(?:\\s*[T,]\\s*|\\s+at\\s+|\\s+))?${TIME_RE}(?:\\s*${ZONE_RE})?\\s*\\]?\\s*(?:[-–—:|>]+\\s*)?(.*)$`,
  "i",
);
const TAG = /^\[(alert|page|action|observation|milestone)(?:\s*,\s*(detected|mitigated|resolved))?\]\s*/i;
const TIMES_IN = /^\(?(?:note:\s*)?(?:all\s+)?(?:times?|timestamps?)\s+(?:are\s+)?(?:(?:shown|given|listed|written)\s+)?in\s+([A-Za-z_/+\-0-9:]+)\.?\)?$/i;

type ParsedEntry = {
  occurredAt: number;
  text: string;
  kind: TimelineEventKind | null;
  milestone: Milestone | null;
  tagged: boolean;
  lines: number[];
};

type EntryHead = { date: WrittenDate | null; time: WrittenTime; zone: Zone | null; text: string };

function entryHead(text: string, line: number): EntryHead | null {
  const cleaned = text
    .replace(/^(?:[-*+•]|\d{1,3}[.)])\s+/, "")
    .replace(/^(\*\*|__|`)(.+?)\1/, "$2")
    .trim();
  const m = ENTRY.exec(cleaned);
  if (!m) return null;
  const rest = m[1 + DATE_GROUPS + TIME_GROUPS + 1].trim();
  if (!rest) return null;
  const date = dateFromGroups(m, 1, line);
  const time = timeFromGroups(m, 1 + DATE_GROUPS, line)!;
  return { date, time, zone: parseZone(m[1 + DATE_GROUPS + TIME_GROUPS]), text: rest };
}

/** Parses one timeline cell or line head "2024-11-27 14:23 UTC", "14:23", "[14:23]". */
function momentHead(text: string, line: number): Omit<EntryHead, "text"> | null {
  const head = entryHead(`${text} x`, line);
  return head ? { date: head.date, time: head.time, zone: head.zone } : null;
}

const ROLLOVER_MS = 6 * 60 * 60 * 1000;

type TimelineResult = {
  entries: ParsedEntry[];
  dayMarkers: number[];
  notes: Line[];
  headerRows: number[];
  zoneLines: number[];
};

function parseTimelineBlock(block: Block, ctx: TimeContext, tableSeparators: Set<number>, warnings: string[]): TimelineResult {
  const result: TimelineResult = { entries: [], dayMarkers: [], notes: [], headerRows: [], zoneLines: [] };
  let day: LocalDate = ctx.base;
  let zone = ctx.zone;
  let previous: number | null = null;
  let last: ParsedEntry | null = null;
  let previousBlank = true;
  let columns: { time: number; text: number[]; kind: number | null } | null = null;

  const place = (head: Omit<EntryHead, "text">, line: number): number => {
    const entryZone = head.zone ?? zone;
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
        const time = Math.max(0, lower.findIndex((c) => /time|when|date/.test(c)));
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
        const text = textColumns.map((i) => cells[i]).filter(Boolean).join(" — ");
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
      if (marker.zone) zone = marker.zone;
      previous = null;
      result.dayMarkers.push(line.n);
      previousBlank = false;
      continue;
    }
    const timesIn = TIMES_IN.exec(line.text);
    if (timesIn && parseZone(timesIn[1])) {
      zone = parseZone(timesIn[1])!;
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
const PAGE = /\b(?:paged|paging|pager|page sent|on[- ]call (?:engineer )?(?:was )?(?:notified|engaged|paged)|escalated|escalation|war room|bridge (?:opened|started)|incident commander)\b/i;
const ACTION = /\b(?:roll(?:ed)?[- ]?back|rollbacks?|revert(?:ed|ing)?|restart(?:ed|ing)?|redeploy(?:ed)?|deployed (?:a )?(?:fix|hotfix|patch)|hotfix|failover|failed over|scaled (?:up|out|down)|scaling|applied|disabled|enabled|flushed|killed|drained|initiated|executed|patched|blocked|throttled|purged|migrated|switched)\b/i;
const CLOSING = /\b(?:incident (?:declared |marked )?(?:closed|resolved|over|ended|ends)|closed|all[- ]clear|incident (?:declared|opened|started|begins|began)|declares incident|(?:outage|impact) (?:begins|began|starts|started|ends|ended|over)|post[- ]?mortem (?:initiated|started|scheduled))\b/i;
const RESOLVED_TEXT = /\b(?:resolved|closed|all[- ]clear|(?:incident|outage|impact) (?:over|ended|ends))\b/i;
const IMPACT_START = /\b(?:outage|impact|degradation|disruption) (?:begins|began|starts|started)\b/i;
const IMPACT_END = /\b(?:outage|impact|degradation|disruption) (?:ends|ended|is over|was over)\b/i;
const MITIGATED_STRONG = /\b(?:mitigated|mitigation (?:complete|completed|applied|in place|effective)|(?:returning|returned|back|recovered) to normal|back to normal|fully recovered|recovered|recovery complete|restored|stabili[sz]ed|stable)\b/i;
const MITIGATED_WEAK = /\b(?:roll(?:ed)?[- ]?back (?:complete|completed|finished|done)|rollback (?:complete|completed|finished|done)|rolled back|failover (?:complete|completed)|failed over|(?:fix|hotfix|patch) (?:deployed|applied))\b/i;
const DETECTED_TEXT = /\b(?:detected|noticed|first report(?:ed)?|customers? report(?:ed|s)?|reported by)\b/i;

/** What kind of event a timeline line describes, read from its wording. */
export function inferTimelineKind(text: string): TimelineEventKind {
  if (CLOSING.test(text)) return "MILESTONE";
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
  const first = (test: (e: { text: string; kind: TimelineEventKind }, i: number) => boolean) =>
    entries.findIndex((e, i) => result[i] === null && test(e, i));
  const resolved = first((e) => e.kind === "MILESTONE" && RESOLVED_TEXT.test(e.text));
  if (resolved >= 0) result[resolved] = "RESOLVED";
  let detected = first((e) => e.kind === "ALERT");
  if (detected < 0) detected = first((e) => DETECTED_TEXT.test(e.text));
  if (detected < 0) detected = first((e) => e.kind === "PAGE");
  if (detected >= 0) result[detected] = "DETECTED";
  const after = (i: number) => (detected < 0 || i > detected) && (resolved < 0 || i < resolved);
  let mitigated = first((e, i) => after(i) && MITIGATED_STRONG.test(e.text));
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

// ---------------------------------------------------------------------------------------------------------------
// Impact
// ---------------------------------------------------------------------------------------------------------------

export type ImpactLine =
  | { type: "metric"; metric: ImpactMetric }
  | { type: "usersAffected"; value: number }
  | { type: "errorRate"; value: number }
  | { type: "dataLoss"; dataLoss: boolean | null; note: string | null }
  | { type: "narrative" };

const NUM = "(\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?)";
const QUALIFIER = "(approximately|approx\\.?|about|around|roughly|nearly|almost|up to|at least|more than|over|less than|under|~|circa)?\\s*";
const TIME_UNIT = "(milliseconds?|ms|µs|us|microseconds?|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d)\\b";

function number(text: string): number {
  return Number(text.replace(/,/g, ""));
}

function qualifierOf(written: string | undefined, sentence: string): string | null {
  if (written) {
    const w = written.toLowerCase().replace(/\.$/, "");
    if (["approximately", "approx", "about", "around", "roughly", "~", "circa"].includes(w)) return "approximately";
    return w;
  }
  return /\b(?:at|during|during the|in) peak\b|\bpeak(?:ed| impact)?\b/i.test(sentence) ? "at peak" : null;
}

function timeUnit(unit: string): string {
  const u = unit.toLowerCase();
  if (u === "ms" || u.startsWith("millisecond")) return "ms";
  if (u === "µs" || u === "us" || u.startsWith("microsecond")) return "µs";
  if (u.startsWith("s")) return "s";
  if (u.startsWith("m")) return "min";
  if (u.startsWith("h")) return "h";
  return "d";
}

const CANONICAL_METRIC = /^Metric:\s*(.+)$/is;
const METRIC_ATTRS = ["kind", "value", "unit", "baseline", "baseline unit", "qualifier", "note"];

function splitAttributes(text: string, keys: string[]): { head: string; attrs: Map<string, string> } {
  const pattern = new RegExp(`;\\s*(${keys.map((k) => k.replace(/ /g, "\\s+")).join("|")}):\\s*`, "gi");
  const attrs = new Map<string, string>();
  const parts: { key: string; start: number; valueStart: number }[] = [];
  for (const m of text.matchAll(pattern)) {
    if (parts.some((p) => p.key === "note")) break;
    parts.push({ key: m[1].toLowerCase().replace(/\s+/g, " "), start: m.index!, valueStart: m.index! + m[0].length });
  }
  const head = parts.length ? text.slice(0, parts[0].start) : text;
  parts.forEach((part, i) => attrs.set(part.key, text.slice(part.valueStart, parts[i + 1]?.start ?? text.length)));
  return { head: head.trim(), attrs };
}

function canonicalMetric(body: string): ImpactMetric | null {
  const { head, attrs } = splitAttributes(body, METRIC_ATTRS);
  const value = Number(attrs.get("value"));
  const kind = (attrs.get("kind") ?? "other").trim().toUpperCase().replace(/\s+/g, "_");
  if (!head || !Number.isFinite(value) || !KINDS.has(kind)) return null;
  const baseline = attrs.has("baseline") ? Number(attrs.get("baseline")) : null;
  return {
    kind: kind as ImpactMetricKind,
    label: head,
    value,
    unit: attrs.get("unit")?.trim() || null,
    baseline: baseline !== null && Number.isFinite(baseline) ? baseline : null,
    baselineUnit: attrs.get("baseline unit")?.trim() || null,
    qualifier: attrs.get("qualifier")?.trim() || null,
    note: attrs.get("note") ?? null,
  };
}
const KINDS = new Set<string>(["ERROR_RATE", "LATENCY", "USERS_AFFECTED", "DELAY", "AVAILABILITY", "THROUGHPUT", "OTHER"]);

function metric(kind: ImpactMetricKind, label: string, value: number, unit: string | null, note: string, extra: Partial<ImpactMetric> = {}): ImpactLine {
  return {
    type: "metric",
    metric: { kind, label, value, unit, baseline: null, baselineUnit: null, qualifier: null, note, ...extra },
  };
}

/** One line of an impact section: a typed measurement, a headline number, the data-loss statement, or prose. */
export function parseImpactLine(text: string): ImpactLine {
  const flat = text.replace(/\s*\n\s*/g, " ").trim();
  const canonical = CANONICAL_METRIC.exec(text);
  if (canonical) {
    const parsed = canonicalMetric(canonical[1]);
    if (parsed) return { type: "metric", metric: parsed };
  }
  const field = parseFieldLine(flat);
  if (field?.name === "usersAffected") {
    const m = new RegExp(`^${QUALIFIER}${NUM}$`, "i").exec(field.value);
    if (m && Number.isInteger(number(m[2]))) return { type: "usersAffected", value: number(m[2]) };
  }
  if (field?.name === "errorRate") {
    const m = new RegExp(`^${NUM}\\s*%$`).exec(field.value);
    if (m) return { type: "errorRate", value: number(m[1]) / 100 };
    const fraction = /^(0(?:\.\d+)?|1(?:\.0+)?)$/.exec(field.value);
    if (fraction) return { type: "errorRate", value: Number(fraction[1]) };
  }
  if (field?.name === "dataLoss") {
    const m = /^(yes|no|none|unknown)\b\s*(?:[—–-]\s*(.*))?$/is.exec(field.value);
    if (m) {
      const answer = m[1].toLowerCase();
      const dataLoss = answer === "yes" ? true : answer === "unknown" ? null : false;
      return { type: "dataLoss", dataLoss, note: m[2]?.trim() || null };
    }
  }
  if (/\bdata\b.*\b(?:loss|lost)\b|\bcorrupt(?:ion|ed)?\b|\blost data\b/i.test(flat)) {
    const negated = /\b(?:no|zero|without|not|nor)\b[^.]*\b(?:data|loss|lost|corrupt)/i.test(flat);
    return { type: "dataLoss", dataLoss: !negated, note: text };
  }

  const latency = new RegExp(
    `\\b(p\\d{2,3}(?:\\.\\d+)?|median|mean|average|avg)\\b\\s*(?:latency|response time)?\\s*(?::|=|of|was|at|reached|hit)?\\s*${QUALIFIER}${NUM}\\s*${TIME_UNIT}`,
    "i",
  ).exec(flat);
  if (latency || /\blatenc|response time/i.test(flat)) {
    const percentile = latency?.[1];
    const valueMatch = latency ?? new RegExp(`${QUALIFIER}${NUM}\\s*${TIME_UNIT}`, "i").exec(flat);
    if (valueMatch) {
      const offset = latency ? 1 : 0;
      const after = flat.slice(valueMatch.index + valueMatch[0].length);
      const baseline = new RegExp(
        `^\\s*\\)?\\s*,?\\s*(?:vs\\.?|versus|compared (?:to|with)|against|instead of|from|up from|baseline(?: of)?|normal(?:ly)?|usual(?:ly)?)\\s*(?:the\\s+)?(?:normal|baseline|usual|typical)?\\s*(?:of|:)?\\s*${NUM}\\s*${TIME_UNIT}`,
        "i",
      ).exec(after);
      const label = percentile ? `${/^p/i.test(percentile) ? percentile.toLowerCase() : percentile.toLowerCase()} latency` : "Latency";
      return metric("LATENCY", label, number(valueMatch[offset + 2]), timeUnit(valueMatch[offset + 3]), text, {
        baseline: baseline ? number(baseline[1]) : null,
        baselineUnit: baseline ? timeUnit(baseline[2]) : null,
        qualifier: qualifierOf(valueMatch[offset + 1], flat),
      });
    }
  }

  const errorRate =
    new RegExp(`${QUALIFIER}${NUM}\\s*%\\s*(?:of\\s+(?:requests|calls)\\s+)?(?:errors?|error rate|failures?|failure rate|5xx|failed)`, "i").exec(flat) ??
    new RegExp(`(?:error|failure|5xx)(?:\\s+rate)?\\s*(?:of|at|reached|hit|peaked at|was|rose to|spiked to|:|=)?\\s*${QUALIFIER}${NUM}\\s*%`, "i").exec(flat);
  if (errorRate) {
    return metric("ERROR_RATE", "Error rate", number(errorRate[2]), "%", text, { qualifier: qualifierOf(errorRate[1], flat) });
  }

  const availability = new RegExp(`${QUALIFIER}${NUM}\\s*%\\s*(availability|uptime|success rate)`, "i").exec(flat);
  if (availability) {
    const label = availability[3].charAt(0).toUpperCase() + availability[3].slice(1).toLowerCase();
    return metric("AVAILABILITY", label, number(availability[2]), "%", text, { qualifier: qualifierOf(availability[1], flat) });
  }

  const users = new RegExp(`${QUALIFIER}${NUM}\\s*([kKmM])?\\s+(?:unique\\s+|active\\s+|end\\s+)?(users|customers|accounts|members|tenants|merchants|subscribers)\\b`, "i").exec(flat);
  if (users && /\b(?:affected|impacted|experienced|saw|unable|could not|couldn't|failed)\b/i.test(flat)) {
    const factor = users[3] ? (users[3].toLowerCase() === "k" ? 1_000 : 1_000_000) : 1;
    const noun = users[4].toLowerCase();
    return metric("USERS_AFFECTED", `${noun.charAt(0).toUpperCase()}${noun.slice(1)} affected`, Math.round(number(users[2]) * factor), noun, text, {
      qualifier: qualifierOf(users[1], flat),
    });
  }

  const delay = new RegExp(`^(.*?)\\s*\\b(?:delayed|delays?|lagged|lagging|backlogged)\\b[^\\d~]*?(?:by|of|up to|for)?\\s*${QUALIFIER}${NUM}\\s*${TIME_UNIT}`, "i").exec(flat);
  if (delay) {
    const subject = delay[1].replace(/\b(?:was|were|is|are|got|had|saw|experienced)$/i, "").trim();
    return metric("DELAY", subject ? `${subject} delay` : "Delay", number(delay[3]), timeUnit(delay[4]), text, {
      qualifier: qualifierOf(delay[2], flat),
    });
  }

  const throughput = new RegExp(`${QUALIFIER}${NUM}\\s*(rps|qps|tps|req/s|requests/s|requests per second|queries per second|transactions per second)\\b`, "i").exec(flat);
  if (throughput) {
    return metric("THROUGHPUT", "Throughput", number(throughput[2]), throughput[3].toLowerCase(), text, {
      qualifier: qualifierOf(throughput[1], flat),
    });
  }
  return { type: "narrative" };
}

// ---------------------------------------------------------------------------------------------------------------
// Technical details: configuration and deployment changes
// ---------------------------------------------------------------------------------------------------------------

const CHANGE_VERBS =
  "upgraded|downgraded|updated|bumped|changed|modified|removed|added|deleted|disabled|enabled|introduced|replaced|rolled back|reverted|deployed|migrated|refactored|rewritten|patched|renamed|deprecated|moved|switched|increased|decreased|reduced|raised|lowered|released|rolled out|restored";

/** "Connection timeout: 30s (restored from 300s)", "Max connections: 200", "PostgreSQL 13.7 with connection pooling". */
export function parseConfigurationLine(text: string, scope: string | null): ConfigurationEntry {
  const canonical = /^Setting:\s*(.+)$/is.exec(text);
  if (canonical) {
    const { head, attrs } = splitAttributes(canonical[1], ["value", "previous value", "note"]);
    return {
      scope,
      key: head,
      value: attrs.get("value")?.trim() ?? "",
      previousValue: attrs.get("previous value")?.trim() || null,
      note: attrs.get("note") ?? null,
    };
  }
  const entry = (key: string, value: string, previousValue: string | null = null, note: string | null = null): ConfigurationEntry => ({
    scope,
    key: key.trim(),
    value: value.trim(),
    previousValue: previousValue?.trim() || null,
    note,
  });
  const arrow = /^(.+?)\s*[:=]\s*(.+?)\s*(?:->|→|=>)\s*(.+)$/s.exec(text);
  if (arrow) return entry(arrow[1], arrow[3], arrow[2]);
  const restored = new RegExp(`^(.+?)\\s*[:=]\\s*(.+?)\\s*\\((?:(${CHANGE_VERBS}|changed|set)\\s+)?from\\s+(.+?)\\)$`, "is").exec(text);
  if (restored) return entry(restored[1], restored[2], restored[4], restored[3]?.toLowerCase() ?? null);
  const was = /^(.+?)\s*[:=]\s*(.+?)\s*\((?:was|previously|previous|formerly|before|old)[:\s]\s*(.+?)\)$/is.exec(text);
  if (was) return entry(was[1], was[2], was[3]);
  const plain = /^(.+?)\s*(?::|=)\s*(.*)$/s.exec(text);
  if (plain) return entry(plain[1], plain[2]);
  return entry(text, "");
}

/** "Connection pool library upgraded from v1.2.3 to v2.4.1", "Connection reuse logic modified". */
export function parseDeploymentLine(text: string): DeploymentChange {
  const canonical = /^Component:\s*(.+)$/is.exec(text);
  if (canonical) {
    const { head, attrs } = splitAttributes(canonical[1], ["from", "to", "note"]);
    return {
      component: head,
      fromVersion: attrs.get("from")?.trim() || null,
      toVersion: attrs.get("to")?.trim() || null,
      note: attrs.get("note") ?? null,
    };
  }
  const fromTo = new RegExp(`^(.+?)\\s+(${CHANGE_VERBS})\\s+from\\s+(\\S+)\\s+to\\s+(\\S+?)([.,;]?(?:\\s.*)?)$`, "is").exec(text);
  if (fromTo) {
    return { component: fromTo[1].trim(), fromVersion: fromTo[3], toVersion: fromTo[4], note: `${fromTo[2]}${fromTo[5]}`.trim() };
  }
  const arrow = /^(.+?):\s*(\S+)\s*(?:->|→|=>)\s*(\S+)$/.exec(text);
  if (arrow) return { component: arrow[1].trim(), fromVersion: arrow[2], toVersion: arrow[3], note: null };
  const verb = new RegExp(`^(.+?)\\s+((?:${CHANGE_VERBS})\\b.*)$`, "is").exec(text);
  if (verb) return { component: verb[1].trim(), fromVersion: null, toVersion: null, note: verb[2].trim() };
  return { component: text.trim(), fromVersion: null, toVersion: null, note: null };
}

// ---------------------------------------------------------------------------------------------------------------
// Action items
// ---------------------------------------------------------------------------------------------------------------

const EMAIL = /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/;
const STATUS_WORDS: Record<string, ActionItemStatus> = {
  open: "OPEN", todo: "OPEN", "to do": "OPEN", "not started": "OPEN",
  "in progress": "IN_PROGRESS", wip: "IN_PROGRESS", started: "IN_PROGRESS", ongoing: "IN_PROGRESS",
  done: "DONE", completed: "DONE", complete: "DONE", closed: "DONE", fixed: "DONE", resolved: "DONE",
  "won't do": "WONT_DO", "wont do": "WONT_DO", "will not do": "WONT_DO", wontfix: "WONT_DO", "won't fix": "WONT_DO",
  cancelled: "WONT_DO", canceled: "WONT_DO", dropped: "WONT_DO",
};
const PRIORITY_WORDS: Record<string, Priority> = {
  p0: "CRITICAL", p1: "HIGH", p2: "MEDIUM", p3: "LOW", p4: "LOW",
  critical: "CRITICAL", urgent: "CRITICAL", high: "HIGH", medium: "MEDIUM", normal: "MEDIUM", low: "LOW",
};

export type ActionAttributes = { owner?: string; due?: string; priority?: Priority; status?: ActionItemStatus };

function readAttributes(inside: string): ActionAttributes | null {
  const attrs: ActionAttributes = {};
  for (const part of inside.split(/\s*[,;]\s*(?=[A-Za-z@])/)) {
    const text = part.trim();
    if (!text) continue;
    const keyed = /^(due(?: date)?|deadline|by|target|eta|owners?|assignee|assigned to|responsible|priority|prio|status|state)(?:\s*[:=]\s*|\s+)(.+)$/i.exec(text);
    const lower = text.toLowerCase();
    if (keyed) {
      const key = keyed[1].toLowerCase();
      const value = keyed[2].trim();
      if (/^(?:due|deadline|by|target|eta)/.test(key)) attrs.due = value;
      else if (/^(?:owner|assignee|assigned|responsible)/.test(key)) attrs.owner = value;
      else if (/^prio/.test(key)) {
        const priority = PRIORITY_WORDS[value.toLowerCase()];
        if (!priority) return null;
        attrs.priority = priority;
      } else {
        const status = STATUS_WORDS[value.toLowerCase().replace(/’/g, "'")];
        if (!status) return null;
        attrs.status = status;
      }
    } else if (PRIORITY_WORDS[lower.replace(/\s+priority$/, "")] && (/^p\d$/.test(lower) || / priority$/.test(lower))) {
      attrs.priority = PRIORITY_WORDS[lower.replace(/\s+priority$/, "")];
    } else if (STATUS_WORDS[lower.replace(/’/g, "'")]) {
      attrs.status = STATUS_WORDS[lower.replace(/’/g, "'")];
    } else return null;
  }
  return attrs;
}

/** "- [ ] Title (Owner: a@b.c, Due: Dec 1, Priority: High)" → title and attributes; the rest is the description. */
export function splitActionItemLine(text: string): { title: string; attrs: ActionAttributes; checkbox: string | null } {
  let title = text.trim();
  let checkbox: string | null = null;
  const box = /^\[([ xX~\-/])\]\s*/.exec(title);
  if (box) {
    checkbox = box[1];
    title = title.slice(box[0].length);
  }
  const attrs: ActionAttributes = {};
  const lead = /^\[(P[0-4]|critical|high|medium|low)\]\s*/i.exec(title);
  if (lead) {
    attrs.priority = PRIORITY_WORDS[lead[1].toLowerCase()];
    title = title.slice(lead[0].length);
  }
  for (;;) {
    const paren = /\s*[([]([^()[\]]*)[)\]]\s*$/.exec(title);
    const parsed = paren ? readAttributes(paren[1]) : null;
    if (paren && parsed && Object.keys(parsed).length) {
      Object.assign(attrs, { ...parsed, ...attrs });
      title = title.slice(0, paren.index).trim();
      continue;
    }
    const dashed = /\s+[—–-]\s+((?:owner|due|priority|status|assignee)\b.*)$/i.exec(title);
    const dashedAttrs = dashed ? readAttributes(dashed[1]) : null;
    if (dashed && dashedAttrs) {
      Object.assign(attrs, { ...dashedAttrs, ...attrs });
      title = title.slice(0, dashed.index).trim();
      continue;
    }
    break;
  }
  return { title: title.trim(), attrs, checkbox };
}

// ---------------------------------------------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------------------------------------------

// "[Went well] ..." in a single lessons list: how the export marks categories that are not grouped
const LESSON_TAGS: Record<string, LessonCategory> = { general: "GENERAL", "went well": "WENT_WELL", "went wrong": "WENT_WRONG", lucky: "LUCKY" };

function statusOf(value: string): IncidentStatus | undefined {
  const words = value.toLowerCase().match(/[a-z]+/g) ?? [];
  return STATUS_VALUES[words.join("")] ?? STATUS_VALUES[words[0] ?? ""];
}

const STATUS_VALUES: Record<string, IncidentStatus> = {
  investigating: "INVESTIGATING", open: "INVESTIGATING", ongoing: "INVESTIGATING", active: "INVESTIGATING", new: "INVESTIGATING",
  identified: "IDENTIFIED",
  monitoring: "MONITORING", mitigated: "MONITORING",
  resolved: "RESOLVED", fixed: "RESOLVED",
  closed: "CLOSED", complete: "CLOSED", completed: "CLOSED", done: "CLOSED",
};

function normalizeSeverity(value: string): string {
  const match = DEFAULT_SEVERITY_SCALE.find((s) => s.toLowerCase() === value.toLowerCase());
  return match ?? value;
}

class LineMap {
  readonly entries: LineMapEntry[] = [];
  add(lines: number | number[], field: string) {
    for (const line of Array.isArray(lines) ? lines : [lines]) this.entries.push({ line, field });
  }
}

type Draft = Omit<ReportDocument, "publicId"> & { publicId?: string };

type MomentField = "startedAt" | "endedAt" | "detectedAt" | "mitigatedAt" | "resolvedAt";

export function parseReportText(text: string, opts: ParseReportOptions = {}): ParseReportResult {
  if (typeof text !== "string" || !text.trim()) {
    throw new InvalidInputError("The report text is empty: paste the report you want to import.", [{ path: "text", message: "is empty" }]);
  }
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_REPORT_BYTES) {
    const size = (bytes / MAX_REPORT_BYTES).toFixed(1);
    throw new InvalidInputError(`The report text is ${size} MB; the limit is 1 MB.`, [{ path: "text", message: "is larger than 1 MB" }]);
  }
  const warnings: string[] = [];
  const map = new LineMap();
  const lines = toLines(text);
  const { title, blocks, footer, tableSeparators } = segment(lines);
  const known = blocks.filter((b) => b.key !== "header" && b.key !== "extra");
  if ((!title.text || title.implicit) && !known.length) {
    throw new InvalidInputError(
      "This does not look like an incident report: there is no title and no known section (such as Timeline, Root Cause, Impact or Action Items).",
      [{ path: "text", message: "no title and no known section" }],
    );
  }

  const draft: Draft = {
    title: title.text ?? "",
    severity: "",
    impactSummary: null,
    status: "INVESTIGATING",
    private: false,
    timeZone: "UTC",
    startedAt: null,
    endedAt: null,
    detectedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
    summary: null,
    rootCause: null,
    trigger: null,
    detection: null,
    supportingInfo: null,
    timeline: [],
    contributingFactors: [],
    impact: { usersAffected: null, errorRate: null, dataLoss: null, dataLossNote: null, metrics: [] },
    resolutionSteps: [],
    preventiveMeasures: [],
    lessonsLearned: [],
    services: [],
    configuration: [],
    deploymentChanges: [],
    actionItems: [],
    followUp: null,
    attachmentsListed: [],
    preparedBy: null,
    reviewedBy: null,
    extraSections: [],
  };
  if (title.lines.length) map.add(title.lines, "title");
  for (const block of blocks) {
    if (block.key !== "header" && block.key !== "extra") map.add(block.headingLines, `section:${block.key}`);
  }

  // Header fields first: the zone and the day they give are needed to read every time below.
  const header = blocks[0];
  const fields: { field: FieldLine; line: number }[] = [];
  const unknownHeader: Line[] = [];
  const intro: Line[] = [];
  for (const line of header.lines) {
    if (!line.text) {
      if (intro.length) intro.push(line);
      continue;
    }
    const cells = tableCells(line.text);
    if (cells && cells.length >= 2) {
      if (tableSeparators.has(line.n + 1)) {
        map.add(line.n, "section:header");
        continue;
      }
      const name = FIELD_LOOKUP.get(normalKey(cells[0].replace(/[*_]/g, "").replace(/:$/, "")));
      if (name && cells.length === 2) {
        fields.push({ field: { key: cells[0], name, value: stripEmphasis(cells[1]) }, line: line.n });
        continue;
      }
    }
    const field = parseFieldLine(line.text);
    if (field?.name && (field.value || field.name === "title")) fields.push({ field, line: line.n });
    else if (field && !intro.length) unknownHeader.push(line);
    else intro.push(line);
  }
  fields.push(...footer);

  const byName = (name: FieldKey) => fields.filter((f) => f.field.name === name);
  const lastOf = (name: FieldKey) => byName(name).at(-1);

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
        warnings.push(
          `The report gives no incident date; the timeline was placed on the review date, ${isoDay(base)}. Check the times.`,
        );
      }
    }
  }
  if (!base) {
    base = { year: today.year, month: today.month, day: today.day };
    if (timelineBlock) warnings.push(`The report gives no date; the timeline was placed on ${isoDay(base)} (today). Check the times.`);
  }
  const ctx: TimeContext = { base, zone };
  if (dateField && !unknownHeader.includes(lines[dateField.line - 1])) map.add(dateField.line, "startedAt");

  // header fields
  const explicitMoments = new Map<MomentField, { value: number | null; line: number }>();
  let durationInfo: { start: number | null; end: number | null; length: number | null; line: number } | null = null;
  const appendText = (current: string | null, value: string) => (current ? `${current}\n\n${value}` : value);
  for (const { field, line } of fields) {
    const value = field.value;
    switch (field.name) {
      case "publicId":
        if (/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value) && value.length <= 64) {
          draft.publicId = value;
          map.add(line, "publicId");
        } else {
          warnings.push(`Line ${line}: "${value}" cannot be used as an incident id; a new id will be given and the line kept under Details.`);
          unknownHeader.push(lines[line - 1]);
        }
        break;
      case "title":
        if (value) {
          draft.title = value;
          map.add(line, "title");
        } else unknownHeader.push(lines[line - 1]);
        break;
      case "severity":
        draft.severity = normalizeSeverity(value);
        map.add(line, "severity");
        break;
      case "impactSummary":
        draft.impactSummary = appendLine(draft.impactSummary, value);
        map.add(line, "impactSummary");
        break;
      case "status": {
        const status = statusOf(value);
        if (status) {
          draft.status = status;
          map.add(line, "status");
        } else {
          warnings.push(`Line ${line}: status "${value}" is not one of Investigating, Identified, Monitoring, Resolved, Closed; kept under Details.`);
          unknownHeader.push(lines[line - 1]);
        }
        break;
      }
      case "private":
      case "visibility": {
        const yes = /^(?:yes|y|true|private|restricted|confidential|internal only)$/i.test(value);
        const no = /^(?:no|n|false|public|everyone|internal|all)$/i.test(value);
        if (yes || no) {
          draft.private = field.name === "private" ? yes : /^(?:private|restricted|confidential|internal only)$/i.test(value);
          map.add(line, "private");
        } else unknownHeader.push(lines[line - 1]);
        break;
      }
      case "duration": {
        const parsed = parseDurationValue(value, ctx, line);
        if (parsed) {
          durationInfo = { ...parsed, line };
        } else {
          warnings.push(`Line ${line}: the duration "${value}" could not be read; kept under Details.`);
          unknownHeader.push(lines[line - 1]);
        }
        break;
      }
      case "startedAt":
      case "endedAt":
      case "detectedAt":
      case "mitigatedAt":
      case "resolvedAt": {
        const moment = parseMomentValue(value, ctx, line);
        if (moment === undefined) {
          warnings.push(`Line ${line}: "${value}" is not a date and time I can read (such as 2024-11-27 14:23 UTC); kept under Details.`);
          unknownHeader.push(lines[line - 1]);
        } else explicitMoments.set(field.name, { value: moment, line });
        break;
      }
      case "summary":
      case "rootCause":
      case "trigger":
      case "detection":
        draft[field.name] = appendText(draft[field.name], value);
        map.add(line, field.name);
        break;
      case "resolution":
        map.add(line, `resolutionSteps[${draft.resolutionSteps.length}]`);
        draft.resolutionSteps.push(value);
        break;
      case "services":
        for (const name of value.split(/\s*[,;]\s*/).filter(Boolean)) addService(draft, name, line, map, warnings);
        break;
      case "usersAffected":
      case "errorRate":
      case "dataLoss": {
        const parsed = parseImpactLine(`${field.key}: ${value}`);
        if (!applyHeadline(draft, parsed, line, map)) unknownHeader.push(lines[line - 1]);
        break;
      }
      case "preparedBy":
        draft.preparedBy = value;
        map.add(line, "preparedBy");
        break;
      case "reviewedBy":
        draft.reviewedBy = value;
        map.add(line, "reviewedBy");
        break;
      case "reviewDate": {
        const moment = parseMomentValue(value, ctx, line) ?? undefined;
        const written = moment === undefined ? findDate(value, line) : null;
        const at = moment ?? (written ? localToUtc(resolveDate(written, base), 0, 0, 0, 0, zone) : undefined);
        if (at === undefined) {
          warnings.push(`Line ${line}: the review date "${value}" could not be read; kept under Details.`);
          unknownHeader.push(lines[line - 1]);
        } else {
          draft.followUp = { scheduledAt: new Date(at).toISOString(), note: draft.followUp?.note ?? null };
          map.add(line, "followUp.scheduledAt");
        }
        break;
      }
      default:
        break;
    }
  }
  const introBody = bodyText(intro);
  if (introBody) {
    draft.summary = draft.summary ? `${introBody}\n\n${draft.summary}` : introBody;
    map.add(intro.filter((l) => l.text).map((l) => l.n), "summary");
  }
  if (unknownHeader.length) {
    unknownHeader.sort((a, b) => a.n - b.n);
    const index = draft.extraSections.length;
    draft.extraSections.push({ heading: "Details", body: unknownHeader.map((l) => l.text).join("\n") });
    map.add(unknownHeader.map((l) => l.n), `extraSections[${index}].body`);
  }

  // sections
  let timeline: (ParsedEntry & { order: number })[] = [];
  let followUpNoteDate: { at: number; line: number } | null = null;
  const extra = (heading: string, body: Line[], headingLines: number[] = []) => {
    const index = draft.extraSections.length;
    draft.extraSections.push({ heading, body: bodyText(body) ?? "" });
    map.add(headingLines, `extraSections[${index}].heading`);
    map.add(body.filter((l) => l.text).map((l) => l.n), `extraSections[${index}].body`);
  };
  for (const block of blocks.slice(1)) {
    const content = block.lines.filter((l) => l.text);
    switch (block.key) {
      case "extra":
        extra(block.heading ?? "Notes", block.lines, block.headingLines);
        break;
      case "summary":
      case "rootCause":
      case "trigger":
      case "detection":
      case "supportingInfo": {
        const body = bodyText(block.lines);
        if (body) {
          draft[block.key] = appendText(draft[block.key], body);
          map.add(content.map((l) => l.n), block.key);
        }
        break;
      }
      case "timeline": {
        const blockCtx = { base, zone: timelineZone ?? zone };
        const parsed = parseTimelineBlock(block, blockCtx, tableSeparators, warnings);
        timeline.push(...parsed.entries.map((e) => ({ ...e, order: timeline.length })));
        timeline.forEach((e, i) => (e.order = i));
        map.add(parsed.dayMarkers, "timeline");
        map.add(parsed.headerRows, "section:timeline");
        map.add(parsed.zoneLines, "timeZone");
        if (parsed.notes.length) {
          warnings.push(`Line ${parsed.notes[0].n}: lines in the timeline without a time were kept as "Timeline notes".`);
          extra("Timeline notes", parsed.notes);
        }
        break;
      }
      case "contributingFactors":
      case "resolutionSteps":
      case "preventiveMeasures":
      case "attachments": {
        const target = block.key === "attachments" ? "attachmentsListed" : block.key;
        for (const item of splitItems(block.lines)) {
          map.add(item.lines, `${target}[${draft[target].length}]`);
          draft[target].push(item.text);
        }
        break;
      }
      case "lessons":
        for (const item of splitItems(block.lines)) {
          let category = block.category ?? "GENERAL";
          let text = item.text;
          const tag = /^\[(general|went well|went wrong|lucky)\]\s*/i.exec(text);
          if (tag) {
            category = LESSON_TAGS[tag[1].toLowerCase()];
            text = text.slice(tag[0].length);
          }
          map.add(item.lines, `lessonsLearned[${draft.lessonsLearned.length}]`);
          draft.lessonsLearned.push({ category, text });
        }
        break;
      case "services":
        for (const item of splitItems(block.lines)) addService(draft, item.text, item.lines, map, warnings);
        break;
      case "configuration":
        for (const item of splitItems(block.lines)) {
          map.add(item.lines, `configuration[${draft.configuration.length}]`);
          draft.configuration.push(parseConfigurationLine(item.text, block.scope ?? null));
        }
        break;
      case "deploymentChanges":
        for (const item of splitItems(block.lines)) {
          map.add(item.lines, `deploymentChanges[${draft.deploymentChanges.length}]`);
          draft.deploymentChanges.push(parseDeploymentLine(item.text));
        }
        break;
      case "impact":
        for (const item of splitItems(block.lines)) {
          const parsed = parseImpactLine(item.text);
          if (!applyHeadline(draft, parsed, item.lines, map)) {
            draft.impactSummary = appendLine(draft.impactSummary, item.text);
            map.add(item.lines, "impactSummary");
          }
        }
        break;
      case "actionItems":
        parseActionItems(block, draft, base, tableSeparators, map, warnings);
        break;
      case "followUp": {
        const notes: Line[] = [];
        let stated: { at: number; line: number } | null = null;
        for (const line of block.lines) {
          const field = line.text ? /^(?:scheduled(?: for)?|when|review date)\s*:\s*(.+)$/i.exec(line.text) : null;
          const at = field ? parseMomentValue(field[1], ctx, line.n) : undefined;
          if (field && typeof at === "number") {
            stated = { at, line: line.n };
            map.add(line.n, "followUp.scheduledAt");
          } else notes.push(line);
        }
        const note = bodyText(notes);
        const noteLines = notes.filter((l) => l.text).map((l) => l.n);
        const mentioned = note ? findDate(note, noteLines[0]) : null;
        followUpNoteDate =
          stated ?? (mentioned ? { at: localToUtc(resolveDate(mentioned, base), 0, 0, 0, 0, zone), line: noteLines[0] } : null);
        if (draft.followUp || followUpNoteDate) {
          draft.followUp ??= { scheduledAt: new Date(followUpNoteDate!.at).toISOString(), note: null };
          if (note) {
            draft.followUp.note = note;
            map.add(noteLines, "followUp.note");
          }
        } else if (note) {
          warnings.push(`Line ${noteLines[0]}: the follow-up gives no date; it was kept as a section.`);
          extra(block.heading ?? "Follow-up", notes);
        }
        break;
      }
      case "technicalDetails":
      case "signOff":
        if (content.length) extra(block.heading ?? "Technical Details", block.lines, block.headingLines);
        break;
    }
  }
  if (draft.followUp && followUpNoteDate && reviewField) {
    const a = Date.parse(draft.followUp.scheduledAt);
    const day = (ms: number) => isoDay(wallClockAt(ms, draft.timeZone));
    if (day(a) !== day(followUpNoteDate.at)) {
      warnings.push(`Line ${followUpNoteDate.line}: the follow-up paragraph names another day than the review date; the review date was used.`);
    }
  }

  // timeline order, kinds, milestones
  timeline = timeline.sort((a, b) => a.occurredAt - b.occurredAt || a.order - b.order);
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

  // start, end and milestones
  const statusField = lastOf("status");
  const statusKnown = Boolean(statusField && statusOf(statusField.field.value));
  const derived = deriveMoments(
    draft.timeline,
    durationInfo,
    Object.fromEntries([...explicitMoments].map(([k, v]) => [k, v.value])) as Partial<Record<MomentField, number | null>>,
    statusKnown ? draft.status : null,
  );
  for (const [field, value] of Object.entries(derived.values) as [MomentField, number | null][]) {
    draft[field] = value === null ? null : new Date(value).toISOString();
  }
  for (const [field, source] of Object.entries(derived.sources) as [MomentField, MomentSource][]) {
    if (source === "explicit") map.add(explicitMoments.get(field)!.line, field);
    else if (source === "duration") map.add(durationInfo!.line, field);
    else if (typeof source === "number") map.add(timeline[source].lines, field);
  }
  warnings.push(...derived.warnings);
  const start = draft.startedAt ? Date.parse(draft.startedAt) : null;
  if (start !== null && derived.sources.startedAt !== "explicit") {
    const moments = (["detectedAt", "mitigatedAt", "resolvedAt"] as const).map((f) => draft[f]).filter((v): v is string => v !== null);
    const earliest = Math.min(...moments.map((v) => Date.parse(v)));
    if (earliest < start) {
      draft.startedAt = new Date(earliest).toISOString();
      warnings.push(`The timeline has a milestone before the start (${new Date(start).toISOString()}); the start was moved to ${draft.startedAt}.`);
    }
  }

  if (!statusKnown) {
    draft.status = draft.resolvedAt || draft.endedAt ? "RESOLVED" : draft.mitigatedAt ? "MONITORING" : "INVESTIGATING";
    warnings.push(`The report gives no status; it was set to ${draft.status.charAt(0)}${draft.status.slice(1).toLowerCase()}.`);
  }
  if (!draft.title) {
    draft.title = "Untitled incident";
    warnings.push('The report has no title; it was called "Untitled incident".');
  }
  if (!draft.severity) {
    draft.severity = "Medium";
    warnings.push("The report gives no severity; it was set to Medium.");
  }

  const checked = reportDocumentSchema.safeParse(draft);
  if (!checked.success) {
    const issues = checked.error.issues.map((issue) => {
      const path = issue.path.map(String).join(".");
      const bracketed = issue.path.reduce<string>(
        (acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
        "",
      );
      const line = map.entries.find((e) => e.field === bracketed || e.field.startsWith(`${bracketed}.`) || bracketed.startsWith(e.field));
      const message = `${line ? `Line ${line.line}: ` : ""}${path || "report"}: ${issue.message}`;
      return { path: path || "(root)", message };
    });
    throw new InvalidInputError(`The report could not be imported: ${issues.map((i) => i.message).join("; ")}`, issues);
  }
  const lineMap = map.entries.sort((a, b) => a.line - b.line);
  return { document: checked.data, warnings, lineMap };
}

function appendLine(current: string | null, value: string): string {
  return current ? `${current}\n${value}` : value;
}

function addService(draft: Draft, name: string, lines: number | number[], map: LineMap, warnings: string[]) {
  const clean = name.trim();
  if (!clean) return;
  const existing = draft.services.findIndex((s) => s.toLowerCase() === clean.toLowerCase());
  const first = Array.isArray(lines) ? lines[0] : lines;
  if (existing >= 0) {
    warnings.push(`Line ${first}: the service "${clean}" is listed twice; it was kept once.`);
    map.add(lines, `services[${existing}]`);
    return;
  }
  map.add(lines, `services[${draft.services.length}]`);
  draft.services.push(clean);
}

/** Headline numbers and metrics; false when the line is prose. */
function applyHeadline(draft: Draft, parsed: ImpactLine, lines: number | number[], map: LineMap): boolean {
  const impact = draft.impact;
  switch (parsed.type) {
    case "narrative":
      return false;
    case "usersAffected":
      impact.usersAffected = parsed.value;
      map.add(lines, "impact.usersAffected");
      return true;
    case "errorRate":
      impact.errorRate = parsed.value;
      map.add(lines, "impact.errorRate");
      return true;
    case "dataLoss":
      impact.dataLoss = parsed.dataLoss;
      impact.dataLossNote = parsed.note;
      map.add(lines, "impact.dataLoss");
      return true;
    case "metric": {
      const m = parsed.metric;
      map.add(lines, `impact.metrics[${impact.metrics.length}]`);
      impact.metrics.push(m);
      // the first measurement of each headline number is the headline unless a field line states it
      if (m.kind === "USERS_AFFECTED" && impact.usersAffected === null && Number.isInteger(m.value)) {
        impact.usersAffected = m.value;
        map.add(lines, "impact.usersAffected");
      }
      if (m.kind === "ERROR_RATE" && impact.errorRate === null && m.unit === "%" && m.value >= 0 && m.value <= 100) {
        impact.errorRate = m.value / 100;
        map.add(lines, "impact.errorRate");
      }
      return true;
    }
  }
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
  const startZone = parseZone(startZoneText ?? endZoneText) ?? ctx.zone;
  const endZone = parseZone(endZoneText ?? startZoneText) ?? ctx.zone;
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

type MomentSource = "explicit" | "duration" | number;

/**
 * Start, end and the detected/mitigated/resolved moments: stated lines win, then the Duration line, then the
 * timeline ("outage begins" / "impact ended" entries, else the first and last entries; the milestone entries).
 * The end is taken from the last entry only for an incident that is over.
 */
export function deriveMoments(
  timeline: { occurredAt: string; text: string; milestone: Milestone | null }[],
  duration: { start: number | null; end: number | null; length: number | null } | null,
  explicit: Partial<Record<MomentField, number | null>>,
  status: IncidentStatus | null,
): { values: Record<MomentField, number | null>; sources: Partial<Record<MomentField, MomentSource>>; warnings: string[] } {
  const warnings: string[] = [];
  const sources: Partial<Record<MomentField, MomentSource>> = {};
  const times = timeline.map((e) => Date.parse(e.occurredAt));
  const pick = (field: MomentField, ...options: [MomentSource, number | null | undefined][]): number | null => {
    if (field in explicit) {
      sources[field] = "explicit";
      return explicit[field] ?? null;
    }
    for (const [source, value] of options) {
      if (value !== null && value !== undefined) {
        sources[field] = source;
        return value;
      }
    }
    return null;
  };
  const milestoneAt = (milestone: Milestone): [MomentSource, number | undefined] => {
    const index = timeline.findIndex((e) => e.milestone === milestone);
    return [index, index >= 0 ? times[index] : undefined];
  };
  const marked = (pattern: RegExp): [MomentSource, number | undefined] => {
    const index = timeline.findIndex((e) => pattern.test(e.text));
    return [index, index >= 0 ? times[index] : undefined];
  };
  const over = status === null || status === "RESOLVED" || status === "CLOSED";
  const startedAt = pick("startedAt", ["duration", duration?.start], marked(IMPACT_START), [0, times[0]]);
  const endFromLength = startedAt !== null && duration?.length != null && duration.start === null ? startedAt + duration.length : null;
  const endedAt = pick(
    "endedAt",
    ["duration", duration?.end],
    ["duration", endFromLength],
    marked(IMPACT_END),
    [times.length - 1, over && times.length > 1 ? times[times.length - 1] : undefined],
  );
  const values: Record<MomentField, number | null> = {
    startedAt,
    endedAt,
    detectedAt: pick("detectedAt", milestoneAt("DETECTED")),
    mitigatedAt: pick("mitigatedAt", milestoneAt("MITIGATED")),
    resolvedAt: pick("resolvedAt", milestoneAt("RESOLVED")),
  };
  if (duration?.start != null && duration.end != null && duration.length != null && Math.abs(duration.end - duration.start - duration.length) >= 60_000) {
    warnings.push("The duration written does not match its start and end times; the times were used.");
  }
  return { values, sources, warnings };
}

function parseActionItems(block: Block, draft: Draft, base: LocalDate, tableSeparators: Set<number>, map: LineMap, warnings: string[]) {
  const rows = block.lines.filter((l) => l.text && tableCells(l.text));
  let columns: Record<string, number> = { title: 0 };
  let headers: string[] = [];
  const tableLines = new Set<number>();
  for (const row of rows) {
    const cells = tableCells(row.text)!;
    tableLines.add(row.n);
    if (tableSeparators.has(row.n + 1)) {
      headers = cells;
      columns = {};
      cells.forEach((cell, i) => {
        const c = cell.toLowerCase();
        if (/^(action|item|title|task|action item|description)s?$/.test(c) && columns.title === undefined) columns.title = i;
        else if (/owner|assignee|who/.test(c)) columns.owner = i;
        else if (/due|deadline|date|when/.test(c)) columns.due = i;
        else if (/priority|prio/.test(c)) columns.priority = i;
        else if (/status|state|done/.test(c)) columns.status = i;
      });
      columns.title ??= 0;
      map.add(row.n, "section:actionItems");
      continue;
    }
    const cell = (name: string) => (columns[name] !== undefined ? cells[columns[name]]?.trim() : undefined) || undefined;
    const title = cell("title");
    if (!title) continue;
    const attrs: ActionAttributes = {};
    const owner = cell("owner");
    const due = cell("due");
    const priority = PRIORITY_WORDS[cell("priority")?.toLowerCase() ?? ""];
    const statusCell = cell("status")?.toLowerCase().replace(/’/g, "'");
    let status = statusCell ? (STATUS_WORDS[statusCell] ?? (/^\[?[x✓✔]\]?$/.test(statusCell) ? "DONE" : undefined)) : undefined;
    // "n/a **DONE**": a status written in bold in any cell
    for (const c of cells) status ??= STATUS_WORDS[/\*\*\s*([A-Za-z' ]+?)\s*\*\*/.exec(c)?.[1].toLowerCase() ?? ""];
    if (owner) attrs.owner = owner;
    if (due) attrs.due = due;
    if (priority) attrs.priority = priority;
    if (status) attrs.status = status;
    // columns the importer has no field for stay in the description
    const used = new Set(Object.entries(columns).filter(([name]) => name === "title" || (name === "owner" && owner) || (name === "due" && due) || (name === "priority" && priority) || (name === "status" && status && statusCell)).map(([, i]) => i));
    const rest = cells
      .map((value, i) => ({ value: value.trim(), i }))
      .filter(({ value, i }) => value && !used.has(i))
      .map(({ value, i }) => `${headers[i] || `Column ${i + 1}`}: ${value}`);
    pushActionItem(draft, title, attrs, null, rest.length ? rest.join("\n") : null, [row.n], base, map, warnings);
  }
  for (const item of splitItems(block.lines.filter((l) => !tableLines.has(l.n)))) {
    const [first, ...rest] = item.text.split("\n");
    const { title, attrs, checkbox } = splitActionItemLine(first);
    pushActionItem(draft, title, attrs, checkbox, rest.length ? rest.join("\n") : null, item.lines, base, map, warnings);
  }
}

function pushActionItem(
  draft: Draft,
  title: string,
  attrs: ActionAttributes,
  checkbox: string | null,
  description: string | null,
  lines: number[],
  base: LocalDate,
  map: LineMap,
  warnings: string[],
) {
  const extraLines: string[] = [];
  let ownerEmail: string | null = null;
  if (attrs.owner) {
    const owner = attrs.owner.replace(/^<(.*)>$/, "$1");
    if (EMAIL.test(owner)) ownerEmail = owner.toLowerCase();
    else extraLines.push(`Owner: ${attrs.owner}`);
  }
  let dueDate: string | null = null;
  if (attrs.due) {
    const written = parseDateValue(attrs.due, lines[0]);
    if (written) dueDate = isoDay(resolveDate(written, base));
    else {
      warnings.push(`Line ${lines[0]}: the due date "${attrs.due}" is not a date; it was kept in the description.`);
      extraLines.push(`Due: ${attrs.due}`);
    }
  }
  const fromBox: Record<string, ActionItemStatus> = { " ": "OPEN", x: "DONE", X: "DONE", "~": "IN_PROGRESS", "/": "IN_PROGRESS", "-": "WONT_DO" };
  const status = attrs.status ?? (checkbox !== null ? fromBox[checkbox] : "OPEN");
  const parts = [description, extraLines.length ? extraLines.join("\n") : null].filter((p): p is string => Boolean(p));
  const item: ActionItem = {
    title: title || "(untitled action item)",
    description: parts.length ? parts.join("\n") : null,
    ownerEmail,
    dueDate,
    priority: attrs.priority ?? "MEDIUM",
    status,
  };
  map.add(lines, `actionItems[${draft.actionItems.length}]`);
  draft.actionItems.push(item);
}

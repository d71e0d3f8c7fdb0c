// Export of a structured report as Markdown, as plain text in the shape teams paste into wikis and mail (the shape
// of the reference report), and as JSON. The text forms are written to be imported again: parseReportText gives
// back the same document. Each part is first written the natural way ("14:23 UTC - ...", "Due: Dec 1"); the
// export then reads its own output back and, wherever that reading differs, writes that part explicitly (full
// timestamps, ISO due dates, "[Action, mitigated]" tags, "Started:" lines ...).
import { formatDuration } from "@/lib/incidents/durations";
import {
  dateFromPublicId,
  parseConfigurationLine,
  parseDeploymentLine,
  parseImpactLine,
  parseReportText,
  resolveHeading,
} from "@/lib/incidents/report-text/read-back";
import { isoDay, MONTH_NAMES, TITLE_PREFIX } from "@/lib/incidents/report-text/shared-formats";
import { wallClockAt, type WallClock } from "@/lib/time/zone";
import type { ActionItem, ConfigurationEntry, DeploymentChange, ImpactMetric, LessonCategory, ReportDocument } from "@/lib/incidents/schema";

type Format = "text" | "markdown";
type MomentField = "startedAt" | "endedAt" | "detectedAt" | "mitigatedAt" | "resolvedAt";
const MOMENT_FIELDS: MomentField[] = ["startedAt", "endedAt", "detectedAt", "mitigatedAt", "resolvedAt"];
const MOMENT_LABELS: Record<MomentField, string> = {
  startedAt: "Started",
  endedAt: "Ended",
  detectedAt: "Detected",
  mitigatedAt: "Mitigated",
  resolvedAt: "Resolved",
};

type Plan = {
  dateLine: boolean;
  explicit: Set<MomentField>;
  timeline: "short" | "dated" | "iso";
  tags: boolean;
  isoDue: boolean;
  isoReview: boolean;
  lessonsTagged: boolean;
  headline: Set<"usersAffected" | "errorRate">;
  /** action items (by index) whose owner is written on a line of its own ("Owner: Doe, Jane (contractor)") */
  ownerOnLine: Set<number>;
  /** action items (by index) without an owner whose description would read as one: written "Owner: none" */
  noOwner: Set<number>;
};

export function toJson(doc: ReportDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function toPlainText(doc: ReportDocument): string {
  return exportText(doc, "text");
}

export function toMarkdown(doc: ReportDocument): string {
  return exportText(doc, "markdown");
}

function exportText(doc: ReportDocument, format: Format): string {
  const plan = initialPlan(doc);
  let text = render(doc, format, plan);
  for (let round = 0; round < 8; round++) {
    let parsed: ReportDocument;
    try {
      parsed = parseReportText(text).document;
    } catch {
      return text;
    }
    if (!adjust(plan, doc, parsed)) return text;
    text = render(doc, format, plan);
  }
  return text;
}

// ---------------------------------------------------------------------------------------------------------------
// Deciding how explicit each part must be
// ---------------------------------------------------------------------------------------------------------------

function anchorOf(doc: ReportDocument): string | null {
  return doc.startedAt ?? doc.timeline[0]?.occurredAt ?? doc.detectedAt ?? doc.endedAt ?? null;
}

function initialPlan(doc: ReportDocument): Plan {
  const anchor = anchorOf(doc);
  const idDate = dateFromPublicId(doc.publicId);
  const anchorDay = anchor ? isoDay(wallClockAt(Date.parse(anchor), doc.timeZone)) : null;
  return {
    dateLine: anchorDay !== null && (!idDate || isoDay(idDate) !== anchorDay),
    explicit: new Set(),
    timeline: "short",
    tags: false,
    isoDue: false,
    isoReview: false,
    lessonsTagged: false,
    headline: new Set(),
    ownerOnLine: new Set(),
    noOwner: new Set(),
  };
}

/** Who owns an item as text: a user's email or the name kept (compared without case: emails are read lower-cased). */
const ownerText = (item: ActionItem) => (item.ownerEmail ?? item.ownerName ?? "").toLowerCase();

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Makes the plan more explicit where `parsed` differs from `doc`; false when nothing more can be done. */
function adjust(plan: Plan, doc: ReportDocument, parsed: ReportDocument): boolean {
  let changed = false;
  const timesDiffer =
    MOMENT_FIELDS.some((f) => doc[f] !== parsed[f]) ||
    !same(
      doc.timeline.map((e) => e.occurredAt),
      parsed.timeline.map((e) => e.occurredAt),
    ) ||
    !same(
      doc.actionItems.map((a) => a.dueDate),
      parsed.actionItems.map((a) => a.dueDate),
    ) ||
    doc.followUp?.scheduledAt !== parsed.followUp?.scheduledAt;
  if (timesDiffer && !plan.dateLine && anchorOf(doc)) {
    plan.dateLine = true;
    return true;
  }
  const docTimes = doc.timeline.map((e) => e.occurredAt);
  if (
    docTimes.length === parsed.timeline.length &&
    !same(
      docTimes,
      parsed.timeline.map((e) => e.occurredAt),
    )
  ) {
    if (plan.timeline !== "iso") {
      plan.timeline = plan.timeline === "short" ? "dated" : "iso";
      changed = true;
    }
  } else {
    const annotations = (d: ReportDocument) => d.timeline.map((e) => [e.kind, e.milestone]);
    if (!plan.tags && !same(annotations(doc), annotations(parsed))) {
      plan.tags = true;
      changed = true;
    }
    for (const field of MOMENT_FIELDS) {
      if (doc[field] !== parsed[field] && !plan.explicit.has(field)) {
        plan.explicit.add(field);
        changed = true;
      }
    }
  }
  if (
    !plan.isoDue &&
    !same(
      doc.actionItems.map((a) => a.dueDate),
      parsed.actionItems.map((a) => a.dueDate),
    )
  ) {
    plan.isoDue = true;
    changed = true;
  }
  if (!plan.isoReview && doc.followUp && doc.followUp.scheduledAt !== parsed.followUp?.scheduledAt) {
    plan.isoReview = true;
    changed = true;
  }
  if (
    !plan.lessonsTagged &&
    !same(
      doc.lessonsLearned.map((l) => l.category),
      parsed.lessonsLearned.map((l) => l.category),
    )
  ) {
    plan.lessonsTagged = true;
    changed = true;
  }
  if (doc.actionItems.length === parsed.actionItems.length) {
    doc.actionItems.forEach((item, index) => {
      if (ownerText(item) === ownerText(parsed.actionItems[index]!)) return;
      const explicit = ownerText(item) ? plan.ownerOnLine : plan.noOwner;
      if (!explicit.has(index)) {
        explicit.add(index);
        changed = true;
      }
    });
  }
  for (const field of ["usersAffected", "errorRate"] as const) {
    if (doc.impact[field] !== parsed.impact[field] && !plan.headline.has(field)) {
      plan.headline.add(field);
      changed = true;
    }
  }
  return changed;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------------------------

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function clock(p: WallClock): string {
  return `${pad(p.hour)}:${pad(p.minute)}${p.second ? `:${pad(p.second)}` : ""}`;
}

function zoneSuffix(doc: ReportDocument): string {
  return doc.timeZone === "UTC" ? " UTC" : "";
}

function longDate(p: { year: number; month: number; day: number }): string {
  return `${MONTH_NAMES[p.month - 1]} ${p.day}, ${p.year}`;
}

/** A moment written so the importer reads exactly it back: local date and time, or ISO when milliseconds matter. */
function fullMoment(iso: string, doc: ReportDocument): string {
  const ms = Date.parse(iso);
  const p = wallClockAt(ms, doc.timeZone);
  if (p.millisecond) return new Date(ms).toISOString();
  return `${isoDay(p)} ${clock(p)}${zoneSuffix(doc)}`;
}

function timelineStamp(iso: string, doc: ReportDocument, mode: Plan["timeline"]): string {
  const ms = Date.parse(iso);
  const p = wallClockAt(ms, doc.timeZone);
  if (mode === "iso" || p.millisecond) return new Date(ms).toISOString();
  return `${mode === "dated" ? `${isoDay(p)} ` : ""}${clock(p)}${zoneSuffix(doc)}`;
}

const KIND_LABEL: Record<string, string> = {
  ALERT: "Alert",
  PAGE: "Page",
  ACTION: "Action",
  OBSERVATION: "Observation",
  MILESTONE: "Milestone",
};

const STATUS_LABEL: Record<string, string> = {
  INVESTIGATING: "Investigating",
  IDENTIFIED: "Identified",
  MONITORING: "Monitoring",
  RESOLVED: "Resolved",
  CLOSED: "Closed",
};

const LESSON_HEADINGS: Record<LessonCategory, string> = {
  GENERAL: "Lessons Learned",
  WENT_WELL: "What went well",
  WENT_WRONG: "What went wrong",
  LUCKY: "Where we got lucky",
};
const LESSON_TAGS: Record<LessonCategory, string> = {
  GENERAL: "General",
  WENT_WELL: "Went well",
  WENT_WRONG: "Went wrong",
  LUCKY: "Lucky",
};

/** A list item; further lines are indented under the marker so the importer keeps them in the item. */
function listItem(marker: string, text: string): string[] {
  const [first, ...rest] = text.split("\n");
  const indent = " ".repeat(marker.length + 1);
  return [`${marker} ${first}`, ...rest.map((line) => (line ? `${indent}${line}` : ""))];
}

function numbered(items: string[]): string[] {
  return items.flatMap((item, i) => listItem(`${i + 1}.`, item));
}

function bulleted(items: string[]): string[] {
  return items.flatMap((item) => listItem("-", item));
}

class Writer {
  readonly out: string[] = [];
  constructor(readonly format: Format) {}

  heading(text: string, level = 2) {
    const last = this.out.at(-1) ?? "";
    // a subsection directly under its section's underline, as in the reference report
    if (!(this.format === "text" && level > 2 && /^-{3,}$/.test(last))) this.blank();
    if (this.format === "markdown") this.out.push(`${"#".repeat(level)} ${text}`, "");
    else if (level <= 2) this.out.push(`${text}:`, "-".repeat(Math.max(3, text.length + 1)));
    else this.out.push(`${text}:`);
  }

  field(key: string, value: string) {
    this.out.push(this.format === "markdown" ? `- **${key}:** ${value}` : `${key}: ${value}`);
  }

  lines(lines: string[]) {
    this.out.push(...lines);
  }

  blank() {
    if (this.out.length && this.out[this.out.length - 1] !== "") this.out.push("");
  }

  toString() {
    while (this.out.at(-1) === "") this.out.pop();
    return `${this.out.join("\n")}\n`;
  }
}

function render(doc: ReportDocument, format: Format, plan: Plan): string {
  const w = new Writer(format);
  writeTitle(w, doc);
  writeHeader(w, doc, plan);
  if (doc.summary) {
    w.heading("Summary");
    w.lines(doc.summary.split("\n"));
  }
  writeTimeline(w, doc, plan);
  for (const [field, heading] of [
    ["trigger", "Trigger"],
    ["detection", "Detection"],
  ] as const) {
    const body = doc[field];
    if (body) {
      w.heading(heading);
      w.lines(body.split("\n"));
    }
  }
  if (doc.rootCause) {
    w.heading(format === "markdown" ? "Root Cause" : "Root Cause Analysis");
    w.lines(doc.rootCause.split("\n"));
  }
  if (doc.contributingFactors.length) {
    if (doc.rootCause) w.heading(format === "markdown" ? "Contributing Factors" : "Key contributing factors", 3);
    else w.heading("Contributing Factors");
    w.lines(numbered(doc.contributingFactors));
  }
  writeImpact(w, doc, plan);
  if (doc.resolutionSteps.length) {
    w.heading("Resolution Steps");
    w.lines(numbered(doc.resolutionSteps));
  }
  if (doc.preventiveMeasures.length) {
    w.heading("Preventive Measures");
    w.lines(numbered(doc.preventiveMeasures));
  }
  writeTechnicalDetails(w, doc);
  if (doc.supportingInfo) {
    w.heading("Supporting Information");
    w.lines(doc.supportingInfo.split("\n"));
  }
  writeLessons(w, doc, plan);
  writeActionItems(w, doc, plan);
  if (doc.followUp?.note) {
    w.heading("Follow-up");
    w.lines(doc.followUp.note.split("\n"));
  }
  if (doc.attachmentsListed.length) {
    w.heading("Attachments");
    w.lines(bulleted(doc.attachmentsListed));
  }
  for (const section of doc.extraSections) {
    w.heading(section.heading);
    if (section.body) w.lines(section.body.split("\n"));
  }
  writeSignOff(w, doc, plan);
  return w.toString();
}

function writeTitle(w: Writer, doc: ReportDocument) {
  if (w.format === "text") {
    const line = `INCIDENT REPORT - ${doc.title}`;
    w.lines([line, "=".repeat(line.length)]);
    return;
  }
  const needsPrefix = TITLE_PREFIX.test(doc.title) || resolveHeading(doc.title) !== null;
  w.lines([`# ${needsPrefix ? `Incident report: ${doc.title}` : doc.title}`]);
}

function writeHeader(w: Writer, doc: ReportDocument, plan: Plan) {
  w.blank();
  if (doc.publicId) w.field("Incident ID", doc.publicId);
  const anchor = anchorOf(doc);
  if (plan.dateLine && anchor) w.field("Date", longDate(wallClockAt(Date.parse(anchor), doc.timeZone)));
  w.field("Severity", doc.severity);
  const [impactFirst] = (doc.impactSummary ?? "").split("\n");
  if (impactFirst) w.field("Impact", impactFirst);
  if (doc.startedAt && doc.endedAt) {
    const start = Date.parse(doc.startedAt);
    const end = Date.parse(doc.endedAt);
    const length = formatDuration(end - start);
    const range =
      end - start < 24 * 60 * 60 * 1000
        ? `${clock(wallClockAt(start, doc.timeZone))} - ${clock(wallClockAt(end, doc.timeZone))}${zoneSuffix(doc)}`
        : `${fullMoment(doc.startedAt, doc).replace(/ UTC$/, "")} - ${fullMoment(doc.endedAt, doc)}`;
    w.field("Duration", `${length} (${range})`);
  }
  w.field("Status", STATUS_LABEL[doc.status]);
  if (doc.timeZone !== "UTC") w.field("Time zone", doc.timeZone);
  if (doc.private) w.field("Private", "Yes");
  for (const field of MOMENT_FIELDS) {
    if (!plan.explicit.has(field)) continue;
    const value = doc[field];
    w.field(MOMENT_LABELS[field], value ? fullMoment(value, doc) : "unknown");
  }
}

function writeTimeline(w: Writer, doc: ReportDocument, plan: Plan) {
  if (!doc.timeline.length) return;
  w.heading("Timeline");
  for (const entry of doc.timeline) {
    const tag = plan.tags ? `[${KIND_LABEL[entry.kind]}${entry.milestone ? `, ${entry.milestone.toLowerCase()}` : ""}] ` : "";
    const line = `${timelineStamp(entry.occurredAt, doc, plan.timeline)} - ${tag}${entry.text}`;
    const [first, ...rest] = line.split("\n");
    const lead = w.format === "markdown" ? "- " : "";
    w.lines([`${lead}${first}`, ...rest.map((l) => (l ? `  ${l}` : ""))]);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Impact, technical details, lessons, action items
// ---------------------------------------------------------------------------------------------------------------

function attributes(pairs: [string, string | number | null][]): string {
  return pairs
    .filter((pair): pair is [string, string | number] => pair[1] !== null && pair[1] !== "")
    .map(([key, value]) => `; ${key}: ${value}`)
    .join("");
}

/** The author's sentence when it reads back as this very metric; else the explicit form, the sentence kept in it. */
function metricLine(metric: ImpactMetric): string {
  const { id: _id, ...wanted } = metric;
  if (metric.statement) {
    const parsed = parseImpactLine(metric.statement);
    if (parsed.type === "metric" && same(parsed.metric, wanted)) return metric.statement;
  }
  return `Metric: ${metric.label}${attributes([
    ["kind", metric.kind.toLowerCase().replace(/_/g, " ")],
    ["value", String(metric.value)],
    ["unit", metric.unit],
    ["baseline", metric.baseline === null ? null : String(metric.baseline)],
    ["baseline unit", metric.baselineUnit],
    ["qualifier", metric.qualifier],
    ["statement", flat(metric.statement)],
    ["note", metric.note],
  ])}`;
}

/** A statement inside an explicit line is one line (the importer reads the line up to the next attribute). */
function flat(text: string | null): string | null {
  return text === null ? null : text.replace(/\s*\n\s*/g, " ");
}

function percentText(fraction: number): string {
  for (let precision = 1; precision <= 17; precision++) {
    const text = String(Number((fraction * 100).toPrecision(precision)));
    if (Number(text) / 100 === fraction) return `${text}%`;
  }
  return String(fraction);
}

function dataLossLine(doc: ReportDocument): string | null {
  const { dataLoss, dataLossNote } = doc.impact;
  if (dataLoss === null && dataLossNote === null) return null;
  if (dataLossNote) {
    const parsed = parseImpactLine(dataLossNote);
    if (parsed.type === "dataLoss" && parsed.dataLoss === dataLoss && parsed.note === dataLossNote) return dataLossNote;
  }
  const answer = dataLoss === null ? "Unknown" : dataLoss ? "Yes" : "No";
  return `Data loss: ${answer}${dataLossNote ? ` — ${dataLossNote}` : ""}`;
}

function writeImpact(w: Writer, doc: ReportDocument, plan: Plan) {
  const items: string[] = [];
  const narrative = (doc.impactSummary ?? "").split("\n").slice(1).filter(Boolean);
  items.push(...narrative);
  items.push(...doc.impact.metrics.map(metricLine));
  const dataLoss = dataLossLine(doc);
  if (dataLoss) items.push(dataLoss);
  if (plan.headline.has("usersAffected") && doc.impact.usersAffected !== null) items.push(`Users affected: ${doc.impact.usersAffected}`);
  if (plan.headline.has("errorRate") && doc.impact.errorRate !== null) items.push(`Error rate: ${percentText(doc.impact.errorRate)}`);
  if (!items.length) return;
  w.heading(w.format === "markdown" ? "Impact" : "Impact Assessment");
  w.lines(bulleted(items));
}

function withoutId<T extends { id?: string }>(value: T): Omit<T, "id"> {
  const { id: _id, ...rest } = value;
  return rest;
}

// Configuration and deployment lines: the line as the author wrote it when it reads back as the same entry (the
// importer keeps every line it reads as its statement); else the explicit form, which carries the statement too.

function configurationLine(entry: ConfigurationEntry): string {
  if (entry.statement && same(parseConfigurationLine(entry.statement, entry.scope), withoutId(entry))) return entry.statement;
  return `Setting: ${entry.key}${attributes([
    ["value", entry.value || null],
    ["previous value", entry.previousValue],
    ["statement", flat(entry.statement)],
    ["note", entry.note],
  ])}${entry.value ? "" : "; value: "}`;
}

function deploymentLine(change: DeploymentChange): string {
  if (change.statement && same(parseDeploymentLine(change.statement), withoutId(change))) return change.statement;
  return `Component: ${change.component}${attributes([
    ["from", change.fromVersion],
    ["to", change.toVersion],
    ["statement", flat(change.statement)],
    ["note", change.note],
  ])}`;
}

function scopeHeading(scope: string | null): string {
  if (scope === null) return "Configuration";
  const resolved = resolveHeading(scope);
  if (resolved?.key === "configuration" && resolved.scope === scope) return scope;
  return `Configuration (${scope})`;
}

function writeTechnicalDetails(w: Writer, doc: ReportDocument) {
  if (!doc.services.length && !doc.configuration.length && !doc.deploymentChanges.length) return;
  w.heading("Technical Details");
  if (doc.services.length) {
    w.heading("Affected Services", 3);
    w.lines(bulleted(doc.services));
  }
  let index = 0;
  while (index < doc.configuration.length) {
    const scope = doc.configuration[index].scope;
    const group: ConfigurationEntry[] = [];
    while (index < doc.configuration.length && doc.configuration[index].scope === scope) group.push(doc.configuration[index++]);
    w.heading(scopeHeading(scope), 3);
    w.lines(bulleted(group.map(configurationLine)));
  }
  if (doc.deploymentChanges.length) {
    w.heading("Deployment Changes", 3);
    w.lines(bulleted(doc.deploymentChanges.map(deploymentLine)));
  }
}

function writeLessons(w: Writer, doc: ReportDocument, plan: Plan) {
  const lessons = doc.lessonsLearned;
  if (!lessons.length) return;
  w.heading("Lessons Learned");
  const groups: { category: LessonCategory; texts: string[] }[] = [];
  for (const lesson of lessons) {
    const last = groups.at(-1);
    if (last && last.category === lesson.category) last.texts.push(lesson.text);
    else groups.push({ category: lesson.category, texts: [lesson.text] });
  }
  const contiguous = new Set(groups.map((g) => g.category)).size === groups.length;
  if (plan.lessonsTagged || !contiguous) {
    w.lines(numbered(lessons.map((l) => `[${LESSON_TAGS[l.category]}] ${l.text}`)));
    return;
  }
  groups.forEach((group, i) => {
    if (i > 0 || group.category !== "GENERAL") w.heading(LESSON_HEADINGS[group.category], 3);
    w.lines(numbered(group.texts));
  });
}

const PRIORITY_LABEL: Record<string, string> = { CRITICAL: "Critical", HIGH: "High", MEDIUM: "Medium", LOW: "Low" };

function actionItemLine(item: ActionItem, index: number, plan: Plan): string[] {
  const attrs: string[] = [];
  const owner = item.ownerEmail ?? item.ownerName ?? null;
  const ownerOnLine = owner !== null && plan.ownerOnLine.has(index);
  if (owner !== null && !ownerOnLine) attrs.push(`Owner: ${owner}`);
  if (owner === null && plan.noOwner.has(index)) attrs.push("Owner: none");
  if (item.dueDate) {
    const [, month, day] = item.dueDate.split("-").map(Number);
    attrs.push(`Due: ${plan.isoDue ? item.dueDate : `${MONTH_NAMES[month - 1].slice(0, 3)} ${day}`}`);
  }
  if (item.priority !== "MEDIUM") attrs.push(`Priority: ${PRIORITY_LABEL[item.priority]}`);
  if (item.status === "IN_PROGRESS") attrs.push("Status: In progress");
  if (item.status === "WONT_DO") attrs.push("Status: Won't do");
  const box = item.status === "DONE" ? "[x]" : "[ ]";
  const first = `${box} ${item.title}${attrs.length ? ` (${attrs.join(", ")})` : ""}`;
  const lines = [first, ownerOnLine ? `Owner: ${owner}` : null, item.description].filter((line): line is string => Boolean(line));
  return listItem("-", lines.join("\n"));
}

function writeActionItems(w: Writer, doc: ReportDocument, plan: Plan) {
  if (!doc.actionItems.length) return;
  w.heading("Action Items");
  doc.actionItems.forEach((item, index) => w.lines(actionItemLine(item, index, plan)));
}

function writeSignOff(w: Writer, doc: ReportDocument, plan: Plan) {
  if (!doc.preparedBy && !doc.reviewedBy && !doc.followUp) return;
  if (w.format === "markdown") w.heading("Sign-off");
  else w.blank();
  if (doc.preparedBy) w.field("Report prepared by", doc.preparedBy);
  if (doc.reviewedBy) w.field("Review completed by", doc.reviewedBy);
  if (doc.followUp) {
    const ms = Date.parse(doc.followUp.scheduledAt);
    const p = wallClockAt(ms, doc.timeZone);
    const midnight = !p.hour && !p.minute && !p.second && !p.millisecond;
    const value = plan.isoReview ? doc.followUp.scheduledAt : midnight ? longDate(p) : fullMoment(doc.followUp.scheduledAt, doc);
    w.field("Next review date", value);
  }
}

// Field-by-field comparison of two versions of a structured report: the audit trail of a save, the editor's
// "unsaved changes" and its conflict view, and revision diffs all read the report through these fields.
// Pure and free of server imports: safe in client components.
import {
  ACTION_ITEM_STATUSES,
  IMPACT_METRIC_KINDS,
  INCIDENT_STATUSES,
  LESSON_CATEGORIES,
  MILESTONES,
  PRIORITIES,
  TIMELINE_EVENT_KINDS,
} from "@/lib/incidents/enums";
import type { ReportDocument } from "@/lib/incidents/schema";

/**
 * The fields of a report as people think of them. Top-level document fields, except the impact assessment, which is
 * split into its parts so that two people editing different impact numbers do not collide on one "impact" field.
 * Lists (timeline, action items, ...) are compared as wholes.
 */
export const REPORT_FIELDS = [
  "publicId",
  "title",
  "severity",
  "impactSummary",
  "status",
  "private",
  "timeZone",
  "startedAt",
  "endedAt",
  "detectedAt",
  "mitigatedAt",
  "resolvedAt",
  "summary",
  "timeline",
  "rootCause",
  "contributingFactors",
  "trigger",
  "detection",
  "impact.usersAffected",
  "impact.errorRate",
  "impact.dataLoss",
  "impact.dataLossNote",
  "impact.metrics",
  "resolutionSteps",
  "preventiveMeasures",
  "lessonsLearned",
  "services",
  "configuration",
  "deploymentChanges",
  "actionItems",
  "followUp",
  "supportingInfo",
  "attachmentsListed",
  "preparedBy",
  "reviewedBy",
  "extraSections",
] as const;

export type ReportField = (typeof REPORT_FIELDS)[number];

type ImpactKey = keyof ReportDocument["impact"];
export type ReportFieldValue<F extends ReportField> = F extends `impact.${infer K extends ImpactKey}`
  ? ReportDocument["impact"][K]
  : F extends keyof ReportDocument
    ? ReportDocument[F]
    : never;

export const REPORT_FIELD_LABELS: Record<ReportField, string> = {
  publicId: "Incident id",
  title: "Title",
  severity: "Severity",
  impactSummary: "Impact summary",
  status: "Status",
  private: "Private",
  timeZone: "Time zone",
  startedAt: "Start",
  endedAt: "End",
  detectedAt: "Detected at",
  mitigatedAt: "Mitigated at",
  resolvedAt: "Resolved at",
  summary: "Summary",
  timeline: "Timeline",
  rootCause: "Root cause",
  contributingFactors: "Contributing factors",
  trigger: "Trigger",
  detection: "Detection",
  "impact.usersAffected": "Users affected",
  "impact.errorRate": "Error rate",
  "impact.dataLoss": "Data loss",
  "impact.dataLossNote": "Data loss note",
  "impact.metrics": "Impact metrics",
  resolutionSteps: "Resolution steps",
  preventiveMeasures: "Preventive measures",
  lessonsLearned: "Lessons learned",
  services: "Affected services",
  configuration: "Configuration",
  deploymentChanges: "Deployment changes",
  actionItems: "Action items",
  followUp: "Follow-up review",
  supportingInfo: "Supporting information",
  attachmentsListed: "Attachments mentioned",
  preparedBy: "Prepared by",
  reviewedBy: "Reviewed by",
  extraSections: "Extra sections",
};

export function getReportField<F extends ReportField>(doc: ReportDocument, field: F): ReportFieldValue<F> {
  if (field.startsWith("impact.")) return doc.impact[field.slice("impact.".length) as ImpactKey] as ReportFieldValue<F>;
  return doc[field as keyof ReportDocument] as ReportFieldValue<F>;
}

/** A copy of `doc` with one field replaced. */
export function setReportField<F extends ReportField>(doc: ReportDocument, field: F, value: ReportFieldValue<F>): ReportDocument {
  if (field.startsWith("impact.")) {
    return { ...doc, impact: { ...doc.impact, [field.slice("impact.".length)]: value } };
  }
  return { ...doc, [field]: value };
}

/**
 * JSON with object keys sorted and `undefined` dropped, so that equal content compares equal whatever order its keys
 * were written in. With `ignoreIds`, the database ids of list entries are left out: a list whose rows were rewritten
 * with the same content has not changed.
 */
export function canonicalJson(value: unknown, { ignoreIds = true }: { ignoreIds?: boolean } = {}): string {
  return JSON.stringify(canonical(value, ignoreIds));
}

function canonical(value: unknown, ignoreIds: boolean): unknown {
  if (Array.isArray(value)) return value.map((entry) => canonical(entry, ignoreIds));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const entry = (value as Record<string, unknown>)[key];
      if (entry === undefined || (ignoreIds && key === "id")) continue;
      out[key] = canonical(entry, ignoreIds);
    }
    return out;
  }
  return value ?? null;
}

export function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

export type ReportFieldChange = { field: ReportField; label: string; before: unknown; after: unknown };

/** The fields whose content differs, in report order. Entry ids are ignored (see `canonicalJson`). */
export function diffReports(before: ReportDocument, after: ReportDocument): ReportFieldChange[] {
  const changes: ReportFieldChange[] = [];
  for (const field of REPORT_FIELDS) {
    const a = getReportField(before, field);
    const b = getReportField(after, field);
    if (!sameValue(a, b)) changes.push({ field, label: REPORT_FIELD_LABELS[field], before: a, after: b });
  }
  return changes;
}

export function reportsEqual(a: ReportDocument, b: ReportDocument): boolean {
  return diffReports(a, b).length === 0;
}

/** `{ field: { before, after } }` for the audit trail, without entry ids. */
export function reportAuditChanges(before: ReportDocument, after: ReportDocument): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const change of diffReports(before, after)) {
    changes[change.field] = { before: JSON.parse(canonicalJson(change.before)), after: JSON.parse(canonicalJson(change.after)) };
  }
  return changes;
}

/** `{ field: { after } }` for every field a new report fills in: the audit record of a creation or an import. */
export function creationAuditChanges(doc: ReportDocument): Record<string, { after: unknown }> {
  const changes: Record<string, { after: unknown }> = {};
  for (const field of REPORT_FIELDS) {
    const value = getReportField(doc, field);
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) continue;
    changes[field] = { after: JSON.parse(canonicalJson(value)) };
  }
  return changes;
}

/**
 * Three-way view of a field during a conflict: who changed it since the version both started from.
 * `base` is what the user loaded, `mine` what they have now, `theirs` what is stored.
 */
export type ConflictField = ReportFieldChange & { mine: unknown; theirs: unknown; changedByMe: boolean; changedByThem: boolean };

export function conflictFields(base: ReportDocument, mine: ReportDocument, theirs: ReportDocument): ConflictField[] {
  return diffReports(theirs, mine).map((change) => {
    const baseValue = getReportField(base, change.field);
    return {
      ...change,
      mine: change.after,
      theirs: change.before,
      changedByMe: !sameValue(baseValue, change.after),
      changedByThem: !sameValue(baseValue, change.before),
    };
  });
}

/** Starts from the stored version and takes the user's value for every field in `keepMine`. */
export function mergeReports(theirs: ReportDocument, mine: ReportDocument, keepMine: Iterable<ReportField>): ReportDocument {
  let merged = theirs;
  for (const field of keepMine) merged = setReportField(merged, field, getReportField(mine, field));
  return merged;
}

/** A readable rendering of a field's value for side-by-side views (history, conflicts): one line per list entry. */
export function describeFieldValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "number") return value.toLocaleString("en-US");
  if (typeof value === "string") return describeScalar(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "(none)";
    return value.map((entry, index) => `${index + 1}. ${describeEntry(entry)}`).join("\n");
  }
  return describeEntry(value);
}

/** How list entries' keys read (the editor's words); the entry's main text goes first, without a label. */
const ENTRY_KEY_LABELS: Record<string, string> = {
  occurredAt: "Time",
  kind: "Kind",
  milestone: "Milestone",
  ownerEmail: "Owner",
  ownerName: "Owner (not a user)",
  dueDate: "Due",
  priority: "Priority",
  status: "Status",
  description: "Description",
  trackerUrl: "Tracker",
  category: "Category",
  scope: "Scope",
  key: "Key",
  value: "Value",
  previousValue: "Previous value",
  fromVersion: "From",
  toVersion: "To",
  unit: "Unit",
  baseline: "Baseline",
  baselineUnit: "Baseline unit",
  qualifier: "Qualifier",
  statement: "As written",
  note: "Note",
  scheduledAt: "Date",
  heading: "Heading",
  body: "Text",
};
const ENTRY_MAIN_KEYS = new Set(["title", "text", "label", "component"]);
const ENUM_VALUES: ReadonlySet<string> = new Set([
  ...INCIDENT_STATUSES,
  ...TIMELINE_EVENT_KINDS,
  ...MILESTONES,
  ...IMPACT_METRIC_KINDS,
  ...LESSON_CATEGORIES,
  ...ACTION_ITEM_STATUSES,
  ...PRIORITIES,
]);
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z$/;
const ENUM_WORDS: Record<string, string> = { WONT_DO: "Won't do", LUCKY: "Where we got lucky" };

/** IN_PROGRESS → "In progress"; a UTC instant → "2024-11-27 14:23 UTC"; other text as it is. */
function describeScalar(value: string): string {
  if (ENUM_VALUES.has(value)) return ENUM_WORDS[value] ?? value.charAt(0) + value.slice(1).toLowerCase().replaceAll("_", " ");
  if (ISO_INSTANT.test(value)) return `${value.slice(0, 10)} ${value.slice(11, 16)} UTC`;
  return value;
}

function describeEntry(entry: unknown): string {
  if (entry === null || typeof entry !== "object") return String(entry);
  const shown = Object.entries(entry as Record<string, unknown>).filter(
    ([key, value]) => key !== "id" && value !== null && value !== undefined && value !== "",
  );
  const text = (value: unknown) => (typeof value === "object" ? JSON.stringify(value) : typeof value === "string" ? describeScalar(value) : String(value));
  return [
    ...shown.filter(([key]) => ENTRY_MAIN_KEYS.has(key)).map(([, value]) => text(value)),
    ...shown.filter(([key]) => !ENTRY_MAIN_KEYS.has(key)).map(([key, value]) => `${ENTRY_KEY_LABELS[key] ?? key}: ${text(value)}`),
  ].join(" · ");
}

// A report's lines, and what a line can be: layout (underlines, rules), a heading naming a report section (through
// synonyms), a "Field: value" line or a table row.
import type { LessonCategory } from "@/lib/incidents/schema";

export type Line = { n: number; raw: string; text: string; indent: number };

export function toLines(text: string): Line[] {
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
export const TABLE_SEPARATOR = /^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$/;

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
  [
    "summary",
    ["summary", "executive summary", "incident summary", "overview", "incident overview", "description", "incident description", "tl;dr", "tldr", "abstract"],
  ],
  ["timeline", ["timeline", "incident timeline", "timeline of events", "event timeline", "detailed timeline", "chronology", "sequence of events", "events"]],
  ["rootCause", ["root cause", "root causes", "root cause analysis", "rca", "cause", "causes", "technical root cause", "root cause and analysis"]],
  ["contributingFactors", ["contributing factors", "key contributing factors", "contributing factor", "contributing causes", "factors"]],
  ["trigger", ["trigger", "triggers", "triggering event", "what triggered the incident"]],
  ["detection", ["detection", "how it was detected", "how was it detected", "detection method"]],
  ["impact", ["impact", "impact assessment", "impact analysis", "customer impact", "user impact", "business impact", "impact summary", "impact details"]],
  [
    "resolutionSteps",
    [
      "resolution",
      "resolution steps",
      "resolution and recovery",
      "mitigation",
      "mitigation steps",
      "mitigation and resolution",
      "remediation",
      "remediation steps",
      "recovery",
      "recovery steps",
      "how it was resolved",
      "fix",
    ],
  ],
  [
    "preventiveMeasures",
    [
      "preventive measures",
      "preventative measures",
      "prevention",
      "preventive actions",
      "preventative actions",
      "prevention measures",
      "preventive steps",
      "preventing recurrence",
      "recurrence prevention",
    ],
  ],
  ["lessons", ["lessons learned", "lessons learnt", "lessons", "learnings", "key learnings", "takeaways", "key takeaways"], "GENERAL"],
  ["lessons", ["what went well", "things that went well", "went well"], "WENT_WELL"],
  [
    "lessons",
    [
      "what went wrong",
      "what didn't go well",
      "what didn't go so well",
      "what did not go so well",
      "what went badly",
      "what did not go well",
      "what went poorly",
      "things that went wrong",
      "what could have gone better",
      "what could be improved",
      "areas for improvement",
      "went wrong",
    ],
    "WENT_WRONG",
  ],
  ["lessons", ["where we got lucky", "what we got lucky with", "where we were lucky", "what was lucky", "lucky", "got lucky"], "LUCKY"],
  ["technicalDetails", ["technical details", "technical information", "technical summary", "system details"]],
  [
    "services",
    [
      "affected services",
      "services affected",
      "impacted services",
      "services impacted",
      "affected systems",
      "systems affected",
      "affected components",
      "services",
    ],
  ],
  ["configuration", ["configuration", "configuration changes", "config", "config changes", "settings"]],
  [
    "deploymentChanges",
    ["deployment changes", "deployments", "changes deployed", "recent changes", "recent deployments", "deployment", "code changes", "changes"],
  ],
  [
    "actionItems",
    [
      "action items",
      "actions",
      "action plan",
      "follow up actions",
      "follow up items",
      "follow up tasks",
      "next steps",
      "corrective actions",
      "tasks",
      "todo",
      "to do",
      "todos",
      "action items and owners",
      "remediation items",
    ],
  ],
  ["followUp", ["follow up", "follow up review", "next review", "follow up meeting"]],
  ["attachments", ["attachments", "attached", "attached files", "supporting documents", "evidence", "artifacts"]],
  [
    "supportingInfo",
    ["supporting information", "supporting info", "additional information", "additional info", "additional details", "additional context", "supporting data"],
  ],
  ["signOff", ["sign off", "sign offs", "approval", "approvals", "signatures", "review and approval"]],
];

const HEADING_LOOKUP = new Map<string, { key: SectionKey; category?: LessonCategory }>();
for (const [key, names, category] of HEADING_SYNONYMS) for (const name of names) HEADING_LOOKUP.set(name, { key, category });

export type ResolvedHeading = { key: SectionKey; category?: LessonCategory; scope?: string | null; paren?: string };

export function stripEmphasis(text: string): string {
  return text.replace(/^(\*\*|__|\*|_|`)(.+)\1$/, "$2").trim();
}

/** A heading's text as written, without markup and the trailing colon. */
export function cleanHeading(text: string): string {
  return stripEmphasis(
    text
      .replace(/^#{1,6}\s+/, "")
      .replace(/\s*#+\s*$/, "")
      .trim(),
  )
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
  const normal = base.toLowerCase().replace(/[’‘]/g, "'").replace(/&/g, " and ").replace(/[-/]/g, " ").replace(/[*_`]/g, "").replace(/\s+/g, " ").trim();
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

export const LIST_MARKER = /^(\s*)([-*+•·]|\d{1,3}[.)])\s+(.*)$/;
const FIELD_LINE = /^(?:[-*+•]\s+)?(?:\*\*|__)?([A-Za-z][A-Za-z '’#/&().-]{0,50}?)\s*(?::\*\*|\*\*:|:__|__:|:)(?:\s+(.*)|\s*$)/;

export type FieldKey =
  | "publicId"
  | "ticket"
  | "title"
  | "severity"
  | "impactSummary"
  | "duration"
  | "status"
  | "private"
  | "visibility"
  | "timeZone"
  | "date"
  | "startedAt"
  | "endedAt"
  | "detectedAt"
  | "mitigatedAt"
  | "resolvedAt"
  | "summary"
  | "rootCause"
  | "resolution"
  | "trigger"
  | "detection"
  | "services"
  | "usersAffected"
  | "errorRate"
  | "dataLoss"
  | "preparedBy"
  | "reviewedBy"
  | "reviewDate";

const FIELD_SYNONYMS: [FieldKey, string[]][] = [
  [
    "publicId",
    [
      "incident id",
      "id",
      "incident number",
      "incident no",
      "incident no.",
      "incident nr",
      "incident #",
      "incident ref",
      "incident reference",
      "incident key",
      "public id",
      "postmortem id",
      "post mortem id",
      "report id",
      "sev id",
      "sev #",
      "sev number",
    ],
  ],
  // Another tracker's id: the incident's id when the report gives no "Incident ID" line, else kept under Details.
  [
    "ticket",
    [
      "ticket",
      "ticket id",
      "ticket #",
      "ticket number",
      "ticket no",
      "ticket no.",
      "incident ticket",
      "ref",
      "ref.",
      "ref #",
      "ref no",
      "reference",
      "reference id",
      "reference number",
      "reference #",
      "case",
      "case id",
      "case #",
      "case number",
      "case no",
      "jira",
      "jira ticket",
      "jira issue",
      "jira id",
      "jira key",
      "issue key",
      "tracking id",
      "tracking number",
      "tracking ticket",
      "servicenow",
      "servicenow ticket",
      "servicenow incident",
      "pagerduty incident",
      "pd incident",
      "opsgenie incident",
      "incident",
    ],
  ],
  ["title", ["title", "incident title", "incident name", "subject"]],
  ["severity", ["severity", "sev", "severity level", "incident severity", "priority", "incident priority", "severity/priority"]],
  ["impactSummary", ["impact", "impact summary", "customer impact", "user impact"]],
  ["duration", ["duration", "total duration", "incident duration", "outage duration"]],
  ["status", ["status", "incident status", "current status", "state"]],
  ["private", ["private", "confidential", "restricted"]],
  ["visibility", ["visibility"]],
  ["timeZone", ["time zone", "timezone", "tz", "time zone used", "times in", "all times in", "all times", "timestamps"]],
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
  [
    "preparedBy",
    ["report prepared by", "prepared by", "author", "authors", "written by", "report author", "postmortem owner", "post mortem owner", "report owner"],
  ],
  ["reviewedBy", ["review completed by", "reviewed by", "reviewer", "reviewers"]],
  ["reviewDate", ["next review date", "next review", "review date", "follow up review date", "follow up date", "follow up review"]],
];
export const FIELD_LOOKUP = new Map<string, FieldKey>();
for (const [key, names] of FIELD_SYNONYMS) for (const name of names) FIELD_LOOKUP.set(name, key);
// Written at the end of a report, after whatever section came last: recognised everywhere.
export const FOOTER_FIELDS = new Set<FieldKey>(["preparedBy", "reviewedBy", "reviewDate"]);

export type FieldLine = { key: string; name: FieldKey | null; value: string };

export function normalKey(text: string): string {
  return text.toLowerCase().replace(/[’']/g, "'").replace(/[-_]/g, " ").replace(/\s+/g, " ").trim();
}

/** "Severity: High", "**Severity:** High", "- **Severity**: High" → key and value. */
export function parseFieldLine(text: string): FieldLine | null {
  const m = FIELD_LINE.exec(text);
  if (!m) return null;
  const key = m[1].trim();
  if (key.split(/\s+/).length > 5) return null;
  const value = stripEmphasis((m[2] ?? "").trim());
  return { key, name: FIELD_LOOKUP.get(normalKey(key)) ?? null, value };
}

/**
 * A table row's cells. A pipe inside a cell is written escaped (`\|`, as GFM and the HTML converter write it): rows
 * split on the other pipes only, and each cell holds the pipe itself.
 */
export function tableCells(text: string): string[] | null {
  if (!text.startsWith("|")) return null;
  const inner = text.slice(1).replace(/(?<!\\)\|\s*$/, "");
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, "|"));
}

// The header, as collectHeaderFields finds it; read by the steps that settle the zone and day and apply the fields.
export type FieldAt = { field: FieldLine; line: number };

export type HeaderFields = {
  fields: FieldAt[];
  /** Header lines the report has no field for, kept as a "Details" section. */
  unknownHeader: Line[];
  /** Prose before the first section, read as the start of the summary. */
  intro: Line[];
  /** The last line that gives a field: a later line wins. */
  lastOf: (name: FieldKey) => FieldAt | undefined;
};

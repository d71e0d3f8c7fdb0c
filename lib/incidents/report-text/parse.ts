// Import of a postmortem written as teams write them today (plain text with underlined headings, or Markdown) into
// the structured report. Nothing is dropped: what the importer does not understand is kept as an extra section, and
// `lineMap` says where every line went so the UI can show "what went into which field" before saving.
//
// parseReportText is a pipeline: each step reads what the steps before it settled (the id before the day it may name,
// the zone and day before any time, the header before the sections, the timeline before the moments derived from it)
// and writes into one draft.
import { InvalidInputError } from "@/lib/errors";
import { applyMoments } from "@/lib/incidents/report-text/derived-moments";
import { type ImportGuess, type ImportQuestion, newDraft, type Reading } from "@/lib/incidents/report-text/draft";
import { applyHeaderFields, collectHeaderFields, keepIntroAndDetails, statusIsKnown } from "@/lib/incidents/report-text/header-fields";
import { toLines } from "@/lib/incidents/report-text/headings";
import { settleIncidentId } from "@/lib/incidents/report-text/incident-id";
import { LineMap, type LineMapEntry } from "@/lib/incidents/report-text/line-map";
import { applySections, checkFollowUpDay } from "@/lib/incidents/report-text/sections";
import { segment } from "@/lib/incidents/report-text/segments";
import { placeTimeline } from "@/lib/incidents/report-text/timeline";
import { settleTimes, type TimeOptions } from "@/lib/incidents/report-text/zone-and-day";
import { type ReportDocument, reportDocumentSchema } from "@/lib/incidents/schema";

export const MAX_REPORT_BYTES = 1024 * 1024;

export type ParseReportOptions = TimeOptions;
export type { ImportGuess, ImportQuestion, TimeZoneQuestion } from "@/lib/incidents/report-text/draft";
/**
 * `warnings` lists everything worth checking; `guesses` repeats those that are the importer's reading of what the
 * report does not say plainly (a zone from an abbreviation, the day from a sentence, an id from the title), and
 * `questions` asks what it could not tell (which place an ambiguous "IST" means). Both are empty when nothing was.
 */
export type ParseReportResult = {
  document: ReportDocument;
  warnings: string[];
  lineMap: LineMapEntry[];
  guesses: ImportGuess[];
  questions: ImportQuestion[];
};

export function parseReportText(text: string, opts: ParseReportOptions = {}): ParseReportResult {
  checkSize(text);
  const reading = readOutline(text);
  const header = collectHeaderFields(reading);
  settleIncidentId(reading, header);
  const times = settleTimes(reading, header, opts);
  const stated = applyHeaderFields(reading, header, times);
  keepIntroAndDetails(reading, header);
  const sections = applySections(reading, times);
  checkFollowUpDay(reading, sections, header.lastOf("reviewDate"));
  const timeline = placeTimeline(reading, sections.timeline);
  const statusKnown = statusIsKnown(header);
  applyMoments(reading, stated, timeline, statusKnown);
  fillDefaults(reading, statusKnown);
  return validated(reading);
}

function checkSize(text: string): void {
  if (typeof text !== "string" || !text.trim()) {
    throw new InvalidInputError("The report text is empty: paste the report you want to import.", [{ path: "text", message: "is empty" }]);
  }
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_REPORT_BYTES) {
    const size = (bytes / MAX_REPORT_BYTES).toFixed(1);
    throw new InvalidInputError(`The report text is ${size} MB; the limit is 1 MB.`, [{ path: "text", message: "is larger than 1 MB" }]);
  }
}

/** Lines, title and sections; a text with neither a title nor a known section is not taken for a report. */
function readOutline(text: string): Reading {
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

  const draft = newDraft(title.text ?? "");
  if (title.lines.length) map.add(title.lines, "title");
  for (const block of blocks) {
    if (block.key !== "header" && block.key !== "extra") map.add(block.headingLines, `section:${block.key}`);
  }
  return { lines, title, blocks, footer, tableSeparators, draft, map, warnings, guesses: [], questions: [] };
}

/** Status, title and severity when the report gives none, each with a warning. */
function fillDefaults({ draft, warnings }: Reading, statusKnown: boolean): void {
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
}

/** The draft checked against the report schema; a failure names the line the bad field came from. */
function validated({ draft, map, warnings, guesses, questions }: Reading): ParseReportResult {
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
  return { document: checked.data, warnings, lineMap, guesses, questions };
}

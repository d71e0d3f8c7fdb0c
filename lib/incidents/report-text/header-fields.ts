// The header of a report: "Field: value" lines and two-column table rows before the first section, plus the footer
// fields written at the end (Prepared by, Reviewed by, Review date); and what each known field sets in the report.
import type { MomentField, StatedMoments } from "@/lib/incidents/report-text/derived-moments";
import { addService, appendLine, appendText, type Reading } from "@/lib/incidents/report-text/draft";
import {
  type FieldAt,
  FIELD_LOOKUP,
  type FieldKey,
  type HeaderFields,
  type FieldLine,
  type Line,
  normalKey,
  parseFieldLine,
  stripEmphasis,
  tableCells,
} from "@/lib/incidents/report-text/headings";
import { applyHeadline, parseImpactLine, sentencesOf } from "@/lib/incidents/report-text/impact";
import { bodyText } from "@/lib/incidents/report-text/segments";
import { findDate, localToUtc, parseDurationValue, parseMomentValue, resolveDate } from "@/lib/incidents/report-text/written-times";
import type { ReportTimes } from "@/lib/incidents/report-text/zone-and-day";
import { DEFAULT_SEVERITY_SCALE, type IncidentStatus } from "@/lib/incidents/schema";
import { readZoneStatement } from "@/lib/time/zone-phrase";

function statusOf(value: string): IncidentStatus | undefined {
  const words = value.toLowerCase().match(/[a-z]+/g) ?? [];
  return STATUS_VALUES[words.join("")] ?? STATUS_VALUES[words[0] ?? ""];
}

const STATUS_VALUES: Record<string, IncidentStatus> = {
  investigating: "INVESTIGATING",
  open: "INVESTIGATING",
  ongoing: "INVESTIGATING",
  active: "INVESTIGATING",
  new: "INVESTIGATING",
  identified: "IDENTIFIED",
  monitoring: "MONITORING",
  mitigated: "MONITORING",
  resolved: "RESOLVED",
  fixed: "RESOLVED",
  closed: "CLOSED",
  complete: "CLOSED",
  completed: "CLOSED",
  done: "CLOSED",
};

function normalizeSeverity(value: string): string {
  const match = DEFAULT_SEVERITY_SCALE.find((s) => s.toLowerCase() === value.toLowerCase());
  return match ?? value;
}

/** True when the report states a status the importer reads; otherwise the status is derived from the moments. */
export function statusIsKnown(header: HeaderFields): boolean {
  const statusField = header.lastOf("status");
  return Boolean(statusField && statusOf(statusField.field.value));
}

/** Fields whose value is prose: a link in it stays as written (its address with it). */
const PROSE_FIELDS = new Set<FieldKey>(["summary", "rootCause", "trigger", "detection", "resolution", "impactSummary"]);
const MARKDOWN_LINK = /(?<!!)\[([^\[\]]+)\]\(\s*<?([^\s()<>]+)>?(?:\s+"[^"]*")?\s*\)/g;

/**
 * A field whose value is a Markdown link ("Ticket: [OPS-1](https://jira.example.com/browse/OPS-1)") has the link's
 * text as its value; the line as written, with the address, is kept under Details too.
 */
function withLinkText(field: FieldLine, line: Line, unknownHeader: Line[]): FieldLine {
  if (!field.name || PROSE_FIELDS.has(field.name) || !field.value.includes("](")) return field;
  let lost = false;
  const value = field.value.replace(MARKDOWN_LINK, (_link, text: string, address: string) => {
    if (text.trim() !== address) lost = true;
    return text.trim();
  });
  if (value === field.value) return field;
  if (lost) unknownHeader.push(line);
  return { ...field, value };
}

export function collectHeaderFields({ blocks, footer, tableSeparators, map, lines }: Reading): HeaderFields {
  const header = blocks[0];
  const fields: FieldAt[] = [];
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
        fields.push({ field: withLinkText({ key: cells[0], name, value: stripEmphasis(cells[1]) }, line, unknownHeader), line: line.n });
        continue;
      }
    }
    const field = parseFieldLine(line.text);
    if (field?.name && (field.value || field.name === "title")) fields.push({ field: withLinkText(field, line, unknownHeader), line: line.n });
    else if (readZoneStatement(line.text)) fields.push({ field: { key: line.text, name: "timeZone", value: line.text }, line: line.n });
    else if (field && !intro.length) unknownHeader.push(line);
    else intro.push(line);
  }
  fields.push(...footer.map((at) => ({ ...at, field: withLinkText(at.field, lines[at.line - 1]!, unknownHeader) })));

  const byName = (name: FieldKey) => fields.filter((f) => f.field.name === name);
  const lastOf = (name: FieldKey) => byName(name).at(-1);
  return { fields, unknownHeader, intro, lastOf };
}

/** Sets what each header field says; the moments stated are returned, to be weighed against the timeline later. */
export function applyHeaderFields(
  { draft, map, warnings, lines }: Reading,
  { fields, unknownHeader }: HeaderFields,
  { ctx, base, zone }: ReportTimes,
): StatedMoments {
  const explicitMoments = new Map<MomentField, { value: number | null; line: number }>();
  let durationInfo: { start: number | null; end: number | null; length: number | null; line: number } | null = null;
  for (const { field, line } of fields) {
    const value = field.value;
    switch (field.name) {
      // publicId and ticket: settled by settleIncidentId (incident-id.ts) before the day is, which an id may name
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
      case "impactSummary": {
        // a paragraph of sentences: each that states a measure becomes a metric with itself as the statement (as an
        // Impact section's lines do), the others stay the summary; the exporter writes the metrics apart, so a report
        // exported and imported again does not read them twice
        const narrative: string[] = [];
        for (const sentence of sentencesOf(value.replace(/\s*\n\s*/g, " "))) {
          if (!applyHeadline(draft, parseImpactLine(sentence), line, map)) narrative.push(sentence);
        }
        if (narrative.length) {
          draft.impactSummary = appendLine(draft.impactSummary, narrative.join(" "));
          map.add(line, "impactSummary");
        }
        break;
      }
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
  return { explicitMoments, durationInfo };
}

/** Prose before the first section opens the summary; header lines without a known field become "Details". */
export function keepIntroAndDetails({ draft, map }: Reading, { intro, unknownHeader }: HeaderFields): void {
  const introBody = bodyText(intro);
  if (introBody) {
    draft.summary = draft.summary ? `${introBody}\n\n${draft.summary}` : introBody;
    map.add(
      intro.filter((l) => l.text).map((l) => l.n),
      "summary",
    );
  }
  if (unknownHeader.length) {
    // a line may be kept for two reasons (a linked ticket whose id was taken): once
    const kept = [...new Map(unknownHeader.map((l) => [l.n, l])).values()].sort((a, b) => a.n - b.n);
    const index = draft.extraSections.length;
    draft.extraSections.push({ heading: "Details", body: kept.map((l) => l.text).join("\n") });
    map.add(
      kept.map((l) => l.n),
      `extraSections[${index}].body`,
    );
  }
}

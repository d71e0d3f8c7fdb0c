// Import of a postmortem written as teams write them today (plain text with underlined headings, or Markdown) into
// the structured report. Nothing is dropped: what the importer does not understand is kept as an extra section, and
// `lineMap` says where every line went so the UI can show "what went into which field" before saving.
import { InvalidInputError } from "@/lib/errors";
import { parseActionItems } from "@/lib/incidents/report-text/action-items";
import { deriveMoments, type MomentField, type MomentSource } from "@/lib/incidents/report-text/derived-moments";
import { addService, appendLine, type Draft } from "@/lib/incidents/report-text/draft";
import { FIELD_LOOKUP, type FieldKey, type FieldLine, type Line, normalKey, parseFieldLine, stripEmphasis, tableCells, toLines } from "@/lib/incidents/report-text/headings";
import { applyHeadline, parseImpactLine } from "@/lib/incidents/report-text/impact";
import { LineMap, type LineMapEntry } from "@/lib/incidents/report-text/line-map";
import { bodyText, dayMarker, segment, splitItems } from "@/lib/incidents/report-text/segments";
import { isoDay } from "@/lib/incidents/report-text/shared-formats";
import { parseConfigurationLine, parseDeploymentLine } from "@/lib/incidents/report-text/technical-details";
import { annotateTimeline, entryHead, momentHead, type ParsedEntry, parseTimelineBlock } from "@/lib/incidents/report-text/timeline";
import { DATE_RE, dateFromGroups, dateFromPublicId, findDate, type LocalDate, localToUtc, normalizeTimeZone, parseDateValue, parseDurationValue, parseMomentValue, parseZone, resolveDate, type TimeContext, type Zone, zoneOfTimeZone } from "@/lib/incidents/report-text/written-times";
import { DEFAULT_SEVERITY_SCALE, type IncidentStatus, type LessonCategory, type ReportDocument, reportDocumentSchema } from "@/lib/incidents/schema";
import { wallClockAt } from "@/lib/time/zone";

export const MAX_REPORT_BYTES = 1024 * 1024;

export type ParseReportOptions = { timeZone?: string; now?: Date };
export type ParseReportResult = { document: ReportDocument; warnings: string[]; lineMap: LineMapEntry[] };

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

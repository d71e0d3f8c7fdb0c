// The sections after the header, each read into its fields; what the importer does not understand is kept as an
// extra section under its own heading.
import { parseActionItems } from "@/lib/incidents/report-text/action-items";
import { addService, appendLine, appendText, type Reading } from "@/lib/incidents/report-text/draft";
import type { FieldAt, Line } from "@/lib/incidents/report-text/headings";
import { applyHeadline, parseImpactLine } from "@/lib/incidents/report-text/impact";
import { bodyText, splitItems } from "@/lib/incidents/report-text/segments";
import { isoDay } from "@/lib/incidents/report-text/shared-formats";
import { parseConfigurationLine, parseDeploymentLine } from "@/lib/incidents/report-text/technical-details";
import { type OrderedEntry, parseTimelineBlock } from "@/lib/incidents/report-text/timeline";
import { findDate, localToUtc, parseMomentValue, resolveDate } from "@/lib/incidents/report-text/written-times";
import type { ReportTimes } from "@/lib/incidents/report-text/zone-and-day";
import type { LessonCategory } from "@/lib/incidents/schema";
import { wallClockAt } from "@/lib/time/zone";

// "[Went well] ..." in a single lessons list: how the export marks categories that are not grouped
const LESSON_TAGS: Record<string, LessonCategory> = { general: "GENERAL", "went well": "WENT_WELL", "went wrong": "WENT_WRONG", lucky: "LUCKY" };

export type SectionsRead = { timeline: OrderedEntry[]; followUpNoteDate: { at: number; line: number } | null };

export function applySections(
  { blocks, draft, map, warnings, tableSeparators }: Reading,
  { base, zone, timelineZone, followWrittenZones, ctx }: ReportTimes,
): SectionsRead {
  const timeline: OrderedEntry[] = [];
  let followUpNoteDate: { at: number; line: number } | null = null;
  const extra = (heading: string, body: Line[], headingLines: number[] = []) => {
    const index = draft.extraSections.length;
    draft.extraSections.push({ heading, body: bodyText(body) ?? "" });
    map.add(headingLines, `extraSections[${index}].heading`);
    map.add(
      body.filter((l) => l.text).map((l) => l.n),
      `extraSections[${index}].body`,
    );
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
          map.add(
            content.map((l) => l.n),
            block.key,
          );
        }
        break;
      }
      case "timeline": {
        const blockCtx = { ...ctx, zone: timelineZone ?? zone };
        const parsed = parseTimelineBlock(block, blockCtx, tableSeparators, warnings, followWrittenZones);
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
        followUpNoteDate = stated ?? (mentioned ? { at: localToUtc(resolveDate(mentioned, base), 0, 0, 0, 0, zone), line: noteLines[0] } : null);
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
  return { timeline, followUpNoteDate };
}

/** A follow-up paragraph naming another day than the Review date line: the line wins, and the reader is told. */
export function checkFollowUpDay({ draft, warnings }: Reading, { followUpNoteDate }: SectionsRead, reviewField: FieldAt | undefined): void {
  if (draft.followUp && followUpNoteDate && reviewField) {
    const a = Date.parse(draft.followUp.scheduledAt);
    const day = (ms: number) => isoDay(wallClockAt(ms, draft.timeZone));
    if (day(a) !== day(followUpNoteDate.at)) {
      warnings.push(`Line ${followUpNoteDate.line}: the follow-up paragraph names another day than the review date; the review date was used.`);
    }
  }
}

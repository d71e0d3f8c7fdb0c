// Pure operations on the report the editor holds: stable React keys for list rows, time order, milestone times,
// and taking a save's result back without disturbing what the user typed meanwhile.
import { applyMilestones } from "@/lib/incidents/milestones";
import { REPORT_FIELDS, getReportField, sameValue, setReportField } from "@/lib/incidents/report-diff";
import type { ReportDocument, TimelineEntry } from "@/lib/incidents/schema";

// New rows have no database id yet, and an edited row is a new object: a WeakMap gives each row a key that follows
// it through edits (see carryKey), so React keeps its inputs (and the focus) in place.
const keys = new WeakMap<object, string>();
let nextKey = 0;

export function rowKey(row: object): string {
  let key = keys.get(row);
  if (!key) {
    key = `row-${++nextKey}`;
    keys.set(row, key);
  }
  return key;
}

/** `next` is the same row as `previous`, edited. */
export function carryKey<T extends object>(previous: object, next: T): T {
  keys.set(next, rowKey(previous));
  return next;
}

export function byTime(a: TimelineEntry, b: TimelineEntry): number {
  const difference = Date.parse(a.occurredAt) - Date.parse(b.occurredAt);
  return Number.isNaN(difference) ? 0 : difference;
}

/** The timeline in time order (entries at the same moment, and ones without a valid time, keep their place). */
export function sortTimeline(doc: ReportDocument): ReportDocument {
  const sorted = doc.timeline
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => byTime(a.entry, b.entry) || a.index - b.index)
    .map(({ entry }) => entry);
  return sorted.every((entry, index) => entry === doc.timeline[index]) ? doc : { ...doc, timeline: sorted };
}

/**
 * The timeline's milestones drive detected/mitigated/resolved (lib/incidents/milestones.ts; the server applies the
 * same rule on save). A milestone's time wins; removing the last milestone of a kind clears its time; a time no
 * milestone ever set (an imported report) is left alone.
 */
export function withTimeline(doc: ReportDocument, timeline: TimelineEntry[]): ReportDocument {
  return applyMilestones({ ...doc, timeline }, doc.timeline);
}

function isObjectList(value: unknown): value is object[] {
  return Array.isArray(value) && value.every((entry) => entry !== null && typeof entry === "object");
}

/** Rows of `sent` and `saved` pair up by place (the server keeps the order it was sent, timeline in time order). */
function pairRows(sent: object[], saved: object[]): Map<string, object> | null {
  if (sent.length !== saved.length) return null;
  const pairs = new Map<string, object>();
  sent.forEach((row, index) => pairs.set(rowKey(row), carryKey(row, saved[index])));
  return pairs;
}

/**
 * After a save: every field the user has not touched since sending takes the stored value (with the ids of new
 * rows); a field they changed meanwhile keeps their value, its new rows adopting the ids the save gave them.
 */
export function rebaseAfterSave(sent: ReportDocument, saved: ReportDocument, current: ReportDocument): ReportDocument {
  let next = current;
  for (const field of REPORT_FIELDS) {
    const sentValue = getReportField(sent, field) as unknown;
    const savedValue = getReportField(saved, field) as unknown;
    const currentValue = getReportField(current, field) as unknown;
    const pairs = isObjectList(sentValue) && isObjectList(savedValue) ? pairRows(sentValue, savedValue) : null;
    if (sameValue(currentValue, sentValue)) {
      next = setReportField(next, field, savedValue as never);
    } else if (pairs && isObjectList(currentValue)) {
      const adopted = currentValue.map((row) => {
        const match = pairs.get(rowKey(row)) as { id?: string } | undefined;
        return match?.id && !(row as { id?: string }).id ? carryKey(row, { ...row, id: match.id }) : row;
      });
      next = setReportField(next, field, adopted as never);
    } else if (field === "followUp" && saved.followUp?.id && current.followUp && !current.followUp.id) {
      next = { ...next, followUp: { ...current.followUp, id: saved.followUp.id } };
    }
  }
  return next;
}

/** A zod issue path of the save input ("document.timeline.2.occurredAt") as the editor's field path. */
export function editorPath(path: string): string {
  return path.startsWith("document.") ? path.slice("document.".length) : path;
}

// ---------------------------------------------------------------------------------------------------------------
// Times as SREs type them: the UTC wall clock in a datetime-local input.

/** "2024-11-27T14:23:00.000Z" → "2024-11-27T14:23:00" for a datetime-local input showing UTC. */
export function toUtcInputValue(iso: string | null | undefined): string {
  if (!iso) return "";
  const time = Date.parse(iso);
  return Number.isNaN(time) ? "" : new Date(time).toISOString().slice(0, 19);
}

/** The input's UTC wall-clock value back to ISO; "" when empty or incomplete. */
export function fromUtcInputValue(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return "";
  const time = Date.parse(`${value.length === 16 ? `${value}:00` : value}Z`);
  if (Number.isNaN(time)) return "";
  const iso = new Date(time).toISOString();
  // Date.parse rolls 30 February over into March; a day that does not exist is not a time
  return iso.startsWith(value.slice(0, 16)) ? iso : "";
}

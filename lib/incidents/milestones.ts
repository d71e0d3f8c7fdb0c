// The timeline's milestones decide when an incident was detected, mitigated and resolved. One rule for the editor
// (components/incidents/editor/document-ops.ts, as the user edits), the server (every save, lib/incidents/mutations.ts)
// and the importer (deriveMoments), so a report saved by the REST API or a script gets the times the browser shows.
import type { Milestone, ReportDocument, TimelineEntry } from "@/lib/incidents/schema";

export const MILESTONE_FIELDS = { DETECTED: "detectedAt", MITIGATED: "mitigatedAt", RESOLVED: "resolvedAt" } as const satisfies Record<Milestone, string>;

/**
 * Which entry sets `milestone`: the earliest (by time) of those marked with it and carrying a valid time; -1 when
 * none does. The importer (lib/incidents/report-text/derived-moments.ts) names this entry as the moment's source.
 */
export function milestoneEntryIndex(timeline: readonly Pick<TimelineEntry, "occurredAt" | "milestone">[], milestone: Milestone): number {
  let found = -1;
  let earliest = Infinity;
  timeline.forEach((entry, index) => {
    const time = Date.parse(entry.occurredAt);
    if (entry.milestone === milestone && time < earliest) {
      found = index;
      earliest = time;
    }
  });
  return found;
}

/** The time (ISO) of the entry that sets `milestone`; undefined when no entry does. */
export function milestoneTime(timeline: readonly Pick<TimelineEntry, "occurredAt" | "milestone">[], milestone: Milestone): string | undefined {
  const index = milestoneEntryIndex(timeline, milestone);
  return index >= 0 ? new Date(timeline[index]!.occurredAt).toISOString() : undefined;
}

/**
 * `doc` with detected/mitigated/resolved set from its timeline's milestones. A milestone's time wins; a milestone
 * that was in `previousTimeline` and is gone now clears its time; a time no milestone ever set (an imported report,
 * a time typed in) is left alone.
 */
export function applyMilestones<Doc extends Pick<ReportDocument, "timeline" | "detectedAt" | "mitigatedAt" | "resolvedAt">>(
  doc: Doc,
  previousTimeline: readonly Pick<TimelineEntry, "occurredAt" | "milestone">[],
): Doc {
  let next = doc;
  for (const [milestone, field] of Object.entries(MILESTONE_FIELDS) as [Milestone, (typeof MILESTONE_FIELDS)[Milestone]][]) {
    const now = milestoneTime(doc.timeline, milestone);
    const value = now !== undefined ? now : milestoneTime(previousTimeline, milestone) !== undefined ? null : doc[field];
    if (!sameTime(value, doc[field])) next = { ...next, [field]: value };
  }
  return next;
}

function sameTime(a: string | null, b: string | null): boolean {
  return a === b || (a !== null && b !== null && Date.parse(a) === Date.parse(b));
}

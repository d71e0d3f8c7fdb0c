// The timeline's milestones decide when an incident was detected, mitigated and resolved. One rule for the editor
// (components/incidents/editor/document-ops.ts, as the user edits) and the server (every save, lib/incidents/mutations.ts),
// so a report saved by the REST API or a script gets the same times the browser would have shown.
import type { Milestone, ReportDocument, TimelineEntry } from "@/lib/incidents/schema";

export const MILESTONE_FIELDS = { DETECTED: "detectedAt", MITIGATED: "mitigatedAt", RESOLVED: "resolvedAt" } as const satisfies Record<Milestone, string>;

/** The earliest valid time (ISO) of an entry marked `milestone`; undefined when no entry carries it. */
export function milestoneTime(timeline: readonly Pick<TimelineEntry, "occurredAt" | "milestone">[], milestone: Milestone): string | undefined {
  const times = timeline.filter((entry) => entry.milestone === milestone && !Number.isNaN(Date.parse(entry.occurredAt)));
  if (!times.length) return undefined;
  return times.map((entry) => new Date(entry.occurredAt).toISOString()).sort()[0];
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

// The incident's start, end and detected/mitigated/resolved moments, from stated lines, the Duration line and the
// timeline.
import { milestoneEntryIndex } from "@/lib/incidents/milestones";
import type { Reading } from "@/lib/incidents/report-text/draft";
import { IMPACT_END, IMPACT_MITIGATED, IMPACT_START, type OrderedEntry } from "@/lib/incidents/report-text/timeline";
import type { IncidentStatus, Milestone } from "@/lib/incidents/schema";

export type MomentField = "startedAt" | "endedAt" | "detectedAt" | "mitigatedAt" | "resolvedAt";

export type MomentSource = "explicit" | "duration" | number;

/**
 * Start, end and the detected/mitigated/resolved moments: stated lines win, then the Duration line, then the
 * timeline ("outage begins" / "impact ended" entries, else the first and last entries; the milestone entries).
 * The end is taken from the last entry only for an incident that is over.
 */
export function deriveMoments(
  timeline: { occurredAt: string; text: string; milestone: Milestone | null }[],
  duration: { start: number | null; end: number | null; length: number | null } | null,
  explicit: Partial<Record<MomentField, number | null>>,
  status: IncidentStatus | null,
): { values: Record<MomentField, number | null>; sources: Partial<Record<MomentField, MomentSource>>; warnings: string[] } {
  const warnings: string[] = [];
  const sources: Partial<Record<MomentField, MomentSource>> = {};
  const times = timeline.map((e) => Date.parse(e.occurredAt));
  const pick = (field: MomentField, ...options: [MomentSource, number | null | undefined][]): number | null => {
    if (field in explicit) {
      sources[field] = "explicit";
      return explicit[field] ?? null;
    }
    for (const [source, value] of options) {
      if (value !== null && value !== undefined) {
        sources[field] = source;
        return value;
      }
    }
    return null;
  };
  const milestoneAt = (milestone: Milestone): [MomentSource, number | undefined] => {
    const index = milestoneEntryIndex(timeline, milestone);
    return [index, index >= 0 ? times[index] : undefined];
  };
  const marked = (pattern: RegExp): [MomentSource, number | undefined] => {
    const index = timeline.findIndex((e) => pattern.test(e.text));
    return [index, index >= 0 ? times[index] : undefined];
  };
  const over = status === null || status === "RESOLVED" || status === "CLOSED";
  const startedAt = pick("startedAt", ["duration", duration?.start], marked(IMPACT_START), [0, times[0]]);
  const endFromLength = startedAt !== null && duration?.length != null && duration.start === null ? startedAt + duration.length : null;
  const endedAt = pick("endedAt", ["duration", duration?.end], ["duration", endFromLength], marked(IMPACT_END), marked(IMPACT_MITIGATED), [
    times.length - 1,
    over && times.length > 1 ? times[times.length - 1] : undefined,
  ]);
  const values: Record<MomentField, number | null> = {
    startedAt,
    endedAt,
    detectedAt: pick("detectedAt", milestoneAt("DETECTED")),
    mitigatedAt: pick("mitigatedAt", milestoneAt("MITIGATED")),
    resolvedAt: pick("resolvedAt", milestoneAt("RESOLVED")),
  };
  if (duration?.start != null && duration.end != null && duration.length != null && Math.abs(duration.end - duration.start - duration.length) >= 60_000) {
    warnings.push("The duration written does not match its start and end times; the times were used.");
  }
  return { values, sources, warnings };
}

export type StatedMoments = {
  explicitMoments: Map<MomentField, { value: number | null; line: number }>;
  durationInfo: { start: number | null; end: number | null; length: number | null; line: number } | null;
};

/** The derived moments into the report; a start after a milestone moves back to it, unless a line stated it. */
export function applyMoments(
  { draft, map, warnings }: Reading,
  { explicitMoments, durationInfo }: StatedMoments,
  timeline: OrderedEntry[],
  statusKnown: boolean,
): void {
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
}

// Timeline events one at a time, for the REST API (the editor saves the whole timeline with the report). Each export
// is a guarded action: call it as `action(rawInput, actor)`.
//
// An event has no version of its own: each change is a save of the report through `saveReport`, so it follows the
// editor's rules exactly (the report's version compared and bumped, approved reports read-only, the milestone rule
// setting detected/mitigated/resolved) and an editor opened before it gets a conflict instead of putting it back.
import "server-only";
import { z } from "zod";
import { defineAction, type ActionAudit } from "@/lib/actions/define-action";
import { actingUser, type AnyActor } from "@/lib/auth/actor";
import type { Tx } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { visibleIncidentsWhere } from "@/lib/incidents/access";
import { saveReport, type ReportSave } from "@/lib/incidents/mutations";
import { newTimelineEventSchema, timelineEventPatchSchema, type TimelineEntry, type TimelineEventResponse } from "@/lib/incidents/schema";

const INCIDENTS_PATH = "/incidents";
const incident = z.string().trim().min(1).max(100);
const eventId = z.string().trim().min(1, "is required").max(100);

export const addTimelineEventInput = newTimelineEventSchema.extend({ incident });
export const updateTimelineEventInput = timelineEventPatchSchema.extend({ incident, eventId });
export const deleteTimelineEventInput = z.object({
  incident,
  eventId,
  version: z.coerce.number({ error: "must be the report's version, a whole number" }).int("must be a whole number").min(1),
});

type TimelineSave = ReportSave & { event: TimelineEventResponse | null };

/** The event, when it belongs to the incident and the actor may see that incident; else a 404 naming the event. */
async function requireEvent(tx: Tx, actor: AnyActor, incidentRef: string, id: string): Promise<void> {
  const viewer = actingUser(actor);
  const found = await tx.timelineEvent.findFirst({
    where: { id, incident: { AND: [{ OR: [{ id: incidentRef }, { publicId: incidentRef }] }, viewer ? visibleIncidentsWhere(viewer) : {}] } },
    select: { id: true },
  });
  if (!found) throw new NotFoundError("The timeline event");
}

function stored(entry: TimelineEntry | undefined): TimelineEventResponse | null {
  if (!entry?.id) return null;
  return { id: entry.id, occurredAt: entry.occurredAt, text: entry.text, kind: entry.kind, milestone: entry.milestone };
}

const audit = ({ id, changes, version }: TimelineSave): ActionAudit => ({ entityType: "Incident", entityId: id, incidentId: id, changes, meta: { version } });
const revalidate = ({ publicId }: TimelineSave) => [INCIDENTS_PATH, `${INCIDENTS_PATH}/${publicId}`];

export const addTimelineEvent = defineAction({
  name: "incident.timeline.add",
  permission: "incident:edit",
  input: addTimelineEventInput,
  run: async ({ tx, actor, input: { incident: ref, version, ...entry } }): Promise<TimelineSave> => {
    let known = new Set<string>();
    const saved = await saveReport(tx, actor, { id: ref, expectedVersion: version ?? null, fieldPrefix: "" }, (before) => {
      known = new Set(before.timeline.flatMap((existing) => (existing.id ? [existing.id] : [])));
      return { ...before, timeline: [...before.timeline, entry] };
    });
    // The new row is the one whose id the report did not have before.
    return { ...saved, event: stored(saved.document.timeline.find((existing) => existing.id && !known.has(existing.id))) };
  },
  audit,
  revalidate,
});

export const updateTimelineEvent = defineAction({
  name: "incident.timeline.update",
  permission: "incident:edit",
  input: updateTimelineEventInput,
  run: async ({ tx, actor, input: { incident: ref, eventId: id, version, ...changes } }): Promise<TimelineSave> => {
    await requireEvent(tx, actor, ref, id);
    const saved = await saveReport(tx, actor, { id: ref, expectedVersion: version, fieldPrefix: "" }, (before) => ({
      ...before,
      timeline: before.timeline.map((existing) =>
        existing.id === id ? { ...existing, ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) } : existing,
      ),
    }));
    return { ...saved, event: stored(saved.document.timeline.find((existing) => existing.id === id)) };
  },
  audit,
  revalidate,
});

export const deleteTimelineEvent = defineAction({
  name: "incident.timeline.delete",
  permission: "incident:edit",
  input: deleteTimelineEventInput,
  run: async ({ tx, actor, input: { incident: ref, eventId: id, version } }): Promise<TimelineSave> => {
    await requireEvent(tx, actor, ref, id);
    const saved = await saveReport(tx, actor, { id: ref, expectedVersion: version, fieldPrefix: "" }, (before) => ({
      ...before,
      timeline: before.timeline.filter((existing) => existing.id !== id),
    }));
    return { ...saved, event: null };
  },
  audit,
  revalidate,
});

// PATCH  /api/v1/incidents/{id}/timeline/{eventId} `{ "version": 7, "text"?: ..., "occurredAt"?: ..., "kind"?: ...,
//        "milestone"?: ... }`: changes the fields sent. 200 with `{ event, version }`.
// DELETE /api/v1/incidents/{id}/timeline/{eventId}?version=7: removes the event. 200 with `{ version }`.
// Each is a save of the report under the editor's rules: 409 when `version` is stale (the stored report and its
// `currentVersion` in `error.details`) or the report is approved; 422 naming the bad field; 403 below SRE; 404 when
// the event or its report is not there for the caller.
import { apiHandler, readJsonObject } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { queryParams, routeParam } from "@/lib/api/http";
import { NotFoundError } from "@/lib/errors";
import type { TimelineEventChangeResponse, VersionResponse } from "@/lib/incidents/schema";
import { deleteTimelineEvent, updateTimelineEvent } from "@/lib/incidents/timeline-mutations";

type Context = { params: Promise<{ id: string; eventId: string }> };

export const PATCH = apiHandler<Context>(async (request, { params }) => {
  const actor = await requireApiActor(request, "incident:edit");
  const { id, eventId } = await params;
  const input = await readJsonObject(request, '{"version": 7, "text": "Paged the on-call DBA"}');
  const saved = await updateTimelineEvent({ ...input, incident: routeParam(id), eventId: routeParam(eventId, "event id") }, actor);
  if (!saved.event) throw new NotFoundError("The timeline event");
  const body: TimelineEventChangeResponse = { event: saved.event, version: saved.version };
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
});

export const DELETE = apiHandler<Context>(async (request, { params }) => {
  const actor = await requireApiActor(request, "incident:edit");
  const { id, eventId } = await params;
  const version = queryParams(request).get("version") ?? undefined;
  const saved = await deleteTimelineEvent({ incident: routeParam(id), eventId: routeParam(eventId, "event id"), version }, actor);
  const body: VersionResponse = { version: saved.version };
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
});

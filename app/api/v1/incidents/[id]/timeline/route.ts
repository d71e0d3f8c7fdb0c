// GET  /api/v1/incidents/{id}/timeline: the events in time order and the report's `version`.
// POST /api/v1/incidents/{id}/timeline `{ "occurredAt": "2024-11-27T14:23:00Z", "text": "...", "kind"?: "ALERT",
//      "milestone"?: "DETECTED", "version"?: 7 }`: adds an event (a save of the report: same rules as the editor,
//      a milestone sets detectedAt/mitigatedAt/resolvedAt). 201 with `{ event, version }`; 409 when `version` was
//      given and is stale, or the report is approved; 422 naming the bad field; 403 below SRE.
// Both 404 when the report does not exist or the caller may not see it.
import { apiHandler, readJsonObject } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { publicOrigin, routeParam } from "@/lib/api/http";
import { NotFoundError } from "@/lib/errors";
import { findVisibleIncidentId } from "@/lib/incidents/queries";
import { getTimeline } from "@/lib/incidents/report-resource";
import type { TimelineEventChangeResponse, TimelineListResponse } from "@/lib/incidents/schema";
import { addTimelineEvent } from "@/lib/incidents/timeline-mutations";

type Context = { params: Promise<{ id: string }> };

export const GET = apiHandler<Context>(async (request, { params }) => {
  const actor = await requireApiActor(request, "incident:read");
  const id = routeParam((await params).id);
  const body: TimelineListResponse | null = await getTimeline(actor.user, id);
  if (!body) throw new NotFoundError(`The incident ${id}`);
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
});

export const POST = apiHandler<Context>(async (request, { params }) => {
  const actor = await requireApiActor(request, "incident:edit");
  const id = routeParam((await params).id);
  const incidentId = await findVisibleIncidentId(actor.user, id);
  if (!incidentId) throw new NotFoundError(`The incident ${id}`);
  const input = await readJsonObject(request, '{"occurredAt": "2024-11-27T14:23:00Z", "text": "Paged the on-call DBA"}');
  const saved = await addTimelineEvent({ ...input, incident: incidentId }, actor);
  if (!saved.event) throw new NotFoundError("The new timeline event");
  const body: TimelineEventChangeResponse = { event: saved.event, version: saved.version };
  const location = `${publicOrigin(request)}/api/v1/incidents/${encodeURIComponent(saved.publicId)}/timeline/${saved.event.id}`;
  return Response.json(body, { status: 201, headers: { Location: location, "Cache-Control": "no-store" } });
});

// GET /api/v1/incidents/{id}/revisions[?include=content]: the report's frozen revisions, oldest first, each with its
// SHA-256 and sign-offs, and the check of the latest sign-off against the current content. 404 when not visible.
import { apiHandler } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { queryParams, routeParam } from "@/lib/api/http";
import { NotFoundError } from "@/lib/errors";
import type { RouteContext } from "@/lib/reviews/http";
import { checkLatestSignOff, getRevision, listRevisions } from "@/lib/reviews/revisions";
import type { RevisionsPayload } from "@/lib/reviews/schema";

export const GET = apiHandler<RouteContext>(async (request, { params }) => {
  const actor = await requireApiActor(request, "incident:read");
  const id = routeParam((await params).id);
  const listed = await listRevisions(actor.user, id);
  if (!listed) throw new NotFoundError(`The incident ${id}`);
  const withContent = queryParams(request).get("include") === "content";
  const revisions: RevisionsPayload["revisions"] = [];
  for (const revision of listed.revisions) {
    const detail = withContent ? (await getRevision(actor.user, listed.incident.id, revision.number))?.revision : null;
    revisions.push(detail ? { ...revision, content: detail.content, intact: detail.intact } : revision);
  }
  const body: RevisionsPayload = {
    incident: { id: listed.incident.id, publicId: listed.incident.publicId, reportState: listed.incident.reportState },
    revisions,
    signOff: await checkLatestSignOff(listed.incident.id),
  };
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
});

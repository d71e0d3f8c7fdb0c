// The review workflow's REST endpoints share one shape: POST a JSON object to /api/v1/incidents/{id}/<transition>,
// get the report's new state back. The guarded action decides everything (401/403/404/409/422, one mapping in
// lib/errors); this only reads the request and shapes the answer.
import type { z } from "zod";
import type { Action } from "@/lib/actions/define-action";
import { requireApiActor } from "@/lib/api/actor";
import { apiHandler, readJsonBody } from "@/lib/api/handler";
import { routeParam } from "@/lib/api/http";
import { InvalidInputError } from "@/lib/errors";
import type { ReportState } from "@/lib/generated/prisma/enums";
import type { ReviewTransitionResponse } from "@/lib/reviews/schema";

export type RouteContext = { params: Promise<{ id: string }> };

type TransitionResult = { incidentId: string; publicId: string; from: ReportState; to: ReportState; revision?: { number: number; contentHash: string } };

export function transitionResponse(result: TransitionResult): ReviewTransitionResponse {
  return {
    id: result.incidentId,
    publicId: result.publicId,
    from: result.from,
    reportState: result.to,
    revision: result.revision ? { number: result.revision.number, contentHash: result.revision.contentHash } : null,
  };
}

export function transitionRoute<S extends z.ZodType, R extends TransitionResult>(
  action: Action<S, R>,
  present: (result: R) => ReviewTransitionResponse = transitionResponse,
) {
  return apiHandler<RouteContext>(async (request, { params }) => {
    const actor = await requireApiActor(request);
    const id = routeParam((await params).id);
    const body = await readJsonBody(request);
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      throw new InvalidInputError("Send a JSON object.", [{ path: "(body)", message: "must be a JSON object" }]);
    }
    const result = await action({ ...body, incidentId: id }, actor);
    return Response.json(present(result), { headers: { "Cache-Control": "no-store" } });
  });
}

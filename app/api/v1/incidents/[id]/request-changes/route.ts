// POST /api/v1/incidents/{id}/request-changes  { "comment": "...", "section"?: "rootCause" }
// In review → Changes requested, with the comment as an open thread on the section (default: the whole report);
// emails the author. 403 below manager or for someone not asked to review, 409 in another state, 422 without a comment.
import { requestChanges } from "@/lib/reviews/mutations";
import { transitionResponse, transitionRoute } from "@/lib/reviews/http";
import type { RequestChangesResponse } from "@/lib/reviews/schema";

export const POST = transitionRoute(requestChanges, (result): RequestChangesResponse => ({ ...transitionResponse(result), commentId: result.commentId }));

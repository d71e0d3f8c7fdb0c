// POST /api/v1/incidents/{id}/submit  { "reviewers": ["manager@example.com", "<user id>"], "note"?: "..." }
// Draft or Changes requested → In review; freezes a revision and emails each reviewer. On a resubmission the list
// may be left empty to ask the previous reviewers again. 403 below SRE, 409 in another state, 422 for a reviewer who
// is unknown, inactive, not a manager or admin, or the author (unless self-approval is allowed).
import { submitForReview } from "@/lib/reviews/mutations";
import { transitionResponse, transitionRoute } from "@/lib/reviews/http";
import type { SubmitResponse } from "@/lib/reviews/schema";

export const POST = transitionRoute(submitForReview, (result): SubmitResponse => ({ ...transitionResponse(result), reviewers: result.reviewers }));

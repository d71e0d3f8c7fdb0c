// POST /api/v1/incidents/{id}/approve  { "comment"?: "...", "expectedVersion"?: 7 }
// In review → Approved: the sign-off. Freezes the content as a revision with its SHA-256 and emails the author.
// 403 below manager, for someone not asked to review, or for the author (unless self-approval is allowed); 409 in
// another state (approving a draft), with comments unresolved, or when `expectedVersion` is no longer current.
import { approveReport } from "@/lib/reviews/mutations";
import { transitionResponse, transitionRoute } from "@/lib/reviews/http";
import type { ApproveResponse } from "@/lib/reviews/schema";

export const POST = transitionRoute(approveReport, (result): ApproveResponse => ({ ...transitionResponse(result), signOffId: result.signOffId }));

// POST /api/v1/incidents/{id}/reopen  { "reason"?: "..." }
// Approved → Draft. The signed revision stays; a new one starts. 403 below manager, 409 for a report not approved.
import { reopenReport } from "@/lib/reviews/mutations";
import { transitionRoute } from "@/lib/reviews/http";

export const POST = transitionRoute(reopenReport);

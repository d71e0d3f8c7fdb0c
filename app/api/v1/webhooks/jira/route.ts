// POST /api/v1/webhooks/jira: a Jira Cloud admin webhook (System > WebHooks, with the integration's signing secret as
// its secret, event "Issue updated"). A status change into or out of the done category closes or reopens the action
// item linked to the issue. Signed with X-Hub-Signature; a signature no active Jira integration made is a 401.
import { apiHandler } from "@/lib/api/handler";
import { receiveJiraWebhook } from "@/lib/trackers/webhooks";

export const POST = apiHandler(async (request) => Response.json(await receiveJiraWebhook(request), { headers: { "Cache-Control": "no-store" } }));

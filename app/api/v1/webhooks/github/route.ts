// POST /api/v1/webhooks/github: GitHub's repository webhook (content type application/json, the integration's signing
// secret, the "Issues" event). An issue closed or reopened closes or reopens the action item linked to it. Signed with
// X-Hub-Signature-256; a signature no active GitHub integration made is a 401 and changes nothing.
import { apiHandler } from "@/lib/api/handler";
import { receiveGithubWebhook } from "@/lib/trackers/webhooks";

export const POST = apiHandler(async (request) => Response.json(await receiveGithubWebhook(request), { headers: { "Cache-Control": "no-store" } }));

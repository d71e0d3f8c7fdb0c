// POST /api/v1/webhooks/pagerduty: PagerDuty's V3 webhooks, verified with X-PagerDuty-Signature against each active
// PagerDuty integration's signing secret. One draft report per PagerDuty incident; each event adds to its timeline.
// Answers { incidentId } (null for events about no incident, such as PagerDuty's test ping).
import { apiHandler } from "@/lib/api/handler";
import { receivePagerdutyWebhook } from "@/lib/alerts/webhooks";

export const POST = apiHandler(async (request) => {
  const { status, body } = await receivePagerdutyWebhook(request);
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
});

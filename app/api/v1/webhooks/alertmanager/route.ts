// POST /api/v1/webhooks/alertmanager: Prometheus Alertmanager's webhook receiver (payload version 4), authenticated with
// `Authorization: Bearer <the integration's secret>`. A firing group opens a draft report; later notifications of the
// same group add to its timeline. Answers { incidentId } (201 when a draft was created).
import { apiHandler } from "@/lib/api/handler";
import { receiveAlertmanagerWebhook } from "@/lib/alerts/webhooks";

export const POST = apiHandler(async (request) => {
  const { status, body } = await receiveAlertmanagerWebhook(request);
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
});

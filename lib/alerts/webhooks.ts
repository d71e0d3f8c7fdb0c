// The two alert webhooks as requests: who sent it (the credential, checked before the body is parsed), the body
// (bounded, JSON, the documented shape), then the draft change, applied as SYSTEM for the integration that sent it.
// A request without a valid credential is a 401, logged in one line that names no secret, and changes nothing.
import "server-only";
import type { z } from "zod";
import { readBodyWithLimit } from "@/lib/api/http";
import { systemActor } from "@/lib/auth/actor";
import { InvalidInputError, PayloadTooLargeError } from "@/lib/errors";
import { activeIntegrations, integrationByBearerSecret, markIntegrationUsed, type OpenIntegration } from "@/lib/integrations/queries";
import { bearerSecret } from "@/lib/integrations/secrets";
import { findUnstorableText } from "@/lib/text/control-characters";
import { alertmanagerDraftChange, alertmanagerWebhookSchema } from "@/lib/alerts/alertmanager";
import { applyDraftChange } from "@/lib/alerts/drafts";
import { pagerdutyDraftChange, pagerdutySignatures, pagerdutyWebhookSchema, signedWith } from "@/lib/alerts/pagerduty";
import type { AlertWebhookResponse, DraftChange } from "@/lib/alerts/schema";
import { refuseWebhook } from "@/lib/integrations/refuse";

/** A group of a few hundred alerts with their labels and annotations fits; lower max_alerts for more. */
const ALERTMANAGER_MAX_BYTES = 2 * 1024 * 1024;
/** PagerDuty drops webhooks over 256 KB itself. */
const PAGERDUTY_MAX_BYTES = 512 * 1024;

export type AlertWebhookAnswer = { status: 200 | 201; body: AlertWebhookResponse };

function parseJson<S extends z.ZodType>(schema: S, body: Uint8Array, what: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    throw new InvalidInputError(`The ${what} body is not valid UTF-8 JSON.`, [{ path: "(body)", message: "Not valid JSON" }]);
  }
  // PostgreSQL stores no NUL and no lone surrogate: name where one is rather than fail when storing it.
  const unstorable = findUnstorableText(json);
  if (unstorable) {
    const message = `must not contain ${unstorable.what}: found at ${unstorable.position}`;
    throw new InvalidInputError(`Not a ${what} Hindsight can store: ${unstorable.path}: ${message}`, [{ path: unstorable.path, message }]);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw InvalidInputError.fromZod(parsed.error, `Not a ${what} Hindsight reads`);
  return parsed.data;
}

async function apply(change: DraftChange, integration: OpenIntegration, kind: "alertmanager" | "pagerduty"): Promise<AlertWebhookAnswer> {
  const result = await applyDraftChange(change, systemActor(`webhook:${kind}:${integration.id}`));
  return { status: result.outcome === "created" ? 201 : 200, body: { incidentId: result.incidentId } };
}

/** POST /api/v1/webhooks/alertmanager */
export async function receiveAlertmanagerWebhook(request: Request): Promise<AlertWebhookAnswer> {
  const secret = bearerSecret(request);
  if (!secret) {
    refuseWebhook(
      "Alertmanager",
      request,
      "no bearer secret",
      "Send the integration's secret as `Authorization: Bearer <secret>` (in alertmanager.yml: the webhook_config's http_config.authorization.credentials).",
    );
  }
  const integration = await integrationByBearerSecret("ALERTMANAGER", secret);
  if (!integration) {
    refuseWebhook(
      "Alertmanager",
      request,
      "the bearer secret matches no active Alertmanager integration",
      "The bearer secret matches no active Alertmanager integration (it may have been revoked). Nothing was created.",
    );
  }
  const body = await readBodyWithLimit(
    request,
    ALERTMANAGER_MAX_BYTES,
    () => new PayloadTooLargeError("The Alertmanager notification is over 2 MB: set max_alerts in the webhook_config to send fewer alerts per notification."),
  );
  const payload = parseJson(alertmanagerWebhookSchema, body, "Alertmanager notification");
  await markIntegrationUsed(integration.id);
  return apply(alertmanagerDraftChange(payload, integration), integration, "alertmanager");
}

/** POST /api/v1/webhooks/pagerduty */
export async function receivePagerdutyWebhook(request: Request): Promise<AlertWebhookAnswer> {
  const body = await readBodyWithLimit(
    request,
    PAGERDUTY_MAX_BYTES,
    () => new PayloadTooLargeError("The PagerDuty webhook is over 512 KB; PagerDuty sends at most 256 KB."),
  );
  const signatures = pagerdutySignatures(request.headers.get("x-pagerduty-signature"));
  if (!signatures.length) {
    refuseWebhook(
      "PagerDuty",
      request,
      "no v1 signature in X-PagerDuty-Signature",
      "Sign the webhook: the X-PagerDuty-Signature header (v1=<hex>) is missing or malformed. Only PagerDuty's V3 webhooks are read.",
    );
  }
  const integration = (await activeIntegrations("PAGERDUTY")).find((candidate) => {
    const signingSecret = candidate.secrets.signingSecret;
    return signingSecret !== undefined && signedWith(signingSecret, body, signatures);
  });
  if (!integration) {
    refuseWebhook(
      "PagerDuty",
      request,
      "no signature matches an active PagerDuty integration's signing secret",
      "The X-PagerDuty-Signature matches no active PagerDuty integration's signing secret. Nothing was created.",
    );
  }
  await markIntegrationUsed(integration.id);
  const payload = parseJson(pagerdutyWebhookSchema, body, "PagerDuty V3 webhook");
  const change = pagerdutyDraftChange(payload, integration);
  if (!change) return { status: 200, body: { incidentId: null } };
  return apply(change, integration, "pagerduty");
}

"use server";

import { formDataToObject, toActionState, type ActionPrevState, type ActionState } from "@/lib/actions/action-state";
import { actorFromSession } from "@/lib/auth/session";
import { createIntegration, revokeIntegration } from "@/lib/integrations/mutations";
import { integrationWebhookUrl } from "@/lib/integrations/queries";
import type { CreatedIntegrationNotice } from "@/lib/integrations/schema";

/** The fields refilled after a refusal: never a token, signing secret or chat webhook URL (which carries a token). */
const REFILLED = ["kind", "name", "format", "serviceId", "repository", "apiUrl", "baseUrl", "email", "projectKey", "issueType", "doneStatus"] as const;

function refill(input: Record<string, FormDataEntryValue | FormDataEntryValue[]>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of REFILLED) if (typeof input[field] === "string") values[field] = input[field];
  const events = input.events;
  values.events = (Array.isArray(events) ? events : events === undefined ? [] : [events]).map(String).join(",");
  return values;
}

export async function createIntegrationAction(
  _prev: ActionPrevState<CreatedIntegrationNotice>,
  formData: FormData,
): Promise<ActionState<CreatedIntegrationNotice>> {
  const input = formDataToObject(formData);
  const state = await toActionState(async () => createIntegration(input, await actorFromSession()), { includeData: true, values: refill(input) });
  if (!state.ok) return state;
  // Only what the page must show once goes back to the browser.
  const { integration, secret } = state.data!;
  return {
    ok: true,
    message: `Integration “${integration.name}” created.`,
    data: { kind: integration.kind, name: integration.name, webhookUrl: await integrationWebhookUrl(integration.kind), secret },
  };
}

export async function revokeIntegrationAction(_prev: ActionPrevState<unknown>, formData: FormData): Promise<ActionState<unknown>> {
  return toActionState(async () => revokeIntegration(formDataToObject(formData), await actorFromSession()), {
    message: ({ integration, alreadyRevoked }) => (alreadyRevoked ? `“${integration.name}” was already revoked.` : `Revoked “${integration.name}”.`),
  });
}

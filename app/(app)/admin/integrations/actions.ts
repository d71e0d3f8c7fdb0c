"use server";

import { formDataToObject, toActionState, type ActionPrevState, type ActionState } from "@/lib/actions/action-state";
import { actorFromSession } from "@/lib/auth/session";
import { createIntegration, revokeIntegration } from "@/lib/integrations/mutations";
import { integrationWebhookUrl } from "@/lib/integrations/queries";
import type { CreatedIntegrationNotice } from "@/lib/integrations/schema";

export async function createIntegrationAction(
  _prev: ActionPrevState<CreatedIntegrationNotice>,
  formData: FormData,
): Promise<ActionState<CreatedIntegrationNotice>> {
  const input = formDataToObject(formData);
  // The form keeps what was typed after a refusal (it is not reset), so no values are sent back: none could be secrets.
  const state = await toActionState(async () => createIntegration(input, await actorFromSession()), { includeData: true });
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

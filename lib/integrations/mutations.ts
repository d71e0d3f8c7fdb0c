// Creating and revoking integrations (admins; the CLI as SYSTEM), through the guarded action wrapper. A secret
// Hindsight generates is in the result ONCE: show it, never store or log it.
import { defineAction } from "@/lib/actions/define-action";
import { NotFoundError } from "@/lib/errors";
import { actingUser } from "@/lib/auth/actor";
import type { Prisma } from "@/lib/generated/prisma/client";
import { integrationViewSelect, type IntegrationView } from "@/lib/integrations/queries";
import { createIntegrationInput, revokeIntegrationInput, type SealedSecrets } from "@/lib/integrations/schema";
import { generateIntegrationSecret, hashIntegrationSecret } from "@/lib/integrations/secrets";
import { seal } from "@/lib/integrations/sealed";

const INTEGRATIONS_PATH = "/admin/integrations";

export type CreatedIntegration = {
  integration: IntegrationView;
  /**
   * The secret Hindsight generated, shown once: Alertmanager's bearer credential; the signing secret to paste into a
   * GitHub or Jira webhook. Null when the secret came from elsewhere (PagerDuty) or there is none (chat).
   */
  secret: string | null;
};

export const createIntegration = defineAction({
  name: "integration.create",
  permission: "integration:manage",
  input: createIntegrationInput,
  run: async ({ tx, input, actor }): Promise<CreatedIntegration> => {
    let secret: string | null = null;
    let secretHash: string | null = null;
    let secrets: SealedSecrets | null = null;
    let config: Prisma.InputJsonObject = {};
    let serviceId: string | null = null;
    switch (input.kind) {
      case "ALERTMANAGER":
        secret = generateIntegrationSecret();
        secretHash = hashIntegrationSecret(secret);
        break;
      case "PAGERDUTY":
        secrets = { signingSecret: input.signingSecret };
        break;
      case "CHAT": {
        if (input.serviceId && !(await tx.service.findUnique({ where: { id: input.serviceId }, select: { id: true } }))) throw new NotFoundError("The service");
        secrets = { webhookUrl: input.webhookUrl };
        config = { format: input.format, events: [...new Set(input.events)] };
        serviceId = input.serviceId ?? null;
        break;
      }
      case "GITHUB":
        secret = generateIntegrationSecret();
        secrets = { apiToken: input.apiToken, signingSecret: secret };
        config = { repository: input.repository, apiUrl: input.apiUrl };
        break;
      case "JIRA":
        secret = generateIntegrationSecret();
        secrets = { apiToken: input.apiToken, signingSecret: secret };
        config = { baseUrl: input.baseUrl, email: input.email, projectKey: input.projectKey, issueType: input.issueType, doneStatus: input.doneStatus };
        break;
    }
    const created = await tx.integration.create({
      data: { kind: input.kind, name: input.name, secretHash, config, serviceId, createdById: actingUser(actor)?.id ?? null },
      select: { id: true },
    });
    // Sealed with the row's id as associated data, so the id must exist first.
    const integration = await tx.integration.update({
      where: { id: created.id },
      data: { sealedSecrets: secrets ? seal(secrets, created.id) : null },
      select: integrationViewSelect,
    });
    return { integration, secret };
  },
  audit: ({ integration }) => ({
    entityType: "Integration",
    entityId: integration.id,
    changes: { kind: { after: integration.kind }, name: { after: integration.name }, serviceId: { after: integration.serviceId } },
    meta: { config: integration.config },
  }),
  revalidate: () => [INTEGRATIONS_PATH],
});

/** Revoking stops the integration at once (its webhooks 401, nothing more is sent); revoking twice is a no-op. */
export const revokeIntegration = defineAction({
  name: "integration.revoke",
  permission: "integration:manage",
  input: revokeIntegrationInput,
  run: async ({ tx, input }): Promise<{ integration: IntegrationView; alreadyRevoked: boolean }> => {
    const found = await tx.integration.findUnique({ where: { id: input.integrationId }, select: integrationViewSelect });
    if (!found) throw new NotFoundError("The integration");
    if (found.revokedAt) return { integration: found, alreadyRevoked: true };
    const integration = await tx.integration.update({
      where: { id: found.id },
      data: { revokedAt: new Date(), secretHash: null, sealedSecrets: null },
      select: integrationViewSelect,
    });
    return { integration, alreadyRevoked: false };
  },
  audit: ({ integration, alreadyRevoked }) =>
    alreadyRevoked ? null : { entityType: "Integration", entityId: integration.id, changes: { revokedAt: { before: null, after: integration.revokedAt } } },
  revalidate: () => [INTEGRATIONS_PATH],
});

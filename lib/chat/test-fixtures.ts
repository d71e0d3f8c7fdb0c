// Test-only: chat webhooks created through the real action (sealed URL, config), pointing at a local test server.
import { randomUUID } from "node:crypto";
import { afterAll } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { NotFoundError } from "@/lib/errors";
import type { ChatEvent, ChatFormat } from "@/lib/integrations/schema";
import { createIntegration, revokeIntegration } from "@/lib/integrations/mutations";

// Sealing the webhook URL needs AUTH_SECRET; the suite does not set one.
process.env.AUTH_SECRET ??= "chat-test-secret-0123456789abcdef0123";

const admin = systemActor("test:chat");
const created: string[] = [];

// Other test files share this worker's database: leave no active webhook behind for their reviews to queue messages to.
// One a test deleted (with its service, after revoking it) is gone already.
afterAll(async () => {
  for (const integrationId of created.splice(0)) {
    await revokeIntegration({ integrationId }, admin).catch((error: unknown) => {
      if (!(error instanceof NotFoundError)) throw error;
    });
  }
});

export const uniqueName = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

export async function createChatWebhook(options: { url: string; format?: ChatFormat; events: ChatEvent[]; serviceId?: string; name?: string }) {
  const { integration } = await createIntegration(
    {
      kind: "CHAT",
      name: options.name ?? uniqueName("#chat"),
      webhookUrl: options.url,
      format: options.format ?? "slack",
      events: options.events,
      serviceId: options.serviceId,
    },
    admin,
  );
  created.push(integration.id);
  return integration;
}

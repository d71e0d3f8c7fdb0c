// Reading integrations: the admin list (never a secret), and what inbound webhooks and outbound calls need.
import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { IntegrationKind } from "@/lib/generated/prisma/enums";
import { getDb } from "@/lib/db/client";
import { INTEGRATION_KINDS, INTEGRATION_WEBHOOK_PATHS, type IntegrationWebhookUrls, type SealedSecrets } from "@/lib/integrations/schema";
import { hashIntegrationSecret } from "@/lib/integrations/secrets";
import { SealedSecretError, unseal } from "@/lib/integrations/sealed";
import { absoluteUrl, appBaseUrl } from "@/lib/mail/links";
import { log } from "@/lib/log/logger";

export const integrationViewSelect = {
  id: true,
  kind: true,
  name: true,
  config: true,
  serviceId: true,
  service: { select: { id: true, name: true } },
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdBy: { select: { id: true, name: true } },
} as const satisfies Prisma.IntegrationSelect;

export type IntegrationView = Prisma.IntegrationGetPayload<{ select: typeof integrationViewSelect }>;

/** An integration as the admin list shows it: `secretsReadable` is false when its sealed secrets no longer open. */
export type IntegrationListItem = IntegrationView & { secretsReadable: boolean };

/** Active ones first, newest first. */
export async function listIntegrations(): Promise<IntegrationListItem[]> {
  const rows = await getDb().integration.findMany({
    select: { ...integrationViewSelect, sealedSecrets: true },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
  });
  return rows.map(({ sealedSecrets, ...view }) => ({ ...view, secretsReadable: sealedSecrets === null || opens(sealedSecrets, view.id) }));
}

function opens(sealedSecrets: string, id: string): boolean {
  try {
    unseal(sealedSecrets, id);
    return true;
  } catch (error) {
    if (error instanceof SealedSecretError) return false;
    throw error;
  }
}

/** The URL to paste into the sending system, or null when this kind receives no webhooks. */
export async function integrationWebhookUrl(kind: IntegrationKind): Promise<string | null> {
  const path = INTEGRATION_WEBHOOK_PATHS[kind];
  return path ? absoluteUrl(await appBaseUrl(), path) : null;
}

/** Each kind's webhook URL (null for a kind that receives none), for the admin page: one read of the base URL. */
export async function integrationWebhookUrls(): Promise<IntegrationWebhookUrls> {
  const base = await appBaseUrl();
  return Object.fromEntries(
    INTEGRATION_KINDS.map((kind) => {
      const path = INTEGRATION_WEBHOOK_PATHS[kind];
      return [kind, path ? absoluteUrl(base, path) : null];
    }),
  ) as IntegrationWebhookUrls;
}

/** An integration with its secrets opened, for code that calls out or checks a signature. */
export type OpenIntegration = { id: string; kind: IntegrationKind; name: string; config: Prisma.JsonValue; serviceId: string | null; secrets: SealedSecrets };

const openSelect = { id: true, kind: true, name: true, config: true, serviceId: true, sealedSecrets: true } as const;

function open(row: {
  id: string;
  kind: IntegrationKind;
  name: string;
  config: Prisma.JsonValue;
  serviceId: string | null;
  sealedSecrets: string | null;
}): OpenIntegration {
  const { sealedSecrets, ...rest } = row;
  return { ...rest, secrets: sealedSecrets ? unseal<SealedSecrets>(sealedSecrets, row.id) : {} };
}

/** The active integration of `kind` whose generated bearer secret this is, or null (unknown, revoked, other kind). */
export async function integrationByBearerSecret(kind: IntegrationKind, secret: string): Promise<OpenIntegration | null> {
  const row = await getDb().integration.findUnique({ where: { secretHash: hashIntegrationSecret(secret) }, select: { ...openSelect, revokedAt: true } });
  if (!row || row.revokedAt || row.kind !== kind) return null;
  return open(row);
}

/**
 * Every active integration of `kind`, secrets opened (signature checks try each: there are few). One whose secrets no
 * longer open (AUTH_SECRET changed since it was saved) is left out with a warning, so that it cannot stop the others;
 * the admin list marks it for re-entry.
 */
export async function activeIntegrations(kind: IntegrationKind, where: Prisma.IntegrationWhereInput = {}): Promise<OpenIntegration[]> {
  const rows = await getDb().integration.findMany({ where: { ...where, kind, revokedAt: null }, select: openSelect, orderBy: { createdAt: "asc" } });
  return rows.flatMap((row) => {
    try {
      return [open(row)];
    } catch (error) {
      if (!(error instanceof SealedSecretError)) throw error;
      log.warn({ integration: row.id }, `Integration "${row.name}" (${row.id}) is skipped: ${error.message}`);
      return [];
    }
  });
}

/** One integration by id, secrets opened; null when unknown or revoked. Throws SealedSecretError when they no longer open. */
export async function activeIntegration(id: string): Promise<OpenIntegration | null> {
  const row = await getDb().integration.findUnique({ where: { id }, select: { ...openSelect, revokedAt: true } });
  return row && !row.revokedAt ? open(row) : null;
}

/** lastUsedAt is informational: written at most once a minute per integration. */
export async function markIntegrationUsed(id: string, now = new Date()): Promise<void> {
  const stale = new Date(now.getTime() - 60_000);
  await getDb().integration.updateMany({ where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: stale } }] }, data: { lastUsedAt: now } });
}

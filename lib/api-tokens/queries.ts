// Reading API tokens. The hash never leaves this folder; the plaintext is never stored.
import "server-only";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

export const apiTokenViewSelect = {
  id: true,
  userId: true,
  name: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
} as const satisfies Prisma.ApiTokenSelect;

export type ApiTokenView = Prisma.ApiTokenGetPayload<{ select: typeof apiTokenViewSelect }>;

export type ApiTokenStatus = "active" | "expired" | "revoked";

export function apiTokenStatus(token: Pick<ApiTokenView, "expiresAt" | "revokedAt">, now = new Date()): ApiTokenStatus {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && token.expiresAt <= now) return "expired";
  return "active";
}

/** The user's tokens, newest first, revoked ones included (they show as revoked). */
export async function listOwnApiTokens(userId: string): Promise<ApiTokenView[]> {
  return getDb().apiToken.findMany({ where: { userId }, select: apiTokenViewSelect, orderBy: { createdAt: "desc" } });
}

/** Every token with its owner, for admins. */
export async function listAllApiTokens(options: { includeRevoked?: boolean } = {}) {
  return getDb().apiToken.findMany({
    where: options.includeRevoked ? {} : { revokedAt: null },
    select: { ...apiTokenViewSelect, user: { select: { id: true, name: true, email: true } } },
    orderBy: { createdAt: "desc" },
  });
}

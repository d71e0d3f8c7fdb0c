// Turning a presented bearer token into the person behind it.
import "server-only";
import { getDb } from "@/lib/db/client";
import type { ActorUser } from "@/lib/auth/actor";
import { hashApiToken, looksLikeApiToken } from "@/lib/api-tokens/token-format";

/** lastUsedAt is informational; writing it on every request would turn each API read into a write. */
const LAST_USED_RESOLUTION_MS = 60_000;

export type AuthenticatedToken = { tokenId: string; user: ActorUser };

/** Null for anything that must not work: malformed, unknown, revoked, expired, or its user deactivated. */
export async function authenticateToken(plaintext: string, now = new Date()): Promise<AuthenticatedToken | null> {
  if (!looksLikeApiToken(plaintext)) return null;
  const db = getDb();
  const token = await db.apiToken.findUnique({
    where: { tokenHash: hashApiToken(plaintext) },
    select: {
      id: true,
      revokedAt: true,
      expiresAt: true,
      lastUsedAt: true,
      user: { select: { id: true, email: true, name: true, role: true, timeZone: true, active: true } },
    },
  });
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now) || !token.user.active) return null;

  const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!token.lastUsedAt || token.lastUsedAt < stale) {
    // Conditional, so concurrent requests in the same minute write once between them.
    await db.apiToken.updateMany({
      where: { id: token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: stale } }] },
      data: { lastUsedAt: now },
    });
  }
  const { active: _active, ...user } = token.user;
  return { tokenId: token.id, user };
}

// Sign-out that ends the session on the server, not only in the browser.
//
// A session is a JWT in a cookie, valid on its own until it expires (14 days). Deleting the cookie at sign-out
// leaves any copy of it (a stolen cookie, a shared machine's saved profile) working. So each sign-in gets a random
// session id (`sid` in the JWT), sign-out records that id here, and loadSessionUser refuses a revoked one. Rows are
// kept only until the cookie would have expired anyway. Bookkeeping like a sign-in time, not a change to shared
// data, so not audited.
import "server-only";
import { randomBytes } from "node:crypto";
import { getDb, type Db, type Tx } from "@/lib/db/client";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/auth.config";

/** A new session id for a sign-in: 128 random bits. */
export function newSessionId(): string {
  return randomBytes(16).toString("base64url");
}

/** Ends the session `sessionId` of `userId` for good; forgets sessions that have expired by themselves. */
export async function revokeSession(sessionId: string, userId: string, now: Date = new Date(), db: Db = getDb()): Promise<void> {
  const expiresAt = new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000);
  await db.revokedSession.upsert({ where: { id: sessionId }, create: { id: sessionId, userId, revokedAt: now, expiresAt }, update: {} });
  await db.revokedSession.deleteMany({ where: { expiresAt: { lt: now } } });
}

export async function isSessionRevoked(sessionId: string, db: Db | Tx = getDb()): Promise<boolean> {
  return (await db.revokedSession.count({ where: { id: sessionId } })) > 0;
}

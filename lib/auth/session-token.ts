// The session cookie's token (an Auth.js JWE), read without Auth.js's request machinery and decrypted once per cookie.
//
// Every page request read it twice: proxy.ts decrypted it to decide whether to send the visitor to sign-in, then
// lib/auth/session.ts called Auth.js's `auth()`, which decrypted it again, ran the callbacks and encrypted a fresh
// cookie that a Server Component cannot even set. Both now come here: the cookie header is decrypted once and the
// result kept in a small in-process map shared by the proxy and the pages (globalThis: they are separate bundles in
// one process). A hit is the same ciphertext under the same secret, so the same plaintext; its expiry is checked on
// every read. Whether the session was ended (sign-out, password change) is still asked of the database on every
// request by loadSessionUser: this caches what the cookie says, never whether it still counts.
//
// Only the cookie is read: Auth.js's getToken also takes a JWT from an `Authorization: Bearer` header, which would let
// an API client present a stolen session token as one; API tokens are checked by lib/api/actor.ts on their own.
import "server-only";
import { getToken, type JWT } from "next-auth/jwt";
import { env } from "@/lib/env";

/** What a session cookie says, as far as Hindsight uses it. */
export type SessionToken = { userId: string; sessionId: string | null; sessionVersion: number | null; expiresAt: number };

type Entry = SessionToken | null;

const MAX_ENTRIES = 2_000;
const CACHE_KEY = Symbol.for("hindsight.sessionTokens");
const globalStore = globalThis as typeof globalThis & { [CACHE_KEY]?: Map<string, Entry> };

function store(): Map<string, Entry> {
  return (globalStore[CACHE_KEY] ??= new Map());
}

/** Auth.js's cookie names: "__Secure-" over https, plain otherwise (either is accepted, as before). */
const COOKIE_MARK = "authjs.session-token";

async function decrypt(cookieHeader: string, secret: string): Promise<Entry> {
  const headers = new Headers({ cookie: cookieHeader });
  for (const secureCookie of [true, false]) {
    let token: JWT | null = null;
    try {
      token = await getToken({ req: { headers }, secret, secureCookie });
    } catch {
      token = null; // a cookie encrypted with another secret (rotated AUTH_SECRET) is no session
    }
    if (token?.sub && typeof token.exp === "number") {
      return {
        userId: token.sub,
        sessionId: typeof token.sid === "string" ? token.sid : null,
        sessionVersion: typeof token.sv === "number" ? token.sv : null,
        expiresAt: token.exp * 1000,
      };
    }
  }
  return null;
}

/**
 * The session the `Cookie` header carries, or null (no session cookie, not ours, tampered with, or expired).
 * Decrypted at most once per distinct header and secret while it stays among the most recent MAX_ENTRIES.
 */
export async function readSessionToken(cookieHeader: string | null | undefined, now: number = Date.now()): Promise<SessionToken | null> {
  const secret = env().AUTH_SECRET;
  if (!secret || !cookieHeader?.includes(COOKIE_MARK)) return null;
  const cache = store();
  const key = `${secret}\u0000${cookieHeader}`;
  let entry = cache.get(key);
  if (entry === undefined) {
    entry = await decrypt(cookieHeader, secret);
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  } else {
    cache.delete(key); // re-inserted below: the map's order is least recently used first
  }
  cache.set(key, entry);
  return entry && entry.expiresAt > now ? entry : null;
}

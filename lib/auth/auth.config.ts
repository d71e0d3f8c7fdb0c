// The part of the Auth.js configuration that needs no database and no Node-only module: cookie and JWT settings
// and how a token becomes a session. proxy.ts builds its (JWT-only) `auth` from this alone, so it stays light and
// works before the database is reachable; lib/auth/auth.ts extends it with the providers.
import "server-only";
import type { NextAuthConfig } from "next-auth";
import { env } from "@/lib/env";

export const LOGIN_PATH = "/login";
/** Set by proxy.ts on page requests so requireUser() can send an anonymous visitor back after signing in. */
export const REQUEST_PATH_HEADER = "x-hindsight-path";
/**
 * A sign-in lasts 14 days. The cookie is not rolled on each request (see proxy.ts: rolling it let a request in flight
 * undo a sign-out), so this is the time from sign-in, not from last use.
 */
export const SESSION_MAX_AGE_SECONDS = 14 * 24 * 60 * 60;

export const authConfig = {
  pages: { signIn: LOGIN_PATH, error: LOGIN_PATH },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  // Self-hosted behind a reverse proxy: take the host from the request unless told not to (AUTH_TRUST_HOST=false);
  // set AUTH_URL to pin it.
  trustHost: env().AUTH_TRUST_HOST,
  providers: [],
  callbacks: {
    // The token carries the user id only (plus name/email for display); role and active state are read from the
    // database on each use, see lib/auth/session.ts.
    session({ session, token }) {
      if (session.user && token.sub) session.user.id = token.sub;
      if (typeof token.sv === "number") session.sessionVersion = token.sv;
      if (typeof token.sid === "string") session.sessionId = token.sid;
      return session;
    },
  },
} satisfies NextAuthConfig;

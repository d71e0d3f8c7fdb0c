// Auth.js (next-auth v5) wiring: email + password, and optionally one OpenID Connect provider from the environment.
//
// Why JWT sessions, and why we still read the user on every use
// ---------------------------------------------------------------
// Sessions are JWTs in an encrypted, http-only cookie: no session table, no write per request, and proxy.ts can
// tell "signed in or not" without touching the database (it may run before the database is reachable).
// The weakness of a stateless token is that it stays valid until it expires, even after an admin deactivates the
// user or changes their role. So the token holds only the user id, and every server-side use of the session
// (getCurrentUser/requireUser in lib/auth/session.ts, actorFromSession, API requests with the session cookie)
// reloads the user row by primary key: a deactivated user is treated as signed out and a new role applies on the
// next request, not at token expiry. The token also carries the user's session version (`sv`): a password change
// or "sign out everywhere" raises the version in the database, which ends every session issued before it. The cost is one indexed primary-key read per request that needs the user,
// which the page would mostly do anyway. The proxy's check is only a first gate; authority is the database.
import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { Provider } from "next-auth/providers";
import { getDb } from "@/lib/db/client";
import { authConfig } from "@/lib/auth/auth.config";
import { OIDC_PROVIDER_ID, oidcSettings, resolveOidcSignIn } from "@/lib/auth/oidc";
import { authorizePassword, recordSignIn } from "@/lib/auth/password-sign-in";
import { newSessionId, revokeSession } from "@/lib/auth/revoked-sessions";
import { log } from "@/lib/log/logger";

export const PASSWORD_PROVIDER_ID = "credentials";

const oidc = oidcSettings();

const providers: Provider[] = [
  Credentials({
    id: PASSWORD_PROVIDER_ID,
    name: "Email and password",
    credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
    authorize: authorizePassword,
  }),
];

if (oidc) {
  providers.push({
    id: OIDC_PROVIDER_ID,
    name: oidc.name,
    type: "oidc",
    issuer: oidc.issuer,
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
    authorization: { params: { scope: "openid email profile" } },
    checks: ["pkce", "state"],
  });
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers,
  logger: {
    // A wrong password is not a server error; everything else is logged as Auth.js would.
    error(error) {
      if (error instanceof CredentialsSignin) return;
      log.error({ err: error }, `Auth.js: ${error.name}`);
    },
  },
  events: {
    // Every way out ends the session on the server: the menu's action (which also revokes first, so that a database
    // failure shows instead of being logged here) and a direct POST to /api/auth/signout.
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (typeof token?.sid === "string" && token.sub) await revokeSession(token.sid, token.sub);
    },
  },
  callbacks: {
    ...authConfig.callbacks,
    async signIn({ account, profile, user }) {
      // Passwords were fully checked in authorize().
      if (account?.provider !== OIDC_PROVIDER_ID || !oidc) return true;
      const result = await resolveOidcSignIn(
        {
          provider: account.provider,
          subject: account.providerAccountId,
          email: profile?.email ?? user.email,
          emailVerified: profile?.email_verified,
          name: profile?.name ?? user.name,
        },
        oidc,
      );
      if (!result.ok) return `/login?error=${result.code}`;
      await recordSignIn(result.userId);
      return true;
    },
    async jwt({ token, account, user }) {
      if (account?.provider === OIDC_PROVIDER_ID) {
        // Auth.js made up an id for the IdP user; the session must carry ours, linked in signIn() above.
        const link = await getDb().account.findUnique({
          where: { provider_providerAccountId: { provider: account.provider, providerAccountId: account.providerAccountId } },
          select: { user: { select: { id: true, name: true, email: true, sessionVersion: true } } },
        });
        if (!link) return null;
        return { sub: link.user.id, name: link.user.name, email: link.user.email, sv: link.user.sessionVersion, sid: newSessionId() };
      }
      // At a password sign-in, `user` is what authorize() returned: the session is of the user's current version.
      if (typeof user?.sessionVersion === "number") token.sv = user.sessionVersion;
      // `user` is there only at sign-in: each sign-in is a session of its own, which sign-out can revoke.
      if (user) token.sid = newSessionId();
      // Keep the cookie small: no avatar URL.
      const { picture: _picture, ...rest } = token;
      return rest;
    },
  },
});

// What Hindsight adds to Auth.js's types: the user's session version, carried from sign-in (User) through the token
// (JWT `sv`) to the session, where lib/auth/session.ts compares it with the database.
import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface User {
    sessionVersion?: number;
  }
  interface Session {
    sessionVersion?: number;
    /** This sign-in's id, which sign-out revokes (lib/auth/revoked-sessions.ts). */
    sessionId?: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    sv?: number;
    sid?: string;
  }
}

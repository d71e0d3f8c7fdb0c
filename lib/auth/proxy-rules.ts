// What proxy.ts lets through without a session. Pure, so it is tested without Next.

/** Pages anyone may open: signing in and the first-run set-up (which refuses once a user exists). */
const PUBLIC_PAGES = ["/login", "/setup"];
/**
 * Routes that authenticate on their own: Auth.js, the health check, the token-authenticated REST API, and the private
 * calendar feeds (the secret token in the URL is the key: calendar apps send no cookies).
 */
const SELF_AUTHENTICATING = ["/api/auth", "/api/health", "/api/v1", "/api/calendar"];

function within(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

export type ProxyDecision = "pass" | "login-redirect" | "unauthorized-json";

export function proxyDecision(pathname: string, signedIn: boolean): ProxyDecision {
  if (signedIn) return "pass";
  if (pathname.startsWith("/_next/")) return "pass";
  if ([...PUBLIC_PAGES, ...SELF_AUTHENTICATING].some((prefix) => within(pathname, prefix))) return "pass";
  // Other API routes answer machines, which cannot follow a login page.
  return within(pathname, "/api") ? "unauthorized-json" : "login-redirect";
}

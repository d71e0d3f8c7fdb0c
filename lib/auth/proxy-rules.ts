// What proxy.ts lets through without a session. Pure, so it is tested without Next.

/**
 * Pages anyone may open: signing in, the first-run set-up (which refuses once a user exists), and the unsubscribe page
 * a reminder mail links to (the secret token in the URL is the key).
 */
const PUBLIC_PAGES = ["/login", "/setup", "/unsubscribe"];
/**
 * Routes that authenticate on their own: Auth.js, the health check, the metrics (open, or their own bearer token), the
 * token-authenticated REST API, and the private calendar feeds (the secret token in the URL is the key: calendar apps
 * send no cookies).
 */
const SELF_AUTHENTICATING = ["/api/auth", "/api/health", "/api/metrics", "/api/v1", "/api/calendar", "/api/unsubscribe"];

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

const UNSUBSCRIBE_PAGE = /^\/unsubscribe\/([^/]+)\/?$/;

/**
 * Where a POST to a reminder mail's unsubscribe address goes: the route handler behind it, or null for any other
 * request. The address is a page (the visible link) and also the one-click target of the List-Unsubscribe header
 * (RFC 8058), which mail clients POST to without cookie or Origin; a folder cannot hold both a page and a route, so
 * proxy.ts rewrites every POST there, the page's own form included, to `/api/unsubscribe/<token>`, and does not ask
 * for the app's Origin: no cookie is read there, the token is the credential.
 */
export function unsubscribePostTarget(pathname: string, method: string): string | null {
  if (method.toUpperCase() !== "POST") return null;
  const match = UNSUBSCRIBE_PAGE.exec(pathname);
  return match ? `/api/unsubscribe/${match[1]}` : null;
}

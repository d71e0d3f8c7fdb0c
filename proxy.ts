// Runs before every page: anonymous visitors go to /login?callbackUrl=<where they were going>. Only the JWT cookie
// is checked (no database; it may run before the database is reachable). Pages and actions still check the user
// row themselves (lib/auth/session.ts): this is a first gate, not the authority.
//
// Why not Auth.js's `auth()` wrapper here: it re-issues the session cookie on every request it sees. A prefetch
// or any request in flight while the user signs out then brings the deleted cookie back, and the user stays
// signed in. Reading the token without writing it keeps sign-out final.
import { NextResponse, type NextRequest } from "next/server";
import { LOGIN_PATH, REQUEST_PATH_HEADER } from "@/lib/auth/auth.config";
import { proxyDecision, unsubscribePostTarget } from "@/lib/auth/proxy-rules";
import { readSessionToken } from "@/lib/auth/session-token";
import { checkSameOrigin, crossOriginMessage, expectedOrigin, isStateChanging } from "@/lib/security/same-origin";
import { API_CONTENT_SECURITY_POLICY, BASE_SECURITY_HEADERS, newNonce, pageContentSecurityPolicy, STRICT_TRANSPORT_SECURITY } from "@/lib/security/headers";
import { env } from "@/lib/env";

async function isSignedIn(request: NextRequest): Promise<boolean> {
  // Decrypted once per cookie and kept for the page that renders next (lib/auth/session-token.ts).
  return (await readSessionToken(request.headers.get("cookie"))) !== null;
}

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const https = env().appUrl?.https === true;

  const api = pathname === "/api" || pathname.startsWith("/api/");

  // One-click unsubscribe (and the unsubscribe page's form): a token-authenticated route, not a server action.
  const unsubscribe = unsubscribePostTarget(pathname, request.method);
  if (unsubscribe) {
    const target = request.nextUrl.clone();
    target.pathname = unsubscribe;
    const response = NextResponse.rewrite(target);
    response.headers.set("Content-Security-Policy", API_CONTENT_SECURITY_POLICY);
    return secured(response, https);
  }

  // A POST to a page is a server action: with a Next-Action header from the app's scripts, or, without JavaScript,
  // a multipart form carrying a `$ACTION_ID_...` field and no header at all. Next refuses one from a foreign Origin
  // by throwing (a 500); refuse every change sent to a page from elsewhere here first, cleanly, by the REST API's
  // rule. Routes under /api answer for themselves (Auth.js checks its own CSRF token).
  if (!api && isStateChanging(request.method)) {
    const verdict = checkSameOrigin(request.headers, expectedOrigin(request.headers, request.url, env().appUrl?.origin));
    if (!verdict.ok)
      return secured(new NextResponse(crossOriginMessage(verdict.reason), { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } }), https);
  }

  const decision = proxyDecision(pathname, await isSignedIn(request));

  if (decision === "unauthorized-json") {
    return secured(NextResponse.json({ error: { code: "unauthenticated", message: "Sign in to continue." } }, { status: 401 }), https);
  }
  if (decision === "login-redirect") {
    const login = new URL(LOGIN_PATH, request.nextUrl.origin);
    if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${search}`);
    return secured(NextResponse.redirect(login), https);
  }

  // Auth.js, the health check and the calendar feeds answer data, not pages: the API's deny-all policy, no nonce.
  if (api) {
    const response = NextResponse.next();
    response.headers.set("Content-Security-Policy", API_CONTENT_SECURITY_POLICY);
    return secured(response, https);
  }

  // A fresh nonce for this page: Next reads it from the request's CSP header and puts it on its own scripts.
  const policy = pageContentSecurityPolicy(newNonce(), { development: process.env.NODE_ENV === "development", https });
  const forwarded = new Headers(request.headers);
  forwarded.set(REQUEST_PATH_HEADER, `${pathname}${search}`);
  forwarded.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: forwarded } });
  response.headers.set("Content-Security-Policy", policy);
  return secured(response, https);
}

function secured(response: NextResponse, https: boolean): NextResponse {
  for (const [name, value] of Object.entries(BASE_SECURITY_HEADERS)) response.headers.set(name, value);
  if (https) response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  return response;
}

export const config = {
  // Everything except build output, files served as they are, and the REST API: /api/v1 authenticates each request
  // itself (bearer token or session), and a proxy in front of it would cut request bodies at 10 MB (attachments).
  matcher: [
    "/((?!api/v1/|_next/static|_next/image|favicon\\.ico|robots\\.txt|.*\\.(?:png|jpe?g|gif|svg|ico|webp|avif|css|js|map|txt|woff2?|ttf|webmanifest)$).*)",
  ],
};

// Runs before every page: anonymous visitors go to /login?callbackUrl=<where they were going>. Only the JWT cookie
// is checked (no database; it may run before the database is reachable). Pages and actions still check the user
// row themselves (lib/auth/session.ts): this is a first gate, not the authority.
//
// Why not Auth.js's `auth()` wrapper here: it re-issues the session cookie on every request it sees. A prefetch
// or any request in flight while the user signs out then brings the deleted cookie back, and the user stays
// signed in. Reading the token without writing it keeps sign-out final.
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { LOGIN_PATH, REQUEST_PATH_HEADER } from "@/lib/auth/auth.config";
import { proxyDecision } from "@/lib/auth/proxy-rules";

async function isSignedIn(request: NextRequest): Promise<boolean> {
  const secret = process.env.AUTH_SECRET;
  if (!secret) return false;
  // The cookie's name depends on whether the browser reached us over https ("__Secure-" prefix): accept either.
  for (const secureCookie of [true, false]) {
    try {
      if (await getToken({ req: request, secret, secureCookie })) return true;
    } catch {
      // a cookie encrypted with another secret (rotated AUTH_SECRET) is no session
    }
  }
  return false;
}

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const decision = proxyDecision(pathname, await isSignedIn(request));

  if (decision === "unauthorized-json") {
    return NextResponse.json({ error: { code: "unauthenticated", message: "Sign in to continue." } }, { status: 401 });
  }
  if (decision === "login-redirect") {
    const login = new URL(LOGIN_PATH, request.nextUrl.origin);
    if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(login);
  }
  const forwarded = new Headers(request.headers);
  forwarded.set(REQUEST_PATH_HEADER, `${pathname}${search}`);
  return NextResponse.next({ request: { headers: forwarded } });
}

export const config = {
  // Everything except build output, files served as they are, and the REST API: /api/v1 authenticates each request
  // itself (bearer token or session), and a proxy in front of it would cut request bodies at 10 MB (attachments).
  matcher: ["/((?!api/v1/|_next/static|_next/image|favicon\\.ico|robots\\.txt|.*\\.(?:png|jpe?g|gif|svg|ico|webp|avif|css|js|map|txt|woff2?|ttf|webmanifest)$).*)"],
};

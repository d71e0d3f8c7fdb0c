// Runs before every page: anonymous visitors go to /login?callbackUrl=<where they were going>. Only the JWT cookie
// is checked (no database; it may run before the database is reachable). Pages and actions still check the user
// row themselves (lib/auth/session.ts): this is a first gate, not the authority.
import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authConfig, LOGIN_PATH, REQUEST_PATH_HEADER } from "@/lib/auth/auth.config";
import { proxyDecision } from "@/lib/auth/proxy-rules";

const { auth } = NextAuth(authConfig);

export const proxy = auth((request) => {
  const { pathname, search } = request.nextUrl;
  const decision = proxyDecision(pathname, Boolean(request.auth?.user));

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
});

export const config = {
  // Everything except build output and files served as they are.
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico|robots\\.txt|.*\\.(?:png|jpe?g|gif|svg|ico|webp|avif|css|js|map|txt|woff2?|ttf|webmanifest)$).*)"],
};

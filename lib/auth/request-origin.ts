// Next's route handlers see `request.url` with the server's own host (http://localhost:3000), not the one the
// browser used. Auth.js's other entry points (server actions, auth() in components, proxy.ts) build their URL from
// the Host / X-Forwarded-Host / X-Forwarded-Proto headers instead. Without AUTH_URL, the two would disagree behind
// a reverse proxy or on any non-localhost address: the OIDC redirect_uri and post-sign-in redirect point at
// localhost, and the https "__Secure-" session cookie name differs from the one the proxy looks for. So the
// /api/auth route handlers get the same header-derived origin. With AUTH_URL set, next-auth uses that instead.
import "server-only";
import { NextRequest } from "next/server";
import { env } from "@/lib/env";

const HOST_PATTERN = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

export function originFromHeaders(headers: Headers): string | null {
  const host = (headers.get("x-forwarded-host") ?? headers.get("host"))?.split(",")[0]?.trim();
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().replace(/:$/, "") || "https";
  if (!host || !HOST_PATTERN.test(host) || (proto !== "http" && proto !== "https")) return null;
  return `${proto}://${host}`;
}

export function withRequestOrigin(request: NextRequest): NextRequest {
  if (env().appUrl) return request;
  const origin = originFromHeaders(request.headers);
  const url = new URL(request.url);
  if (!origin || origin === url.origin) return request;
  return new NextRequest(new URL(`${url.pathname}${url.search}`, origin), request);
}

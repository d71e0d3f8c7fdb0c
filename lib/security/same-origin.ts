// A request that changes something and is authenticated by the session cookie must come from the app's own pages.
//
// Why: SameSite=Lax sends the cookie on any same-SITE request, and another port of the same host (or a sibling
// subdomain) is the same site. A page there could `fetch(..., { mode: "no-cors", credentials: "include" })` or
// auto-submit a `<form enctype="text/plain">` at /api/v1 and act as the signed-in user: import reports, delete
// attachments, approve a report. Browsers always send `Origin` on such requests (every non-GET fetch and form POST),
// and `Sec-Fetch-Site` where they do not; neither can be forged by a page. Bearer-token clients send no cookie and are
// not affected.
//
// Pure (headers in, verdict out), so it is tested without Next and shared by lib/api and proxy.ts.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

const HOST_PATTERN = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The origin this app is served at: AUTH_URL (or NEXTAUTH_URL) when configured, else the host the request was sent
 * to (X-Forwarded-Host from our reverse proxy, else Host) with its protocol. A foreign page cannot set either header
 * on a cross-origin request without a CORS preflight, which this app never grants.
 */
export function expectedOrigin(headers: Headers, requestUrl: string, configuredUrl: string | undefined): string | null {
  if (configuredUrl) {
    try {
      return new URL(configuredUrl).origin;
    } catch {
      // a malformed AUTH_URL: fall back to the request's host rather than refusing everything
    }
  }
  const host = (headers.get("x-forwarded-host") ?? headers.get("host"))?.split(",")[0]?.trim();
  if (!host || !HOST_PATTERN.test(host)) return null;
  const forwardedProto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().replace(/:$/, "");
  let proto = forwardedProto;
  if (proto !== "http" && proto !== "https") {
    try {
      proto = new URL(requestUrl).protocol.replace(/:$/, "");
    } catch {
      return null;
    }
  }
  return `${proto}://${host}`.toLowerCase();
}

export type OriginVerdict = { ok: true } | { ok: false; reason: string };

/** Whether a cookie-authenticated request comes from `expected`: its Origin header, else Sec-Fetch-Site, else refuse. */
export function checkSameOrigin(headers: Headers, expected: string | null): OriginVerdict {
  const origin = headers.get("origin");
  if (origin !== null) {
    if (origin === "null") return { ok: false, reason: "The request came from an opaque origin (a sandboxed frame or a file)." };
    let normalized: string;
    try {
      normalized = new URL(origin).origin.toLowerCase();
    } catch {
      return { ok: false, reason: `The Origin header ${JSON.stringify(origin)} is not an origin.` };
    }
    if (expected !== null && normalized === expected.toLowerCase()) return { ok: true };
    return { ok: false, reason: `The request came from ${normalized}, not from ${expected ?? "this app"}.` };
  }
  const site = headers.get("sec-fetch-site");
  if (site === "same-origin") return { ok: true };
  if (site) return { ok: false, reason: `The browser says the request is ${site}, not same-origin.` };
  return { ok: false, reason: "The request carries neither an Origin nor a Sec-Fetch-Site header, so it cannot be told apart from a forged one." };
}

/** The sentence a refused request gets, naming what to do instead. */
export function crossOriginMessage(reason: string): string {
  return `Refused: a change made with the session cookie must come from Hindsight's own pages. ${reason} Scripts and other sites use an API token (Authorization: Bearer).`;
}

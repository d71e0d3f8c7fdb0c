// The security headers every answer carries. Pure and import-free: next.config.ts (static files, API answers, 404s)
// and proxy.ts (pages, with a fresh nonce per request) both read them from here.

/** On everything: no MIME sniffing, no framing (clickjacking), no full URLs leaked to other sites, no powerful APIs. */
export const BASE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
  "Cross-Origin-Opener-Policy": "same-origin",
};

/**
 * API answers are data, never a document to render: nothing may load, nothing may frame them, and should a browser
 * render one anyway it runs nothing (sandbox). The sandbox matters for attachment downloads: next.config.ts's headers
 * replace the route's own `default-src 'none'; sandbox`, so this policy must carry it for them.
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";

/** HSTS for a year, sent only when the app's configured URL is https (over plain http it would be ignored or wrong). */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

/**
 * The pages' policy. Scripts run only with this request's nonce (Next puts it on its own scripts when it finds it in
 * the request's CSP header); 'strict-dynamic' lets those load the page's chunks. Styles allow 'unsafe-inline'
 * because React renders `style` attributes (recharts positions every chart element that way, and so do tooltips and
 * progress bars) and a nonce cannot cover attributes; style injection cannot run script. No form-action: signing
 * in with single sign-on posts a form that the server answers with a redirect to the identity provider, which
 * Chromium checks against form-action.
 */
export function pageContentSecurityPolicy(nonce: string, options: { development?: boolean; https?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** 16 random bytes, base64: unguessable, and new for every page request. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

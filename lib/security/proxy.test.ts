// The root proxy.ts, called as Next calls it: the headers pages get, and changes sent to pages from elsewhere.
import { afterEach, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import { proxy } from "@/proxy";

const APP = "http://127.0.0.1:3107";
const request = (path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
  new NextRequest(`${APP}${path}`, { ...init, headers: { host: "127.0.0.1:3107", ...init.headers } });

afterEach(() => vi.unstubAllEnvs());

describe("proxy: security headers", () => {
  it("gives each page a CSP with a fresh nonce, hands it to Next on the request, and no inline scripts", async () => {
    const first = await proxy(request("/login"));
    const second = await proxy(request("/login"));
    const policy = first.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(policy)![1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);
    expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'(;|$)/);
    expect(policy).toContain("frame-ancestors 'none'");
    // Next reads the nonce from the request's CSP header, which the proxy passes on as an override
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
    expect(first.headers.get("x-frame-options")).toBe("DENY");
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(first.headers.get("permissions-policy")).toContain("camera=()");
    expect(first.headers.get("strict-transport-security")).toBeNull();
  });

  it("gives Auth.js, health and calendar answers the API's deny-all policy, not a page's", async () => {
    for (const path of ["/api/auth/session", "/api/health", "/api/calendar/abc.ics"]) {
      const response = await proxy(request(path));
      expect(response.headers.get("content-security-policy"), path).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
      expect(response.headers.get("x-frame-options"), path).toBe("DENY");
    }
  });

  it("adds HSTS when the app's URL is https, also on the redirect to sign in", async () => {
    vi.stubEnv("AUTH_URL", "https://hindsight.example.com");
    const redirect = await proxy(request("/incidents"));
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(redirect.headers.get("x-frame-options")).toBe("DENY");
    expect((await proxy(request("/login"))).headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });
});

describe("proxy: changes sent to pages (server actions) from another origin", () => {
  it("refuses a server action with a foreign Origin with 403 and a message, instead of Next's 500", async () => {
    const response = await proxy(
      request("/incidents/INC-1", { method: "POST", headers: { "next-action": "abc123", origin: "http://127.0.0.1:4000" }, body: "[]" }),
    );
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("The request came from http://127.0.0.1:4000, not from http://127.0.0.1:3107.");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });

  it("refuses a script-free form action (no Next-Action header, a $ACTION_ID field) from elsewhere just the same", async () => {
    const form = await proxy(
      request("/reviews", { method: "POST", headers: { origin: "http://evil.test", "content-type": "multipart/form-data; boundary=x" }, body: "--x--" }),
    );
    expect(form.status).toBe(403);
    const unlabelled = await proxy(request("/reviews", { method: "POST", headers: { "sec-fetch-site": "same-site" }, body: "x" }));
    expect(unlabelled.status).toBe(403);
  });

  it("lets the app's own pages post actions, and leaves /api routes to answer for themselves", async () => {
    const own = await proxy(request("/incidents/INC-1", { method: "POST", headers: { "next-action": "abc123", origin: APP }, body: "[]" }));
    expect(own.status).not.toBe(403);
    const byFetchMetadata = await proxy(
      request("/login", { method: "POST", headers: { "next-action": "abc123", "sec-fetch-site": "same-origin" }, body: "[]" }),
    );
    expect(byFetchMetadata.status).not.toBe(403);
    // Auth.js checks its own CSRF token on sign-in and sign-out posts
    const auth = await proxy(request("/api/auth/signout", { method: "POST", headers: { origin: "http://evil.test" }, body: "" }));
    expect(auth.status).not.toBe(403);
  });

  it("compares with AUTH_URL when it is set, not with the Host the request names", async () => {
    vi.stubEnv("AUTH_URL", "https://hindsight.example.com");
    const hostOnly = await proxy(request("/incidents", { method: "POST", headers: { "next-action": "a", origin: APP }, body: "[]" }));
    expect(hostOnly.status).toBe(403);
    const configured = await proxy(request("/login", { method: "POST", headers: { "next-action": "a", origin: "https://hindsight.example.com" }, body: "[]" }));
    expect(configured.status).not.toBe(403);
  });
});

import { describe, expect, it } from "vitest";
import { proxyDecision, unsubscribePostTarget } from "@/lib/auth/proxy-rules";

describe("proxyDecision", () => {
  it("sends anonymous visitors of pages to the login page", () => {
    for (const path of ["/", "/incidents", "/incidents/INC-1/edit", "/admin/users", "/loginx", "/setupwizard"]) {
      expect(proxyDecision(path, false)).toBe("login-redirect");
    }
  });

  it("lets anonymous visitors reach sign-in, set-up, auth, health, metrics and the token API", () => {
    for (const path of [
      "/login",
      "/setup",
      "/api/auth/callback/oidc",
      "/api/auth/session",
      "/api/health",
      "/api/metrics",
      "/api/v1/incidents",
      "/_next/data/x.json",
    ]) {
      expect(proxyDecision(path, false)).toBe("pass");
    }
    expect(proxyDecision("/api/metricsx", false)).toBe("unauthorized-json");
  });

  it("lets calendar apps fetch a private feed without a session (the token in the URL is checked by the route)", () => {
    expect(proxyDecision("/api/calendar/3q2-7bX_abcdefghijklmnopqrstuvwxyz0123456789A.ics", false)).toBe("pass");
    expect(proxyDecision("/api/calendarx/feed.ics", false)).toBe("unauthorized-json");
  });

  it("lets a reminder mail's unsubscribe link and its one-click POST through without a session (the token is the key)", () => {
    expect(proxyDecision("/unsubscribe/6f1c2b7e-4a43-4a8e-9d53-0e0b8a6f2b11", false)).toBe("pass");
    expect(proxyDecision("/api/unsubscribe/6f1c2b7e-4a43-4a8e-9d53-0e0b8a6f2b11", false)).toBe("pass");
    expect(proxyDecision("/unsubscribed", false)).toBe("login-redirect");
    expect(unsubscribePostTarget("/unsubscribe/6f1c2b7e", "post")).toBe("/api/unsubscribe/6f1c2b7e");
    expect(unsubscribePostTarget("/unsubscribe/", "POST")).toBeNull();
    expect(unsubscribePostTarget("/unsubscribe/6f1c2b7e", "DELETE")).toBeNull();
  });

  it("answers other anonymous API calls with 401 JSON rather than a login page", () => {
    expect(proxyDecision("/api/admin-things", false)).toBe("unauthorized-json");
    expect(proxyDecision("/api/v2/things", false)).toBe("unauthorized-json");
  });

  it("passes everything for a signed-in visitor", () => {
    expect(proxyDecision("/admin/users", true)).toBe("pass");
  });
});

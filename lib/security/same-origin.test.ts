import { describe, expect, it } from "vitest";
import { checkSameOrigin, expectedOrigin, isStateChanging } from "@/lib/security/same-origin";

const headers = (values: Record<string, string>) => new Headers(values);

describe("expectedOrigin", () => {
  it("is AUTH_URL's origin when configured, whatever the request says", () => {
    expect(expectedOrigin(headers({ host: "evil.test" }), "http://localhost:3000/x", "https://hindsight.example.com/base")).toBe(
      "https://hindsight.example.com",
    );
  });

  it("is the host the request was sent to, with the forwarded or the request's own protocol, without AUTH_URL", () => {
    expect(expectedOrigin(headers({ host: "127.0.0.1:3107" }), "http://127.0.0.1:3107/api/v1/x", undefined)).toBe("http://127.0.0.1:3107");
    expect(
      expectedOrigin(
        headers({ host: "10.0.0.5:3000", "x-forwarded-host": "pm.example.com", "x-forwarded-proto": "https" }),
        "http://10.0.0.5:3000/x",
        undefined,
      ),
    ).toBe("https://pm.example.com");
    expect(expectedOrigin(headers({ host: "bad host/" }), "http://x/", undefined)).toBeNull();
  });
});

describe("checkSameOrigin", () => {
  const app = "http://127.0.0.1:3107";

  it("lets the app's own pages through by Origin, or by Sec-Fetch-Site when a browser sends no Origin", () => {
    expect(checkSameOrigin(headers({ origin: "http://127.0.0.1:3107" }), app)).toEqual({ ok: true });
    expect(checkSameOrigin(headers({ origin: "HTTP://127.0.0.1:3107" }), app)).toEqual({ ok: true });
    expect(checkSameOrigin(headers({ "sec-fetch-site": "same-origin" }), app)).toEqual({ ok: true });
  });

  it("refuses another port of the same host (same site, so the cookie is sent), other sites and opaque origins", () => {
    for (const origin of ["http://127.0.0.1:4000", "https://127.0.0.1:3107", "http://evil.test", "null", "not a url"]) {
      const verdict = checkSameOrigin(headers({ origin }), app);
      expect(verdict.ok, origin).toBe(false);
    }
    expect(checkSameOrigin(headers({ origin: "http://127.0.0.1:4000" }), app)).toEqual({
      ok: false,
      reason: "The request came from http://127.0.0.1:4000, not from http://127.0.0.1:3107.",
    });
  });

  it("refuses same-site, cross-site and user-initiated requests without Origin, and requests with neither header", () => {
    for (const site of ["same-site", "cross-site", "none"]) expect(checkSameOrigin(headers({ "sec-fetch-site": site }), app).ok, site).toBe(false);
    expect(checkSameOrigin(headers({}), app).ok).toBe(false);
  });

  it("never trusts Sec-Fetch-Site over a foreign Origin", () => {
    expect(checkSameOrigin(headers({ origin: "http://127.0.0.1:4000", "sec-fetch-site": "same-origin" }), app).ok).toBe(false);
  });
});

describe("isStateChanging", () => {
  it("is every method but GET, HEAD and OPTIONS", () => {
    expect(["GET", "head", "OPTIONS"].map(isStateChanging)).toEqual([false, false, false]);
    expect(["POST", "PUT", "PATCH", "DELETE", "TRACE"].map(isStateChanging)).toEqual([true, true, true, true, true]);
  });
});

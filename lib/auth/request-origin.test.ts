import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { originFromHeaders, withRequestOrigin } from "@/lib/auth/request-origin";

describe("withRequestOrigin", () => {
  const saved = process.env.AUTH_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.AUTH_URL;
    else process.env.AUTH_URL = saved;
  });

  it("rebuilds the URL from the forwarded host and protocol, keeping path, query, method and body", async () => {
    delete process.env.AUTH_URL;
    const request = new NextRequest("http://localhost:3000/api/auth/callback/oidc?code=abc&state=s", {
      method: "POST",
      body: "a=1",
      headers: { host: "localhost:3000", "x-forwarded-host": "hindsight.example.com", "x-forwarded-proto": "https" },
    });
    const rewritten = withRequestOrigin(request);
    expect(rewritten.url).toBe("https://hindsight.example.com/api/auth/callback/oidc?code=abc&state=s");
    expect(rewritten.method).toBe("POST");
    expect(await rewritten.text()).toBe("a=1");
  });

  it("leaves the request alone when AUTH_URL decides, or when the headers are unusable", () => {
    process.env.AUTH_URL = "https://pinned.example.com";
    const forwarded = new NextRequest("http://localhost:3000/api/auth/session", { headers: { "x-forwarded-host": "other.example.com" } });
    expect(withRequestOrigin(forwarded).url).toBe("http://localhost:3000/api/auth/session");
    delete process.env.AUTH_URL;
    const bogus = new NextRequest("http://localhost:3000/api/auth/session", { headers: { "x-forwarded-host": "evil.example/path" } });
    expect(withRequestOrigin(bogus).url).toBe("http://localhost:3000/api/auth/session");
  });

  it("reads host and protocol like Auth.js does elsewhere", () => {
    expect(originFromHeaders(new Headers({ host: "127.0.0.1:3999", "x-forwarded-proto": "http" }))).toBe("http://127.0.0.1:3999");
    expect(originFromHeaders(new Headers({ host: "[::1]:3000", "x-forwarded-proto": "http" }))).toBe("http://[::1]:3000");
    expect(originFromHeaders(new Headers({ "x-forwarded-host": "a.example, b.example", "x-forwarded-proto": "https,http" }))).toBe("https://a.example");
    expect(originFromHeaders(new Headers({ "x-forwarded-proto": "gopher", host: "a.example" }))).toBeNull();
    expect(originFromHeaders(new Headers())).toBeNull();
  });
});

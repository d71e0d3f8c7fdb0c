import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { edgeRefusal, installEdgeGuard } from "@/lib/security/edge-guard";

describe("edgeRefusal", () => {
  it("lets the methods the app answers through, on ordinary and encoded paths", () => {
    for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) expect(edgeRefusal(method, "/incidents"), method).toBeNull();
    for (const url of ["/", "/incidents/INC-2024-1127-001", "/incidents/caf%C3%A9", "/a%2Fb", "/api/v1/incidents?q=%00&x=%FF", "/search?q=100%"]) {
      expect(edgeRefusal("GET", url), url).toBeNull();
    }
  });

  it("refuses TRACE and other methods Next cannot represent with 405", () => {
    for (const method of ["TRACE", "TRACK", "CONNECT", "PROPFIND", "get"]) {
      expect(edgeRefusal(method, "/incidents"), method).toMatchObject({ status: 405, code: "method_not_allowed" });
    }
    expect(edgeRefusal("TRACE", "/")!.message).toBe("The method TRACE is not supported here; use one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS.");
  });

  it("refuses paths whose escapes are not UTF-8, stray %, and escaped NUL or other control characters with 400", () => {
    expect(edgeRefusal("GET", "/incidents/%FF%FE")).toMatchObject({ status: 400, message: expect.stringContaining("not valid UTF-8") });
    expect(edgeRefusal("GET", "/incidents/%E0%A4%A")).toMatchObject({ status: 400, message: expect.stringContaining("%25") });
    expect(edgeRefusal("GET", "/incidents/a%00b")).toMatchObject({ status: 400, message: expect.stringContaining("control character") });
    expect(edgeRefusal("GET", "/api/v1/action-items/x%0Ay")).toMatchObject({ status: 400 });
    expect(edgeRefusal("DELETE", "/api/v1/incidents/a/attachments/%7F")).toMatchObject({ status: 400 });
  });

  it("refuses a client-side navigation whose router state header Next cannot parse with 400, and lets a real one through", () => {
    const rsc = (state: string) => ({ rsc: "1", "next-router-state-tree": state });
    // the shape Next's router sends for /incidents (each journey's client-side navigations send real ones)
    const real = encodeURIComponent(JSON.stringify(["", { children: ["(app)", { children: ["incidents", { children: ["__PAGE__", {}] }] }] }, null, null, 1]));
    expect(edgeRefusal("GET", "/incidents", rsc(real))).toBeNull();
    expect(edgeRefusal("GET", "/login", rsc("not-a-router-state"))).toEqual({
      status: 400,
      code: "malformed_router_state",
      message: "The Next-Router-State-Tree header is not a router state: The router state header was sent but could not be parsed. Reload the page.",
    });
    expect(edgeRefusal("GET", "/login", rsc(encodeURIComponent('{"children":1}')))).toMatchObject({ status: 400 });
    expect(edgeRefusal("GET", "/login", rsc("%E0%A4%A"))).toMatchObject({ status: 400 });
    expect(edgeRefusal("GET", "/login", rsc(real.padEnd(40_001, " ")))).toMatchObject({ status: 400, message: expect.stringContaining("too large") });
    // Next reads the header only on RSC requests: elsewhere it is ignored, so it is here too
    expect(edgeRefusal("GET", "/login", { "next-router-state-tree": "not-a-router-state" })).toBeNull();
    expect(edgeRefusal("GET", "/login", { rsc: "1" })).toBeNull();
  });
});

describe("installEdgeGuard on a Node HTTP server", () => {
  // Stands in for Next: it answers 500 to what it cannot parse, as Next did.
  const seen: string[] = [];
  const server = http.createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    response.statusCode = request.method === "TRACE" || /%FF|%00/i.test((request.url ?? "").split("?")[0]!) ? 500 : 200;
    response.end("from the app");
  });
  let port = 0;

  beforeAll(async () => {
    installEdgeGuard();
    installEdgeGuard(); // twice is once
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function send(method: string, path: string) {
    return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const request = http.request({ host: "127.0.0.1", port, method, path }, (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      });
      request.on("error", reject);
      request.end();
    });
  }

  it("answers TRACE with 405, an Allow header and a JSON message under /api, before the app sees it", async () => {
    const api = await send("TRACE", "/api/v1/me");
    expect(api.status).toBe(405);
    expect(api.headers.allow).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    expect(JSON.parse(api.body)).toEqual({ error: { code: "method_not_allowed", message: expect.stringContaining("TRACE") } });
    const page = await send("TRACE", "/login");
    expect(page.status).toBe(405);
    expect(page.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(page.headers["x-content-type-options"]).toBe("nosniff");
    expect(page.headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
    expect(seen.filter((line) => line.startsWith("TRACE"))).toEqual([]);
  });

  afterEach(() => vi.unstubAllEnvs());

  it("adds HSTS to every answer, the app's own included, when the app's URL is https, and only then", async () => {
    expect((await send("GET", "/favicon.svg")).headers["strict-transport-security"]).toBeUndefined();
    vi.stubEnv("AUTH_URL", "https://hindsight.example.com");
    expect((await send("GET", "/favicon.svg")).headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    expect((await send("TRACE", "/api/v1/me")).headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    seen.length = 0;
  });

  it("answers undecodable and NUL paths with 400 and a message, and passes everything else on", async () => {
    const undecodable = await send("GET", "/incidents/%FF%FE");
    expect(undecodable).toMatchObject({ status: 400, body: expect.stringContaining("not valid UTF-8") });
    const nul = await send("GET", "/api/v1/incidents/a%00b");
    expect(nul.status).toBe(400);
    expect(JSON.parse(nul.body).error.message).toContain("control character");
    expect(await send("GET", "/incidents/INC-1?q=%00")).toMatchObject({ status: 200, body: "from the app" });
    expect(seen).toEqual(["GET /incidents/INC-1?q=%00"]);
  });
});

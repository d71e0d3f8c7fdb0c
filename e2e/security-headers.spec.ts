// Every page and every route handler, found on disk, answers with the security headers: a nonce CSP on pages (a new
// nonce each time, on every script tag), a deny-all CSP on API answers, no framing, no sniffing, a referrer policy.
// 404s and static files too. The pages then run in the browser under that CSP without a single violation, charts
// and Markdown included. Requests Next cannot parse (TRACE, undecodable paths) get a 4xx, not a 500.
import { readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test, type APIResponse, type Page } from "@playwright/test";
import { apiGet, apiSend, apiUpload, importOwnReport } from "./app-api";
import { demo, newPageSignedInAs, signInAs } from "./helpers";

const PAGE_CSP = /^default-src 'self'; script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'; /;
const API_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

/** `app/(app)/incidents/[id]/page.tsx` → `/incidents/[id]`: route groups leave no trace in the URL. */
function urlPattern(file: string): string {
  const segments = path
    .dirname(file)
    .split(path.sep)
    .filter((segment) => segment !== "." && !/^\(.+\)$/.test(segment));
  return `/${segments.join("/")}`;
}

function filesNamed(name: string): string[] {
  return readdirSync("app", { recursive: true })
    .map(String)
    .filter((file) => path.basename(file) === name)
    .sort();
}

type Ids = Record<string, string>;

function concrete(pattern: string, ids: Ids): string {
  return pattern.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_, name: string) => {
    const value = ids[`${pattern.split("/[")[0]}:${name}`] ?? ids[name];
    if (!value) throw new Error(`No id for [${name}] in ${pattern}: add one to the ids in this test`);
    return value;
  });
}

function expectBaseHeaders(response: APIResponse, what: string) {
  const headers = response.headers();
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["x-frame-options"], what).toBe("DENY");
  expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"], what).toContain("camera=()");
}

/** A page's CSP nonce, checked against every script tag of the HTML. */
async function expectPageHeaders(response: APIResponse, what: string): Promise<string> {
  expectBaseHeaders(response, what);
  const policy = response.headers()["content-security-policy"] ?? "";
  const nonce = PAGE_CSP.exec(policy)?.[1];
  expect(nonce, `${what}: ${policy}`).toBeTruthy();
  expect(policy, what).toContain("frame-ancestors 'none'");
  expect(
    policy.split(";").find((directive) => directive.trim().startsWith("script-src")),
    what,
  ).not.toContain("unsafe-inline");
  if (response.status() === 200 && (response.headers()["content-type"] ?? "").startsWith("text/html")) {
    const scripts = (await response.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length, what).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, what).toContain(`nonce="${nonce}"`);
  }
  return nonce!;
}

async function seededIds(admin: Page, manager: Page): Promise<Ids> {
  // A report of this test's own, approved (so a revision exists), with an attachment, a metric series and a chart.
  const { publicId } = await importOwnReport(admin, "HEADERS");
  const attachment = await apiUpload<{ id: string }>(admin, `/api/v1/incidents/${publicId}/attachments`, {
    name: "page.html",
    mimeType: "text/html",
    buffer: Buffer.from("<script>alert(1)</script>"),
  });
  const metricsExport = await readFile("lib/metrics/fixtures/prometheus-query-range-matrix.json");
  const imported = await apiUpload<{ series: { id: string }[] }>(admin, `/api/v1/incidents/${publicId}/metrics`, {
    name: "pool.json",
    mimeType: "application/json",
    buffer: metricsExport,
  });
  const chart = await apiSend<{ id: string }>(admin, "POST", `/api/v1/incidents/${publicId}/charts`, {
    title: "Pool under CSP",
    seriesIds: [imported.series[0]!.id],
  });
  const report = await apiGet<{ actionItems: { id: string }[]; services: string[] }>(admin, `/api/v1/incidents/${publicId}`);
  const timeline = await apiGet<{ items: { id: string }[] }>(admin, `/api/v1/incidents/${publicId}/timeline`);
  const catalog = await apiGet<{ items: { id: string; name: string }[] }>(admin, "/api/v1/services");
  await apiSend(admin, "POST", `/api/v1/incidents/${publicId}/submit`, { reviewers: [demo("MANAGER").email] });
  await apiSend(manager, "POST", `/api/v1/incidents/${publicId}/approve`, {});
  await admin.goto("/admin/templates");
  const templateHref = await admin.locator('a[href^="/admin/templates/"]').first().getAttribute("href");
  return {
    id: publicId,
    "/api/v1/action-items:id": report.actionItems[0]!.id,
    "/api/v1/services:id": catalog.items[0]!.id,
    eventId: timeline.items[0]!.id,
    n: "1",
    attachmentId: attachment.id,
    seriesId: imported.series[0]!.id,
    chartId: chart.id,
    "/admin/templates:id": templateHref!.split("/").pop()!,
    nextauth: "session",
    file: "not-a-real-feed-token.ics",
    token: "00000000-0000-4000-8000-000000000000", // an unsubscribe link naming no one: the "not valid" 404 page
    name: encodeURIComponent(report.services[0]!), // a service page
  };
}

test("every page, API route, 404 and static file carries the security headers", async ({ page, browser }) => {
  await signInAs(page, "ADMIN");
  const manager = await newPageSignedInAs(browser, "MANAGER");
  const ids = await seededIds(page, manager);
  await manager.context().close();

  let checked = 0;
  const pages = filesNamed("page.tsx").map(urlPattern);
  for (const pattern of pages) {
    const url = concrete(pattern, ids);
    const first = await page.request.get(url, { maxRedirects: 0 });
    expect(first.status(), url).toBeLessThan(500);
    const nonce = await expectPageHeaders(first, url);
    const second = await page.request.get(url, { maxRedirects: 0 });
    expect(await expectPageHeaders(second, url), `${url}: a new nonce for each request`).not.toBe(nonce);
    checked++;
  }

  const routes = filesNamed("route.ts").map(urlPattern);
  for (const pattern of routes) {
    const url = concrete(pattern, ids);
    const response = await page.request.get(url, { maxRedirects: 0 });
    expect(response.status(), url).toBeLessThan(500);
    expectBaseHeaders(response, url);
    const policy = response.headers()["content-security-policy"];
    if (pattern === "/api/v1/incidents/[id]/attachments/[attachmentId]") {
      // the download stays sandboxed: an uploaded HTML page cannot run even if a browser renders it
      expect(response.headers()["content-disposition"], url).toMatch(/^attachment;/);
      expect(policy, url).toContain("sandbox");
      expect(policy, url).toContain("default-src 'none'");
    } else if (pattern.startsWith("/api/")) {
      expect(policy, url).toBe(API_CSP);
    } else {
      expect(policy, url).toMatch(PAGE_CSP);
    }
    checked++;
  }

  // A page that does not exist, signed in (the app's 404 page) and for an API client; build output and public files.
  await expectPageHeaders(await page.request.get("/no-such-page"), "/no-such-page");
  expect((await page.request.get("/no-such-page")).status()).toBe(404);
  const apiMissing = await page.request.get("/api/v1/no-such-route");
  expect(apiMissing.status()).toBe(404);
  expectBaseHeaders(apiMissing, "/api/v1/no-such-route");
  expect(apiMissing.headers()["content-security-policy"]).toBe(API_CSP);
  const html = await (await page.request.get("/login")).text();
  const chunk = /<script[^>]+src="(\/_next\/static\/[^"]+\.js)"/.exec(html)![1]!;
  for (const url of [chunk, "/favicon.svg", "/_next/static/chunks/no-such-chunk.js"]) {
    const response = await page.request.get(url);
    expect(response.status(), url).toBe(url.includes("no-such") ? 404 : 200);
    expectBaseHeaders(response, url);
  }
  checked += 2 + 3;
  console.log(`security headers: ${checked} addresses checked: ${pages.length} pages (each twice), ${routes.length} route handlers, 2 missing, 3 static files`);
});

test("the pages run under their CSP without a single violation, charts and Markdown included", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) =>
      console.error(`Refused to execute: Content Security Policy ${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`),
    );
  });
  await signInAs(page, "SRE");
  const { publicId } = await importOwnReport(page, "CSP");
  const imported = await apiUpload<{ series: { id: string }[] }>(page, `/api/v1/incidents/${publicId}/metrics`, {
    name: "pool.json",
    mimeType: "application/json",
    buffer: await readFile("lib/metrics/fixtures/prometheus-query-range-matrix.json"),
  });
  await apiSend(page, "POST", `/api/v1/incidents/${publicId}/charts`, { title: "Pool under CSP", seriesIds: imported.series.map((series) => series.id) });

  await page.goto(`/incidents/${publicId}`);
  await expect(page.getByTestId("metric-chart").locator(".recharts-line-curve").first()).toBeVisible();
  await expect(page.getByTestId("root-cause")).toContainText(/\w+/);
  await page.goto(`/incidents/${publicId}/edit`);
  await expect(page.getByRole("heading").first()).toBeVisible();
  for (const url of ["/incidents", "/action-items", "/reviews", "/account", "/incidents/import", "/incidents/new"]) {
    await page.goto(url);
    await page.waitForLoadState("networkidle");
  }
  // the client-side navigation still works (scripts loaded through 'strict-dynamic')
  await page
    .getByRole("link", { name: /incidents/i })
    .first()
    .click();
  await expect(page).toHaveURL(/\/incidents/);
  expect(violations).toEqual([]);
});

test("requests Next cannot parse get a 405 or 400 with a message, never a 500", async ({ request }) => {
  for (const url of ["/login", "/incidents", "/api/v1/me", "/api/health", "/favicon.svg"]) {
    const response = await request.fetch(url, { method: "TRACE" });
    expect(response.status(), `TRACE ${url}`).toBe(405);
    expect(response.headers().allow).toContain("GET");
    expect(await response.text()).toContain("The method TRACE is not supported here");
  }
  for (const url of ["/incidents/%FF%FE", "/incidents/a%00b", "/api/v1/incidents/%FF%FE", "/api/v1/incidents/a%00b/history", "/incidents/%E0%A4%A"]) {
    const response = await request.get(url);
    expect(response.status(), url).toBe(400);
    expectBaseHeaders(response, url);
    expect(await response.text(), url).toMatch(/not valid UTF-8|control character|percent-escape/);
  }
  // a client-side navigation whose router state Next cannot parse (Next's render threw: a 500 and an error line)
  for (const state of ["not-a-router-state", encodeURIComponent('{"children":1}'), encodeURIComponent('["", {"children": 1}]')]) {
    const response = await request.get("/login", { headers: { RSC: "1", "Next-Router-State-Tree": state }, maxRedirects: 0 });
    expect(response.status(), state.slice(0, 40)).toBe(400);
    expectBaseHeaders(response, "/login (RSC)");
    expect(await response.text()).toContain("The Next-Router-State-Tree header is not a router state");
  }
});

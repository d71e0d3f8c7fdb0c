// Journey of an attacker: a manager is signed in; a page served from another port of the same host (the same site,
// so SameSite=Lax still sends the session cookie) fires a no-cors fetch and an auto-submitted form at every
// state-changing API route, including approving a report under review, plus a script-free server action and Auth.js's
// sign-out and sign-in. Every request arrives with the cookie and is refused; the report, its attachments, metrics,
// charts and action items and the list of incidents are unchanged. The same approval from the app's own page works.
import { readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect, test, type Page, type Response } from "@playwright/test";
import type { AttachmentListResponse } from "../lib/attachments/schema";
import type { IncidentListResponse, IncidentResponse } from "../lib/incidents/schema";
import { apiGet, apiSend, apiUpload, importOwnReport } from "./app-api";
import { demo, newPageSignedInAs, signInAs } from "./helpers";

type Route = { file: string; path: string; methods: string[] };

/** Every app/api/v1 route file exporting a method that changes something, read from disk. */
function stateChangingRoutes(): Route[] {
  const root = "app/api/v1";
  return (
    readdirSync(root, { recursive: true })
      .map(String)
      .filter((file) => path.basename(file) === "route.ts")
      .map((file) => {
        const source = readFileSync(path.join(root, file), "utf8");
        const methods = [...source.matchAll(/export\s+(?:const|(?:async\s+)?function)\s+(POST|PUT|PATCH|DELETE)\b/g)].map((match) => match[1]!);
        return { file, path: `/api/v1/${path.dirname(file).split(path.sep).join("/")}`, methods };
      })
      // Webhooks never read the cookie: their own secret or signature is the credential, so a forged call is a 401 there
      // (app/api/v1/cross-origin.test.ts checks that, and that nothing is stored). This journey is about the cookie.
      .filter((route) => route.methods.length > 0 && !route.path.startsWith("/api/v1/webhooks/"))
      .sort((a, b) => a.path.localeCompare(b.path))
  );
}

type Fixture = { publicId: string; attachmentId: string; seriesId: string; chartId: string; actionItemId: string };

function concretePath(route: Route, fixture: Fixture): string {
  return route.path.replace(/\[([^\]]+)\]/g, (_, name: string) => {
    if (name === "id") return route.path.startsWith("/api/v1/action-items") ? fixture.actionItemId : fixture.publicId;
    const known: Record<string, string> = { attachmentId: fixture.attachmentId, seriesId: fixture.seriesId, chartId: fixture.chartId };
    return known[name] ?? `unknown-${name}`;
  });
}

const UPLOAD_ROUTES = /\/(attachments|metrics)$/;
/** What the forged request carries: JSON sent as text/plain (what the JSON routes once parsed), a file, or a report. */
function bodyKind(routePath: string): "json" | "file" | "report" {
  if (UPLOAD_ROUTES.test(routePath)) return "file";
  return routePath.endsWith("/import") ? "report" : "json";
}

type Attack =
  | { via: "fetch"; url: string; method: string; body: "json" | "file" | "report" }
  | { via: "form"; url: string; enctype: string; fields: [string, string][]; file?: boolean };

/** The attacker's page: runs every attack with the visitor's cookies, then sets window.attackDone. */
function attackerPage(attacks: Attack[]): string {
  const script = `
const attacks = ${JSON.stringify(attacks)};
const bodies = {
  json: () => JSON.stringify({ status: "DONE", version: 1, comment: "forged", title: "Forged", reviewers: [] }),
  report: () => "Title: Forged report\\nIncident ID: INC-FORGED-1\\nSeverity: High\\n",
  file: () => { const form = new FormData(); form.set("file", new Blob(["time,value\\n2024-11-27T14:30:00Z,1\\n"], { type: "text/csv" }), "forged.csv"); return form; },
};
window.attackDone = false;
(async () => {
  let frame = 0;
  for (const attack of attacks) {
    if (attack.via === "fetch") {
      // no-cors allows only GET/HEAD/POST; PATCH/PUT/DELETE need CORS, whose preflight this app never grants.
      const mode = attack.method === "POST" ? "no-cors" : "cors";
      try { await fetch(attack.url, { method: attack.method, mode, credentials: "include", body: bodies[attack.body]() }); } catch {}
      continue;
    }
    const name = "frame" + frame++;
    const iframe = document.createElement("iframe");
    iframe.name = name;
    document.body.append(iframe);
    const form = document.createElement("form");
    form.method = "POST";
    form.action = attack.url;
    form.enctype = attack.enctype;
    form.target = name;
    for (const [key, value] of attack.fields) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = key;
      input.value = value;
      form.append(input);
    }
    if (attack.file) {
      const input = document.createElement("input");
      input.type = "file";
      input.name = "file";
      const files = new DataTransfer();
      files.items.add(new File(["time,value\\n2024-11-27T14:30:00Z,1\\n"], "forged.csv", { type: "text/csv" }));
      input.files = files.files;
      form.append(input);
    }
    document.body.append(form);
    form.submit();
  }
  window.attackDone = true;
})();`;
  return `<!doctype html><html><head><title>Totally harmless</title></head><body><h1>Nothing to see</h1><script>${script}</script></body></html>`;
}

async function startAttackerServer(html: () => string): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer((_request, response) => {
    response.setHeader("Content-Type", "text/html; charset=utf-8");
    response.end(html());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Everything the attack could have changed, as the API reports it. */
async function stateOf(page: Page, fixture: Fixture) {
  const listed = await apiGet<IncidentListResponse>(page, `/api/v1/incidents?q=${fixture.publicId}`);
  const report = await apiGet<IncidentResponse>(page, `/api/v1/incidents/${fixture.publicId}`);
  const attachments = await apiGet<AttachmentListResponse>(page, `/api/v1/incidents/${fixture.publicId}/attachments`);
  const metrics = await apiGet<{ series: { id: string }[]; charts: { id: string; title: string; version?: number }[] }>(
    page,
    `/api/v1/incidents/${fixture.publicId}/metrics`,
  );
  const actionItem = await apiGet<Record<string, unknown>>(page, `/api/v1/action-items/${fixture.actionItemId}`);
  return {
    reportState: listed.items.find((item) => item.publicId === fixture.publicId)?.reportState,
    incidents: (await apiGet<IncidentListResponse>(page, "/api/v1/incidents")).total,
    report,
    attachments: attachments.items.map((item) => item.id).sort(),
    series: metrics.series.map((series) => series.id).sort(),
    charts: metrics.charts,
    actionItem,
    me: (await apiGet<{ email: string }>(page, "/api/v1/me")).email,
  };
}

test("a page on another port cannot change anything with a signed-in manager's cookie", async ({ page, browser }) => {
  const routes = stateChangingRoutes();
  expect(routes.map((route) => route.path)).toContain("/api/v1/incidents/[id]/approve");

  // An SRE's report, with an attachment, a metric series and a chart, sent to the manager for review.
  const sre = await newPageSignedInAs(browser, "SRE");
  const { publicId } = await importOwnReport(sre, "XORIGIN");
  const attachment = await apiUpload<{ id: string }>(sre, `/api/v1/incidents/${publicId}/attachments`, {
    name: "notes.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("pool notes"),
  });
  const metricsExport = await readFile("lib/metrics/fixtures/prometheus-query-range-matrix.json");
  const imported = await apiUpload<{ series: { id: string }[] }>(sre, `/api/v1/incidents/${publicId}/metrics`, {
    name: "pool.json",
    mimeType: "application/json",
    buffer: metricsExport,
  });
  const chart = await apiSend<{ id: string }>(sre, "POST", `/api/v1/incidents/${publicId}/charts`, { title: "Pool", seriesIds: [imported.series[0]!.id] });
  const report = await apiGet<{ actionItems: { id: string }[] }>(sre, `/api/v1/incidents/${publicId}`);
  await apiSend(sre, "POST", `/api/v1/incidents/${publicId}/submit`, { reviewers: [demo("MANAGER").email] });
  await sre.context().close();
  const fixture: Fixture = {
    publicId,
    attachmentId: attachment.id,
    seriesId: imported.series[0]!.id,
    chartId: chart.id,
    actionItemId: report.actionItems[0]!.id,
  };

  await signInAs(page, "MANAGER");
  const appOrigin = new URL(page.url()).origin;
  const before = await stateOf(page, fixture);
  expect(before.reportState).toBe("IN_REVIEW");

  const attacks: Attack[] = [];
  for (const route of routes) {
    const url = `${appOrigin}${concretePath(route, fixture)}`;
    const body = bodyKind(route.path);
    for (const method of route.methods) attacks.push({ via: "fetch", url, method, body });
    // Forms can only POST; one at a route without POST meets a 405.
    if (body === "file") attacks.push({ via: "form", url, enctype: "multipart/form-data", fields: [], file: true });
    else if (body === "report")
      attacks.push({ via: "form", url, enctype: "text/plain", fields: [["Title: Forged by form\nIncident ID: INC-FORGED-2\nSeverity: High\nx", "y"]] });
    // text/plain sends `name=value`: the name opens the JSON, the value closes it.
    else attacks.push({ via: "form", url, enctype: "text/plain", fields: [['{"status":"DONE","version":1,"comment":"forged","pad":"', '"}']] });
  }
  // A server action posted without JavaScript (no Next-Action header, an $ACTION_ID field), and Auth.js's own posts.
  attacks.push({
    via: "form",
    url: `${appOrigin}/reviews`,
    enctype: "multipart/form-data",
    fields: [
      ["$ACTION_ID_00c0ffee", ""],
      ["incidentId", publicId],
    ],
  });
  attacks.push({ via: "form", url: `${appOrigin}/api/auth/signout`, enctype: "application/x-www-form-urlencoded", fields: [["callbackUrl", "/"]] });
  const viewer = demo("VIEWER");
  attacks.push({
    via: "form",
    url: `${appOrigin}/api/auth/callback/credentials`,
    enctype: "application/x-www-form-urlencoded",
    fields: [
      ["email", viewer.email],
      ["password", viewer.password],
    ],
  });

  const attacker = await startAttackerServer(() => attackerPage(attacks));
  const seen: Response[] = [];
  const watch = (response: Response) => {
    if (response.url().startsWith(appOrigin) && response.request().method() !== "OPTIONS") seen.push(response);
  };
  page.context().on("response", watch);
  try {
    await page.goto(`${attacker.origin}/attack`);
    await page.waitForFunction(() => (window as unknown as { attackDone: boolean }).attackDone === true);
    // Wait for the answer to every POST sent (PATCH/PUT/DELETE stop at the CORS preflight): leaving the page earlier
    // would cut requests off mid-way.
    const key = (method: string, url: string) => `${method} ${new URL(url).pathname}`;
    const expected = attacks.filter((attack) => attack.via === "form" || attack.method === "POST").map((attack) => key("POST", attack.url));
    const missing = () => {
      const answered = seen.map((response) => key(response.request().method(), response.url()));
      return expected.filter(
        (wanted, index) => expected.slice(0, index + 1).filter((other) => other === wanted).length > answered.filter((other) => other === wanted).length,
      );
    };
    await expect.poll(missing, { timeout: 20_000 }).toEqual([]);
  } finally {
    page.context().off("response", watch);
    await attacker.close();
  }

  // Every forged request that reached the API was refused with 403. 403 rather than 401 is the proof that the attack
  // was real: the origin rule refuses only a request whose session cookie arrived and was valid; without the cookie
  // the API answers 401. (The bodies cannot be read here: no-cors answers are opaque, framed ones blocked.)
  const answers = seen.map((response) => ({ what: `${response.request().method()} ${new URL(response.url()).pathname}`, status: response.status() }));
  const apiAnswers = answers.filter((answer) => answer.what.includes(" /api/v1/"));
  for (const answer of apiAnswers) expect([403, 405], `${answer.what} → ${answer.status}`).toContain(answer.status);
  for (const route of routes.filter((candidate) => candidate.methods.includes("POST"))) {
    const refused = apiAnswers.filter((answer) => answer.what === `POST ${concretePath(route, fixture)}` && answer.status === 403);
    expect(refused.length, `POST ${route.path}: the fetch and the form both refused`).toBe(2);
  }
  expect(answers.find((answer) => answer.what === "POST /reviews")?.status, "script-free server action").toBe(403);
  console.log(`cross-origin: ${apiAnswers.length} forged requests to ${routes.length} state-changing API routes refused`);

  // Nothing changed, and the manager is still signed in as the manager (Auth.js's CSRF token stopped both its posts).
  const after = await stateOf(page, fixture);
  expect(after).toEqual(before);
  expect(after.me).toBe(demo("MANAGER").email);

  // The same approval from the app's own page goes through: the refusals above were the origin rule, nothing else.
  await page.goto(`/incidents/${publicId}`);
  const approved = await page.evaluate(async (id) => {
    const response = await fetch(`/api/v1/incidents/${id}/approve`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    return response.status;
  }, publicId);
  expect(approved).toBe(200);
  expect((await stateOf(page, fixture)).reportState).toBe("APPROVED");
});

test("a server action posted with a foreign Origin gets a 403 with a message, not a 500", async ({ page }) => {
  await signInAs(page, "MANAGER");
  const response = await page.request.post("/reviews", {
    headers: { origin: "http://127.0.0.1:1", "next-action": "00c0ffee", "content-type": "text/plain;charset=UTF-8" },
    data: "[]",
  });
  expect(response.status()).toBe(403);
  expect(await response.text()).toContain("must come from Hindsight's own pages");
});

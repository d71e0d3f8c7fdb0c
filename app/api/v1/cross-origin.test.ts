// Every state-changing /api/v1 route, called with a manager's session cookie from another origin, refuses with 403
// and stores nothing. The routes come from the file system (every route.ts exporting POST, PUT, PATCH or DELETE), so
// a new route is covered without editing this file. Webhooks (a route rule with `ownCredential`) never read the
// cookie: the forged call, which cannot carry their secret or signature, is a 401 for them, and stores nothing either. The cookie read needs a Next request; it is replaced by "this
// manager is signed in", the rest is real.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { UserActor } from "@/lib/auth/actor";
import { ROUTE_RULES } from "@/lib/auth/route-rules";
import { uploadAttachment } from "@/lib/attachments/mutations";
import { getDb } from "@/lib/db/client";
import { submitForReview } from "@/lib/reviews/mutations";
import { createTestReport } from "@/lib/reviews/test-fixtures";
import { createTestActor } from "@/lib/users/test-fixtures";

const session = vi.hoisted(() => ({ actor: null as unknown }));
vi.mock("@/lib/auth/session", () => ({ actorFromSession: async () => session.actor }));

const APP = "http://127.0.0.1:3107";
const CHANGING = ["POST", "PUT", "PATCH", "DELETE"] as const;
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const API_ROOT = path.join(process.cwd(), "app/api/v1");
const routeFiles = readdirSync(API_ROOT, { recursive: true })
  .map(String)
  .filter((file) => path.basename(file) === "route.ts")
  .sort();

/** `incidents/[id]/attachments/[attachmentId]/route.ts` → its URL path and the names of its dynamic segments. */
function routeShape(file: string) {
  const segments = path.dirname(file).split(path.sep);
  return { segments, params: segments.filter((segment) => /^\[.+\]$/.test(segment)).map((segment) => segment.slice(1, -1)) };
}

/** A bit of everything a route could change, so "nothing stored" is checked table by table. */
async function snapshot() {
  const db = getDb();
  const rows = await db.$queryRawUnsafe<{ name: string; digest: string }[]>(`
    SELECT 'Incident' AS name, count(*)::text || ':' || coalesce(md5(string_agg(id || "reportState" || version || "updatedAt", ',' ORDER BY id)), '') AS digest FROM "Incident"
    UNION ALL SELECT 'ActionItem', count(*)::text || ':' || coalesce(md5(string_agg(id || status || coalesce("ownerId", '') || version || "updatedAt", ',' ORDER BY id)), '') FROM "ActionItem"
    UNION ALL SELECT 'Attachment', count(*)::text FROM "Attachment"
    UNION ALL SELECT 'MetricSeries', count(*)::text FROM "MetricSeries"
    UNION ALL SELECT 'MetricChart', count(*)::text FROM "MetricChart"
    UNION ALL SELECT 'Revision', count(*)::text FROM "Revision"
    UNION ALL SELECT 'SignOff', count(*)::text FROM "SignOff"
    UNION ALL SELECT 'ReviewComment', count(*)::text FROM "ReviewComment"
    UNION ALL SELECT 'Service', count(*)::text || ':' || coalesce(md5(string_agg(id || name || coalesce(team, '') || coalesce(description, ''), ',' ORDER BY id)), '') FROM "Service"
    UNION ALL SELECT 'AuditEvent', count(*)::text FROM "AuditEvent"`);
  return Object.fromEntries(rows.map((row) => [row.name, row.digest]));
}

/** A body of the kind a forged request can send without a CORS preflight: text/plain holding JSON, or a form. */
function forgedBody(file: string): { body: BodyInit; type?: string } {
  if (/attachments\/route\.ts$|metrics\/route\.ts$/.test(file)) {
    const form = new FormData();
    form.set("file", new Blob(["time,value\n2025-06-01T10:00:00Z,1\n"]), "forged.csv");
    return { body: form };
  }
  if (file.includes("import")) return { body: "Title: Forged report\nIncident ID: INC-FORGED-1\nSeverity: High\n", type: "text/plain" };
  return { body: JSON.stringify({ status: "DONE", version: 1, reviewers: [], comment: "forged", title: "forged" }), type: "text/plain" };
}

async function fixtures() {
  const author = await createTestActor("SRE");
  const manager = await createTestActor("MANAGER");
  const report = await createTestReport(author);
  await submitForReview({ incidentId: report.id, reviewers: [manager.user.id] }, author);
  const attachmentReport = await createTestReport(author);
  const { attachment } = await uploadAttachment(
    { incidentId: attachmentReport.id, filename: "graph.csv", data: new TextEncoder().encode("a,b\n1,2\n") },
    author,
  );
  const actionItem = await getDb().actionItem.findFirstOrThrow({ where: { incidentId: report.id }, select: { id: true } });
  return { manager, report, attachmentReport, attachment, actionItem };
}

function paramsFor(file: string, names: string[], ids: Awaited<ReturnType<typeof fixtures>>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of names) {
    if (name === "id")
      values.id = file.startsWith("action-items") ? ids.actionItem.id : file.includes("attachments") ? ids.attachmentReport.publicId : ids.report.publicId;
    else if (name === "attachmentId") values.attachmentId = ids.attachment.id;
    else values[name] = `made-up-${name}`;
  }
  return values;
}

describe("state-changing /api/v1 routes with the session cookie", () => {
  it("finds the routes on disk", () => {
    expect(routeFiles.length).toBeGreaterThan(10);
  });

  it("refuses every change from another origin, or with no Origin and a non-same-origin fetch, with 403, storing nothing", async () => {
    const ids = await fixtures();
    session.actor = ids.manager satisfies UserActor;
    let checked = 0;
    try {
      const before = await snapshot();
      for (const file of routeFiles) {
        const route = (await import(path.join(API_ROOT, file))) as Partial<Record<string, Handler>>;
        const { segments, params: names } = routeShape(file);
        const params = paramsFor(file, names, ids);
        const url = `${APP}/api/v1/${segments.map((segment) => (/^\[.+\]$/.test(segment) ? params[segment.slice(1, -1)] : segment)).join("/")}`;
        for (const method of CHANGING) {
          const handler = route[method];
          if (!handler) continue;
          const rule = ROUTE_RULES[`${method} /api/v1/${segments.join("/")}`];
          const ownCredential = rule?.access.kind === "public" && rule.access.ownCredential === true;
          const attackers: Record<string, string>[] = [{ origin: "http://127.0.0.1:4000" }, { origin: "null" }, { "sec-fetch-site": "same-site" }, {}];
          for (const attacker of attackers) {
            const { body, type } = forgedBody(file);
            const headers = new Headers({ host: "127.0.0.1:3107", ...attacker });
            if (type) headers.set("content-type", type);
            const response = await handler(new Request(url, { method, headers, body }), { params: Promise.resolve(params) });
            const answer = (await response.json()) as { error?: { code?: string; message?: string } };
            if (ownCredential) {
              expect(response.status, `${method} ${file} ${JSON.stringify(attacker)}`).toBe(401);
            } else {
              expect(response.status, `${method} ${file} ${JSON.stringify(attacker)}`).toBe(403);
              expect(answer.error?.code).toBe("cross_origin");
              expect(answer.error?.message).toContain("must come from Hindsight's own pages");
            }
            checked++;
          }
        }
      }
      expect(await snapshot()).toEqual(before);
      console.log(`cross-origin: ${checked} forged requests to ${routeFiles.length} route files refused, nothing stored`);
      expect(checked).toBeGreaterThanOrEqual(12 * 4);
    } finally {
      session.actor = null;
    }
  });

  it("approves for the app's own page, but not for a forged page, nor for its own page sending text/plain", async () => {
    const ids = await fixtures();
    session.actor = ids.manager;
    const { POST } = await import("@/app/api/v1/incidents/[id]/approve/route");
    const approve = (headers: Record<string, string>) =>
      POST(
        new Request(`${APP}/api/v1/incidents/${ids.report.publicId}/approve`, { method: "POST", headers: { host: "127.0.0.1:3107", ...headers }, body: "{}" }),
        {
          params: Promise.resolve({ id: ids.report.publicId }),
        },
      );
    const state = async () => (await getDb().incident.findUniqueOrThrow({ where: { id: ids.report.id }, select: { reportState: true } })).reportState;
    try {
      expect((await approve({ origin: "http://127.0.0.1:4000", "content-type": "application/json" })).status).toBe(403);
      const plain = await approve({ origin: APP, "content-type": "text/plain;charset=UTF-8" });
      expect(plain.status).toBe(415);
      expect(((await plain.json()) as { error: { message: string } }).error.message).toBe("Send the body as application/json, not text/plain.");
      expect(await state()).toBe("IN_REVIEW");
      expect((await approve({ origin: APP, "content-type": "application/json" })).status).toBe(200);
      expect(await state()).toBe("APPROVED");
    } finally {
      session.actor = null;
    }
  });
});

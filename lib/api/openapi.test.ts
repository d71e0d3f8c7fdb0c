// The OpenAPI document against the routes on disk and their real answers: every route.ts under app/api/v1 and every
// HTTP method it exports is in the document and nothing else is; the document is valid OpenAPI 3.1 (checked by
// @seriousme/openapi-schema-validator); and answers of real route handlers, on the test database, are what the
// document's schemas for them say, field for field (nothing undocumented, nothing missing).
import { readdirSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { ERROR_RESPONSES } from "@/lib/api/openapi-paths/common";
import { API_PATHS, buildOpenApiDocument, OPENAPI_DOCUMENT_PATH } from "@/lib/api/openapi";
import type { UserActor } from "@/lib/auth/actor";
import type { Role } from "@/lib/generated/prisma/client";
import { approveReport, submitForReview } from "@/lib/reviews/mutations";
import { createTestReport } from "@/lib/reviews/test-fixtures";
import { createTestActor } from "@/lib/users/test-fixtures";

vi.mock("@/lib/auth/session", () => ({ actorFromSession: async () => null }));

const API_ROOT = path.join(process.cwd(), "app/api/v1");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const BASE = "http://127.0.0.1:3107";

/** `incidents/[id]/timeline/[eventId]/route.ts` → `/api/v1/incidents/{id}/timeline/{eventId}`. */
function openApiPath(file: string): string {
  const folders = path
    .dirname(file)
    .split(path.sep)
    .filter((folder) => folder !== ".");
  return `/api/v1/${folders.map((folder) => folder.replace(/^\[(.+)\]$/, "{$1}")).join("/")}`;
}

const routeFiles = readdirSync(API_ROOT, { recursive: true })
  .map(String)
  .filter((file) => path.basename(file) === "route.ts")
  .sort();

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const handlers = new Map<string, Handler>();
for (const file of routeFiles) {
  const routeModule = (await import(/* @vite-ignore */ path.join(API_ROOT, file))) as Record<string, unknown>;
  for (const method of METHODS) {
    if (typeof routeModule[method] === "function") handlers.set(`${method} ${openApiPath(file)}`, routeModule[method] as Handler);
  }
}

const document = buildOpenApiDocument();
const documented = Object.entries(document.paths ?? {}).flatMap(([route, item]) =>
  METHODS.filter((method) => item?.[method.toLowerCase() as Lowercase<typeof method>]).map((method) => `${method} ${route}`),
);

type Documented = { responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: unknown }> }> };

/** The zod schema the document gives for an answer (the one it was generated from). */
function documentedSchema(method: string, route: string, status: number): z.ZodType {
  const operation = (API_PATHS[route] as Record<string, Documented> | undefined)?.[method.toLowerCase()];
  const response = operation?.responses?.[String(status)];
  if (!response) throw new Error(`${method} ${route} documents no ${status} answer`);
  const answer = response.$ref ? ERROR_RESPONSES[response.$ref.split("/").pop()!] : response;
  const schema = answer?.content?.["application/json"]?.schema;
  if (!schema) throw new Error(`${method} ${route} ${status}: no JSON schema`);
  return schema as z.ZodType;
}

type Caller = { actor: UserActor; authorization: string };
async function caller(role: Role): Promise<Caller> {
  const actor = await createTestActor(role);
  const { plaintext } = await createApiToken({ name: `${role} OpenAPI test` }, actor);
  return { actor, authorization: `Bearer ${plaintext}` };
}

/**
 * Calls the route's handler and checks its answer against the documented schema: parsing it must give it back
 * unchanged (a field the schema does not know would be dropped, a missing one refused or defaulted).
 */
async function answerMatches(who: Caller, method: string, route: string, params: Record<string, string>, options: { query?: string; body?: unknown } = {}) {
  const handler = handlers.get(`${method} ${route}`);
  if (!handler) throw new Error(`no handler for ${method} ${route}`);
  const url = route.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(params[name]!));
  const headers = new Headers({ authorization: who.authorization });
  if (options.body !== undefined) headers.set("content-type", "application/json");
  const response = await handler(
    new Request(`${BASE}${url}${options.query ?? ""}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) }),
    {
      params: Promise.resolve(params),
    },
  );
  const body: unknown = await response.json();
  const parsed = documentedSchema(method, route, response.status).safeParse(body);
  expect(parsed.error?.issues ?? [], `${method} ${url} ${response.status}: ${JSON.stringify(body).slice(0, 300)}`).toEqual([]);
  expect(parsed.data, `${method} ${url}: the answer holds fields the document does not describe`).toEqual(body);
  return { status: response.status, body };
}

describe("the OpenAPI document", () => {
  it("lists every route and method under app/api/v1, and nothing that is not there", () => {
    expect(handlers.size).toBeGreaterThan(30);
    expect(
      [...handlers.keys()].filter((key) => !documented.includes(key)),
      "routes missing from lib/api/openapi-paths",
    ).toEqual([]);
    expect(
      documented.filter((key) => !handlers.has(key)),
      "documented, but no route.ts answers it",
    ).toEqual([]);
  });

  it("is valid OpenAPI 3.1, with the bearer token scheme, error answers, tags and an id for every operation", async () => {
    const validator = new Validator();
    // as it is served: the JSON text read back
    const result = await validator.validate(JSON.parse(JSON.stringify(document)) as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    expect(document.components?.securitySchemes?.apiToken).toMatchObject({ type: "http", scheme: "bearer" });
    expect(document.components?.schemas?.Error).toBeDefined();
    const operations = Object.values(document.paths ?? {}).flatMap((item) => METHODS.map((method) => item?.[method.toLowerCase() as "get"]).filter(Boolean));
    const ids = operations.map((operation) => operation!.operationId);
    expect(new Set(ids).size).toBe(operations.length);
    const tags = new Set(document.tags?.map((tag) => tag.name));
    expect(operations.filter((operation) => !operation!.tags?.every((tag) => tags.has(tag)))).toEqual([]);
  });

  it("says which routes need no API token: the webhooks name their own credential, this document none", () => {
    const webhooks = Object.entries(document.paths ?? {}).filter(([route]) => route.startsWith("/api/v1/webhooks/"));
    expect(webhooks.map(([route]) => route).sort()).toEqual([
      "/api/v1/webhooks/alertmanager",
      "/api/v1/webhooks/github",
      "/api/v1/webhooks/jira",
      "/api/v1/webhooks/pagerduty",
    ]);
    for (const [, item] of webhooks) {
      const [scheme] = Object.keys(item!.post!.security![0]!);
      expect(scheme).not.toBe("apiToken");
      expect(document.components?.securitySchemes?.[scheme!]).toBeDefined();
    }
    expect(document.paths?.[OPENAPI_DOCUMENT_PATH]?.get?.security).toEqual([]);
  });

  it("is served at /api/v1/openapi.json without a token, the same document each time", async () => {
    const handler = handlers.get(`GET ${OPENAPI_DOCUMENT_PATH}`)!;
    const first = await handler(new Request(`${BASE}${OPENAPI_DOCUMENT_PATH}`), { params: Promise.resolve({}) });
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toContain("application/json");
    const text = await first.text();
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(document)));
    const second = await handler(new Request(`${BASE}${OPENAPI_DOCUMENT_PATH}`), { params: Promise.resolve({}) });
    expect(await second.text()).toBe(text);
  });
});

describe("real answers match the document", () => {
  it("reports, their timeline, revisions and history, after a sign-off", async () => {
    const author = await caller("SRE");
    const manager = await caller("MANAGER");
    const report = await createTestReport(author.actor, { services: ["OpenAPI checkout"], private: true });
    const id = { id: report.publicId };

    await answerMatches(author, "GET", "/api/v1/incidents/{id}/timeline", id);
    const added = await answerMatches(author, "POST", "/api/v1/incidents/{id}/timeline", id, { body: { occurredAt: "2025-06-01T10:05:00Z", text: "Paged" } });
    expect(added.status).toBe(201);
    await submitForReview({ incidentId: report.id, reviewers: [manager.actor.user.id] }, author.actor);
    await approveReport({ incidentId: report.id, comment: "Thorough." }, manager.actor);

    const read = await answerMatches(author, "GET", "/api/v1/incidents/{id}", id);
    expect(read.body).toMatchObject({ reportState: "APPROVED", signOff: { by: { id: manager.actor.user.id } } });
    await answerMatches(author, "GET", "/api/v1/incidents", {}, { query: `?q=${encodeURIComponent(report.publicId)}` });
    await answerMatches(manager, "GET", "/api/v1/incidents/{id}/revisions", id, { query: "?include=content" });
    await answerMatches(manager, "GET", "/api/v1/incidents/{id}/history", id);
    // refusals are the documented error shape: a stale version, a report the caller may not see
    expect((await answerMatches(author, "PATCH", "/api/v1/incidents/{id}", id, { body: { version: 1, title: "Late" } })).status).toBe(409);
    expect((await answerMatches(await caller("SRE"), "GET", "/api/v1/incidents/{id}", id)).status).toBe(404);
  });

  it("action items, services (and their changes), insights and the caller", async () => {
    const sre = await caller("SRE");
    const report = await createTestReport(sre.actor);
    const created = await answerMatches(sre, "POST", "/api/v1/incidents/{id}/action-items", { id: report.id }, { body: { title: "Alert on cache memory" } });
    expect(created.status).toBe(201);
    await answerMatches(sre, "GET", "/api/v1/action-items/{id}", { id: (created.body as { id: string }).id });
    await answerMatches(sre, "GET", "/api/v1/action-items", {}, { query: `?incident=${report.publicId}` });
    const services = await answerMatches(sre, "GET", "/api/v1/services", {});
    await answerMatches(sre, "GET", "/api/v1/services/{id}", { id: (services.body as { items: { id: string }[] }).items[0]!.id });
    const admin = await caller("ADMIN");
    const service = await answerMatches(admin, "POST", "/api/v1/services", {}, { body: { name: `OpenAPI ledger ${report.publicId}` } });
    const serviceId = { id: (service.body as { id: string }).id };
    expect((await answerMatches(admin, "PATCH", "/api/v1/services/{id}", serviceId, { body: { team: "Payments" } })).status).toBe(200);
    expect((await answerMatches(admin, "PATCH", "/api/v1/services/{id}", serviceId, { body: { name: "" } })).status).toBe(422);
    expect((await answerMatches(admin, "DELETE", "/api/v1/services/{id}", { id: "no-such-service" })).status).toBe(404);
    await answerMatches(sre, "GET", "/api/v1/insights", {});
    await answerMatches(sre, "GET", "/api/v1/me", {});
    expect((await answerMatches(sre, "POST", "/api/v1/incidents/{id}/timeline", { id: report.id }, { body: { text: "" } })).status).toBe(422);
  });
});

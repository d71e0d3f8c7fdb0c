// Reports through the REST API against the test database: POST /api/v1/incidents, GET and PATCH
// /api/v1/incidents/{id} (version, review state, sign-off), POST /api/v1/incidents/{id}/action-items. Route handlers
// are called with a Request and a bearer token; the session fallback is replaced by "nobody signed in".
import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { createApiToken } from "@/lib/api-tokens/mutations";
import type { UserActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/client";
import type { IncidentResponse } from "@/lib/incidents/schema";
import { approveReport, reopenReport, submitForReview } from "@/lib/reviews/mutations";
import { createTestActor } from "@/lib/users/test-fixtures";

vi.mock("@/lib/auth/session", () => ({ actorFromSession: async () => null }));

const incidents = await import("@/app/api/v1/incidents/route");
const incident = await import("@/app/api/v1/incidents/[id]/route");
const actionItems = await import("@/app/api/v1/incidents/[id]/action-items/route");

const BASE = "http://127.0.0.1:3107";
type Caller = { actor: UserActor; authorization: string };

async function caller(role: Role): Promise<Caller> {
  const actor = await createTestActor(role);
  const { plaintext } = await createApiToken({ name: `${role} REST test` }, actor);
  return { actor, authorization: `Bearer ${plaintext}` };
}

function request(method: string, path: string, who: Caller, body?: unknown) {
  const headers = new Headers({ authorization: who.authorization });
  if (body !== undefined) headers.set("content-type", "application/json");
  return new Request(`${BASE}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

const params = (id: string) => ({ params: Promise.resolve({ id }) });

async function answer<T = Record<string, unknown>>(response: Response | Promise<Response>) {
  const received = await response;
  return { status: received.status, headers: received.headers, body: (await received.json()) as T };
}

const create = (who: Caller, body: unknown) => answer<IncidentResponse>(incidents.POST(request("POST", "/api/v1/incidents", who, body), {}));
const read = (who: Caller, id: string) => answer<IncidentResponse>(incident.GET(request("GET", `/api/v1/incidents/${id}`, who), params(id)));
const patch = (who: Caller, id: string, body: unknown) =>
  answer<IncidentResponse & { error: { code: string; issues?: { path: string }[]; details?: { currentVersion: number } } }>(
    incident.PATCH(request("PATCH", `/api/v1/incidents/${id}`, who, body), params(id)),
  );

const newReport = (overrides: Record<string, unknown> = {}) => ({
  publicId: `INC-REST-${randomUUID().slice(0, 8)}`,
  title: "Checkout errors after the cache rollout",
  severity: "High",
  startedAt: "2025-06-01T10:00:00Z",
  timeline: [{ occurredAt: "2025-06-01T10:02:00Z", text: "Error-rate alert", kind: "ALERT", milestone: "DETECTED" }],
  ...overrides,
});

describe("POST /api/v1/incidents and GET /api/v1/incidents/{id}", () => {
  it("creates a report from the document's JSON (201, Location) that GET answers with version 1, DRAFT and no sign-off", async () => {
    const sre = await caller("SRE");
    const body = newReport({ services: ["Checkout API"], actionItems: [{ title: "Alert on cache evictions", dueDate: "2025-06-20" }] });
    const created = await create(sre, body);
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`${BASE}/api/v1/incidents/${body.publicId}`);
    expect(created.body).toMatchObject({
      publicId: body.publicId,
      title: body.title,
      version: 1,
      reportState: "DRAFT",
      signOff: null,
      // the milestone rule, as in the editor
      detectedAt: "2025-06-01T10:02:00.000Z",
      services: ["Checkout API"],
      actionItems: [{ title: "Alert on cache evictions", dueDate: "2025-06-20", status: "OPEN" }],
    });
    expect((await read(sre, body.publicId)).body).toEqual(created.body);
    expect((await read(sre, created.body.id)).body).toEqual(created.body);
  });

  it("refuses a body with a bad or unknown field with a 422 naming it, and stores nothing", async () => {
    const sre = await caller("SRE");
    const before = await getDb().incident.count();
    const bad = await create(sre, newReport({ title: "", severity: undefined, titel: "typo" }));
    expect(bad.status).toBe(422);
    const paths = (bad.body as unknown as { error: { issues: { path: string }[] } }).error.issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(["title", "severity", "(root)"]));
    expect(JSON.stringify(bad.body)).toContain("titel");
    const backwards = await create(sre, newReport({ endedAt: "2025-06-01T09:00:00Z" }));
    expect(backwards.status).toBe(422);
    expect(JSON.stringify(backwards.body)).toContain('"path":"endedAt"');
    expect(await getDb().incident.count()).toBe(before);
    expect((await create(await caller("VIEWER"), newReport())).status).toBe(403);
  });
});

describe("PATCH /api/v1/incidents/{id}", () => {
  it("changes only the fields sent and bumps the version; a stale version is a 409 with the current version, saving nothing", async () => {
    const sre = await caller("SRE");
    const { body: created } = await create(sre, newReport({ rootCause: "A cache node ran out of memory." }));

    const changed = await patch(sre, created.publicId, { version: 1, status: "RESOLVED", summary: "Checkout failed for 20 minutes." });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ version: 2, status: "RESOLVED", summary: "Checkout failed for 20 minutes.", rootCause: created.rootCause });
    expect(changed.body.timeline).toEqual(created.timeline);

    const stale = await patch(sre, created.publicId, { version: 1, summary: "An older idea of the summary" });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("conflict");
    expect(stale.body.error.details?.currentVersion).toBe(2);
    expect((await read(sre, created.publicId)).body.summary).toBe("Checkout failed for 20 minutes.");

    // a GET answer sent back whole (read-only fields and all) is a save of what it holds
    const whole = (await read(sre, created.id)).body;
    const resent = await patch(sre, created.id, { ...whole, title: "Checkout errors (cache rollout)" });
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ version: 3, title: "Checkout errors (cache rollout)", timeline: whole.timeline });
  });

  it("refuses a missing version, an unknown field or a bad value with a 422 naming the field", async () => {
    const sre = await caller("SRE");
    const { body: created } = await create(sre, newReport());
    const cases: [unknown, string][] = [
      [{ status: "RESOLVED" }, "version"],
      [{ version: 1, colour: "red" }, "(root)"],
      [{ version: 1, status: "FIXED" }, "status"],
      [{ version: 1, timeline: [{ occurredAt: "yesterday", text: "x" }] }, "timeline.0.occurredAt"],
      [{ version: 1, endedAt: "2025-05-01T00:00:00Z" }, "endedAt"],
    ];
    for (const [body, path] of cases) {
      const refused = await patch(sre, created.id, body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect(refused.body.error.issues?.map((issue) => issue.path)).toContain(path);
    }
    expect((await read(sre, created.id)).body.version).toBe(1);
  });
});

describe("reportState and signOff", () => {
  it("after an approval: APPROVED, the reviewer, the time and the signed revision's SHA-256; a PATCH is then refused as read-only", async () => {
    const sre = await caller("SRE");
    const manager = await caller("MANAGER");
    const { body: created } = await create(sre, newReport());
    await submitForReview({ incidentId: created.id, reviewers: [manager.actor.user.id] }, sre.actor);
    expect((await read(sre, created.id)).body).toMatchObject({ reportState: "IN_REVIEW", signOff: null });

    await approveReport({ incidentId: created.id }, manager.actor);
    const approved = (await read(sre, created.id)).body;
    const signed = await getDb().signOff.findFirstOrThrow({ where: { incidentId: created.id }, include: { revision: true } });
    expect(approved.reportState).toBe("APPROVED");
    expect(approved.signOff).toEqual({
      by: { id: manager.actor.user.id, name: manager.actor.user.name, email: manager.actor.user.email },
      at: signed.signedAt.toISOString(),
      sha256: signed.revision.contentHash,
      revision: signed.revision.number,
      matchesCurrent: true,
    });
    expect(approved.signOff?.sha256).toMatch(/^[0-9a-f]{64}$/);

    const refused = await patch(sre, created.id, { version: approved.version, summary: "Too late" });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toContain("read-only");

    // reopened and edited: the sign-off is still the one given, and says the content moved on
    await reopenReport({ incidentId: created.id }, manager.actor);
    const reopened = (await read(sre, created.id)).body;
    expect((await patch(sre, created.id, { version: reopened.version, summary: "Rewritten after reopening" })).status).toBe(200);
    expect((await read(sre, created.id)).body).toMatchObject({ reportState: "DRAFT", signOff: { sha256: signed.revision.contentHash, matchesCurrent: false } });
  });

  it("leaves signOff out (null) when the signed revision was altered after signing", async () => {
    const sre = await caller("SRE");
    const manager = await caller("MANAGER");
    const { body: created } = await create(sre, newReport());
    await submitForReview({ incidentId: created.id, reviewers: [manager.actor.user.id] }, sre.actor);
    await approveReport({ incidentId: created.id }, manager.actor);
    const signed = await getDb().signOff.findFirstOrThrow({ where: { incidentId: created.id }, select: { revisionId: true } });
    await getDb().revision.update({ where: { id: signed.revisionId }, data: { content: { title: "Something else entirely" } } });
    expect((await read(sre, created.id)).body).toMatchObject({ reportState: "APPROVED", signOff: null });
  });
});

describe("POST /api/v1/incidents/{id}/action-items", () => {
  it("adds an item to the report (201, Location) with the version a later PATCH names; the report's version moves on", async () => {
    const sre = await caller("SRE");
    const { body: created } = await create(sre, newReport());
    const path = `/api/v1/incidents/${created.publicId}/action-items`;
    const added = await answer(
      actionItems.POST(
        request("POST", path, sre, { title: "Alert on cache evictions", dueDate: "2025-07-01", priority: "HIGH", ownerId: sre.actor.user.id }),
        params(created.publicId),
      ),
    );
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      title: "Alert on cache evictions",
      dueDate: "2025-07-01",
      priority: "HIGH",
      status: "OPEN",
      version: 1,
      owner: { id: sre.actor.user.id },
      incident: { id: created.id, publicId: created.publicId },
    });
    expect(added.headers.get("location")).toBe(`${BASE}/api/v1/action-items/${added.body.id as string}`);
    expect((await read(sre, created.id)).body).toMatchObject({ version: 2, actionItems: [{ title: "Alert on cache evictions" }] });
  });

  it("answers 422 naming a bad field, 404 for a report the caller cannot see, 403 below SRE", async () => {
    const sre = await caller("SRE");
    const { body: created } = await create(sre, newReport({ private: true }));
    const post = (who: Caller, id: string, body: unknown) =>
      answer(actionItems.POST(request("POST", `/api/v1/incidents/${id}/action-items`, who, body), params(id)));
    const bad = await post(sre, created.id, { title: "", dueDate: "2025-13-01" });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toMatch(/"path":"title".*"path":"dueDate"/);
    expect((await post(await caller("SRE"), created.id, { title: "Not mine to add" })).status).toBe(404);
    expect((await post(await caller("VIEWER"), created.id, { title: "Not allowed" })).status).toBe(403);
    expect(await getDb().actionItem.count({ where: { incidentId: created.id } })).toBe(0);
  });
});

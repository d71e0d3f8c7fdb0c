// Timeline events through the REST API against the test database: GET/POST /api/v1/incidents/{id}/timeline and
// PATCH/DELETE .../timeline/{eventId}, each a save of the report under the editor's rules (version, milestones,
// approved reports read-only). Route handlers are called with a Request and a bearer token.
import { describe, expect, it, vi } from "vitest";
import { createApiToken } from "@/lib/api-tokens/mutations";
import type { UserActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/client";
import type { TimelineEventChangeResponse, TimelineListResponse } from "@/lib/incidents/schema";
import { approveReport, submitForReview } from "@/lib/reviews/mutations";
import { createTestReport } from "@/lib/reviews/test-fixtures";
import { createTestActor } from "@/lib/users/test-fixtures";

vi.mock("@/lib/auth/session", () => ({ actorFromSession: async () => null }));

const timeline = await import("@/app/api/v1/incidents/[id]/timeline/route");
const event = await import("@/app/api/v1/incidents/[id]/timeline/[eventId]/route");

const BASE = "http://127.0.0.1:3107";
type Caller = { actor: UserActor; authorization: string };
type ErrorBody = { error: { code: string; message: string; issues?: { path: string }[]; details?: { currentVersion?: number } } };

async function caller(role: Role): Promise<Caller> {
  const actor = await createTestActor(role);
  const { plaintext } = await createApiToken({ name: `${role} timeline test` }, actor);
  return { actor, authorization: `Bearer ${plaintext}` };
}

function request(method: string, path: string, who: Caller, body?: unknown) {
  const headers = new Headers({ authorization: who.authorization });
  if (body !== undefined) headers.set("content-type", "application/json");
  return new Request(`${BASE}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function answer<T>(response: Promise<Response>) {
  const received = await response;
  return { status: received.status, headers: received.headers, body: (await received.json()) as T & ErrorBody };
}

const api = (who: Caller, id: string) => ({
  list: () => answer<TimelineListResponse>(timeline.GET(request("GET", `/api/v1/incidents/${id}/timeline`, who), { params: Promise.resolve({ id }) })),
  add: (body: unknown) =>
    answer<TimelineEventChangeResponse>(timeline.POST(request("POST", `/api/v1/incidents/${id}/timeline`, who, body), { params: Promise.resolve({ id }) })),
  change: (eventId: string, body: unknown) =>
    answer<TimelineEventChangeResponse>(
      event.PATCH(request("PATCH", `/api/v1/incidents/${id}/timeline/${eventId}`, who, body), { params: Promise.resolve({ id, eventId }) }),
    ),
  remove: (eventId: string, version?: number) =>
    answer<{ version: number }>(
      event.DELETE(request("DELETE", `/api/v1/incidents/${id}/timeline/${eventId}${version === undefined ? "" : `?version=${version}`}`, who), {
        params: Promise.resolve({ id, eventId }),
      }),
    ),
});

const momentsOf = (id: string) =>
  getDb().incident.findUniqueOrThrow({ where: { id }, select: { detectedAt: true, mitigatedAt: true, resolvedAt: true, version: true } });

describe("/api/v1/incidents/{id}/timeline", () => {
  it("adds, changes and removes events in time order, each bumping the report's version and moving its milestones", async () => {
    const sre = await caller("SRE");
    const report = await createTestReport(sre.actor);
    const calls = api(sre, report.publicId);

    const listed = await calls.list();
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ items: [expect.objectContaining({ text: "Latency alert", milestone: "DETECTED" })], version: 1 });

    // no version: added to the report as it is; the milestone sets mitigatedAt as the editor would
    const added = await calls.add({ occurredAt: "2025-06-01T10:30:00+02:00", text: "Failed over to the replica", kind: "ACTION", milestone: "MITIGATED" });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      event: { id: expect.any(String), occurredAt: "2025-06-01T08:30:00.000Z", text: "Failed over to the replica", kind: "ACTION", milestone: "MITIGATED" },
      version: 2,
    });
    expect(added.headers.get("location")).toBe(`${BASE}/api/v1/incidents/${report.publicId}/timeline/${added.body.event.id}`);
    expect(await momentsOf(report.id)).toMatchObject({ mitigatedAt: new Date("2025-06-01T08:30:00Z"), version: 2 });
    // time order: the new event happened before the alert
    expect((await calls.list()).body.items.map((item) => item.text)).toEqual(["Failed over to the replica", "Latency alert"]);

    const changed = await calls.change(added.body.event.id, { version: 2, occurredAt: "2025-06-01T10:40:00Z", text: "Failed over to replica db-2" });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({
      event: { id: added.body.event.id, occurredAt: "2025-06-01T10:40:00.000Z", text: "Failed over to replica db-2", kind: "ACTION", milestone: "MITIGATED" },
      version: 3,
    });
    expect(await momentsOf(report.id)).toMatchObject({ mitigatedAt: new Date("2025-06-01T10:40:00Z") });

    const removed = await calls.remove(added.body.event.id, 3);
    expect(removed).toMatchObject({ status: 200, body: { version: 4 } });
    expect(await momentsOf(report.id)).toMatchObject({ mitigatedAt: null, version: 4 });
    expect((await calls.list()).body.items.map((item) => item.text)).toEqual(["Latency alert"]);
  });

  it("refuses a stale version with a 409 carrying the current one, and changes nothing", async () => {
    const sre = await caller("SRE");
    const report = await createTestReport(sre.actor);
    const calls = api(sre, report.id);
    const [alert] = (await calls.list()).body.items;
    await calls.add({ occurredAt: "2025-06-01T10:05:00Z", text: "Paged the cache on-call" });

    for (const stale of [
      await calls.change(alert!.id, { version: 1, text: "An edit from an old page" }),
      await calls.remove(alert!.id, 1),
      await calls.add({ version: 1, occurredAt: "2025-06-01T10:06:00Z", text: "Added from an old page" }),
    ]) {
      expect(stale.status).toBe(409);
      expect(stale.body.error.details?.currentVersion).toBe(2);
    }
    expect((await calls.list()).body).toMatchObject({ version: 2, items: [{ text: "Latency alert" }, { text: "Paged the cache on-call" }] });
  });

  it("answers 422 naming the bad field, 404 for an event of another report, 403 below SRE, 409 once the report is approved", async () => {
    const sre = await caller("SRE");
    const report = await createTestReport(sre.actor);
    const other = await createTestReport(sre.actor);
    const calls = api(sre, report.id);
    const [alert] = (await calls.list()).body.items;

    const bad = await calls.add({ occurredAt: "2025-06-01 10:05", text: " ", kind: "RUMOUR" });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues?.map((issue) => issue.path).sort()).toEqual(["kind", "occurredAt", "text"]);
    expect((await calls.change(alert!.id, { text: "No version" })).body.error.issues?.map((issue) => issue.path)).toEqual(["version"]);
    expect((await calls.remove(alert!.id)).body.error.issues?.map((issue) => issue.path)).toEqual(["version"]);

    const elsewhere = await api(sre, other.id).change(alert!.id, { version: 1, text: "Not this report's event" });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error.message).toBe("The timeline event was not found.");
    expect((await api(await caller("VIEWER"), report.id).add({ occurredAt: "2025-06-01T10:05:00Z", text: "x" })).status).toBe(403);

    const manager = await caller("MANAGER");
    await submitForReview({ incidentId: report.id, reviewers: [manager.actor.user.id] }, sre.actor);
    await approveReport({ incidentId: report.id }, manager.actor);
    const locked = await calls.add({ occurredAt: "2025-06-01T11:00:00Z", text: "After the sign-off" });
    expect(locked.status).toBe(409);
    expect(locked.body.error.message).toContain("read-only");
    expect((await calls.list()).body.items.map((item) => item.text)).toEqual(["Latency alert"]);
  });
});

// The services catalog through the REST API against the test database: GET/POST /api/v1/services and GET
// /api/v1/services/{id}. Route handlers are called with a Request and a bearer token.
import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { createApiToken } from "@/lib/api-tokens/mutations";
import type { UserActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/client";
import type { ServiceEntryResponse, ServiceListResponse } from "@/lib/services/schema";
import { createTestReport } from "@/lib/reviews/test-fixtures";
import { createTestActor } from "@/lib/users/test-fixtures";

vi.mock("@/lib/auth/session", () => ({ actorFromSession: async () => null }));

const services = await import("@/app/api/v1/services/route");
const service = await import("@/app/api/v1/services/[id]/route");

const BASE = "http://127.0.0.1:3107";
type Caller = { actor: UserActor; authorization: string };

async function caller(role: Role): Promise<Caller> {
  const actor = await createTestActor(role);
  const { plaintext } = await createApiToken({ name: `${role} services test` }, actor);
  return { actor, authorization: `Bearer ${plaintext}` };
}

async function call<T>(handler: Promise<Response>) {
  const response = await handler;
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as T & { error: { message: string; issues?: { path: string }[] } },
  };
}

const list = (who: Caller) =>
  call<ServiceListResponse>(services.GET(new Request(`${BASE}/api/v1/services`, { headers: { authorization: who.authorization } }), {}));
const one = (who: Caller, id: string) =>
  call<ServiceEntryResponse>(
    service.GET(new Request(`${BASE}/api/v1/services/${id}`, { headers: { authorization: who.authorization } }), { params: Promise.resolve({ id }) }),
  );
const add = (who: Caller, body: unknown) =>
  call<ServiceEntryResponse>(
    services.POST(
      new Request(`${BASE}/api/v1/services`, {
        method: "POST",
        headers: { authorization: who.authorization, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
      {},
    ),
  );

describe("/api/v1/services", () => {
  it("lists the catalog with the figures of the incidents the caller may open, and answers one service by id", async () => {
    const name = `Search API ${randomUUID().slice(0, 8)}`;
    const author = await caller("SRE");
    await createTestReport(author.actor, { services: [name], startedAt: "2025-06-01T10:00:00Z", endedAt: "2025-06-01T10:45:00Z" });
    await createTestReport(author.actor, { services: [name], startedAt: "2025-06-03T10:00:00Z", private: true });
    const outsider = await caller("VIEWER");

    const forAuthor = (await list(author)).body.items.find((entry) => entry.name === name);
    expect(forAuthor).toMatchObject({ incidentCount: 2, lastIncidentAt: "2025-06-03T10:00:00.000Z", openActionItems: 2 });
    const forOutsider = await list(outsider);
    expect(forOutsider.status).toBe(200);
    const entry = forOutsider.body.items.find((item) => item.name === name);
    // the private report is not counted for someone who cannot open it
    expect(entry).toMatchObject({ incidentCount: 1, lastIncidentAt: "2025-06-01T10:00:00.000Z", openActionItems: 1 });

    expect((await one(outsider, entry!.id)).body).toEqual(entry);
    const missing = await one(outsider, "no-such-service");
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe("The service was not found.");
  });

  it("lets admins add a service (201, Location); a taken name is a 409, a bad field a 422 naming it, anyone else a 403", async () => {
    const admin = await caller("ADMIN");
    const name = `Ledger ${randomUUID().slice(0, 8)}`;
    const created = await add(admin, { name, team: "Payments", description: "Double-entry ledger" });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name,
      team: "Payments",
      description: "Double-entry ledger",
      incidentCount: 0,
      lastIncidentAt: null,
      openActionItems: 0,
      impactMinutes90d: 0,
    });
    expect(created.headers.get("location")).toBe(`${BASE}/api/v1/services/${created.body.id}`);

    expect((await add(admin, { name: name.toUpperCase() })).status).toBe(409);
    const bad = await add(admin, { name: "", team: "x".repeat(101) });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues?.map((issue) => issue.path)).toEqual(["name", "team"]);
    expect((await add(await caller("MANAGER"), { name: `${name} 2` })).status).toBe(403);
    expect(await getDb().service.count({ where: { name: { startsWith: name, mode: "insensitive" } } })).toBe(1);
  });
});

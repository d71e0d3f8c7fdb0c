// The services catalog through the REST API against the test database: GET/POST /api/v1/services and GET, PATCH,
// DELETE /api/v1/services/{id}. Route handlers are called with a Request and a bearer token.
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
    body: (await response.json()) as T & { error: { code: string; message: string; issues?: { path: string }[] } },
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

const patch = (who: Caller, id: string, body: unknown, contentType = "application/json") =>
  call<ServiceEntryResponse>(
    service.PATCH(
      new Request(`${BASE}/api/v1/services/${id}`, {
        method: "PATCH",
        headers: { authorization: who.authorization, "content-type": contentType },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
      { params: Promise.resolve({ id }) },
    ),
  );
async function remove(who: Caller, id: string) {
  const response = await service.DELETE(new Request(`${BASE}/api/v1/services/${id}`, { method: "DELETE", headers: { authorization: who.authorization } }), {
    params: Promise.resolve({ id }),
  });
  const text = await response.text();
  return { status: response.status, text, body: (text ? JSON.parse(text) : null) as { error: { message: string } } | null };
}

const stored = (id: string) => getDb().service.findUnique({ where: { id }, select: { name: true, team: true, description: true } });
const auditOf = (id: string) =>
  getDb().auditEvent.findMany({
    where: { entityType: "Service", entityId: id },
    orderBy: { id: "asc" },
    select: { action: true, actorType: true, changes: true },
  });

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

  it("lets admins change the fields sent and nothing else: 200 with the service as GET answers it, audited", async () => {
    const admin = await caller("ADMIN");
    const name = `Ledger ${randomUUID().slice(0, 8)}`;
    const { id } = (await add(admin, { name, team: "Payments", description: "Double-entry ledger" })).body;

    const changed = await patch(admin, id, { team: "Core banking" });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ ...(await one(admin, id)).body, name, team: "Core banking", description: "Double-entry ledger" });
    expect(await stored(id)).toEqual({ name, team: "Core banking", description: "Double-entry ledger" });

    // an empty or null text clears it; a change of case of its own name is no clash
    const cleared = await patch(admin, id, { description: "  ", team: null, name: name.toUpperCase() });
    expect(cleared.status).toBe(200);
    expect(await stored(id)).toEqual({ name: name.toUpperCase(), team: null, description: null });
    // nothing sent, nothing changed, nothing recorded
    expect((await patch(admin, id, {})).body).toMatchObject({ name: name.toUpperCase(), team: null, description: null });

    expect(await auditOf(id)).toEqual([
      expect.objectContaining({ action: "service.create" }),
      { action: "service.update", actorType: "API_TOKEN", changes: { team: { before: "Payments", after: "Core banking" } } },
      {
        action: "service.update",
        actorType: "API_TOKEN",
        changes: {
          name: { before: name, after: name.toUpperCase() },
          team: { before: "Core banking", after: null },
          description: { before: "Double-entry ledger", after: null },
        },
      },
    ]);
  });

  it("refuses a bad or unknown field with a 422 naming it, another service's name with a 409, and saves nothing", async () => {
    const admin = await caller("ADMIN");
    const name = `Ledger ${randomUUID().slice(0, 8)}`;
    const { id } = (await add(admin, { name, team: "Payments" })).body;
    const other = (await add(admin, { name: `${name} archive` })).body;

    const bad = await patch(admin, id, { name: "", team: "x".repeat(101) });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe("invalid_input");
    expect(bad.body.error.issues?.map((issue) => issue.path)).toEqual(["name", "team"]);
    expect(bad.body.error.message).toBe("Invalid input: name: Enter a name.; team: A team name has at most 100 characters.");

    const unknown = await patch(admin, id, { team: "Core", owner: "someone" });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.message).toContain('"owner"');
    const list = await patch(admin, id, [{ team: "Core" }]);
    expect(list.status).toBe(422);
    expect(list.body.error.issues?.map((issue) => issue.path)).toEqual(["(body)"]);
    expect((await patch(admin, id, "team=Core", "application/x-www-form-urlencoded")).status).toBe(415);

    const taken = await patch(admin, id, { name: other.name.toLowerCase(), team: "Core" });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toBe(`A service named “${other.name}” already exists (names are compared ignoring case).`);

    expect(await stored(id)).toEqual({ name, team: "Payments", description: null });
    expect((await auditOf(id)).map((entry) => entry.action)).toEqual(["service.create"]);
  });

  it("answers 404 for a service that does not exist, and 403 to anyone but an admin, changing nothing", async () => {
    const admin = await caller("ADMIN");
    for (const missing of [await patch(admin, "no-such-service", { team: "Core" }), await remove(admin, "no-such-service")]) {
      expect(missing.status).toBe(404);
      expect(missing.body?.error.message).toBe("The service was not found.");
    }

    const name = `Ledger ${randomUUID().slice(0, 8)}`;
    const { id } = (await add(admin, { name, team: "Payments" })).body;
    for (const role of ["VIEWER", "SRE", "MANAGER"] as const) {
      const who = await caller(role);
      expect((await patch(who, id, { team: "Core" })).status, role).toBe(403);
      expect((await remove(who, id)).status, role).toBe(403);
    }
    expect(await stored(id)).toEqual({ name, team: "Payments", description: null });
    expect((await auditOf(id)).map((entry) => entry.action)).toEqual(["service.create"]);
  });

  it("lets admins delete a service no incident lists (204, then GET is a 404), audited", async () => {
    const admin = await caller("ADMIN");
    const name = `Ledger ${randomUUID().slice(0, 8)}`;
    const { id } = (await add(admin, { name, team: "Payments" })).body;

    const deleted = await remove(admin, id);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expect((await one(admin, id)).status).toBe(404);
    expect(await stored(id)).toBeNull();
    expect((await auditOf(id)).at(-1)).toEqual({
      action: "service.delete",
      actorType: "API_TOKEN",
      changes: { name: { before: name }, team: { before: "Payments" }, description: { before: null } },
    });
    expect((await remove(admin, id)).status).toBe(404);
  });

  it("refuses to delete a service an incident lists with a 409 saying so, deleting nothing", async () => {
    const admin = await caller("ADMIN");
    const name = `Search API ${randomUUID().slice(0, 8)}`;
    await createTestReport((await caller("SRE")).actor, { services: [name] });
    const { id } = await getDb().service.findUniqueOrThrow({ where: { name }, select: { id: true } });

    const refused = await remove(admin, id);
    expect(refused.status).toBe(409);
    expect(refused.body?.error).toEqual({
      code: "conflict",
      message: `“${name}” is listed in 1 incident, so it cannot be deleted. Rename it instead.`,
    });
    expect(await stored(id)).toMatchObject({ name });
    expect((await one(admin, id)).body).toMatchObject({ id, name, incidentCount: 1 });
    expect(await auditOf(id)).toEqual([]);
  });
});

// GET /api/v1/insights against the test database: the route handler called as a function with a bearer token.
import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { userActor, type ActorUser } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { createTestUser } from "@/lib/users/test-fixtures";

vi.mock("@/lib/auth/session", () => ({ actorFromSession: async () => null }));

const { GET } = await import("@/app/api/v1/insights/route");

const BASE = "http://127.0.0.1:3107";

async function bearer(user: ActorUser): Promise<string> {
  const { plaintext } = await createApiToken({ name: "insights test" }, userActor(user));
  return `Bearer ${plaintext}`;
}

const get = (query: string, authorization: string) => GET(new Request(`${BASE}/api/v1/insights${query}`, { headers: { authorization } }), {});

describe("/api/v1/insights", () => {
  it("answers the numbers for the period, service and severity asked", async () => {
    const user = await createTestUser({ role: "VIEWER" });
    const service = await getDb().service.create({ data: { name: `ins-api-${randomUUID().slice(0, 8)}` } });
    await getDb().incident.create({
      data: {
        publicId: `INC-INSAPI-${randomUUID().slice(0, 8)}`,
        title: "API fixture",
        severity: "High",
        startedAt: new Date("2093-06-10T10:00:00Z"),
        detectedAt: new Date("2093-06-10T10:12:00Z"),
        endedAt: new Date("2093-06-10T11:00:00Z"),
        services: { create: [{ serviceId: service.id }] },
      },
    });
    const response = await get(`?from=2093-06-01&to=2093-06-30&service=${service.name}&severity=High`, await bearer(user));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.filter).toEqual({ from: "2093-06-01", to: "2093-06-30", service: service.name, severity: "High" });
    expect(body.months).toEqual(["2093-06"]);
    expect(body.incidents.byMonth[0]).toMatchObject({ month: "2093-06", total: 1, bySeverity: { High: 1 } });
    expect(body.timeTo.overall.detect).toEqual({ count: 1, median: 12, p90: 12 });
    expect(body.services.byImpact).toEqual([{ name: service.name, incidents: 1, impactMinutes: 60 }]);
    expect(typeof body.asOf).toBe("string");
  });

  it("defaults to the current month and the eleven before it", async () => {
    const user = await createTestUser({ role: "VIEWER" });
    const body = await (await get("", await bearer(user))).json();
    expect(body.months).toHaveLength(12);
    expect(body.filter.from.endsWith("-01")).toBe(true);
  });

  it.each([
    ["?from=2026-13-40", "from"],
    ["?to=2026-02-30", "to"],
    ["?from=2026-05-01&to=2026-04-30", "to"],
    ["?from=1900-01-01&to=2026-01-01", "from"],
    ["?from=2000-01-01&to=2026-01-01", "from"],
    ["?severity=Catastrophic", "severity"],
  ])("refuses %s with a 422 naming %s", async (query, parameter) => {
    const user = await createTestUser({ role: "VIEWER" });
    const response = await get(query, await bearer(user));
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.error.issues.map((issue: { path: string }) => issue.path)).toEqual([parameter]);
  });

  it("refuses anonymous callers", async () => {
    const response = await GET(new Request(`${BASE}/api/v1/insights`), {});
    expect(response.status).toBe(401);
  });
});

// GET /api/v1/incidents against the test database: route handler called as a function with a bearer token. Here: the
// postmortem each listed incident owes (lib/incidents/postmortem-due.ts), computed from the stored settings.
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { systemActor, userActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import type { IncidentListResponse } from "@/lib/incidents/schema";
import { getPostmortemDue } from "@/lib/incidents/queries";
import { uniqueWord } from "@/lib/incidents/test-fixtures";
import { updateSettings } from "@/lib/settings/mutations";
import { createTestUser } from "@/lib/users/test-fixtures";

vi.mock("@/lib/auth/session", () => ({ actorFromSession: async () => null }));

const { GET: listRoute } = await import("@/app/api/v1/incidents/route");

const BASE = "http://127.0.0.1:3107";
// Tuesday 11 March 2025, 12:00 UTC.
const NOW = new Date("2025-03-11T12:00:00Z");

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  await getDb().setting.deleteMany({ where: { key: { in: ["postmortem.requiredSeverities", "postmortem.dueBusinessDays"] } } });
});

async function setup() {
  // letters only: a random hex tag such as "10e88b68" reads to the search parser as a number ("10e88") and a word
  const tag = uniqueWord();
  const author = await createTestUser({ role: "SRE" });
  await getDb().user.update({ where: { id: author.id }, data: { timeZone: "America/Los_Angeles" } });
  const make = (name: string, data: { severity: string; endedAt: Date | null; reportState?: "DRAFT" | "APPROVED"; authorId?: string | null }) =>
    getDb().incident.create({
      data: {
        publicId: `INC-PM-${tag}-${name}`,
        title: `Owed ${tag} ${name}`,
        severity: data.severity,
        endedAt: data.endedAt,
        startedAt: data.endedAt,
        reportState: data.reportState ?? "DRAFT",
        authorId: data.authorId === undefined ? author.id : data.authorId,
        timeZone: "UTC",
      },
      select: { id: true, publicId: true },
    });
  const incidents = {
    // Thursday 6 March, 15:00 in Los Angeles: due Thursday 13 March.
    thursday: await make("thursday", { severity: "Critical", endedAt: new Date("2025-03-06T23:00:00Z") }),
    // Friday 28 February in Los Angeles (Saturday 1 March in UTC): due Friday 7 March.
    lateFriday: await make("late-friday", { severity: "High", endedAt: new Date("2025-03-01T05:00:00Z") }),
    // No author: the incident's zone (UTC) says Saturday 1 March, so counting starts Monday 3 March: due 10 March.
    noAuthor: await make("no-author", { severity: "High", endedAt: new Date("2025-03-01T05:00:00Z"), authorId: null }),
    medium: await make("medium", { severity: "Medium", endedAt: new Date("2025-03-06T23:00:00Z") }),
    approved: await make("approved", { severity: "Critical", endedAt: new Date("2025-03-06T23:00:00Z"), reportState: "APPROVED" }),
    ongoing: await make("ongoing", { severity: "Critical", endedAt: null }),
  };
  const { plaintext } = await createApiToken({ name: "postmortem due test" }, userActor(author));
  return { tag, incidents, authorization: `Bearer ${plaintext}` };
}

async function list(tag: string, authorization: string) {
  const response = await listRoute(new Request(`${BASE}/api/v1/incidents?q=${tag}`, { headers: { authorization } }), {});
  expect(response.status).toBe(200);
  const body = (await response.json()) as IncidentListResponse;
  return Object.fromEntries(body.items.map((item) => [item.publicId.split(`${tag}-`)[1], item.postmortemDue]));
}

describe("GET /api/v1/incidents: postmortemDue", () => {
  it("gives each listed incident the postmortem it owes, in its author's zone, by the default policy", async () => {
    await updateSettings({ "postmortem.requiredSeverities": null, "postmortem.dueBusinessDays": 5 }, systemActor("test"));
    const { tag, authorization } = await setup();
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
    expect(await list(tag, authorization)).toEqual({
      thursday: { dueDay: "2025-03-13", state: "due", days: 2 },
      "late-friday": { dueDay: "2025-03-07", state: "overdue", days: 4 },
      "no-author": { dueDay: "2025-03-10", state: "overdue", days: 1 },
      medium: null,
      approved: null,
      ongoing: null,
    });
  });

  it("follows the settings: other severities, another number of business days", async () => {
    const { tag, incidents, authorization } = await setup();
    await updateSettings({ "postmortem.requiredSeverities": ["medium", "Not on the scale"], "postmortem.dueBusinessDays": 3 }, systemActor("test"));
    vi.useFakeTimers({ toFake: ["Date"], now: NOW });
    // Thursday 6 March + 3 business days = Tuesday 11 March: today.
    expect(await list(tag, authorization)).toEqual({
      thursday: null,
      "late-friday": null,
      "no-author": null,
      medium: { dueDay: "2025-03-11", state: "due", days: 0 },
      approved: null,
      ongoing: null,
    });
    vi.useRealTimers();
    expect(await getPostmortemDue(incidents.medium.id, NOW)).toEqual({ dueDay: "2025-03-11", state: "due", days: 0 });
    expect(await getPostmortemDue(incidents.thursday.id, NOW)).toBeNull();
    await updateSettings({ "postmortem.requiredSeverities": null, "postmortem.dueBusinessDays": 5 }, systemActor("test"));
    expect(await getPostmortemDue(incidents.thursday.id, NOW)).toEqual({ dueDay: "2025-03-13", state: "due", days: 2 });
  });
});

describe("GET /api/v1/incidents: search, filters, sort", () => {
  it("answers the list the page shows for the same parameters, with a snippet per item when searching", async () => {
    const { tag, incidents, authorization } = await setup();
    const get = async (query: string) => {
      const response = await listRoute(new Request(`${BASE}/api/v1/incidents?${query}`, { headers: { authorization } }), {});
      expect(response.status).toBe(200);
      return (await response.json()) as IncidentListResponse;
    };
    await getDb().timelineEvent.create({
      data: { incidentId: incidents.thursday.id, occurredAt: new Date("2025-03-06T20:00:00Z"), text: `Failover ${tag} completed` },
    });
    const body = await get(`q=${tag}&severity=Critical&state=DRAFT&sort=title&order=asc`);
    expect(body.items.map((item) => item.publicId.split(`${tag}-`)[1])).toEqual(["ongoing", "thursday"]);
    expect(body.items[1]!.snippet).toContain(`Failover <mark>${tag}</mark> completed`);
    expect(body).toMatchObject({ page: 1, pageSize: 25, total: 2 });
    expect((await get(`q=${tag}&from=2025-03-06&to=2025-03-06`)).items.map((item) => item.publicId.split(`${tag}-`)[1]).sort()).toEqual([
      "approved",
      "medium",
      "thursday",
    ]);
    const unsearched = await get(`severity=Critical&page=1`);
    expect(unsearched.items.every((item) => item.snippet === null)).toBe(true);
    expect((await get(`q=${tag}&page=2`)).items).toEqual([]);
  });

  it("answers 422 naming each bad parameter", async () => {
    const { authorization } = await setup();
    const response = await listRoute(
      new Request(`${BASE}/api/v1/incidents?from=2025-02-30&to=yesterday&sort=priority&order=up&status=DONE&private=maybe`, { headers: { authorization } }),
      {},
    );
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { issues: { path: string }[] } };
    expect(body.error.issues.map((issue) => issue.path).sort()).toEqual(["from", "order", "private", "sort", "status", "to"]);
  });
});

// The insights numbers on real PostgreSQL against a small fixture computed by hand. The fixture lives in 2087 so
// that other test files' incidents (in the same database) never fall in its period.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { visibleIncidentsWhere } from "@/lib/incidents/access";
import { createTestUser } from "@/lib/users/test-fixtures";
import type { ActorUser } from "@/lib/auth/actor";
import { computeInsights, getInsights, clearInsightsCache, type InsightsViewer } from "@/lib/insights/queries";
import type { InsightsFilter, InsightsResult } from "@/lib/insights/schema";

const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (iso: string) => new Date(iso);
const plus = (date: Date, ms: number) => new Date(date.getTime() + ms);
const NOW = at("2087-05-10T12:00:00Z");
const SCALE = ["Critical", "High", "Medium", "Low"];

let svc: { a: string; b: string; secret: string };
let manager: ActorUser;
let viewer: ActorUser;
let participant: ActorUser;
let author: ActorUser;

type Fixture = {
  severity: string;
  startedAt: string;
  detect?: number;
  mitigate?: number;
  resolve?: number;
  end?: number;
  services: string[];
  factors?: string[];
  signOffsAfterEnd?: number[];
  private?: boolean;
  items?: { status: "OPEN" | "DONE" | "WONT_DO"; createdAt: string; dueDate?: string; completedAt?: string }[];
};

async function createIncident(fixture: Fixture) {
  const db = getDb();
  const startedAt = at(fixture.startedAt);
  const minutes = (value: number | undefined) => (value === undefined ? null : plus(startedAt, value * MIN));
  const services = await Promise.all(fixture.services.map((name) => db.service.upsert({ where: { name }, create: { name }, update: {} })));
  const incident = await db.incident.create({
    data: {
      publicId: `INC-INS-${randomUUID().slice(0, 8)}`,
      title: "Insights fixture",
      severity: fixture.severity,
      startedAt,
      detectedAt: minutes(fixture.detect),
      mitigatedAt: minutes(fixture.mitigate),
      resolvedAt: minutes(fixture.resolve),
      endedAt: minutes(fixture.end),
      private: fixture.private ?? false,
      authorId: fixture.private ? author.id : null,
      participants: fixture.private ? { create: [{ userId: participant.id }] } : undefined,
      services: { create: services.map((service, position) => ({ serviceId: service.id, position })) },
      contributingFactors: { create: (fixture.factors ?? []).map((text, position) => ({ text, position })) },
      actionItems: {
        create: (fixture.items ?? []).map((item, position) => ({
          position,
          title: `Item ${position}`,
          status: item.status,
          createdAt: at(item.createdAt),
          dueDate: item.dueDate ? at(`${item.dueDate}T00:00:00Z`) : null,
          completedAt: item.completedAt ? at(item.completedAt) : null,
        })),
      },
    },
  });
  for (const [number, hours] of (fixture.signOffsAfterEnd ?? []).entries()) {
    const revision = await db.revision.create({ data: { incidentId: incident.id, number: number + 1, content: {}, contentHash: "x", reason: "sign-off" } });
    await db.signOff.create({ data: { incidentId: incident.id, revisionId: revision.id, signedAt: plus(minutes(fixture.end)!, hours * HOUR) } });
  }
  return incident;
}

const period: InsightsFilter = { from: "2087-03-01", to: "2087-04-30", service: null, severity: null };
const berlin = (user: ActorUser): InsightsViewer => ({ id: user.id, role: user.role, timeZone: "Europe/Berlin" });
const compute = (user: ActorUser, filter: Partial<InsightsFilter> = {}, timeZone = "Europe/Berlin") =>
  computeInsights({ id: user.id, role: user.role, timeZone }, { ...period, ...filter }, { now: NOW, severities: SCALE });

beforeAll(async () => {
  const suffix = randomUUID().slice(0, 8);
  svc = { a: `ins-a-${suffix}`, b: `ins-b-${suffix}`, secret: `ins-secret-${suffix}` };
  [manager, viewer, participant, author] = await Promise.all([
    createTestUser({ role: "MANAGER" }),
    createTestUser({ role: "VIEWER" }),
    createTestUser({ role: "VIEWER" }),
    createTestUser({ role: "SRE" }),
  ]);
  // A: March, High, 10/30/60 minutes to detect/mitigate/resolve, 90 minutes of impact, signed off 2 h after its end.
  await createIncident({
    severity: "High",
    startedAt: "2087-03-10T10:00:00Z",
    detect: 10,
    mitigate: 30,
    resolve: 60,
    end: 90,
    services: [svc.a],
    factors: ["Retries without jitter.", "Missing alert"],
    signOffsAfterEnd: [2],
    items: [
      { status: "DONE", createdAt: "2087-03-10T12:00:00Z", dueDate: "2087-03-20", completedAt: "2087-03-12T12:00:00Z" },
      { status: "OPEN", createdAt: "2087-03-10T12:00:00Z", dueDate: "2087-03-15" },
    ],
  });
  // B: March, Critical, 20/60/120, 120 minutes on two services, signed off 10 h after its end and again (reopened) at 30 h.
  await createIncident({
    severity: "Critical",
    startedAt: "2087-03-20T08:00:00Z",
    detect: 20,
    mitigate: 60,
    resolve: 120,
    end: 120,
    services: [svc.a, svc.b],
    factors: ["retries  without JITTER"],
    signOffsAfterEnd: [10, 30],
    items: [
      { status: "WONT_DO", createdAt: "2087-03-20T12:00:00Z" },
      { status: "DONE", createdAt: "2087-03-20T12:00:00Z", dueDate: "2087-03-22", completedAt: "2087-04-02T12:00:00Z" },
    ],
  });
  // C: 23:30 UTC on 31 March is 01:30 on 1 April in Berlin. Detected after 40 minutes, still going.
  await createIncident({
    severity: "High",
    startedAt: "2087-03-31T23:30:00Z",
    detect: 40,
    services: [svc.b],
    factors: ["Missing alert!", "Retries without jitter."],
  });
  // P: private (author, one participant), April, Medium, 1,000 minutes of impact on its own service, never signed off.
  await createIncident({
    severity: "Medium",
    startedAt: "2087-04-15T10:00:00Z",
    detect: 5,
    end: 1000,
    services: [svc.secret],
    factors: ["Retries without jitter"],
    private: true,
    items: [{ status: "OPEN", createdAt: "2087-04-15T10:00:00Z", dueDate: "2087-04-01" }],
  });
});

function monthsOf(result: InsightsResult) {
  return result.incidents.byMonth.map((month) => [month.month, month.total, month.bySeverity]);
}

describe("computeInsights", () => {
  it("counts incidents per month and severity in the viewer's zone", async () => {
    const result = await compute(viewer);
    expect(result.months).toEqual(["2087-03", "2087-04"]);
    expect(result.severities).toEqual(SCALE);
    expect(result.incidents.total).toBe(3);
    expect(monthsOf(result)).toEqual([
      ["2087-03", 2, { Critical: 1, High: 1, Medium: 0, Low: 0 }],
      ["2087-04", 1, { Critical: 0, High: 1, Medium: 0, Low: 0 }],
    ]);
  });

  it("puts an incident at 23:30 UTC on 31 March in April for Berlin and in March for UTC", async () => {
    const utc = await compute(viewer, {}, "UTC");
    expect(monthsOf(utc)).toEqual([
      ["2087-03", 3, { Critical: 1, High: 2, Medium: 0, Low: 0 }],
      ["2087-04", 0, { Critical: 0, High: 0, Medium: 0, Low: 0 }],
    ]);
    // from/to are Berlin days too: 1 April alone holds it.
    const firstOfApril = await compute(viewer, { from: "2087-04-01", to: "2087-04-01" });
    expect(firstOfApril.incidents.total).toBe(1);
    const lastOfMarch = await compute(viewer, { from: "2087-03-31", to: "2087-03-31" });
    expect(lastOfMarch.incidents.total).toBe(0);
  });

  it("gives the median and p90 minutes to detect, mitigate and resolve", async () => {
    const result = await compute(viewer);
    expect(result.timeTo.byMonth).toEqual([
      {
        month: "2087-03",
        detect: { count: 2, median: 15, p90: 19 },
        mitigate: { count: 2, median: 45, p90: 57 },
        resolve: { count: 2, median: 90, p90: 114 },
      },
      {
        month: "2087-04",
        detect: { count: 1, median: 40, p90: 40 },
        mitigate: { count: 0, median: null, p90: null },
        resolve: { count: 0, median: null, p90: null },
      },
    ]);
    // 10, 20, 40: p90 at position 1.8 = 20 + 0.8 * 20
    expect(result.timeTo.overall.detect).toEqual({ count: 3, median: 20, p90: 36 });
    expect(result.timeTo.overall.mitigate).toEqual({ count: 2, median: 45, p90: 57 });
  });

  it("gives action items' completion rate, median days to close and overdue count at each month's end", async () => {
    const { actionItems } = await compute(viewer);
    // 4 items, 2 done, 1 won't do: 2 / 3. Closed after 2 and 13 days.
    expect(actionItems).toMatchObject({ total: 4, done: 2, wontDo: 1, medianDaysToClose: 7.5 });
    expect(actionItems.completionRate).toBeCloseTo(2 / 3, 10);
    expect(actionItems.byMonth.map(({ month, total, overdue, overdueOn }) => ({ month, total, overdue, overdueOn }))).toEqual([
      // 31 March: the open one due 15 March, and the one due 22 March done only on 2 April
      { month: "2087-03", total: 4, overdue: 2, overdueOn: "2087-03-31" },
      { month: "2087-04", total: 0, overdue: 1, overdueOn: "2087-04-30" },
    ]);
    expect(actionItems.byMonth[1]).toMatchObject({ completionRate: null, medianDaysToClose: null });
  });

  it("gives hours from the incident's end to its first sign-off", async () => {
    const { signOff } = await compute(viewer);
    // 2 h and 10 h (B's second sign-off after a reopen does not count); C has not ended
    expect(signOff).toMatchObject({ ended: 2, signedOff: 2 });
    expect(signOff.hours.count).toBe(2);
    expect(signOff.hours.median).toBeCloseTo(6, 10);
    expect(signOff.hours.p90).toBeCloseTo(9.2, 10);
    expect(signOff.byMonth[1]).toEqual({ month: "2087-04", ended: 0, signedOff: 0, hours: { count: 0, median: null, p90: null } });
  });

  it("ranks services by incidents and by minutes of impact, each incident's minutes counted for each of its services", async () => {
    const { services } = await compute(viewer);
    expect(services.byIncidents).toEqual([
      { name: svc.a, incidents: 2, impactMinutes: 210 },
      { name: svc.b, incidents: 2, impactMinutes: 120 },
    ]);
    expect(services.byImpact.map((service) => [service.name, service.impactMinutes])).toEqual([
      [svc.a, 210],
      [svc.b, 120],
    ]);
    const onlyB = await compute(viewer, { service: svc.b });
    expect(onlyB.incidents.total).toBe(2);
    expect(onlyB.services.byIncidents.map((service) => [service.name, service.incidents])).toEqual([
      [svc.b, 2],
      [svc.a, 1],
    ]);
  });

  it("counts contributing factors written alike once per incident", async () => {
    const { factors } = await compute(viewer);
    expect(factors).toEqual([
      { key: "retries without jitter", text: "Retries without jitter.", incidents: 3 },
      { key: "missing alert", text: "Missing alert", incidents: 2 },
    ]);
  });

  it("filters by severity", async () => {
    const high = await compute(viewer, { severity: "High" });
    expect(high.incidents.total).toBe(2);
    expect(high.actionItems.total).toBe(2);
    expect(high.factors.map((factor) => [factor.key, factor.incidents])).toEqual([
      ["missing alert", 2],
      ["retries without jitter", 2],
    ]);
  });

  it("keeps a private report's numbers and service from a viewer who may not open it, in every chart", async () => {
    const hidden = await compute(viewer);
    const json = JSON.stringify(hidden);
    expect(json).not.toContain(svc.secret);
    expect(hidden.incidents.byMonth[1]!.bySeverity.Medium).toBe(0);
    expect(hidden.timeTo.overall.detect.count).toBe(3);
    expect(hidden.signOff.ended).toBe(2);
    expect(hidden.actionItems.byMonth[1]!.overdue).toBe(1);
    expect(hidden.factors[0]!.incidents).toBe(3);
    expect((await compute(viewer, { service: svc.secret })).incidents.total).toBe(0);

    for (const user of [manager, participant, author]) {
      const seen = await compute(user);
      expect(seen.incidents.total).toBe(4);
      expect(seen.incidents.byMonth[1]!.bySeverity.Medium).toBe(1);
      // 5, 10, 20, 40: median 15, p90 at 2.7 = 20 + 0.7 * 20
      expect(seen.timeTo.overall.detect).toEqual({ count: 4, median: 15, p90: 34 });
      expect(seen.services.byImpact[0]).toEqual({ name: svc.secret, incidents: 1, impactMinutes: 1000 });
      expect(seen.signOff).toMatchObject({ ended: 3, signedOff: 2 });
      expect(seen.actionItems.byMonth.map((month) => month.overdue)).toEqual([2, 2]);
      expect(seen.factors[0]!.incidents).toBe(4);
    }
  });

  it("counts exactly the incidents visibleIncidentsWhere lets each viewer see", async () => {
    for (const user of [manager, viewer, participant, author]) {
      const expected = await getDb().incident.count({
        where: { AND: [visibleIncidentsWhere(user), { startedAt: { gte: at("2087-02-28T23:00:00Z"), lt: at("2087-04-30T22:00:00Z") } }] },
      });
      expect((await compute(user)).incidents.total).toBe(expected);
    }
  });

  it("answers an empty period with zeros and no medians", async () => {
    const empty = await compute(viewer, { from: "2086-01-01", to: "2086-02-15" });
    expect(empty.incidents.total).toBe(0);
    expect(empty.months).toEqual(["2086-01", "2086-02"]);
    expect(empty.timeTo.overall.detect).toEqual({ count: 0, median: null, p90: null });
    expect(empty.actionItems).toMatchObject({ total: 0, completionRate: null, medianDaysToClose: null });
    expect(empty.services).toEqual({ byIncidents: [], byImpact: [] });
    expect(empty.factors).toEqual([]);
  });

  it("serves managers one cached result and each other viewer their own", async () => {
    clearInsightsCache();
    const first = await getInsights(berlin(manager), period, SCALE);
    const otherManager = await createTestUser({ role: "ADMIN" });
    expect(await getInsights(berlin(otherManager), period, SCALE)).toBe(first);
    const forViewer = await getInsights(berlin(viewer), period, SCALE);
    expect(forViewer).not.toBe(first);
    expect(forViewer.incidents.total).toBe(3);
  });
});

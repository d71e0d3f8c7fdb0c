// Chart configuration through the API against the test database: create, rename, re-choose series, reorder, delete;
// SRE and up only; series only of the same incident; charts of invisible incidents do not exist.
import { randomInt } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { getDb } from "@/lib/db/client";
import { reportDocumentSchema } from "@/lib/incidents/schema";
import { insertReport } from "@/lib/incidents/store";
import type { Role } from "@/lib/generated/prisma/client";
import { storeParsedSeries } from "@/lib/metrics/store";
import type { MetricChartView, MetricsOverview } from "@/lib/metrics/schema";
import { createTestActor } from "@/lib/users/test-fixtures";

vi.mock("@/lib/auth/session", () => ({ actorFromSession: async () => null }));

const collection = await import("@/app/api/v1/incidents/[id]/charts/route");
const item = await import("@/app/api/v1/incidents/[id]/charts/[chartId]/route");
const metrics = await import("@/app/api/v1/incidents/[id]/metrics/route");

const BASE = "http://127.0.0.1:3107";

async function tokenFor(role: Role) {
  const actor = await createTestActor(role);
  const { plaintext } = await createApiToken({ name: `${role} charts test` }, actor);
  return { actor, authorization: `Bearer ${plaintext}` };
}

/** An incident with three stored series (written directly: importing is tested in the metrics route's tests). */
async function incidentWithSeries(options: { private?: boolean; authorId?: string } = {}) {
  const doc = reportDocumentSchema.parse({
    title: "Charts test",
    severity: "Low",
    publicId: `INC-CHT-${randomInt(1e6, 1e7)}`,
    private: options.private ?? false,
  });
  return getDb().$transaction(async (tx) => {
    const incident = await insertReport(tx, doc, { authorId: options.authorId ?? null });
    const line = (name: string, unit: string) => ({ name, labels: {}, unit, timestamps: Float64Array.from([0, 1_000]), values: Float64Array.from([1, 2]) });
    const series = await storeParsedSeries(tx, incident.id, null, {
      format: "generic-csv",
      series: [line("p95", "ms"), line("errors", "%"), line("pool", "%")],
      warnings: [],
      partial: false,
    });
    return { incident, seriesIds: series.map((s) => s.id) };
  });
}

function call(method: "POST" | "PATCH" | "DELETE", incidentId: string, authorization: string, body?: unknown, chartId?: string) {
  const url = `${BASE}/api/v1/incidents/${incidentId}/charts${chartId ? `/${chartId}` : ""}`;
  const request = new Request(url, {
    method,
    headers: { authorization, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (method === "POST") return collection.POST(request, { params: Promise.resolve({ id: incidentId }) });
  const context = { params: Promise.resolve({ id: incidentId, chartId: chartId! }) };
  return method === "PATCH" ? item.PATCH(request, context) : item.DELETE(request, context);
}

async function chartsOf(incidentId: string, authorization: string) {
  const response = await metrics.GET(new Request(`${BASE}/api/v1/incidents/${incidentId}/metrics`, { headers: { authorization } }), {
    params: Promise.resolve({ id: incidentId }),
  });
  return ((await response.json()) as MetricsOverview).charts;
}

describe("charts API", () => {
  it("lets an SRE build charts from the incident's series, rename them, change their series, reorder and remove them, all audited", async () => {
    const sre = await tokenFor("SRE");
    const { incident, seriesIds } = await incidentWithSeries();
    const [p95, errors, pool] = seriesIds as [string, string, string];

    const first = await call("POST", incident.publicId, sre.authorization, { title: "Latency", seriesIds: [p95] });
    expect(first.status).toBe(201);
    const latency = (await first.json()) as MetricChartView;
    expect(latency).toEqual({ id: expect.any(String), title: "Latency", position: 0, seriesIds: [p95] });
    const saturation = (await (
      await call("POST", incident.id, sre.authorization, { title: "Saturation", seriesIds: [pool, errors] })
    ).json()) as MetricChartView;
    expect(saturation).toMatchObject({ position: 1, seriesIds: [pool, errors] });

    const renamed = await call("PATCH", incident.id, sre.authorization, { title: "Errors and pool", seriesIds: [errors, pool] }, saturation.id);
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ title: "Errors and pool", seriesIds: [errors, pool] });

    expect((await call("PATCH", incident.id, sre.authorization, { position: 0 }, saturation.id)).status).toBe(200);
    expect((await chartsOf(incident.id, sre.authorization)).map((c) => [c.title, c.position])).toEqual([
      ["Errors and pool", 0],
      ["Latency", 1],
    ]);

    expect((await call("DELETE", incident.id, sre.authorization, undefined, saturation.id)).status).toBe(204);
    expect(await chartsOf(incident.id, sre.authorization)).toEqual([{ ...latency, position: 0 }]);
    expect(await getDb().metricSeries.count({ where: { incidentId: incident.id } })).toBe(3);

    const actions = await getDb().auditEvent.findMany({
      where: { incidentId: incident.id, entityType: "MetricChart" },
      orderBy: { id: "asc" },
      select: { action: true },
    });
    expect(actions.map((a) => a.action)).toEqual([
      "metric.chart.create",
      "metric.chart.create",
      "metric.chart.update",
      "metric.chart.update",
      "metric.chart.delete",
    ]);
  });

  it("refuses chart changes by a viewer (403), leaving the charts as they were", async () => {
    const sre = await tokenFor("SRE");
    const viewer = await tokenFor("VIEWER");
    const { incident, seriesIds } = await incidentWithSeries();
    const chart = (await (await call("POST", incident.id, sre.authorization, { title: "Latency", seriesIds: [seriesIds[0]] })).json()) as MetricChartView;

    for (const response of [
      await call("POST", incident.id, viewer.authorization, { title: "Mine", seriesIds: [seriesIds[1]] }),
      await call("PATCH", incident.id, viewer.authorization, { title: "Renamed" }, chart.id),
      await call("DELETE", incident.id, viewer.authorization, undefined, chart.id),
    ]) {
      expect(response.status).toBe(403);
      expect((await response.json()).error.message).toMatch(/permission/);
    }
    expect(await chartsOf(incident.id, viewer.authorization)).toEqual([chart]);
  });

  it("refuses chart changes on an approved report (409), leaving its charts as signed off", async () => {
    const sre = await tokenFor("SRE");
    const { incident, seriesIds } = await incidentWithSeries();
    const chart = (await (await call("POST", incident.id, sre.authorization, { title: "Latency", seriesIds: [seriesIds[0]] })).json()) as MetricChartView;
    await getDb().incident.update({ where: { id: incident.id }, data: { reportState: "APPROVED" } });
    for (const response of [
      await call("POST", incident.id, sre.authorization, { title: "More", seriesIds: [seriesIds[1]] }),
      await call("PATCH", incident.id, sre.authorization, { title: "Renamed" }, chart.id),
      await call("DELETE", incident.id, sre.authorization, undefined, chart.id),
    ]) {
      expect(response.status).toBe(409);
      expect((await response.json()).error.message).toMatch(/approved and therefore read-only/);
    }
    expect(await chartsOf(incident.id, sre.authorization)).toEqual([chart]);
  });

  it("refuses series of another incident or none at all (422), and charts of an incident the caller cannot see (404)", async () => {
    const author = await tokenFor("SRE");
    const { incident, seriesIds } = await incidentWithSeries();
    const other = await incidentWithSeries({ private: true, authorId: author.actor.user.id });

    const foreign = await call("POST", incident.id, author.authorization, { title: "Mixed", seriesIds: [seriesIds[0], other.seriesIds[0]] });
    expect(foreign.status).toBe(422);
    expect((await foreign.json()).error.issues).toEqual([{ path: "seriesIds.1", message: expect.stringMatching(/not a series of this incident/) }]);
    const empty = await call("POST", incident.id, author.authorization, { title: "Nothing", seriesIds: [] });
    expect(empty.status).toBe(422);
    expect((await empty.json()).error.issues).toEqual([{ path: "seriesIds", message: "must name at least one series" }]);

    const privateChart = (await (
      await call("POST", other.incident.id, author.authorization, { title: "Private", seriesIds: other.seriesIds })
    ).json()) as MetricChartView;
    const outsider = await tokenFor("SRE");
    expect((await call("POST", other.incident.id, outsider.authorization, { title: "x", seriesIds: other.seriesIds })).status).toBe(404);
    expect((await call("PATCH", other.incident.id, outsider.authorization, { title: "x" }, privateChart.id)).status).toBe(404);
    // a chart is not reachable through another incident
    expect((await call("DELETE", incident.id, author.authorization, undefined, privateChart.id)).status).toBe(404);
    expect(await getDb().metricChart.count({ where: { incidentId: { in: [incident.id, other.incident.id] } } })).toBe(1);
  });
});

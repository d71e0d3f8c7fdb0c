// Monitoring exports through the API against the test database: import (parsed on a worker thread), the stored rows
// and the kept file, refusals that store nothing, the points endpoint's range and downsampling, and visibility.
// What touches the kept file runs once per storage of new files: PostgreSQL and an S3-compatible bucket (s3rver).
import { createHash, randomInt } from "node:crypto";
import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { getDb } from "@/lib/db/client";
import { reportDocumentSchema } from "@/lib/incidents/schema";
import { insertReport } from "@/lib/incidents/store";
import type { Role } from "@/lib/generated/prisma/client";
import type { MetricImportResponse, MetricPointsResponse, MetricsOverview } from "@/lib/metrics/schema";
import { createTestActor } from "@/lib/users/test-fixtures";
import { STORAGE_MODES, storageForDescribe } from "@/test/helpers/s3";

vi.mock("@/lib/auth/session", () => ({ actorFromSession: async () => null }));

const collection = await import("@/app/api/v1/incidents/[id]/metrics/route");
const item = await import("@/app/api/v1/incidents/[id]/metrics/[seriesId]/route");

const BASE = "http://127.0.0.1:3107";
const fixture = (name: string) => readFile(new URL(`../../../../../../lib/metrics/fixtures/${name}`, import.meta.url));

async function tokenFor(role: Role) {
  const actor = await createTestActor(role);
  const { plaintext } = await createApiToken({ name: `${role} metrics test` }, actor);
  return { actor, authorization: `Bearer ${plaintext}` };
}

async function createIncident(options: { private?: boolean; authorId?: string; timeZone?: string; startedAt?: string; endedAt?: string } = {}) {
  const doc = reportDocumentSchema.parse({
    title: "Metrics test",
    severity: "Low",
    publicId: `INC-MET-${randomInt(1e6, 1e7)}`,
    private: options.private ?? false,
    timeZone: options.timeZone ?? "UTC",
    startedAt: options.startedAt ?? null,
    endedAt: options.endedAt ?? null,
  });
  return getDb().$transaction((tx) => insertReport(tx, doc, { authorId: options.authorId ?? null }));
}

function upload(incidentId: string, authorization: string, bytes: Uint8Array, filename: string, timezone?: string) {
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array(bytes)]), filename);
  if (timezone !== undefined) form.set("timezone", timezone);
  return collection.POST(new Request(`${BASE}/api/v1/incidents/${incidentId}/metrics`, { method: "POST", headers: { authorization }, body: form }), {
    params: Promise.resolve({ id: incidentId }),
  });
}

function points(incidentId: string, seriesId: string, authorization: string, query = "") {
  return item.GET(new Request(`${BASE}/api/v1/incidents/${incidentId}/metrics/${seriesId}${query}`, { headers: { authorization } }), {
    params: Promise.resolve({ id: incidentId, seriesId }),
  });
}

function overview(incidentId: string, authorization: string) {
  return collection.GET(new Request(`${BASE}/api/v1/incidents/${incidentId}/metrics`, { headers: { authorization } }), {
    params: Promise.resolve({ id: incidentId }),
  });
}

async function stored(incidentId: string) {
  const db = getDb();
  const [series, attachments, audits] = await Promise.all([
    db.metricSeries.count({ where: { incidentId } }),
    db.attachment.count({ where: { incidentId } }),
    db.auditEvent.count({ where: { incidentId } }),
  ]);
  return { series, attachments, audits };
}

/** Objects written for the incident's files that no committed row holds (queued for deletion): none after a refusal. */
const objectsStartedFor = (incidentId: string) =>
  getDb().storedObjectDeletion.findMany({ where: { key: { contains: `/${incidentId}/` } }, select: { key: true, attempts: true } });

afterEach(() => {
  delete process.env.HINDSIGHT_ATTACHMENT_MAX_MB;
});

describe.each(STORAGE_MODES)("metrics import API, the kept file (%s storage)", (mode) => {
  const storage = storageForDescribe(mode);

  it("imports a Prometheus range export: 201 with its series, the points stored, the original kept as an attachment with its SHA-256", async () => {
    const sre = await tokenFor("SRE");
    const incident = await createIncident();
    const bytes = await fixture("prometheus-query-range-matrix.json");

    const response = await upload(incident.publicId, sre.authorization, bytes, "prometheus-query-range-matrix.json");
    expect(response.status).toBe(201);
    const body = (await response.json()) as MetricImportResponse;
    expect(body).toMatchObject({ format: "prometheus-query-range", partial: false, warnings: [], dateMismatch: null });
    expect(body.series).toEqual([
      {
        id: expect.any(String),
        name: expect.any(String),
        labels: { pool: "orders-primary" },
        unit: null,
        pointCount: 71,
        start: "2024-03-12T13:50:00.000Z",
        end: "2024-03-12T15:00:00.000Z",
        min: expect.closeTo(0.39, 1),
        max: 0.972,
      },
    ]);

    const row = await getDb().metricSeries.findUniqueOrThrow({ where: { id: body.series[0]!.id } });
    expect(row).toMatchObject({ incidentId: incident.id, format: "prometheus-query-range", pointCount: 71 });
    const segments = await getDb().metricSeriesSegment.findMany({ where: { seriesId: row.id } });
    expect(segments.map((segment) => [segment.index, segment.timestamps.byteLength, segment.values.byteLength])).toEqual([[0, 71 * 8, 71 * 8]]);

    const attachment = await getDb().attachment.findUniqueOrThrow({ where: { id: body.attachment.id } });
    expect(row.attachmentId).toBe(attachment.id);
    expect(attachment).toMatchObject({ incidentId: incident.id, filename: "prometheus-query-range-matrix.json", size: bytes.length });
    expect(attachment.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    // in the bucket exactly when the instance stores new files there, and the same bytes either way
    expect(attachment.objectKey !== null).toBe(mode === "s3");
    expect((await storage.storedBytes(attachment.id))?.equals(bytes)).toBe(true);

    const audit = await getDb().auditEvent.findMany({ where: { incidentId: incident.id } });
    expect(audit).toEqual([
      expect.objectContaining({
        action: "metric.import",
        entityId: attachment.id,
        actorType: "API_TOKEN",
        meta: expect.objectContaining({ series: 1, points: 71 }),
      }),
    ]);

    const listed = (await (await overview(incident.id, sre.authorization)).json()) as MetricsOverview;
    expect(listed.series.map((s) => [s.id, s.attachmentId])).toEqual([[row.id, attachment.id]]);
    expect(listed.charts).toEqual([]);
  });

  it("refuses a Prometheus error envelope and a Grafana panel JSON with the parser's reason (422), storing nothing", async () => {
    const sre = await tokenFor("SRE");
    const incident = await createIncident();
    const before = await stored(incident.id);
    for (const [name, reason] of [
      ["prometheus-query-error.json", /Prometheus error response.*bad_data.*parse error/],
      ["grafana-panel-json-no-data.json", /Grafana panel definition.*not data/],
    ] as const) {
      const response = await upload(incident.id, sre.authorization, await fixture(name), name);
      expect({ name, status: response.status }).toEqual({ name, status: 422 });
      expect((await response.json()).error.message, name).toMatch(reason);
    }
    expect(await stored(incident.id)).toEqual(before);
    expect(await objectsStartedFor(incident.id)).toEqual([]);
  });

  it("refuses an export with more than 1,000 series after parsing it: 422, and the file is not kept either", async () => {
    const sre = await tokenFor("SRE");
    const incident = await createIncident();
    const result = Array.from({ length: 1_001 }, (_, index) => ({ metric: { pod: `api-${index}` }, values: [[1_710_251_400, "1"]] }));
    const bytes = new TextEncoder().encode(JSON.stringify({ status: "success", data: { resultType: "matrix", result } }));
    const response = await upload(incident.id, sre.authorization, bytes, "many.json");
    expect(response.status).toBe(422);
    expect((await response.json()).error.message).toMatch(/1,001 series; at most 1,000 can be imported at once/);
    expect(await stored(incident.id)).toEqual({ series: 0, attachments: 0, audits: 0 });
    // In a bucket, the file was uploaded before the transaction that failed: its object stays queued for deletion
    // (lib/storage/deletions.ts), not forgotten.
    const queued = await objectsStartedFor(incident.id);
    expect(queued.map((row) => row.attempts)).toEqual(mode === "s3" ? [0] : []);
    if (mode === "s3") expect(await storage.s3().exists(queued[0]!.key)).toBe(true);
  });

  it("refuses an import into an approved report (409): the signed record does not change", async () => {
    const sre = await tokenFor("SRE");
    const incident = await createIncident();
    await getDb().incident.update({ where: { id: incident.id }, data: { reportState: "APPROVED" } });
    const response = await upload(incident.id, sre.authorization, await fixture("prometheus-query-range-matrix.json"), "p.json");
    expect(response.status).toBe(409);
    expect((await response.json()).error.message).toMatch(/approved and therefore read-only/);
    expect(await stored(incident.id)).toEqual({ series: 0, attachments: 0, audits: 0 });
    expect(await objectsStartedFor(incident.id)).toEqual([]);
  });

  it("refuses an export over the attachment limit with 413, storing nothing", async () => {
    process.env.HINDSIGHT_ATTACHMENT_MAX_MB = "0.05";
    const sre = await tokenFor("SRE");
    const incident = await createIncident();
    const response = await upload(incident.id, sre.authorization, await fixture("generic-epoch-ms-7201-points.csv"), "points.csv");
    expect(response.status).toBe(413);
    expect((await response.json()).error.message).toMatch(/at most 51\.2 KB/);
    expect(await stored(incident.id)).toEqual({ series: 0, attachments: 0, audits: 0 });
    expect(await objectsStartedFor(incident.id)).toEqual([]);
  });
});

describe("metrics import API", () => {
  it("imports an export from another day than the incident, and its answer says which days the data and the incident are on", async () => {
    const sre = await tokenFor("SRE");
    const incident = await createIncident({ startedAt: "2024-11-27T14:23:00Z", endedAt: "2024-11-27T15:10:00Z", timeZone: "Europe/Berlin" });
    const response = await upload(incident.publicId, sre.authorization, await fixture("prometheus-query-range-matrix.json"), "pool.json");
    expect(response.status).toBe(201);
    const body = (await response.json()) as MetricImportResponse;
    expect(body.series).toHaveLength(1);
    expect(body.dateMismatch).toEqual({
      dataDays: { first: "2024-03-12", last: "2024-03-12" },
      incidentDays: { first: "2024-11-27", last: "2024-11-27" },
      message: "This export covers 12 Mar 2024; the incident is on 27 Nov 2024.",
    });
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { incidentId: incident.id, entityType: "Attachment" } });
    expect(audit.meta).toMatchObject({ dateMismatch: "This export covers 12 Mar 2024; the incident is on 27 Nov 2024." });

    const sameDay = await createIncident({ startedAt: "2024-03-12T14:00:00Z" });
    const onTheDay = (await (
      await upload(sameDay.publicId, sre.authorization, await fixture("prometheus-query-range-matrix.json"), "pool.json")
    ).json()) as MetricImportResponse;
    expect(onTheDay.dateMismatch).toBeNull();
  });

  it("reads local times in the zone sent, else in the incident's own zone", async () => {
    const sre = await tokenFor("SRE");
    const incident = await createIncident({ timeZone: "Europe/Berlin" });
    const bytes = await fixture("grafana-inspect-joined-formatted.csv");

    const asIncident = (await (await upload(incident.id, sre.authorization, bytes, "panel.csv")).json()) as MetricImportResponse;
    expect(asIncident.format).toBe("grafana-csv");
    expect(asIncident.series[0]!.start).toBe("2024-03-12T12:50:00.000Z"); // 13:50 in Berlin (UTC+1 in March)

    const asUtc = (await (await upload(incident.id, sre.authorization, bytes, "panel.csv", "UTC")).json()) as MetricImportResponse;
    expect(asUtc.series[0]!.start).toBe("2024-03-12T13:50:00.000Z");

    const bad = await upload(incident.id, sre.authorization, bytes, "panel.csv", "Mars/Olympus");
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.message).toMatch(/timeZone: must be an IANA time zone/);
  });

  it("serves a series' points in the range asked, at most maxPoints (2,000 by default and at most), first and last kept", async () => {
    const sre = await tokenFor("SRE");
    const viewer = await tokenFor("VIEWER");
    const incident = await createIncident();
    const imported = (await (
      await upload(incident.id, sre.authorization, await fixture("generic-epoch-ms-7201-points.csv"), "points.csv")
    ).json()) as MetricImportResponse;
    const series = imported.series[0]!;
    expect(series).toMatchObject({ pointCount: 7_201, start: "2024-03-12T13:30:00.000Z", end: "2024-03-12T15:30:00.000Z" });

    const all = (await (await points(incident.id, series.id, viewer.authorization)).json()) as MetricPointsResponse;
    expect(all).toMatchObject({ id: series.id, name: series.name, downsampled: true, total: 7_201 });
    expect(all.points.length).toBeLessThanOrEqual(2_000);
    expect(all.points.length).toBeGreaterThan(1_900);
    expect(all.points[0]).toEqual([1_710_250_200_000, 18]);
    expect(all.points.at(-1)).toEqual([1_710_257_400_000, 19]);

    const capped = (await (await points(incident.id, series.id, viewer.authorization, "?maxPoints=50000")).json()) as MetricPointsResponse;
    expect(capped.points.length).toBeLessThanOrEqual(2_000);

    const from = Date.parse("2024-03-12T14:00:00Z");
    const to = Date.parse("2024-03-12T14:10:00Z");
    const range = (await (await points(incident.id, series.id, viewer.authorization, `?from=2024-03-12T14:00:00Z&to=${to}`)).json()) as MetricPointsResponse;
    expect(range).toMatchObject({ downsampled: false, total: 601 });
    expect(range.points[0]![0]).toBe(from);
    expect(range.points.at(-1)![0]).toBe(to);

    const few = (await (await points(incident.id, series.id, viewer.authorization, `?from=${from}&to=${to}&maxPoints=100`)).json()) as MetricPointsResponse;
    expect(few).toMatchObject({ downsampled: true, total: 601 });
    expect(few.points.length).toBeLessThanOrEqual(100);
    expect([few.points[0]![0], few.points.at(-1)![0]]).toEqual([from, to]);

    const bad = await points(incident.id, series.id, viewer.authorization, "?from=yesterday&maxPoints=2");
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.issues.map((issue: { path: string }) => issue.path).sort()).toEqual(["from", "maxPoints"]);
  });

  it("hides a private incident's series from an outsider (404) and refuses a viewer's import (403)", async () => {
    const author = await tokenFor("SRE");
    const incident = await createIncident({ private: true, authorId: author.actor.user.id });
    const imported = (await (
      await upload(incident.id, author.authorization, await fixture("prometheus-query-range-matrix.json"), "p.json")
    ).json()) as MetricImportResponse;
    const seriesId = imported.series[0]!.id;

    const outsider = await tokenFor("VIEWER");
    const outsiderSre = await tokenFor("SRE");
    expect((await overview(incident.id, outsider.authorization)).status).toBe(404);
    expect((await points(incident.id, seriesId, outsider.authorization)).status).toBe(404);
    expect((await upload(incident.id, outsiderSre.authorization, await fixture("prometheus-query-range-matrix.json"), "p.json")).status).toBe(404);
    expect((await points(incident.id, seriesId, author.authorization)).status).toBe(200);
    // a series is not reachable through another incident
    const other = await createIncident();
    expect((await points(other.id, seriesId, author.authorization)).status).toBe(404);

    const viewer = await tokenFor("VIEWER");
    const open = await createIncident();
    const refused = await upload(open.id, viewer.authorization, await fixture("prometheus-query-range-matrix.json"), "p.json");
    expect(refused.status).toBe(403);
    expect(await stored(incident.id)).toMatchObject({ series: 1, attachments: 1 });
    expect(await stored(open.id)).toEqual({ series: 0, attachments: 0, audits: 0 });
  });
});

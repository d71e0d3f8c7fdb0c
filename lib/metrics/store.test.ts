// storeParsedSeries against the test database, with parse results built by hand (the parsers have their own tests).
import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { reportDocumentSchema } from "@/lib/incidents/schema";
import { insertReport } from "@/lib/incidents/store";
import { decodeFloat64 } from "@/lib/metrics/encode";
import { getSeriesPoints, selectPoints } from "@/lib/metrics/queries";
import { storeParsedSeries } from "@/lib/metrics/store";
import { createTestActor } from "@/lib/users/test-fixtures";
import type { ParseResult } from "@/lib/metrics/types";
import { usingEmbeddedDatabase } from "@/test/helpers/db";

async function createIncident() {
  const doc = reportDocumentSchema.parse({ title: "Metrics store test", severity: "Low", publicId: `INC-MST-${randomInt(1e6, 1e7)}` });
  return getDb().$transaction((tx) => insertReport(tx, doc, { authorId: null }));
}

const series = (name: string, timestamps: number[], values: number[], unit: string | null = null) => ({
  name,
  labels: { pool: name },
  unit,
  timestamps: Float64Array.from(timestamps),
  values: Float64Array.from(values),
});

describe("storeParsedSeries", () => {
  it("stores each series compactly with its count, time range, and min/max over the finite values", async () => {
    const incident = await createIncident();
    const result: ParseResult = {
      format: "generic-csv",
      series: [series("a", [1_000, 2_000, 3_000, 4_000], [5, Number.NaN, -2, Infinity], "ms"), series("b", [10_000], [Number.NaN])],
      warnings: [],
      partial: true,
    };
    const stored = await getDb().$transaction((tx) => storeParsedSeries(tx, incident.id, null, result));
    expect(stored).toEqual([
      {
        id: expect.any(String),
        name: "a",
        labels: { pool: "a" },
        unit: "ms",
        pointCount: 4,
        start: "1970-01-01T00:00:01.000Z",
        end: "1970-01-01T00:00:04.000Z",
        min: -2,
        max: 5,
      },
      {
        id: expect.any(String),
        name: "b",
        labels: { pool: "b" },
        unit: null,
        pointCount: 1,
        start: "1970-01-01T00:00:10.000Z",
        end: "1970-01-01T00:00:10.000Z",
        min: null,
        max: null,
      },
    ]);
    const row = await getDb().metricSeries.findUniqueOrThrow({ where: { id: stored[0]!.id }, include: { segments: true } });
    expect(row).toMatchObject({ incidentId: incident.id, attachmentId: null, format: "generic-csv", partial: true });
    expect(row.segments).toHaveLength(1);
    const [segment] = row.segments;
    expect(segment).toMatchObject({ index: 0, firstTime: 1_000, lastTime: 4_000 });
    expect(segment!.timestamps.byteLength).toBe(4 * 8);
    expect(Array.from(decodeFloat64(segment!.timestamps))).toEqual([1_000, 2_000, 3_000, 4_000]);
    expect(Array.from(decodeFloat64(segment!.values))).toEqual([5, Number.NaN, -2, Infinity]);
  });

  it("skips series without points and refuses a result with none, storing nothing", async () => {
    const incident = await createIncident();
    const stored = await getDb().$transaction((tx) =>
      storeParsedSeries(tx, incident.id, null, {
        format: "generic-csv",
        series: [series("empty", [], []), series("one", [1], [1])],
        warnings: [],
        partial: false,
      }),
    );
    expect(stored.map((s) => s.name)).toEqual(["one"]);
    await expect(
      getDb().$transaction((tx) =>
        storeParsedSeries(tx, incident.id, null, { format: "generic-csv", series: [series("empty", [], [])], warnings: [], partial: false }),
      ),
    ).rejects.toThrow(/no data points/);
    expect(await getDb().metricSeries.count({ where: { incidentId: incident.id } })).toBe(1);
  });

  it("stores many series in the parser's order across several inserts, and refuses more than 1,000", async () => {
    const incident = await createIncident();
    const many = Array.from({ length: 600 }, (_, index) => series(`s${index}`, [index], [index]));
    const stored = await getDb().$transaction((tx) =>
      storeParsedSeries(tx, incident.id, null, { format: "prometheus-query-range", series: many, warnings: [], partial: false }),
    );
    expect(stored.map((s) => s.name)).toEqual(many.map((s) => s.name));
    const tooMany = Array.from({ length: 1_001 }, (_, index) => series(`t${index}`, [index], [index]));
    await expect(
      getDb().$transaction((tx) =>
        storeParsedSeries(tx, incident.id, null, { format: "prometheus-query-range", series: tooMany, warnings: [], partial: false }),
      ),
    ).rejects.toThrow(/1,001 series; at most 1,000/);
    expect(await getDb().metricSeries.count({ where: { incidentId: incident.id } })).toBe(600);
  });

  it("stores a long series in segments of 65,536 points with their first and last time, points in lz4 (uncompressed where the server lacks lz4), not pglz, which made a 1M-row upload spend seconds compressing", async () => {
    const incident = await createIncident();
    const count = 150_000;
    const timestamps = Array.from({ length: count }, (_, index) => 1_700_000_000_000 + index * 15_000);
    const values = Array.from({ length: count }, (_, index) => index % 100);
    const [stored] = await getDb().$transaction((tx) =>
      storeParsedSeries(tx, incident.id, null, { format: "generic-csv", series: [series("big", timestamps, values)], warnings: [], partial: false }),
    );
    const segments = await getDb().metricSeriesSegment.findMany({ where: { seriesId: stored!.id }, orderBy: { index: "asc" } });
    expect(segments.map((segment) => [segment.index, segment.timestamps.byteLength / 8, segment.firstTime, segment.lastTime])).toEqual([
      [0, 65_536, timestamps[0], timestamps[65_535]],
      [1, 65_536, timestamps[65_536], timestamps[131_071]],
      [2, 18_928, timestamps[131_072], timestamps[149_999]],
    ]);
    expect(segments.flatMap((segment) => Array.from(decodeFloat64(segment.timestamps)))).toEqual(timestamps);
    expect(segments.flatMap((segment) => Array.from(decodeFloat64(segment.values)))).toEqual(values);

    const compression = await getDb().$queryRaw<{ timestamps: string | null; values: string | null }[]>`
      SELECT pg_column_compression("timestamps") AS "timestamps", pg_column_compression("values") AS "values" FROM "MetricSeriesSegment" WHERE "seriesId" = ${stored!.id}`;
    // PGlite (the embedded fallback) is built without lz4: the migration stores these columns uncompressed there.
    const expected = usingEmbeddedDatabase() ? null : "lz4";
    expect(compression).toEqual(Array.from({ length: 3 }, () => ({ timestamps: expected, values: expected })));
  });

  it("gives a chart's range the same points from the segments it touches as from the whole series, across segment boundaries", async () => {
    const incident = await createIncident();
    const count = 200_000;
    const timestamps = Float64Array.from({ length: count }, (_, index) => 1_700_000_000_000 + index * 1_000);
    const values = Float64Array.from({ length: count }, (_, index) => (index % 977 === 0 ? Number.NaN : Math.sin(index / 300) * 50));
    const [stored] = await getDb().$transaction((tx) =>
      storeParsedSeries(tx, incident.id, null, {
        format: "generic-csv",
        series: [{ name: "long", labels: {}, unit: null, timestamps, values }],
        warnings: [],
        partial: false,
      }),
    );
    const viewer = (await createTestActor("VIEWER")).user;
    const at = (index: number) => timestamps[index]!;
    const ranges = [
      { from: null, to: null, maxPoints: 2_000 },
      { from: at(65_000), to: at(66_000), maxPoints: 2_000 }, // across the first boundary, every point
      { from: at(65_536), to: at(65_536), maxPoints: 2_000 }, // the first point of the second segment alone
      { from: at(10), to: at(190_000), maxPoints: 500 }, // all four segments, downsampled
      { from: at(199_999) + 1, to: null, maxPoints: 2_000 }, // after the last point
    ];
    for (const range of ranges) {
      const expected = selectPoints(timestamps, values, range);
      const response = await getSeriesPoints(viewer, incident.publicId, stored!.id, range);
      expect(response, JSON.stringify(range)).toMatchObject({ id: stored!.id, name: "long", ...expected });
    }
    expect((await getSeriesPoints(viewer, incident.publicId, stored!.id, ranges[1]!))!.points).toHaveLength(1_001);
  });
});

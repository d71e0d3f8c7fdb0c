// Importing monitoring exports and arranging their series into charts, through the guarded action wrapper.
//
// An import parses the file on a worker thread (ingest-worker.host.ts) before the transaction opens, then stores the
// original file as an attachment and every series as a MetricSeries row in ONE transaction with its audit record:
// a refused file (the parser's reason, 422) or any later failure stores nothing at all, not even the attachment.
import "server-only";
import { defineAction } from "@/lib/actions/define-action";
import { actingUser } from "@/lib/auth/actor";
import { getDb, type Tx } from "@/lib/db/client";
import { InvalidInputError, NotFoundError } from "@/lib/errors";
import { attachmentTooLarge } from "@/lib/attachments/limits";
import { insertAttachment, storeAttachmentBytes } from "@/lib/attachments/store";
import type { AttachmentView } from "@/lib/attachments/schema";
import { getAttachmentMaxBytes } from "@/lib/settings/queries";
import { assertReportEditable } from "@/lib/reviews/read-only";
import type { Viewer } from "@/lib/incidents/access";
import { parseInWorker } from "@/lib/metrics/ingest-worker.host";
import { findVisibleIncidentForMetrics } from "@/lib/metrics/queries";
import { storeParsedSeries } from "@/lib/metrics/store";
import { createChartInput, deleteChartInput, importMetricsInput, updateChartInput, type MetricChartView, type MetricSeriesSummary } from "@/lib/metrics/schema";
import type { MetricFormat } from "@/lib/metrics/types";
import { dateMismatch, type DateMismatch } from "@/lib/metrics/date-window";

const incidentPath = (publicId: string) => `/incidents/${publicId}`;

async function requireVisibleIncident(db: Tx, viewer: Viewer | null, idOrPublicId: string) {
  const incident = await findVisibleIncidentForMetrics(db, viewer, idOrPublicId);
  if (!incident) throw new NotFoundError("The incident");
  return incident;
}

/** Visible, and not approved: an approved report is the signed record, its charts and files included (409). */
async function requireEditableIncident(tx: Tx, viewer: Viewer | null, idOrPublicId: string) {
  const incident = await requireVisibleIncident(tx, viewer, idOrPublicId);
  await assertReportEditable(tx, incident.id);
  return incident;
}

export type MetricImportResult = {
  incidentId: string;
  publicId: string;
  format: MetricFormat;
  series: MetricSeriesSummary[];
  warnings: string[];
  partial: boolean;
  /** the zone local times in the file were read in */
  timeZone: string;
  /** the data lies on other days than the incident (in the incident's zone) */
  dateMismatch: DateMismatch | null;
  attachment: AttachmentView;
};

export const importMetrics = defineAction({
  name: "metric.import",
  permission: "attachment:upload",
  input: importMetricsInput,
  // Outside the transaction: the limit and the incident's zone are reads, and parsing takes a while.
  prepare: async (input, actor) => {
    const maxBytes = await getAttachmentMaxBytes();
    if (input.data.byteLength > maxBytes) throw attachmentTooLarge(input.data.byteLength, maxBytes);
    // An approved report is refused before a 25 MB file is parsed for nothing (and again in the transaction).
    const incident = await getDb().$transaction((tx) => requireEditableIncident(tx, actingUser(actor), input.incidentId));
    const timeZone = input.timeZone ?? incident.timeZone;
    const parsed = await parseInWorker(input.data, { fileName: input.filename, timeZone });
    // The original export is kept as an attachment: to the bucket now when HINDSIGHT_STORAGE=s3 (lib/attachments/store.ts).
    const bytes = await storeAttachmentBytes(incident.id, input.data, input.contentType);
    return { ...parsed, timeZone, bytes };
  },
  run: async ({ tx, actor, input, prepared }): Promise<MetricImportResult> => {
    const user = actingUser(actor);
    const incident = await requireEditableIncident(tx, user, input.incidentId);
    const { result } = prepared;
    const attachment = await insertAttachment(tx, {
      incidentId: incident.id,
      filename: input.filename,
      contentType: input.contentType,
      description: `Monitoring export (${result.format}), imported under Metrics`,
      bytes: prepared.bytes,
      sha256: prepared.sha256,
      uploadedById: user?.id ?? null,
    });
    const series = await storeParsedSeries(tx, incident.id, attachment.id, result);
    const ranges = series.map((item) => ({ start: Date.parse(item.start), end: Date.parse(item.end) }));
    return {
      incidentId: incident.id,
      publicId: incident.publicId,
      format: result.format,
      series,
      warnings: result.warnings,
      partial: result.partial,
      timeZone: prepared.timeZone,
      dateMismatch: dateMismatch(ranges, incident, incident.timeZone),
      attachment,
    };
  },
  audit: (result) => ({
    entityType: "Attachment",
    entityId: result.attachment.id,
    incidentId: result.incidentId,
    changes: { filename: { after: result.attachment.filename } },
    meta: {
      format: result.format,
      series: result.series.length,
      points: result.series.reduce((sum, series) => sum + series.pointCount, 0),
      partial: result.partial,
      warnings: result.warnings.length,
      timeZone: result.timeZone,
      ...(result.dateMismatch ? { dateMismatch: result.dateMismatch.message } : {}),
      size: result.attachment.size,
      sha256: result.attachment.sha256,
    },
  }),
  revalidate: ({ publicId }) => [incidentPath(publicId)],
});

/** Every id must name a series of this incident; the ones that do not are reported by their place in the list. */
async function assertSeriesOfIncident(tx: Tx, incidentId: string, seriesIds: string[]): Promise<void> {
  const found = await tx.metricSeries.findMany({ where: { incidentId, id: { in: seriesIds } }, select: { id: true } });
  const known = new Set(found.map((row) => row.id));
  const issues = seriesIds.flatMap((id, index) => (known.has(id) ? [] : [{ path: `seriesIds.${index}`, message: `is not a series of this incident (${id})` }]));
  if (issues.length) throw new InvalidInputError(`Invalid input: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues);
}

const chartSelect = { id: true, title: true, position: true, series: { select: { seriesId: true }, orderBy: { position: "asc" } } } as const;

async function loadChart(tx: Tx, incidentId: string, chartId: string): Promise<MetricChartView> {
  const row = await tx.metricChart.findFirst({ where: { id: chartId, incidentId }, select: chartSelect });
  if (!row) throw new NotFoundError("The chart");
  return { id: row.id, title: row.title, position: row.position, seriesIds: row.series.map((s) => s.seriesId) };
}

/** Positions 0..n-1 in the given order, writing only the charts whose position changes. */
async function renumber(tx: Tx, ordered: { id: string; position: number }[]): Promise<void> {
  for (const [index, chart] of ordered.entries()) {
    if (chart.position !== index) await tx.metricChart.update({ where: { id: chart.id }, data: { position: index } });
  }
}

type ChartResult = { chart: MetricChartView; incidentId: string; publicId: string };

export const createChart = defineAction({
  name: "metric.chart.create",
  permission: "metric:edit",
  input: createChartInput,
  // Two SREs adding charts at once must not get the same position: the loser retries (a conflict, 409).
  isolationLevel: "Serializable",
  run: async ({ tx, actor, input }): Promise<ChartResult> => {
    const incident = await requireEditableIncident(tx, actingUser(actor), input.incidentId);
    await assertSeriesOfIncident(tx, incident.id, input.seriesIds);
    const last = await tx.metricChart.aggregate({ where: { incidentId: incident.id }, _max: { position: true } });
    const row = await tx.metricChart.create({
      data: {
        incidentId: incident.id,
        title: input.title,
        position: (last._max.position ?? -1) + 1,
        series: { create: input.seriesIds.map((seriesId, position) => ({ seriesId, position })) },
      },
      select: { id: true },
    });
    return { chart: await loadChart(tx, incident.id, row.id), incidentId: incident.id, publicId: incident.publicId };
  },
  audit: ({ chart, incidentId }) => ({
    entityType: "MetricChart",
    entityId: chart.id,
    incidentId,
    changes: { title: { after: chart.title }, seriesIds: { after: chart.seriesIds }, position: { after: chart.position } },
  }),
  revalidate: ({ publicId }) => [incidentPath(publicId)],
});

export const updateChart = defineAction({
  name: "metric.chart.update",
  permission: "metric:edit",
  input: updateChartInput,
  isolationLevel: "Serializable",
  run: async ({ tx, actor, input }): Promise<ChartResult & { before: MetricChartView }> => {
    const incident = await requireEditableIncident(tx, actingUser(actor), input.incidentId);
    const before = await loadChart(tx, incident.id, input.chartId);
    if (input.title !== undefined && input.title !== before.title) {
      await tx.metricChart.update({ where: { id: before.id }, data: { title: input.title } });
    }
    if (input.seriesIds !== undefined && input.seriesIds.join("\n") !== before.seriesIds.join("\n")) {
      await assertSeriesOfIncident(tx, incident.id, input.seriesIds);
      await tx.metricChartSeries.deleteMany({ where: { chartId: before.id } });
      await tx.metricChartSeries.createMany({ data: input.seriesIds.map((seriesId, position) => ({ chartId: before.id, seriesId, position })) });
    }
    if (input.position !== undefined) {
      const charts = await tx.metricChart.findMany({
        where: { incidentId: incident.id },
        orderBy: [{ position: "asc" }, { createdAt: "asc" }],
        select: { id: true, position: true },
      });
      const others = charts.filter((chart) => chart.id !== before.id);
      const target = Math.min(input.position, others.length);
      others.splice(target, 0, { id: before.id, position: before.position });
      await renumber(tx, others);
    }
    return { before, chart: await loadChart(tx, incident.id, before.id), incidentId: incident.id, publicId: incident.publicId };
  },
  audit: ({ before, chart, incidentId }) => {
    const changes: Record<string, { before: unknown; after: unknown }> = {};
    for (const field of ["title", "seriesIds", "position"] as const) {
      if (JSON.stringify(before[field]) !== JSON.stringify(chart[field])) changes[field] = { before: before[field], after: chart[field] };
    }
    return Object.keys(changes).length ? { entityType: "MetricChart", entityId: chart.id, incidentId, changes } : null;
  },
  revalidate: ({ publicId }) => [incidentPath(publicId)],
});

export const deleteChart = defineAction({
  name: "metric.chart.delete",
  permission: "metric:edit",
  input: deleteChartInput,
  isolationLevel: "Serializable",
  run: async ({ tx, actor, input }): Promise<ChartResult> => {
    const incident = await requireEditableIncident(tx, actingUser(actor), input.incidentId);
    const chart = await loadChart(tx, incident.id, input.chartId);
    await tx.metricChart.delete({ where: { id: chart.id } });
    const rest = await tx.metricChart.findMany({
      where: { incidentId: incident.id },
      orderBy: [{ position: "asc" }, { createdAt: "asc" }],
      select: { id: true, position: true },
    });
    await renumber(tx, rest);
    return { chart, incidentId: incident.id, publicId: incident.publicId };
  },
  audit: ({ chart, incidentId }) => ({
    entityType: "MetricChart",
    entityId: chart.id,
    incidentId,
    changes: { title: { before: chart.title }, seriesIds: { before: chart.seriesIds } },
  }),
  revalidate: ({ publicId }) => [incidentPath(publicId)],
});

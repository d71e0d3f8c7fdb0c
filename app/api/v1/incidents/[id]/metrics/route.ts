// GET  /api/v1/incidents/{id}/metrics: the incident's series (no points) and charts. 404 when not visible.
// POST /api/v1/incidents/{id}/metrics: multipart/form-data with a monitoring export in the field `file` and an
//   optional `timezone` (IANA zone for local times without an offset; default the incident's zone). The file is
//   parsed (format detected), kept as an attachment, and each series stored. 201 with the series found and
//   `dateMismatch` when the data lies wholly on other days than the incident (imported all the same); 422 with the
//   parser's reason when the file is refused (an error envelope, a panel JSON without data...); 413 over the
//   attachment limit; 415 not multipart; 403 below SRE; 404 incident not visible. Nothing is stored on any refusal.
import { apiHandler } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { NotFoundError } from "@/lib/errors";
import { readUploadForm } from "@/lib/attachments/upload-request";
import { findVisibleIncidentId } from "@/lib/incidents/queries";
import { publicOrigin, routeParam } from "@/lib/api/http";
import { importMetrics } from "@/lib/metrics/mutations";
import { getMetricsOverview } from "@/lib/metrics/queries";
import type { MetricImportResponse, MetricsOverview } from "@/lib/metrics/schema";

type Context = { params: Promise<{ id: string }> };

export const GET = apiHandler<Context>(async (request, { params }) => {
  const actor = await requireApiActor(request, "incident:read");
  const id = routeParam((await params).id);
  const overview = await getMetricsOverview(actor.user, id);
  if (!overview) throw new NotFoundError(`The incident ${id}`);
  const body: MetricsOverview = overview;
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
});

export const POST = apiHandler<Context>(async (request, { params }) => {
  const actor = await requireApiActor(request, "attachment:upload");
  const id = routeParam((await params).id);
  // Refuse before reading up to 25 MB of a body that could not be stored anyway.
  const incidentId = await findVisibleIncidentId(actor.user, id);
  if (!incidentId) throw new NotFoundError(`The incident ${id}`);
  const { file, fields } = await readUploadForm(request, "the monitoring export");
  const timeZone = fields.timezone;
  const result = await importMetrics(
    {
      incidentId,
      filename: file.name,
      contentType: file.type,
      timeZone: typeof timeZone === "string" ? timeZone : null,
      data: file.data,
    },
    actor,
  );
  const response: MetricImportResponse = {
    format: result.format,
    series: result.series,
    warnings: result.warnings,
    partial: result.partial,
    dateMismatch: result.dateMismatch,
    attachment: { id: result.attachment.id, filename: result.attachment.filename, size: result.attachment.size, sha256: result.attachment.sha256 },
  };
  const location = `${publicOrigin(request)}/api/v1/incidents/${incidentId}/metrics`;
  return Response.json(response, { status: 201, headers: { Location: location, "Cache-Control": "no-store" } });
});

// POST /api/v1/incidents/import: a report written as text or Markdown (the request body) becomes a structured report.
//   201 { id, publicId, url, warnings } with Location: the new incident in the API; `url` is its page.
//   ?dryRun=1: 200 { document, warnings, lineMap }, nothing created. ?timeZone=Europe/Berlin: zone of times written
//   without one. 401 no caller, 403 not SRE+, 415 not text/plain or text/markdown, 413 over 1 MB, 422 empty, not a
//   report or bad dates (the message names the line), 409 the report's incident id is taken.
import { apiHandler } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { importReport, previewImport, reportTooLarge } from "@/lib/incidents/import";
import { MAX_REPORT_BYTES, type ParseReportResult } from "@/lib/incidents/report-text/parse";
import type { ImportResponse } from "@/lib/incidents/schema";
import { charset, decodeText, flag, publicOrigin, queryParams, readBodyWithLimit, requireMediaType } from "@/lib/api/http";

const REPORT_MEDIA_TYPES = ["text/plain", "text/markdown", "text/x-markdown"] as const;

export const POST = apiHandler(async (request) => {
  const actor = await requireApiActor(request, "incident:import");
  requireMediaType(request, REPORT_MEDIA_TYPES);
  queryParams(request);
  const url = new URL(request.url);
  const body = await readBodyWithLimit(request, MAX_REPORT_BYTES, reportTooLarge);
  const input = { text: decodeText(body, charset(request)), timeZone: url.searchParams.get("timeZone") };

  if (flag(url, "dryRun")) {
    const preview: ParseReportResult = await previewImport(input, actor);
    return Response.json(preview, { headers: { "Cache-Control": "no-store" } });
  }

  const created = await importReport(input, actor);
  const origin = publicOrigin(request);
  const path = encodeURIComponent(created.publicId);
  const response: ImportResponse = { id: created.id, publicId: created.publicId, url: `${origin}/incidents/${path}`, warnings: created.warnings };
  return Response.json(response, { status: 201, headers: { Location: `${origin}/api/v1/incidents/${path}`, "Cache-Control": "no-store" } });
});

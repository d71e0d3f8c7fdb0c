// POST /api/v1/incidents/import: a postmortem (the request body) becomes a structured report.
//   Body: text/plain or text/markdown (the report text, up to 1 MB); text/html (an HTML page as Confluence or Google
//   Docs export one, up to 5 MB); application/vnd.openxmlformats-officedocument.wordprocessingml.document (a .docx, up
//   to 10 MB); or multipart/form-data with any of these in the field `file` (its kind told by its bytes, type and
//   name). HTML and Word are converted to Markdown, then read like any report.
//   201 { id, publicId, url, warnings } with Location: the new incident in the API; `url` is its page. A converted
//   file's notes (images left out ...) come first in `warnings`.
//   ?dryRun=1: 200 { document, warnings, lineMap, guesses, questions }, nothing created; for a converted file also `text`, the Markdown the
//   line numbers refer to. ?timeZone=Europe/Berlin (or a multipart field timeZone): zone of times written without one.
//   ?convertOnly=1: 200 { text, format, fileName, notes }, the file as the report text to check (not read as a report,
//   nothing created); the import page converts files here, where bodies may be as large as the API takes.
//   401 no caller, 403 not SRE+, 415 another Content-Type or a file of another kind (PDF, .doc ...), 413 too large,
//   422 empty, not a report, not a .docx, or bad dates (the message names the line), 409 the incident id is taken.
import { apiHandler } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { importReport, previewImport } from "@/lib/incidents/import";
import type { ConvertedReport } from "@/lib/incidents/report-formats/convert";
import { readReportRequest } from "@/lib/incidents/report-formats/request";
import type { ParseReportResult } from "@/lib/incidents/report-text/parse";
import type { ImportResponse } from "@/lib/incidents/schema";
import { flag, publicOrigin, queryParams } from "@/lib/api/http";

export const POST = apiHandler(async (request) => {
  const actor = await requireApiActor(request, "incident:import");
  queryParams(request);
  const url = new URL(request.url);
  const { text, converted, fields } = await readReportRequest(request);
  const input = { text, timeZone: url.searchParams.get("timeZone") ?? fields.timeZone ?? null };
  const notes = converted?.notes ?? [];

  if (flag(url, "convertOnly")) {
    const body: ConvertedReport = converted ?? { text, format: "text", fileName: null, notes: [] };
    return Response.json(body, { headers: { "Cache-Control": "no-store" } });
  }

  if (flag(url, "dryRun")) {
    const preview: ParseReportResult = await previewImport(input, actor);
    const body = { ...preview, warnings: [...notes, ...preview.warnings], ...(converted ? { text } : {}) };
    return Response.json(body, { headers: { "Cache-Control": "no-store" } });
  }

  const created = await importReport(input, actor);
  const origin = publicOrigin(request);
  const path = encodeURIComponent(created.publicId);
  const response: ImportResponse = {
    id: created.id,
    publicId: created.publicId,
    url: `${origin}/incidents/${path}`,
    warnings: [...notes, ...created.warnings],
  };
  return Response.json(response, { status: 201, headers: { Location: `${origin}/api/v1/incidents/${path}`, "Cache-Control": "no-store" } });
});

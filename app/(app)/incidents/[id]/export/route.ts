// GET /incidents/{id}/export?format=md|json|txt: the report as a download named <publicId>.md|.json|.txt.
// The text forms re-import to the same report; JSON is the API's answer (GET /api/v1/incidents/{id}: the document
// with its version, review state and sign-off). 404 when the caller may not see it.
import { apiHandler } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { InvalidInputError, NotFoundError } from "@/lib/errors";
import { getIncidentResource } from "@/lib/incidents/report-resource";
import { toJson, toMarkdown, toPlainText } from "@/lib/incidents/report-export";
import type { ReportDocument } from "@/lib/incidents/schema";
import { contentDisposition, queryParams, routeParam } from "@/lib/api/http";

const FORMATS: Record<string, { render: (doc: ReportDocument) => string; contentType: string }> = {
  md: { render: toMarkdown, contentType: "text/markdown; charset=utf-8" },
  json: { render: toJson, contentType: "application/json; charset=utf-8" },
  txt: { render: toPlainText, contentType: "text/plain; charset=utf-8" },
};

export const GET = apiHandler<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const actor = await requireApiActor(request, "incident:export");
  const extension = queryParams(request).get("format") ?? "md";
  const format = Object.hasOwn(FORMATS, extension) ? FORMATS[extension] : undefined;
  if (!format) {
    throw new InvalidInputError(`Unknown export format "${extension}": use md, json or txt.`, [{ path: "format", message: "must be md, json or txt" }]);
  }
  const id = routeParam((await params).id);
  const report = await getIncidentResource(actor.user, id);
  if (!report) throw new NotFoundError(`The incident ${id}`);
  return new Response(format.render(report), {
    headers: {
      "Content-Type": format.contentType,
      "Content-Disposition": contentDisposition(`${report.publicId}.${extension}`),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
});

// GET    /api/v1/incidents/{id}/attachments/{attachmentId}: the file, always as a download (never rendered inline:
//        an uploaded HTML or SVG page must not run in the app's origin), with its stored content type. Streamed from
//        where the file is stored (chunk rows or the bucket) as the client reads it. A file in object storage: 503
//        when the storage cannot be reached, 502 when its object is missing (both before the first byte, logged).
// DELETE the same: SRE and up, audited; 204. Both 404 when the file or its incident is not there for the caller.
import { apiHandler } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { NotFoundError } from "@/lib/errors";
import { deleteAttachment } from "@/lib/attachments/mutations";
import { getAttachmentFile } from "@/lib/attachments/queries";
import { contentDisposition, routeParam } from "@/lib/api/http";

type Context = { params: Promise<{ id: string; attachmentId: string }> };

export const GET = apiHandler<Context>(async (request, { params }) => {
  const actor = await requireApiActor(request, "incident:read");
  const { id, attachmentId } = await params;
  const file = await getAttachmentFile(actor.user, routeParam(id), routeParam(attachmentId, "attachment id"));
  if (!file) throw new NotFoundError("The attachment");
  return new Response(file.body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.size),
      "Content-Disposition": contentDisposition(file.filename),
      "X-Content-Type-Options": "nosniff",
      // Should a browser render it anyway, it runs nothing and loads nothing.
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-store",
      ETag: `"${file.sha256}"`,
    },
  });
});

export const DELETE = apiHandler<Context>(async (request, { params }) => {
  const actor = await requireApiActor(request, "attachment:upload");
  const { id, attachmentId } = await params;
  await deleteAttachment({ incidentId: routeParam(id), attachmentId: routeParam(attachmentId, "attachment id") }, actor);
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
});

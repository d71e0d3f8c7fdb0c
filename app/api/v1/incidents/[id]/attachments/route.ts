// GET  /api/v1/incidents/{id}/attachments: the incident's files (no bytes), newest first. 404 when not visible.
// POST /api/v1/incidents/{id}/attachments: multipart/form-data with the file in the field `file` (and an optional
//   `description`). 201 with the stored file's view and Location; 413 over the limit (the message says the limit),
//   415 not multipart, 422 no file or an empty one, 403 below SRE, 404 incident not visible; with HINDSIGHT_STORAGE=s3,
//   503 when the object storage cannot be reached and 502 when it refuses the file. Nothing is stored on any refusal.
import { apiHandler } from "@/lib/api/handler";
import { requireApiActor } from "@/lib/api/actor";
import { NotFoundError } from "@/lib/errors";
import { readUploadForm } from "@/lib/attachments/upload-request";
import { uploadAttachment } from "@/lib/attachments/mutations";
import { listAttachments } from "@/lib/attachments/queries";
import type { AttachmentListResponse, AttachmentView } from "@/lib/attachments/schema";
import { findVisibleIncidentId } from "@/lib/incidents/queries";
import { publicOrigin, routeParam } from "@/lib/api/http";

type Context = { params: Promise<{ id: string }> };

export const GET = apiHandler<Context>(async (request, { params }) => {
  const actor = await requireApiActor(request, "incident:read");
  const id = routeParam((await params).id);
  const items = await listAttachments(actor.user, id);
  if (!items) throw new NotFoundError(`The incident ${id}`);
  const body: AttachmentListResponse = { items };
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
});

export const POST = apiHandler<Context>(async (request, { params }) => {
  const actor = await requireApiActor(request, "attachment:upload");
  const id = routeParam((await params).id);
  // Refuse before reading up to 25 MB of a body that could not be stored anyway.
  const incidentId = await findVisibleIncidentId(actor.user, id);
  if (!incidentId) throw new NotFoundError(`The incident ${id}`);
  const { file, fields } = await readUploadForm(request);
  const description = fields.description;
  const { attachment } = await uploadAttachment(
    {
      incidentId,
      filename: file.name,
      contentType: file.type,
      description: typeof description === "string" ? description : null,
      data: file.data,
    },
    actor,
  );
  const location = `${publicOrigin(request)}/api/v1/incidents/${incidentId}/attachments/${attachment.id}`;
  const response: AttachmentView = attachment;
  return Response.json(response, { status: 201, headers: { Location: location, "Cache-Control": "no-store" } });
});

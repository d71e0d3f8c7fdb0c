// Uploading and deleting attachments, through the guarded action wrapper. The server computes the size and the
// SHA-256 from the bytes it stores; what a client claims about them is not asked for.
import "server-only";
import { createHash } from "node:crypto";
import { defineAction } from "@/lib/actions/define-action";
import { getDb } from "@/lib/db/client";
import { actingUser } from "@/lib/auth/actor";
import { NotFoundError } from "@/lib/errors";
import { attachmentTooLarge } from "@/lib/attachments/limits";
import { getAttachmentMaxBytes } from "@/lib/settings/queries";
import { insertAttachment, storeAttachmentBytes } from "@/lib/attachments/store";
import { attachmentViewSelect, findVisibleIncident, toAttachmentView } from "@/lib/attachments/queries";
import { assertReportEditable } from "@/lib/reviews/read-only";
import { deleteAttachmentInput, uploadAttachmentInput, type AttachmentView } from "@/lib/attachments/schema";

const incidentPath = (publicId: string) => `/incidents/${publicId}`;

export const uploadAttachment = defineAction({
  name: "attachment.upload",
  permission: "attachment:upload",
  input: uploadAttachmentInput,
  // Outside the transaction: the limit is a setting to read, hashing 25 MB takes a while, and with HINDSIGHT_STORAGE=s3
  // the file goes to the bucket now, so that no transaction stays open during the upload (lib/attachments/store.ts).
  prepare: async (input, actor) => {
    const maxBytes = await getAttachmentMaxBytes();
    if (input.data.byteLength > maxBytes) throw attachmentTooLarge(input.data.byteLength, maxBytes);
    // Refused before the file is uploaded for nothing (and again in the transaction).
    const incident = await getDb().$transaction(async (tx) => {
      const found = await findVisibleIncident(tx, actingUser(actor), input.incidentId);
      if (!found) throw new NotFoundError("The incident");
      await assertReportEditable(tx, found.id);
      return found;
    });
    const sha256 = createHash("sha256").update(input.data).digest("hex");
    return { sha256, bytes: await storeAttachmentBytes(incident.id, input.data, input.contentType) };
  },
  run: async ({ tx, actor, input, prepared }): Promise<{ attachment: AttachmentView; publicId: string }> => {
    const user = actingUser(actor);
    const incident = await findVisibleIncident(tx, user, input.incidentId);
    if (!incident) throw new NotFoundError("The incident");
    await assertReportEditable(tx, incident.id);
    const attachment = await insertAttachment(tx, {
      incidentId: incident.id,
      filename: input.filename,
      contentType: input.contentType,
      description: input.description,
      bytes: prepared.bytes,
      sha256: prepared.sha256,
      uploadedById: user?.id ?? null,
    });
    return { attachment, publicId: incident.publicId };
  },
  audit: ({ attachment }) => ({
    entityType: "Attachment",
    entityId: attachment.id,
    incidentId: attachment.incidentId,
    changes: { filename: { after: attachment.filename } },
    meta: { size: attachment.size, sha256: attachment.sha256, contentType: attachment.contentType },
  }),
  revalidate: ({ publicId }) => [incidentPath(publicId)],
});

export const deleteAttachment = defineAction({
  name: "attachment.delete",
  // No separate delete permission: removing a file is part of managing the report's files, SRE and up.
  permission: "attachment:upload",
  input: deleteAttachmentInput,
  run: async ({ tx, actor, input }): Promise<{ attachment: AttachmentView; publicId: string }> => {
    const incident = await findVisibleIncident(tx, actingUser(actor), input.incidentId);
    const row = incident ? await tx.attachment.findFirst({ where: { id: input.attachmentId, incidentId: incident.id }, select: attachmentViewSelect }) : null;
    if (!incident || !row) throw new NotFoundError("The attachment");
    await assertReportEditable(tx, incident.id);
    await tx.attachment.delete({ where: { id: row.id } });
    return { attachment: toAttachmentView(row), publicId: incident.publicId };
  },
  audit: ({ attachment }) => ({
    entityType: "Attachment",
    entityId: attachment.id,
    incidentId: attachment.incidentId,
    changes: { filename: { before: attachment.filename } },
    meta: { size: attachment.size, sha256: attachment.sha256, contentType: attachment.contentType },
  }),
  revalidate: ({ publicId }) => [incidentPath(publicId)],
});

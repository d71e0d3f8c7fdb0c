// Writing an attachment row inside the caller's transaction. Shared by the attachment upload and the metrics import
// (which keeps the original export as an attachment), so a stored file looks the same whichever way it arrived.
import "server-only";
import type { Tx } from "@/lib/db/client";
import { attachmentViewSelect, toAttachmentView } from "@/lib/attachments/queries";
import type { AttachmentView } from "@/lib/attachments/schema";
import { chunkBatches } from "@/lib/attachments/chunks";

export type NewAttachment = {
  /** database id of an incident the caller has already checked the actor may see */
  incidentId: string;
  /** already cleaned: cleanFilename / cleanContentType in lib/attachments/schema */
  filename: string;
  contentType: string;
  description: string | null;
  data: Uint8Array<ArrayBuffer>;
  /** hex SHA-256 of `data`, computed by the server (never taken from the client) */
  sha256: string;
  uploadedById: string | null;
};

/** Pieces per INSERT: 2 MB a statement holds the event loop for milliseconds between round trips. */
const CHUNKS_PER_INSERT = 2;

export async function insertAttachment(tx: Tx, file: NewAttachment): Promise<AttachmentView> {
  const row = await tx.attachment.create({
    data: {
      incidentId: file.incidentId,
      filename: file.filename,
      contentType: file.contentType,
      size: file.data.byteLength,
      sha256: file.sha256,
      description: file.description,
      uploadedById: file.uploadedById,
    },
    select: attachmentViewSelect,
  });
  for (const batch of chunkBatches(row.id, file.data, CHUNKS_PER_INSERT)) await tx.attachmentChunk.createMany({ data: batch });
  return toAttachmentView(row);
}

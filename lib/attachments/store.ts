// Where an attachment's bytes live, and writing its row inside the caller's transaction. Shared by the attachment
// upload and the metrics import (which keeps the original export as an attachment), so a stored file looks the same
// whichever way it arrived.
//
// Two places, chosen per file:
// - PostgreSQL (the default): AttachmentChunk rows written in the same transaction as the row (lib/attachments/chunks.ts);
// - the S3-compatible bucket (HINDSIGHT_STORAGE=s3): the object is written BEFORE the transaction (no transaction
//   stays open during an upload), its key queued for deletion until the transaction saving the row takes it off the
//   queue (lib/storage/deletions.ts): a failed or rolled-back save leaves no row and no forgotten object.
// A new file goes where HINDSIGHT_STORAGE says; a stored one is read from where its row says (objectKey or chunks:
// getAttachmentFile in queries.ts), so files stored before a switch stay readable.
import "server-only";
import { getDb, type Tx } from "@/lib/db/client";
import { ConflictError } from "@/lib/errors";
import { attachmentViewSelect, toAttachmentView } from "@/lib/attachments/queries";
import type { AttachmentView } from "@/lib/attachments/schema";
import { chunkBatches } from "@/lib/attachments/chunks";
import { keepQueuedObject, queueObjectDeletion } from "@/lib/storage/deletions";
import { newAttachmentObjectKey, objectStorageForNewFiles, putObject } from "@/lib/storage/object-storage";

/** A new file's bytes: to be written as chunks in the transaction, or already in the bucket under `objectKey`. */
export type AttachmentBytes = { data: Uint8Array<ArrayBuffer> } | { objectKey: string; size: number };

export type NewAttachment = {
  /** database id of an incident the caller has already checked the actor may see */
  incidentId: string;
  /** already cleaned: cleanFilename / cleanContentType in lib/attachments/schema */
  filename: string;
  contentType: string;
  description: string | null;
  /** from storeAttachmentBytes, called before the transaction */
  bytes: AttachmentBytes;
  /** hex SHA-256 of the bytes, computed by the server (never taken from the client) */
  sha256: string;
  uploadedById: string | null;
};

/**
 * Before the transaction: puts a new file's bytes where HINDSIGHT_STORAGE says. With s3 the object is written now
 * (a StorageUnavailableError, 503, or StorageRefusedError, 502, when the bucket cannot take it: nothing is saved);
 * with postgres nothing happens until insertAttachment.
 */
export async function storeAttachmentBytes(incidentId: string, data: Uint8Array<ArrayBuffer>, contentType: string): Promise<AttachmentBytes> {
  if (!objectStorageForNewFiles()) return { data };
  const objectKey = newAttachmentObjectKey(incidentId);
  await queueObjectDeletion(getDb(), objectKey);
  await putObject(objectKey, data, { size: data.byteLength, contentType });
  return { objectKey, size: data.byteLength };
}

/** Pieces per INSERT: 2 MB a statement holds the event loop for milliseconds between round trips. */
const CHUNKS_PER_INSERT = 2;

export async function insertAttachment(tx: Tx, file: NewAttachment): Promise<AttachmentView> {
  const { bytes } = file;
  const inBucket = "objectKey" in bytes;
  if (inBucket && !(await keepQueuedObject(tx, bytes.objectKey))) {
    // Only when the save took longer than the deletion delay (15 minutes) and a pass claimed the object.
    throw new ConflictError("Saving the file took too long and its upload was discarded. Nothing was stored; upload it again.");
  }
  const row = await tx.attachment.create({
    data: {
      incidentId: file.incidentId,
      filename: file.filename,
      contentType: file.contentType,
      size: inBucket ? bytes.size : bytes.data.byteLength,
      sha256: file.sha256,
      description: file.description,
      uploadedById: file.uploadedById,
      objectKey: inBucket ? bytes.objectKey : null,
    },
    select: attachmentViewSelect,
  });
  if (!inBucket) {
    for (const batch of chunkBatches(row.id, bytes.data, CHUNKS_PER_INSERT)) await tx.attachmentChunk.createMany({ data: batch });
  }
  return toAttachmentView(row);
}

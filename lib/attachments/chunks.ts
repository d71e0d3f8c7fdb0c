// How an attachment's bytes lie in the database: ordered AttachmentChunk rows of ATTACHMENT_CHUNK_BYTES (the last one
// shorter). Written a few pieces per statement and read one piece per query, so a large file
// neither holds the event loop while it is stored (Prisma base64-encodes a bytes parameter as it builds the statement)
// nor sits whole in memory while it is downloaded.
import "server-only";
import { getDb } from "@/lib/db/client";

export const ATTACHMENT_CHUNK_BYTES = 1024 * 1024;

/** How many pieces a file of `size` bytes is stored in. */
export function chunkCount(size: number): number {
  return Math.ceil(size / ATTACHMENT_CHUNK_BYTES);
}

/** The pieces of `data`, `perBatch` at a time, as rows ready for `attachmentChunk.createMany`. */
export function* chunkBatches(attachmentId: string, data: Uint8Array<ArrayBuffer>, perBatch: number) {
  const chunks = chunkCount(data.byteLength);
  for (let first = 0; first < chunks; first += perBatch) {
    const batch: { attachmentId: string; index: number; data: Uint8Array<ArrayBuffer> }[] = [];
    for (let index = first; index < Math.min(chunks, first + perBatch); index++) {
      const start = index * ATTACHMENT_CHUNK_BYTES;
      batch.push({ attachmentId, index, data: data.subarray(start, start + ATTACHMENT_CHUNK_BYTES) });
    }
    yield batch;
  }
}

/** The file's bytes as a stream that reads the next piece only when the reader takes one. */
export function readAttachmentBytes(attachmentId: string, size: number): ReadableStream<Uint8Array> {
  const chunks = chunkCount(size);
  let index = 0;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (chunks === 0) controller.close();
      },
      async pull(controller) {
        const chunk = await getDb().attachmentChunk.findUnique({ where: { attachmentId_index: { attachmentId, index } }, select: { data: true } });
        // Deleted while it was being sent: the download fails rather than ending short as if it were complete.
        if (!chunk) return controller.error(new Error(`Attachment ${attachmentId} was deleted during its download.`));
        controller.enqueue(chunk.data);
        if (++index === chunks) controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}

// Objects that no attachment holds any more leave the bucket: a report's deletion queues its files' objects, a save
// that fails after its upload leaves its object queued, and the worker's pass deletes what is queued once its delay
// has passed, once even with two workers, keeping a failure's error to try again later. Against s3rver.
import net from "node:net";
import { createHash, randomBytes, randomInt, randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { ConflictError } from "@/lib/errors";
import { insertAttachment, storeAttachmentBytes } from "@/lib/attachments/store";
import { reportDocumentSchema } from "@/lib/incidents/schema";
import { insertReport } from "@/lib/incidents/store";
import { RECURRING_JOBS, STORED_OBJECTS_DELETE } from "@/lib/jobs/queues";
import { deleteQueuedObjects, queueObjectDeletion } from "@/lib/storage/deletions";
import { ownDatabaseForThisFile } from "@/test/helpers/own-database";
import { startS3rver, useObjectStorage, type TestS3 } from "@/test/helpers/s3";

// A pass acts on every queued key there is: this file's own database holds only its own.
ownDatabaseForThisFile();

let s3: TestS3;
let restore: () => void;

beforeAll(async () => {
  s3 = await startS3rver();
});

afterEach(async () => {
  restore?.();
  await getDb().storedObjectDeletion.deleteMany();
});

afterAll(async () => {
  await s3.stop();
});

async function createIncident() {
  const doc = reportDocumentSchema.parse({ title: "Deletion test", severity: "Low", publicId: `INC-DEL-${randomInt(1e6, 1e7)}` });
  return getDb().$transaction((tx) => insertReport(tx, doc, { authorId: null }));
}

/** A file saved the way an upload saves it: its bytes stored first, then its row in a transaction. */
async function saveFile(incidentId: string, data: Uint8Array<ArrayBuffer>, fail = false) {
  const bytes = await storeAttachmentBytes(incidentId, data, "application/octet-stream");
  const file = {
    incidentId,
    filename: "f.bin",
    contentType: "application/octet-stream",
    description: null,
    bytes,
    sha256: createHash("sha256").update(data).digest("hex"),
    uploadedById: null,
  };
  const saved = getDb().$transaction(async (tx) => {
    const attachment = await insertAttachment(tx, file);
    if (fail) throw new Error("the rest of the save failed");
    return attachment;
  });
  return { key: "objectKey" in bytes ? bytes.objectKey : null, saved };
}

const queued = (keys: string[]) =>
  getDb().storedObjectDeletion.findMany({ where: { key: { in: keys } }, orderBy: { key: "asc" }, select: { key: true, attempts: true, lastError: true } });

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("deleting stored objects", () => {
  it("queues the objects of a deleted report's files, and the worker's pass deletes them once their delay has passed", async () => {
    restore = useObjectStorage(s3);
    const incident = await createIncident();
    const files = [await saveFile(incident.id, randomBytes(2000)), await saveFile(incident.id, randomBytes(3000))];
    await Promise.all(files.map((file) => file.saved));
    const keys = files.map((file) => file.key!).sort();
    expect(await queued(keys)).toEqual([]);

    await getDb().incident.delete({ where: { id: incident.id } });
    expect(await getDb().attachment.count({ where: { incidentId: incident.id } })).toBe(0);
    expect((await queued(keys)).map((row) => [row.key, row.attempts])).toEqual(keys.map((key) => [key, 0]));

    // Not at once: a download that began before the deletion may finish (OBJECT_DELETION_DELAY_MS, 15 minutes).
    const job = RECURRING_JOBS.find((candidate) => candidate.name === STORED_OBJECTS_DELETE)!;
    expect(job.cron).toBe("*/5 * * * *");
    expect(await job.run(() => {})).toBeNull();
    for (const key of keys) expect(await s3.exists(key)).toBe(true);

    expect(await deleteQueuedObjects({ delayMs: 0 })).toEqual({ deleted: 2, failed: 0 });
    for (const key of keys) expect(await s3.exists(key)).toBe(false);
    expect(await queued(keys)).toEqual([]);
  });

  it("leaves no row when the save fails after its upload, and its object queued, then deleted", async () => {
    restore = useObjectStorage(s3);
    const incident = await createIncident();
    const { key, saved } = await saveFile(incident.id, randomBytes(5000), true);
    await expect(saved).rejects.toThrow(/the rest of the save failed/);
    expect(await getDb().attachment.count({ where: { incidentId: incident.id } })).toBe(0);
    expect(await queued([key!])).toEqual([{ key, attempts: 0, lastError: null }]);
    expect(await s3.exists(key!)).toBe(true);

    expect(await deleteQueuedObjects({ delayMs: 0 })).toEqual({ deleted: 1, failed: 0 });
    expect(await s3.exists(key!)).toBe(false);
  });

  it("refuses to save a file whose queued object a pass has already taken", async () => {
    restore = useObjectStorage(s3);
    const incident = await createIncident();
    // the upload is written, but its save comes only after a pass (longer than the delay, 15 minutes, in real life)
    const data = randomBytes(1000);
    const bytes = await storeAttachmentBytes(incident.id, data, "application/octet-stream");
    expect(await deleteQueuedObjects({ delayMs: 0 })).toEqual({ deleted: 1, failed: 0 });
    const save = getDb().$transaction((tx) =>
      insertAttachment(tx, {
        incidentId: incident.id,
        filename: "late.bin",
        contentType: "application/octet-stream",
        description: null,
        bytes,
        sha256: "0",
        uploadedById: null,
      }),
    );
    await expect(save).rejects.toThrow(ConflictError);
    await expect(save).rejects.toThrow(/took too long and its upload was discarded\. Nothing was stored/);
    expect(await getDb().attachment.count({ where: { incidentId: incident.id } })).toBe(0);
  });

  it("deletes each queued object once when two workers run a pass at the same time, including keys already gone", async () => {
    restore = useObjectStorage(s3);
    const keys = Array.from({ length: 40 }, (_, index) => `hindsight/attachments/test/${String(index).padStart(2, "0")}-${randomUUID()}`);
    for (const [index, key] of keys.entries()) {
      // every fourth was never written (S3 answers such a deletion with 204, some servers with 404: deleted either way)
      if (index % 4) await s3.write(key, randomBytes(100));
      await queueObjectDeletion(getDb(), key);
    }
    const [one, two] = await Promise.all([deleteQueuedObjects({ delayMs: 0 }), deleteQueuedObjects({ delayMs: 0 })]);
    expect(one.failed + two.failed).toBe(0);
    expect(one.deleted + two.deleted).toBe(keys.length);
    expect(await queued(keys)).toEqual([]);
    for (const key of keys) expect(await s3.exists(key)).toBe(false);
  });

  it("keeps a key whose deletion failed, with the error and the attempt counted, and deletes it on a later pass", async () => {
    restore = useObjectStorage(s3);
    const key = `hindsight/attachments/test/${randomUUID()}`;
    await s3.write(key, randomBytes(100));
    await queueObjectDeletion(getDb(), key);

    process.env.HINDSIGHT_S3_ENDPOINT = `http://127.0.0.1:${await closedPort()}`;
    expect(await deleteQueuedObjects({ delayMs: 0 })).toEqual({ deleted: 0, failed: 1 });
    expect(await queued([key])).toEqual([{ key, attempts: 1, lastError: expect.stringMatching(/ECONNREFUSED/) }]);
    expect(await s3.exists(key)).toBe(true);
    // a failed key waits a delay before it is tried again, like a new one
    expect(await deleteQueuedObjects({ delayMs: 60_000 })).toEqual({ deleted: 0, failed: 0 });

    process.env.HINDSIGHT_S3_ENDPOINT = s3.endpoint;
    expect(await deleteQueuedObjects({ delayMs: 0 })).toEqual({ deleted: 0, failed: 0 }); // its lease has not run out
    expect(await deleteQueuedObjects({ delayMs: 0, leaseMs: 0 })).toEqual({ deleted: 1, failed: 0 });
    expect(await queued([key])).toEqual([]);
    expect(await s3.exists(key)).toBe(false);
  });
});

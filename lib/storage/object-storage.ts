// Objects in the S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, Ceph RGW) named by the HINDSIGHT_S3_* settings:
// write one from bytes or a stream, open one as a stream that is read only as fast as its reader takes it, delete one.
// Credentials come from the AWS SDK's own chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, an instance or
// task role); nothing here reads or logs them.
//
// Checksums: the SDK (since 3.729) adds CRC32 checksums to every upload by default, sending a streamed body as
// aws-chunked with a checksum trailer. AWS S3 accepts that; many S3-compatible servers (s3rver, older MinIO and Ceph
// RGW releases, some gateways) do not, or store the trailer as part of the file. "WHEN_REQUIRED" sends checksums only
// where the S3 API requires one, and is what we set for every endpoint, AWS included: one behaviour everywhere, the
// one the tests exercise. The file's integrity does not rest on it: TLS protects the transfer, the object's size is
// checked against the row on every read, and the row keeps the SHA-256 the server computed from the bytes it received.
import "server-only";
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { env } from "@/lib/env";
import { log } from "@/lib/log/logger";
import { StorageRefusedError, StorageUnavailableError, StoredObjectMissingError } from "@/lib/storage/errors";

type Settings = { bucket: string; endpoint: string | undefined; region: string | undefined; forcePathStyle: boolean; prefix: string };

/** Whether new attachments go to the bucket (HINDSIGHT_STORAGE=s3); files already stored stay where they are. */
export function objectStorageForNewFiles(): boolean {
  return env().HINDSIGHT_STORAGE === "s3";
}

function settings(): Settings | null {
  const e = env();
  if (!e.HINDSIGHT_S3_BUCKET) return null;
  const prefix = (e.HINDSIGHT_S3_PREFIX ?? "").replace(/^\/+/, "");
  return {
    bucket: e.HINDSIGHT_S3_BUCKET,
    endpoint: e.HINDSIGHT_S3_ENDPOINT,
    region: e.HINDSIGHT_S3_REGION,
    forcePathStyle: e.HINDSIGHT_S3_FORCE_PATH_STYLE,
    // "hindsight", "hindsight/" and "/hindsight" all mean the folder hindsight/
    prefix: prefix && !prefix.endsWith("/") ? `${prefix}/` : prefix,
  };
}

/** The key for a new attachment's object: `<prefix>attachments/<incident id>/<random uuid>`, never reused. */
export function newAttachmentObjectKey(incidentId: string): string {
  const current = settings();
  return `${current?.prefix ?? ""}attachments/${incidentId}/${randomUUID()}`;
}

let cached: { key: string; client: S3Client } | undefined;

function clientFor(current: Settings): S3Client {
  const key = JSON.stringify([current.endpoint, current.region, current.forcePathStyle]);
  if (cached?.key === key) return cached.client;
  const client = new S3Client({
    endpoint: current.endpoint,
    // MinIO, Ceph and R2 ignore the region in practice ("auto" for R2); the SDK still needs one to sign with.
    region: current.region ?? (current.endpoint ? "us-east-1" : undefined),
    forcePathStyle: current.forcePathStyle,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: 3,
    requestHandler: {
      // A storage that does not answer is an error the user sees within seconds, not a request hanging forever.
      connectionTimeout: 5_000,
      // Until the answer's headers (a whole upload, for a PUT): 25 MB at a slow 250 KB/s fits.
      requestTimeout: 120_000,
      throwOnRequestTimeout: true,
      // A download whose reader stopped taking bytes for this long is given up (its socket is freed).
      socketTimeout: 120_000,
    },
  });
  cached = { key, client };
  return client;
}

type Operation = "store" | "read";

/** `<name>: <message>` of a storage error, for the log and for a queued deletion's lastError. */
export function describeStorageError(error: unknown): string {
  if (error instanceof S3ServiceException) return `${error.name} (HTTP ${error.$metadata.httpStatusCode ?? "?"}): ${error.message}`;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${typeof code === "string" ? code : error.name}: ${error.message}`;
  }
  return String(error);
}

function requireSettings(operation: Operation, key: string): Settings {
  const current = settings();
  if (current) return current;
  log.error({ storage: "s3", operation, key }, "object storage is needed but HINDSIGHT_S3_BUCKET is not set");
  throw new StorageUnavailableError(
    `The object storage (S3) is not configured on this server, so the file could not be ${operation === "store" ? "stored" : "read"}. The cause was logged for the administrator.`,
  );
}

/** The user's error for a failed call; the details go to the log. */
function storageError(operation: Operation, current: Settings, key: string, error: unknown): Error {
  const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
  log.warn(
    { storage: "s3", operation, bucket: current.bucket, endpoint: current.endpoint ?? "AWS", key, status, cause: describeStorageError(error) },
    `object storage: ${operation} failed`,
  );
  const nothingStored = operation === "store" ? " Nothing was stored." : "";
  if (operation === "read" && (status === 404 || (error instanceof Error && error.name === "NoSuchKey"))) {
    return new StoredObjectMissingError(
      "This file's contents are missing from the object storage (S3): the file is listed but cannot be downloaded. The cause was logged for the administrator.",
    );
  }
  // The storage answered and said no: a bucket, permission or credential to fix, not something a retry cures.
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return new StorageRefusedError(
      `The object storage (S3) refused to ${operation} the file (${error instanceof Error ? error.name : "error"}).${nothingStored} The administrator should check the HINDSIGHT_S3_* settings and the bucket's permissions; the cause was logged.`,
    );
  }
  return new StorageUnavailableError(
    `The object storage (S3) could not be reached to ${operation} the file.${nothingStored} Try again in a moment; the cause was logged for the administrator.`,
  );
}

/**
 * Writes the object `key` from bytes or a stream of exactly `size` bytes. Throws a StorageUnavailableError (503) or
 * StorageRefusedError (502) that a user can read.
 */
export async function putObject(key: string, body: Uint8Array | Readable, { size, contentType }: { size: number; contentType: string }): Promise<void> {
  const current = requireSettings("store", key);
  try {
    await clientFor(current).send(new PutObjectCommand({ Bucket: current.bucket, Key: key, Body: body, ContentLength: size, ContentType: contentType }));
  } catch (error) {
    throw storageError("store", current, key, error);
  }
}

/**
 * The object `key` as a stream that pulls from the storage only as its reader takes bytes, so that a large file is
 * never whole in memory. `size` is what the database recorded: an object of another size is refused before the first
 * byte is sent (a StoredObjectMissingError, 502), as is a missing one.
 */
export async function openObject(key: string, size: number): Promise<ReadableStream<Uint8Array>> {
  const current = requireSettings("read", key);
  let body: Readable;
  try {
    const output = await clientFor(current).send(new GetObjectCommand({ Bucket: current.bucket, Key: key }));
    body = output.Body as Readable;
    if (output.ContentLength !== size) {
      body.destroy();
      log.error(
        { storage: "s3", bucket: current.bucket, key, expected: size, found: output.ContentLength },
        "object storage: an object has another size than its attachment",
      );
      throw new StoredObjectMissingError(
        "This file's contents in the object storage (S3) are not the file that was uploaded (another size), so it is not sent. The cause was logged for the administrator.",
      );
    }
  } catch (error) {
    if (error instanceof StoredObjectMissingError) throw error;
    throw storageError("read", current, key, error);
  }
  return streamOf(body, current, key);
}

function streamOf(body: Readable, current: Settings, key: string): ReadableStream<Uint8Array> {
  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
        } catch (error) {
          log.warn({ storage: "s3", bucket: current.bucket, key, cause: describeStorageError(error) }, "object storage: a download broke off");
          // An error, not a close: the client must not take a cut-off file for a complete one.
          controller.error(new Error("The download from object storage broke off."));
        }
      },
      async cancel() {
        // The reader went away: stop reading and free the connection.
        await chunks.return?.();
        body.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * Deletes the object `key`. Deleting one that is already gone succeeds (S3 answers 204; a server answering 404 counts
 * as deleted too). Other failures are thrown as they are, for the caller to record.
 */
export async function deleteObject(key: string): Promise<void> {
  const current = settings();
  if (!current) throw new Error("HINDSIGHT_S3_BUCKET is not set, so the object cannot be deleted");
  try {
    await clientFor(current).send(new DeleteObjectCommand({ Bucket: current.bucket, Key: key }));
  } catch (error) {
    const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
    if (status === 404 && (error as Error).name !== "NoSuchBucket") return;
    throw error;
  }
}

// What a user or API client sees when the object storage (HINDSIGHT_STORAGE=s3) fails: a clear 503 or 502 that names
// the storage, never a 500. The cause (endpoint, bucket, key, the storage's own error) goes to the server log only:
// an endpoint's host name is the operator's business, not every reader's.
import { DomainError } from "@/lib/errors";

/** The storage could not be reached (refused connection, timeout, its own 5xx): worth trying again later. */
export class StorageUnavailableError extends DomainError {
  override readonly status = 503;
  override readonly code = "storage_unavailable";
}

/** The storage answered but refused (no such bucket, access denied, a bad signature): a setting to fix. */
export class StorageRefusedError extends DomainError {
  override readonly status = 502;
  override readonly code = "storage_refused";
}

/** A file the database lists whose object is gone from the bucket (or has another size than was stored). */
export class StoredObjectMissingError extends DomainError {
  override readonly status = 502;
  override readonly code = "storage_object_missing";
}

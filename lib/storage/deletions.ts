// The queue of objects to delete from the bucket (StoredObjectDeletion) and the worker's pass over it.
//
// A key is queued in two ways:
// - by the database, when an Attachment row holding an object is deleted (a trigger, so a report's deletion cascading
//   to its files queues theirs too, in the deleting transaction: the object goes only if the deletion commits);
// - by an upload, BEFORE its object is written (queueObjectDeletion, committed on its own). The transaction that saves
//   the row takes the key off the queue again (keepQueuedObject). If that transaction fails or rolls back, or the
//   process dies between the upload and the commit, the key stays queued and the object is deleted: nothing that no
//   row holds is ever forgotten in the bucket.
//
// "createdAt" is when the key was queued or last claimed. A pass takes only keys queued longer ago than the delay, or
// claimed longer ago than the lease (both OBJECT_DELETION_DELAY_MS), and claiming one sets its createdAt to now and
// counts an attempt, in one statement (FOR UPDATE SKIP LOCKED): two workers never take the same key, no transaction
// stays open while the storage is called, and a key whose deletion failed (or whose worker died) is tried again a
// delay later. The delay also
//   - gives an upload in flight time to commit its row before its key could be taken (and should a pass take it all
//     the same, the upload's transaction finds the key claimed and fails rather than save a row for a deleted object);
//   - lets a download that started before its file was deleted finish.
import "server-only";
import { getDb, type Db, type Tx } from "@/lib/db/client";
import { log } from "@/lib/log/logger";
import { deleteObject, describeStorageError } from "@/lib/storage/object-storage";

export const OBJECT_DELETION_DELAY_MS = 15 * 60_000;

/** Keys per claim: each is one DELETE call to the storage. */
const BATCH = 100;
/** Calls in flight at once. */
const CONCURRENCY = 4;
/** A pass stops claiming after this long (well within the delay, the claim's lease); the rest waits for the next. */
const DEFAULT_TIME_BUDGET_MS = 5 * 60_000;
const ERROR_MAX = 2_000;

/** Queues `key` for deletion (before its object is written: see above). */
export async function queueObjectDeletion(db: Db | Tx, key: string): Promise<void> {
  await db.$executeRaw`INSERT INTO "StoredObjectDeletion" ("key") VALUES (${key})`;
}

/**
 * Inside the transaction that saves the row holding `key`: takes it off the queue. False when a deletion pass has
 * already claimed it (the object may be gone): the caller must not save the row.
 */
export async function keepQueuedObject(tx: Tx, key: string): Promise<boolean> {
  const count = await tx.$executeRaw`DELETE FROM "StoredObjectDeletion" WHERE "key" = ${key} AND "attempts" = 0`;
  return count === 1;
}

type Claimed = { key: string; attempts: number };

async function claim(db: Db, delayMs: number, leaseMs: number, limit: number): Promise<Claimed[]> {
  // A key never claimed waits the delay; a claimed one (attempts > 0) its lease, however short the delay asked.
  return db.$queryRaw<Claimed[]>`
    UPDATE "StoredObjectDeletion" SET "attempts" = "attempts" + 1, "createdAt" = now()
    WHERE "key" IN (
      SELECT "key" FROM "StoredObjectDeletion"
      WHERE "createdAt" <= now() - (CASE WHEN "attempts" = 0 THEN ${delayMs}::float8 ELSE ${leaseMs}::float8 END) * interval '1 millisecond'
      ORDER BY "createdAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING "key", "attempts"`;
}

export type DeletionPass = { deleted: number; failed: number };

/**
 * Deletes the queued objects that have waited `delayMs`: on success the key leaves the queue, on failure it keeps its
 * lastError and is tried again a delay later. Safe to run in several workers at once.
 */
export async function deleteQueuedObjects({
  db = getDb(),
  delayMs = OBJECT_DELETION_DELAY_MS,
  leaseMs = OBJECT_DELETION_DELAY_MS,
  timeBudgetMs = DEFAULT_TIME_BUDGET_MS,
}: {
  db?: Db;
  /** how long a newly queued key waits */
  delayMs?: number;
  /** how long a claimed key is left to the pass that claimed it before another may take it (failed ones included) */
  leaseMs?: number;
  timeBudgetMs?: number;
} = {}): Promise<DeletionPass> {
  const result: DeletionPass = { deleted: 0, failed: 0 };
  const deadline = Date.now() + timeBudgetMs;
  for (;;) {
    const claimed = await claim(db, delayMs, leaseMs, BATCH);
    for (let start = 0; start < claimed.length; start += CONCURRENCY) {
      await Promise.all(claimed.slice(start, start + CONCURRENCY).map((item) => deleteOne(db, item, result)));
    }
    if (claimed.length < BATCH || Date.now() > deadline) return result;
  }
}

async function deleteOne(db: Db, { key, attempts }: Claimed, result: DeletionPass): Promise<void> {
  try {
    await deleteObject(key);
  } catch (error) {
    const cause = describeStorageError(error);
    log.warn({ storage: "s3", key, attempts, cause }, "object storage: a queued deletion failed; it is tried again later");
    await db.$executeRaw`UPDATE "StoredObjectDeletion" SET "lastError" = ${cause.slice(0, ERROR_MAX)} WHERE "key" = ${key}`;
    result.failed++;
    return;
  }
  // Unless another pass claimed it again meanwhile (this one outlived its lease): that pass removes it.
  await db.$executeRaw`DELETE FROM "StoredObjectDeletion" WHERE "key" = ${key} AND "attempts" = ${attempts}`;
  result.deleted++;
}

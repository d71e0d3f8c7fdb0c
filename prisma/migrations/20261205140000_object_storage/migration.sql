-- Attachment bytes in an S3-compatible bucket (HINDSIGHT_STORAGE=s3): the row keeps the object's key; rows without one
-- keep their bytes in AttachmentChunk as before, so switching storage later leaves earlier files readable.
ALTER TABLE "Attachment" ADD COLUMN     "objectKey" TEXT;

-- CreateTable
CREATE TABLE "StoredObjectDeletion" (
    "key" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "StoredObjectDeletion_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Attachment_objectKey_key" ON "Attachment"("objectKey");

-- An attachment row deleted by any path (its own deletion, its report's cascading) queues its object for the worker to
-- delete, in the same transaction: the object goes only if the deletion commits, and is never forgotten.
CREATE FUNCTION "queue_stored_object_deletion"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "StoredObjectDeletion" ("key") VALUES (OLD."objectKey") ON CONFLICT ("key") DO NOTHING;
  RETURN OLD;
END;
$$;

CREATE TRIGGER "Attachment_queue_object_deletion"
  AFTER DELETE ON "Attachment"
  FOR EACH ROW WHEN (OLD."objectKey" IS NOT NULL)
  EXECUTE FUNCTION "queue_stored_object_deletion"();

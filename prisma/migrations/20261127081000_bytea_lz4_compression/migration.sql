-- Points and attached files are bytea values of megabytes. PostgreSQL compresses such values with pglz by default,
-- which costs ~2 s per 16 MB of float64 points (measured on PostgreSQL 15: 3,000,000 points, 48 MB, took 3.1 s to
-- insert with pglz, 0.27 s with lz4, 0.21 s uncompressed) and ~1.8 s for a 40 MB CSV attachment (0.38 s with lz4,
-- at a size within 10 % of pglz's). So these columns use lz4 where the server has it (PostgreSQL 14 and later,
-- built --with-lz4, as the Debian, RHEL and official Docker builds are). Values already stored keep their
-- compression; only new ones use lz4.
--
-- A server built without lz4 (the embedded PGlite database is one) refuses the change with feature_not_supported.
-- There the point columns are stored uncompressed instead (float64 values barely compress, and pglz is what is
-- slow), and attachments keep pglz (text exports compress about 3×).
--
-- Prisma's schema diff does not see column compression or storage, so schema.prisma needs no change.

DO $$
BEGIN
  ALTER TABLE "MetricSeries"
    ALTER COLUMN "timestamps" SET COMPRESSION lz4,
    ALTER COLUMN "values" SET COMPRESSION lz4;
  ALTER TABLE "Attachment"
    ALTER COLUMN "data" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  ALTER TABLE "MetricSeries"
    ALTER COLUMN "timestamps" SET STORAGE EXTERNAL,
    ALTER COLUMN "values" SET STORAGE EXTERNAL;
END
$$;

-- A series' points move from two bytea columns on "MetricSeries" (the whole series in one value) to
-- "MetricSeriesSegment" rows of at most 65,536 points (524,288 bytes a column), each with its first and last time.
-- A chart that shows part of a series then reads only the segments its range touches, and an import writes a few
-- segments per statement instead of 16 MB per million points at once, which held the server's event loop for over
-- 100 ms (Prisma base64-encodes a bytes parameter while it builds the statement).

-- CreateTable
CREATE TABLE "MetricSeriesSegment" (
    "seriesId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "firstTime" DOUBLE PRECISION NOT NULL,
    "lastTime" DOUBLE PRECISION NOT NULL,
    "timestamps" BYTEA NOT NULL,
    "values" BYTEA NOT NULL,

    CONSTRAINT "MetricSeriesSegment_pkey" PRIMARY KEY ("seriesId","index")
);

-- AddForeignKey
ALTER TABLE "MetricSeriesSegment" ADD CONSTRAINT "MetricSeriesSegment_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "MetricSeries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- PostgreSQL compresses bytea values over 2 KB with pglz by default, which cost ~1 s per 16 MB of float64 points:
-- 3,000,000 points (48 MB) took 3.1 s to insert with pglz, 0.27 s with lz4 and 0.21 s uncompressed (PostgreSQL 15),
-- and made the ingest benchmark miss its goal. So the point columns use lz4 where the server has it (PostgreSQL 14
-- and later built --with-lz4, as the Debian, RHEL and official Docker builds are). A server without lz4 (the
-- embedded PGlite) refuses with feature_not_supported; there the points are stored uncompressed instead, since
-- float64 values barely compress and pglz is what is slow. Prisma's schema diff does not see compression or storage.
DO $$
BEGIN
  ALTER TABLE "MetricSeriesSegment"
    ALTER COLUMN "timestamps" SET COMPRESSION lz4,
    ALTER COLUMN "values" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  ALTER TABLE "MetricSeriesSegment"
    ALTER COLUMN "timestamps" SET STORAGE EXTERNAL,
    ALTER COLUMN "values" SET STORAGE EXTERNAL;
END
$$;

-- Move the series already stored. A segment's first and last time are read from its bytes: the little-endian
-- IEEE 754 double at a byte offset (timestamps are normal numbers; a subnormal one would read as 0).
CREATE FUNCTION pg_temp.hindsight_float8_le(bytes bytea, byte_offset integer) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  bits bigint := 0;
  exponent integer;
  mantissa bigint;
  magnitude double precision;
BEGIN
  FOR i IN REVERSE 7..0 LOOP
    bits := (bits << 8) | get_byte(bytes, byte_offset + i);
  END LOOP;
  exponent := ((bits >> 52) & 2047)::integer;
  mantissa := bits & 4503599627370495;
  IF exponent = 2047 THEN
    IF mantissa <> 0 THEN
      RETURN 'NaN';
    END IF;
    magnitude := 'Infinity';
  ELSIF exponent = 0 THEN
    magnitude := 0;
  ELSE
    magnitude := (1 + mantissa / 4503599627370496::double precision) * power(2::double precision, exponent - 1023);
  END IF;
  RETURN CASE WHEN bits < 0 THEN -magnitude ELSE magnitude END;
END
$$;

INSERT INTO "MetricSeriesSegment" ("seriesId", "index", "firstTime", "lastTime", "timestamps", "values")
SELECT piece."seriesId", piece."index",
       pg_temp.hindsight_float8_le(piece."timestamps", 0),
       pg_temp.hindsight_float8_le(piece."timestamps", length(piece."timestamps") - 8),
       piece."timestamps", piece."values"
FROM (
  SELECT "MetricSeries"."id" AS "seriesId", segment.index AS "index",
         substring("MetricSeries"."timestamps" FROM segment.index * 524288 + 1 FOR 524288) AS "timestamps",
         substring("MetricSeries"."values" FROM segment.index * 524288 + 1 FOR 524288) AS "values"
  FROM "MetricSeries"
  CROSS JOIN LATERAL generate_series(0, (length("MetricSeries"."timestamps") - 1) / 524288) AS segment(index)
  WHERE length("MetricSeries"."timestamps") > 0
) AS piece;

DROP FUNCTION pg_temp.hindsight_float8_le(bytea, integer);

-- AlterTable
ALTER TABLE "MetricSeries" DROP COLUMN "timestamps",
DROP COLUMN "values";

-- The rows a search scans, narrow at last. 20261204173000_full_text_search meant the snippet text ("searchText",
-- STORAGE EXTERNAL) to live out of line, but also set toast_tuple_target = 8160 to keep the vectors in the row: a row
-- is only moved out of line past that target, and a report's row (~4.5 kB) never reached it, so the text stayed in
-- every row. A search for a word in nearly every report read 71 MB of rows for 10,000 reports.
--
-- With the default target (~2 kB) the text goes out of line first, then the small "causeVector" if the row is still
-- too long; "searchVector" (STORAGE MAIN) stays in the row uncompressed unless the report is long enough to need it.
-- On the bench's 10,000 reports the table is 20 MB (the text 28 MB beside it), and a search's scan of the vectors
-- takes ~12 ms instead of ~45 ms.
ALTER TABLE "IncidentSearch" RESET (toast_tuple_target);

-- Existing rows are rewritten in the new layout (CLUSTER rewrites the table, moving out of line what the target now
-- asks; it may run inside the migration's transaction, unlike VACUUM FULL). It locks the table while it runs: about a
-- second for 10,000 reports.
CLUSTER "IncidentSearch" USING "IncidentSearch_pkey";
ANALYZE "IncidentSearch";

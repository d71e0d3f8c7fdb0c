-- Full-text search over every text of a report, and "similar causes" between reports (issue 13).
--
-- "IncidentSearch"."searchVector" is the search document (lib/incidents/search.ts), weighted:
--   A  the public id, the title, the affected services' names
--   B  summary, root cause, trigger
--   C  impact summary, detection, timeline event texts, contributing factors, lessons learned, resolution steps,
--      preventive measures, action item titles and descriptions
-- "IncidentSearch"."causeVector" covers root cause, trigger and contributing factors only (lib/incidents/related.ts).
-- "Incident"."rankVector" is the A and B part alone, what results are ranked by. At 10,000 incidents a common word
-- ("connection" in the pages bench) matches nearly every report, so ranking reads every match's vector: the whole
-- one (~1.8 kB, compressed out of line) took 46-60 ms, this small one, kept in the row, ~8 ms. A title, id or service
-- hit therefore ranks above a summary/root cause/trigger hit, which ranks above a hit elsewhere (rank 0).
--
-- Why a table apart from "Incident": every statement of a report's save (timeline, factors, action items...) rewrites
-- the document; on "Incident" that rewrote the report's wide row each time (the bench database grew from 16 to 97 MB)
-- and took its row lock from edits that otherwise never touch it (an action item's inline edit), and a scan of the
-- vectors fetched each from TOAST (~70 ms for a word in every report). Here the rows are narrow and kept in line
-- (toast_tuple_target), and "Incident" is only written when its rankVector really changes.
--
-- Configuration: 'english' for everything, ids and service names included. Reports are written in English prose, and
-- stemming is what makes a search for "connection" find "connections", "connecting" and "connected", and what makes
-- two root causes about "exhausted connection pools" and "connection pool exhaustion" share their terms; stop words
-- ("the", "was") would otherwise make every cause look similar to every other. 'simple' would keep ids and service
-- names exactly as written, but the default parser already keeps a hyphenated id or name whole ('inc-2024-1127-001',
-- 'payments-api') beside its parts, and stemming is applied to the query the same way, so they are found with
-- 'english' too. Mixing configurations in one vector would break "-word": a word can only be excluded in the form
-- one configuration gave it. What 'english' cannot find (a service name made of stop words, an id searched as typed
-- with odd punctuation) the search predicate catches with an exact, case-insensitive comparison instead.
--
-- The vectors are written only here, by triggers, never by the app. The triggers are statement-level with
-- transition tables: one INSERT/UPDATE/DELETE statement, whatever its row count, recomputes the affected incidents
-- once, in one statement (incident_search_refresh). An UPDATE that changes none of the texts recomputes nothing, which is
-- also what stops the refresh's own UPDATE of "Incident" from triggering itself again. Plain SQL, no extension: the
-- embedded database (PGlite) runs it too.
--
-- A bulk load (the pages bench's seed: 10,000 incidents, then their sections table by table) would recompute every
-- document once per statement. It may instead `SET hindsight.search_refresh = 'off'` (the triggers then do nothing in
-- that session), load, and finish with one `SELECT incident_search_refresh(ARRAY(SELECT id FROM "Incident"))`.

-- AlterTable
ALTER TABLE "Incident" ADD COLUMN     "rankVector" tsvector;

-- CreateTable
CREATE TABLE "IncidentSearch" (
    "incidentId" TEXT NOT NULL,
    "searchVector" tsvector,
    "causeVector" tsvector,
    "searchText" TEXT,

    CONSTRAINT "IncidentSearch_pkey" PRIMARY KEY ("incidentId")
) WITH (toast_tuple_target = 8160);

-- Vectors up to a page stay in the row, uncompressed, where a scan reads them without a TOAST fetch. The text that
-- snippets are cut from goes out of line instead: only the 25 rows of a page of results read it, and keeping it out
-- leaves the rows a search scans narrow.
ALTER TABLE "IncidentSearch" ALTER COLUMN "searchVector" SET STORAGE MAIN;
ALTER TABLE "IncidentSearch" ALTER COLUMN "searchText" SET STORAGE EXTERNAL;

-- AddForeignKey
ALTER TABLE "IncidentSearch" ADD CONSTRAINT "IncidentSearch_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The texts of each incident in `ids`, by weight; `prose` is what a search snippet is cut from (not the id, title or
-- service names, which the list shows anyway), stored as "IncidentSearch"."searchText". Rows of incidents that do not exist are absent.
CREATE FUNCTION "incident_search_texts"(ids text[])
RETURNS TABLE (id text, a text, b text, c text, cause text, prose text)
LANGUAGE sql STABLE AS $$
  SELECT i.id,
         concat_ws(E'\n', i."publicId", i.title, svc.names),
         concat_ws(E'\n', i.summary, i."rootCause", i.trigger),
         concat_ws(E'\n', i."impactSummary", i.detection, tl.texts, cf.texts, ll.texts, rs.texts, pm.texts, ai.texts),
         concat_ws(E'\n', i."rootCause", i.trigger, cf.texts),
         concat_ws(E'\n', i.summary, i."impactSummary", i."rootCause", i.trigger, i.detection, tl.texts, cf.texts, ll.texts,
                   rs.texts, pm.texts, ai.texts)
  FROM "Incident" i
  LEFT JOIN LATERAL (SELECT string_agg(s.name, E'\n' ORDER BY x.position) AS names
                     FROM "IncidentService" x JOIN "Service" s ON s.id = x."serviceId" WHERE x."incidentId" = i.id) svc ON true
  LEFT JOIN LATERAL (SELECT string_agg(t.text, E'\n' ORDER BY t."occurredAt", t.position) AS texts
                     FROM "TimelineEvent" t WHERE t."incidentId" = i.id) tl ON true
  LEFT JOIN LATERAL (SELECT string_agg(f.text, E'\n' ORDER BY f.position) AS texts
                     FROM "ContributingFactor" f WHERE f."incidentId" = i.id) cf ON true
  LEFT JOIN LATERAL (SELECT string_agg(l.text, E'\n' ORDER BY l.position) AS texts
                     FROM "LessonLearned" l WHERE l."incidentId" = i.id) ll ON true
  LEFT JOIN LATERAL (SELECT string_agg(r.text, E'\n' ORDER BY r.position) AS texts
                     FROM "ResolutionStep" r WHERE r."incidentId" = i.id) rs ON true
  LEFT JOIN LATERAL (SELECT string_agg(p.text, E'\n' ORDER BY p.position) AS texts
                     FROM "PreventiveMeasure" p WHERE p."incidentId" = i.id) pm ON true
  LEFT JOIN LATERAL (SELECT string_agg(concat_ws(E'\n', a.title, a.description), E'\n' ORDER BY a.position, a.id) AS texts
                     FROM "ActionItem" a WHERE a."incidentId" = i.id) ai ON true
  WHERE i.id = ANY (ids)
$$;

-- Recomputes the document of the incidents in `ids`, in one statement; rows that come out the same are not written.
-- Angle brackets are read as spaces: the parser takes `<script>` for the start of a script and drops every word up to
-- `</script>` (a timeline entry "Deployed <script> fix for zebras" would not be found by "zebras").
CREATE FUNCTION "incident_search_refresh"(ids text[]) RETURNS void
LANGUAGE sql VOLATILE AS $$
  WITH d AS (
    SELECT t.id,
           setweight(to_tsvector('english'::regconfig, translate(t.a, '<>', '  ')), 'A')
             || setweight(to_tsvector('english'::regconfig, translate(t.b, '<>', '  ')), 'B') AS head,
           setweight(to_tsvector('english'::regconfig, translate(t.c, '<>', '  ')), 'C') AS body,
           to_tsvector('english'::regconfig, translate(t.cause, '<>', '  ')) AS cause,
           t.prose
    FROM "incident_search_texts"(ids) t
  ), ranked AS (
    UPDATE "Incident" i SET "rankVector" = d.head FROM d WHERE i.id = d.id AND i."rankVector" IS DISTINCT FROM d.head
  )
  INSERT INTO "IncidentSearch" ("incidentId", "searchVector", "causeVector", "searchText")
  SELECT d.id, d.head || d.body, d.cause, d.prose FROM d
  ON CONFLICT ("incidentId") DO UPDATE
  SET "searchVector" = excluded."searchVector", "causeVector" = excluded."causeVector", "searchText" = excluded."searchText"
  WHERE ("IncidentSearch"."searchVector", "IncidentSearch"."causeVector", "IncidentSearch"."searchText")
    IS DISTINCT FROM (excluded."searchVector", excluded."causeVector", excluded."searchText")
$$;

-- One trigger function for every table that feeds the vectors. Arguments: the column holding the incident id, then the
-- columns whose change matters on UPDATE. On UPDATE, the incidents of rows that differ in those columns between the
-- old and new transition tables (both ways, so a row moved to another incident refreshes both).
CREATE FUNCTION "incident_search_on_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  incident_column text := TG_ARGV[0];
  watched text;
  ids text[];
BEGIN
  IF current_setting('hindsight.search_refresh', true) = 'off' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    EXECUTE format('SELECT array_agg(DISTINCT %I) FROM new_rows', incident_column) INTO ids;
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE format('SELECT array_agg(DISTINCT %I) FROM old_rows', incident_column) INTO ids;
  ELSE
    SELECT string_agg(format('%I', column_name), ', ') INTO watched FROM unnest(TG_ARGV) AS column_name;
    EXECUTE format(
      'SELECT array_agg(DISTINCT changed.%1$I) FROM ((SELECT %2$s FROM new_rows EXCEPT ALL SELECT %2$s FROM old_rows)
         UNION ALL (SELECT %2$s FROM old_rows EXCEPT ALL SELECT %2$s FROM new_rows)) changed',
      incident_column, watched) INTO ids;
  END IF;
  IF ids IS NOT NULL THEN
    PERFORM "incident_search_refresh"(ids);
  END IF;
  RETURN NULL;
END;
$$;

-- A renamed service: every incident that lists it.
CREATE FUNCTION "incident_search_on_service_rename"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids text[];
BEGIN
  IF current_setting('hindsight.search_refresh', true) = 'off' THEN
    RETURN NULL;
  END IF;
  SELECT array_agg(DISTINCT x."incidentId") INTO ids
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  JOIN "IncidentService" x ON x."serviceId" = n.id
  WHERE n.name IS DISTINCT FROM o.name;
  IF ids IS NOT NULL THEN
    PERFORM "incident_search_refresh"(ids);
  END IF;
  RETURN NULL;
END;
$$;

-- Transition tables allow one event per trigger: INSERT, UPDATE and DELETE triggers per table. "Incident" needs no
-- DELETE trigger (its rows are gone) and refreshes itself on INSERT and when one of its own texts changes.
CREATE TRIGGER "Incident_search_insert" AFTER INSERT ON "Incident"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "incident_search_on_change"('id');
CREATE TRIGGER "Incident_search_update" AFTER UPDATE ON "Incident"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "incident_search_on_change"('id', 'publicId', 'title', 'summary', 'rootCause', 'trigger', 'impactSummary', 'detection');

CREATE TRIGGER "IncidentService_search_insert" AFTER INSERT ON "IncidentService"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "incident_search_on_change"('incidentId');
CREATE TRIGGER "IncidentService_search_update" AFTER UPDATE ON "IncidentService"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "incident_search_on_change"('incidentId', 'serviceId', 'position');
CREATE TRIGGER "IncidentService_search_delete" AFTER DELETE ON "IncidentService"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "incident_search_on_change"('incidentId');

CREATE TRIGGER "Service_search_rename" AFTER UPDATE ON "Service"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "incident_search_on_service_rename"();

CREATE TRIGGER "TimelineEvent_search_insert" AFTER INSERT ON "TimelineEvent"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "incident_search_on_change"('incidentId');
CREATE TRIGGER "TimelineEvent_search_update" AFTER UPDATE ON "TimelineEvent"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "incident_search_on_change"('incidentId', 'text', 'occurredAt', 'position');
CREATE TRIGGER "TimelineEvent_search_delete" AFTER DELETE ON "TimelineEvent"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "incident_search_on_change"('incidentId');

CREATE TRIGGER "ContributingFactor_search_insert" AFTER INSERT ON "ContributingFactor"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "incident_search_on_change"('incidentId');
CREATE TRIGGER "ContributingFactor_search_update" AFTER UPDATE ON "ContributingFactor"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "incident_search_on_change"('incidentId', 'text', 'position');
CREATE TRIGGER "ContributingFactor_search_delete" AFTER DELETE ON "ContributingFactor"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "incident_search_on_change"('incidentId');

CREATE TRIGGER "LessonLearned_search_insert" AFTER INSERT ON "LessonLearned"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "incident_search_on_change"('incidentId');
CREATE TRIGGER "LessonLearned_search_update" AFTER UPDATE ON "LessonLearned"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "incident_search_on_change"('incidentId', 'text', 'position');
CREATE TRIGGER "LessonLearned_search_delete" AFTER DELETE ON "LessonLearned"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "incident_search_on_change"('incidentId');

CREATE TRIGGER "ResolutionStep_search_insert" AFTER INSERT ON "ResolutionStep"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "incident_search_on_change"('incidentId');
CREATE TRIGGER "ResolutionStep_search_update" AFTER UPDATE ON "ResolutionStep"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "incident_search_on_change"('incidentId', 'text', 'position');
CREATE TRIGGER "ResolutionStep_search_delete" AFTER DELETE ON "ResolutionStep"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "incident_search_on_change"('incidentId');

CREATE TRIGGER "PreventiveMeasure_search_insert" AFTER INSERT ON "PreventiveMeasure"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "incident_search_on_change"('incidentId');
CREATE TRIGGER "PreventiveMeasure_search_update" AFTER UPDATE ON "PreventiveMeasure"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "incident_search_on_change"('incidentId', 'text', 'position');
CREATE TRIGGER "PreventiveMeasure_search_delete" AFTER DELETE ON "PreventiveMeasure"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "incident_search_on_change"('incidentId');

CREATE TRIGGER "ActionItem_search_insert" AFTER INSERT ON "ActionItem"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "incident_search_on_change"('incidentId');
CREATE TRIGGER "ActionItem_search_update" AFTER UPDATE ON "ActionItem"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION "incident_search_on_change"('incidentId', 'title', 'description', 'position');
CREATE TRIGGER "ActionItem_search_delete" AFTER DELETE ON "ActionItem"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "incident_search_on_change"('incidentId');

-- Backfill: every existing incident, in one statement.
SELECT "incident_search_refresh"(ARRAY(SELECT id FROM "Incident"));

-- CreateIndex
CREATE INDEX "IncidentSearch_searchVector_idx" ON "IncidentSearch" USING GIN ("searchVector");

-- A search for an id as typed, in any case (lib/incidents/search.ts). Prisma's schema does not describe expression
-- indexes and its diff leaves them alone.
CREATE INDEX "Incident_publicId_lower_idx" ON "Incident" (lower("publicId"));

-- CreateIndex
CREATE INDEX "IncidentSearch_causeVector_idx" ON "IncidentSearch" USING GIN ("causeVector");

// "Related past incidents": other reports whose causes resemble this one's, for the report page. Causes are the
// "causeVector" the database keeps per incident (root cause, trigger, contributing factors; see
// prisma/migrations/20261204173000_full_text_search). Similarity is the cosine of the two sets of stemmed terms:
// shared / sqrt(|a| x |b|), so a long cause does not resemble everything by sheer size.
import "server-only";
import { getDb, type Db, type Tx } from "@/lib/db/client";
import { incidentVisibleToSql, type Viewer } from "@/lib/incidents/access";
import { Prisma } from "@/lib/generated/prisma/client";

export type RelatedIncident = {
  id: string;
  publicId: string;
  title: string;
  severity: string;
  /** ISO 8601 */
  startedAt: string | null;
  services: string[];
  /** why it is related: the services both list, and a few words both causes use (as this report writes them) */
  sharedServices: string[];
  sharedTerms: string[];
  /** 0..1 */
  similarity: number;
};

/** Below this, causes have too little in common to show: measured on the bench's templated causes, where unrelated
 * causes share at most a service name and one or two common words. */
export const MIN_SIMILARITY = 0.3;
/** At least this many shared terms, so that two one-line causes sharing a word are not "similar". */
export const MIN_SHARED_TERMS = 3;
/** Bonus for sharing a service: the same cause on the same service is the recurrence a team wants to see first. */
const SAME_SERVICE_BONUS = 0.15;
/**
 * The best candidates by ts_rank (cheap: over the GIN match, without reading the incidents) whose visibility and exact
 * similarity are then computed. Taken before visibility, so a viewer who may not see many of them gets fewer items.
 */
const CANDIDATES = 60;
const SHOWN_TERMS = 4;
/**
 * Candidates are the incidents sharing one of this cause's rarest terms (by the column's statistics in pg_stats, which
 * ANALYZE keeps; a term too rare to be listed there counts as rarest, the longer first): a word nearly every cause uses
 * would make every incident a candidate. Causes similar enough to pass the threshold share some of these.
 */
const RARE_TERMS = 3;

type Row = Omit<RelatedIncident, "startedAt" | "similarity"> & { startedAt: Date | null; similarity: number };

/** The viewer as an SQL row, so that access.ts's one visibility rule applies as written. */
export function viewerRowSql(viewer: Viewer): Prisma.Sql {
  return Prisma.sql`(SELECT ${viewer.id}::text AS id, ${viewer.role}::"Role" AS role)`;
}

/**
 * Up to `limit` other incidents `viewer` may see whose causes resemble `incidentId`'s, the same service(s) first,
 * most similar first; none when the viewer may not see `incidentId` itself or it has no cause written. One SQL
 * statement.
 */
export async function relatedIncidents(viewer: Viewer, incidentId: string, limit = 5, db: Db | Tx = getDb()): Promise<RelatedIncident[]> {
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    WITH v AS ${viewerRowSql(viewer)},
    src AS (
      SELECT i.id, d."causeVector" AS cv, t.cause AS text,
             replace(strip(d."causeVector")::text, ''' ''', ''' | ''')::tsquery AS q,
             ARRAY(SELECT x."serviceId" FROM "IncidentService" x WHERE x."incidentId" = i.id) AS services
      FROM "Incident" i
      JOIN "IncidentSearch" d ON d."incidentId" = i.id
      CROSS JOIN v
      CROSS JOIN incident_search_texts(ARRAY[${incidentId}]::text[]) t
      WHERE i.id = ${incidentId} AND length(d."causeVector") > 0 AND ${incidentVisibleToSql("i", "v")}
    ),
    frequency AS (
      SELECT e.lexeme, e.share
      FROM pg_stats p
      CROSS JOIN LATERAL unnest(p.most_common_elems::text::text[], p.most_common_elem_freqs) AS e(lexeme, share)
      WHERE p.schemaname = current_schema() AND p.tablename = 'IncidentSearch' AND p.attname = 'causeVector'
    ),
    rare AS (
      SELECT replace(array_to_tsvector(ARRAY(
               SELECT l.lexeme FROM src CROSS JOIN unnest(tsvector_to_array(src.cv)) AS l(lexeme)
               LEFT JOIN frequency f ON f.lexeme = l.lexeme
               ORDER BY coalesce(f.share, 0), length(l.lexeme) DESC, l.lexeme LIMIT ${RARE_TERMS}::int
             ))::text, ''' ''', ''' | ''')::tsquery AS q
    ),
    same AS (
      SELECT DISTINCT x."incidentId" AS id FROM "IncidentService" x, src WHERE x."serviceId" = ANY (src.services)
    ),
    ranked AS (
      SELECT od."incidentId" AS id, od."causeVector" AS cv, same.id IS NOT NULL AS same_service
      FROM src CROSS JOIN rare
      JOIN "IncidentSearch" od ON od."causeVector" @@ rare.q AND od."incidentId" <> src.id
      LEFT JOIN same ON same.id = od."incidentId"
      ORDER BY same.id IS NOT NULL DESC, ts_rank(od."causeVector", src.q, 1) DESC
      LIMIT ${CANDIDATES}::int
    ),
    candidates AS (
      SELECT r.* FROM ranked r JOIN "Incident" o ON o.id = r.id CROSS JOIN v WHERE ${incidentVisibleToSql("o", "v")}
    ),
    scored AS (
      SELECT c.id, c.same_service, s.shared, cardinality(s.shared) / sqrt(length(c.cv)::float8 * length(src.cv)) AS similarity
      FROM candidates c CROSS JOIN src
      CROSS JOIN LATERAL (
        SELECT ARRAY(SELECT unnest(tsvector_to_array(c.cv)) INTERSECT SELECT unnest(tsvector_to_array(src.cv))) AS shared
      ) s
    ),
    best AS (
      SELECT * FROM scored
      WHERE cardinality(shared) >= ${MIN_SHARED_TERMS}::int AND similarity >= ${MIN_SIMILARITY}::float8
      ORDER BY similarity + CASE WHEN same_service THEN ${SAME_SERVICE_BONUS}::float8 ELSE 0::float8 END DESC, id
      LIMIT ${limit}::int
    )
    SELECT o.id, o."publicId", o.title, o.severity, o."startedAt", b.similarity,
           ARRAY(SELECT s.name FROM "IncidentService" x JOIN "Service" s ON s.id = x."serviceId"
                 WHERE x."incidentId" = o.id ORDER BY x.position, s.name) AS services,
           ARRAY(SELECT s.name FROM "IncidentService" x JOIN "Service" s ON s.id = x."serviceId", src
                 WHERE x."incidentId" = o.id AND x."serviceId" = ANY (src.services) ORDER BY x.position, s.name) AS "sharedServices",
           ARRAY(
             SELECT term FROM (
               SELECT DISTINCT ON (lexeme) lexeme, word AS term, length(lexeme) AS weight
               FROM unnest(b.shared) lexeme
               CROSS JOIN src
               CROSS JOIN LATERAL regexp_split_to_table(lower(src.text), '[^[:alnum:]_-]+') word
               WHERE ts_lexize('english_stem', word) = ARRAY[lexeme]
               ORDER BY lexeme, length(word)
             ) t ORDER BY weight DESC, term LIMIT ${SHOWN_TERMS}::int
           ) AS "sharedTerms"
    FROM best b JOIN "Incident" o ON o.id = b.id
    ORDER BY b.similarity + CASE WHEN b.same_service THEN ${SAME_SERVICE_BONUS}::float8 ELSE 0::float8 END DESC, o.id`);
  return rows.map((row) => ({ ...row, startedAt: row.startedAt?.toISOString() ?? null, similarity: Number(row.similarity) }));
}

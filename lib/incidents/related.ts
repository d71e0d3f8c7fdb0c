// "Related past incidents": other reports whose causes resemble this one's, for the report page. Causes are the
// "causeVector" the database keeps per incident (root cause, trigger, contributing factors; see
// prisma/migrations/20261204173000_full_text_search). Similarity is the cosine of the two sets of stemmed terms:
// shared / sqrt(|a| x |b|), so a long cause does not resemble everything by sheer size.
import "server-only";
import { getDb, type Db, type Tx } from "@/lib/db/client";
import { incidentVisibleToSql, type Viewer } from "@/lib/incidents/access";
import { Prisma } from "@/lib/generated/prisma/client";
import { StaleWhileRevalidateCache } from "@/lib/cache/stale-while-revalidate";

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
 * The best candidates by ts_rank (cheap: over the GIN match, without reading the incidents) whose exact similarity is
 * then computed. Kept whoever may see them, so a viewer who may not see many of them gets fewer items.
 */
const CANDIDATES = 60;
const SHOWN_TERMS = 4;
/**
 * Candidates are the incidents sharing one of this cause's rarest terms (by the column's statistics in pg_stats, which
 * ANALYZE keeps; a term too rare to be listed there counts as rarest, the longer first): a word nearly every cause uses
 * would make every incident a candidate. Causes similar enough to pass the threshold share some of these.
 */
const RARE_TERMS = 3;

/** How many candidates, scored without regard to who is looking, are kept per incident (then filtered per viewer). */
const KEPT = 20;

type Candidate = { id: string; similarity: number; sameService: boolean; sharedTerms: string[] };

/**
 * The causes' similarity changes only when a report is written, and computing it is the report page's costliest
 * statement (~20 ms): each incident's candidates are kept for 5 minutes (served up to 30 while one recomputes), so a
 * similar report written meanwhile shows up within minutes. Who may see each candidate is never cached: that is
 * decided afresh on every read (relatedIncidents).
 */
const candidatesCache = new StaleWhileRevalidateCache<Candidate[]>({ freshMs: 5 * 60_000, staleMs: 30 * 60_000, maxEntries: 2_000 });

/** The viewer as an SQL row, so that access.ts's one visibility rule applies as written. */
export function viewerRowSql(viewer: Viewer): Prisma.Sql {
  return Prisma.sql`(SELECT ${viewer.id}::text AS id, ${viewer.role}::"Role" AS role)`;
}

/**
 * The incidents whose causes resemble `incidentId`'s, best first, whoever may see them: one SQL statement. Only ever
 * shown through relatedIncidents, which keeps those the viewer may see.
 */
async function scoreCandidates(incidentId: string, db: Db | Tx): Promise<Candidate[]> {
  const rows = await db.$queryRaw<Candidate[]>(Prisma.sql`
    WITH src AS (
      SELECT i.id, d."causeVector" AS cv, t.cause AS text,
             replace(strip(d."causeVector")::text, ''' ''', ''' | ''')::tsquery AS q,
             ARRAY(SELECT x."serviceId" FROM "IncidentService" x WHERE x."incidentId" = i.id) AS services
      FROM "Incident" i
      JOIN "IncidentSearch" d ON d."incidentId" = i.id
      CROSS JOIN incident_search_texts(ARRAY[${incidentId}]::text[]) t
      WHERE i.id = ${incidentId} AND length(d."causeVector") > 0
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
    scored AS (
      SELECT c.id, c.same_service, s.shared, cardinality(s.shared) / sqrt(length(c.cv)::float8 * length(src.cv)) AS similarity
      FROM ranked c CROSS JOIN src
      CROSS JOIN LATERAL (
        SELECT ARRAY(SELECT unnest(tsvector_to_array(c.cv)) INTERSECT SELECT unnest(tsvector_to_array(src.cv))) AS shared
      ) s
    ),
    best AS (
      SELECT * FROM scored
      WHERE cardinality(shared) >= ${MIN_SHARED_TERMS}::int AND similarity >= ${MIN_SIMILARITY}::float8
      ORDER BY similarity + CASE WHEN same_service THEN ${SAME_SERVICE_BONUS}::float8 ELSE 0::float8 END DESC, id
      LIMIT ${KEPT}::int
    )
    SELECT b.id, b.similarity, b.same_service AS "sameService",
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
    FROM best b
    ORDER BY b.similarity + CASE WHEN b.same_service THEN ${SAME_SERVICE_BONUS}::float8 ELSE 0::float8 END DESC, b.id`);
  return rows.map((row) => ({ ...row, similarity: Number(row.similarity) }));
}

type Row = Omit<RelatedIncident, "startedAt" | "similarity" | "sharedTerms"> & { startedAt: Date | null };

/**
 * Up to `limit` other incidents `viewer` may see whose causes resemble `incidentId`'s, the same service(s) first,
 * most similar first; none when the viewer may not see `incidentId` itself or it has no cause written. One SQL
 * statement with the candidates cached (two without): what each candidate is called, its services and whether the
 * viewer may open it are always read fresh.
 */
export async function relatedIncidents(viewer: Viewer, incidentId: string, limit = 5, db: Db | Tx = getDb()): Promise<RelatedIncident[]> {
  const candidates = await candidatesCache.get(incidentId, () => scoreCandidates(incidentId, db));
  if (!candidates.length) return [];
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    WITH v AS ${viewerRowSql(viewer)},
    c AS (SELECT * FROM unnest(${candidates.map((candidate) => candidate.id)}::text[]) WITH ORDINALITY AS c(id, ord))
    SELECT o.id, o."publicId", o.title, o.severity, o."startedAt",
           ARRAY(SELECT s.name FROM "IncidentService" x JOIN "Service" s ON s.id = x."serviceId"
                 WHERE x."incidentId" = o.id ORDER BY x.position, s.name) AS services,
           ARRAY(SELECT s.name FROM "IncidentService" x JOIN "Service" s ON s.id = x."serviceId"
                 WHERE x."incidentId" = o.id AND x."serviceId" IN (SELECT y."serviceId" FROM "IncidentService" y WHERE y."incidentId" = src.id)
                 ORDER BY x.position, s.name) AS "sharedServices"
    FROM c JOIN "Incident" o ON o.id = c.id CROSS JOIN v
    JOIN "Incident" src ON src.id = ${incidentId} AND ${incidentVisibleToSql("src", "v")}
    WHERE ${incidentVisibleToSql("o", "v")}
    ORDER BY c.ord
    LIMIT ${limit}::int`);
  const byId = new Map(candidates.map((candidate) => [candidate.id, candidate]));
  return rows.map((row) => ({
    ...row,
    startedAt: row.startedAt?.toISOString() ?? null,
    similarity: byId.get(row.id)!.similarity,
    sharedTerms: byId.get(row.id)!.sharedTerms,
  }));
}

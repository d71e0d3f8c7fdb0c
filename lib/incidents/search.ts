// Full-text search over every text of a report. The database keeps the search document current (triggers in
// prisma/migrations/20261204173000_full_text_search): "IncidentSearch"."searchVector" is every text, weighted (A: id,
// title, services; B: summary, root cause, trigger; C: the rest), "Incident"."rankVector" its A and B part alone. Configuration 'english' for
// both the document and the query (the migration says why). The list combines the predicate with its filters and the
// viewer's visibility rule; this module knows nothing of who is looking.
import "server-only";
import { getDb, type Db, type Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

/** websearch_to_tsquery: "quoted phrases", -word and `or`; stop words and punctuation alone give an empty query. */
function tsQuery(q: string): Prisma.Sql {
  return Prisma.sql`websearch_to_tsquery('english'::regconfig, ${q})`;
}

/** The incidents listing a service named exactly `q`, ignoring case. */
function serviceNamed(q: string): Prisma.Sql {
  return Prisma.sql`SELECT x."incidentId" FROM "IncidentService" x JOIN "Service" s ON s.id = x."serviceId" WHERE lower(s.name) = lower(${q})`;
}

/**
 * A SQL boolean over the Incident row aliased `i`: the full-text match of `q` (websearch_to_tsquery: "quoted phrases",
 * -word, or), OR the public id / a service name matching q case-insensitively.
 *
 * The full-text arm is a lookup in "IncidentSearch" (its GIN index for a rare word, a scan of its narrow rows for a
 * word in nearly every report), hashed once per statement; the id arm has an index on lower("publicId"). A query of only
 * stop words or punctuation matches nothing (an empty tsquery matches no document). An empty `q` matches nothing:
 * callers leave the predicate out when there is no search.
 */
export function searchPredicate(q: string): Prisma.Sql {
  const term = q.trim();
  if (!term) return Prisma.sql`false`;
  return Prisma.sql`(i.id IN (SELECT d."incidentId" FROM "IncidentSearch" d WHERE d."searchVector" @@ ${tsQuery(term)})
    OR lower(i."publicId") = lower(${term}) OR i.id IN (${serviceNamed(term)}))`;
}

/**
 * A SQL numeric expression over `i` for ORDER BY ... DESC: an exact id first (+2), then an exact service name (+1),
 * then ts_rank of the weighted title/id/services (A) and summary/root cause/trigger (B) vector, normalised into
 * [0, 1). A hit only in the timeline, factors, lessons or action items ranks 0: below any title or root-cause hit, and
 * ordered among its peers by the caller's next sort key. Ranking by the small vector rather than the whole document
 * is what keeps a word found in nearly every report cheap to rank (see the migration). ts_rank rather than
 * ts_rank_cd: on these short texts they order alike, and for "connection" over 10,000 reports (9,991 matches) the page
 * of rows took ~20 ms with ts_rank against ~25-30 ms with ts_rank_cd.
 */
export function searchRank(q: string): Prisma.Sql {
  const term = q.trim();
  if (!term) return Prisma.sql`0::float8`;
  return Prisma.sql`(ts_rank(i."rankVector", ${tsQuery(term)}, 32)::float8
    + CASE WHEN lower(i."publicId") = lower(${term}) THEN 2 ELSE 0 END
    + CASE WHEN i.id IN (${serviceNamed(term)}) THEN 1 ELSE 0 END)`;
}

// Sentinels for ts_headline: removed from the text first, so whatever the report says, they only ever mark a match
// (START/STOP) or stand for an angle bracket (LT/GT: the parser would otherwise take `<script>` for a tag and drop it
// from the snippet).
const START = "\u0001";
const STOP = "\u0002";
const LT = "\u0003";
const GT = "\u0004";
const HEADLINE_OPTIONS = `StartSel=${START}, StopSel=${STOP}, MaxFragments=2, MaxWords=18, MinWords=6, FragmentDelimiter=" … "`;

const HEADLINE_LINES = 4;

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** ts_headline's output as HTML: everything escaped, then the sentinels turned into <mark> and angle brackets. */
export function snippetHtml(headline: string): string {
  return headline
    .replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!)
    .replaceAll(START, "<mark>")
    .replaceAll(STOP, "</mark>")
    .replaceAll(LT, "&lt;")
    .replaceAll(GT, "&gt;")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * One SQL statement: for each of these incident ids, a snippet of where q matched (ts_headline), HTML-escaped,
 * matches wrapped in <mark></mark>; ids without a match in the prose are absent.
 *
 * The prose is every report text but the id, title and service names (which the list shows anyway), kept by the same
 * triggers as the vectors ("IncidentSearch"."searchText", out of line: assembling it from the sections took ~4 ms for
 * 25 reports, reading it ~0.4 ms). For "connection" at 10,000 incidents, 25 snippets took 8.9 ms over the whole prose,
 * ~2 ms over the matching lines. The ids must be ones the viewer may see: the list passes the rows it shows, already
 * filtered by visibility.
 */
export async function searchSnippets(incidentIds: string[], q: string, db: Db | Tx = getDb()): Promise<Map<string, string>> {
  const term = q.trim();
  const ids = [...new Set(incidentIds)];
  if (!term || ids.length === 0) return new Map();
  // ts_headline parses the whole text it is given (~0.35 ms for a report's ~2 kB of prose): it is given the first few
  // lines holding one of the query's stems instead (a stem is nearly always part of the words it stands for), or the
  // whole prose when no line does. Rows without the start sentinel matched only outside the prose: dropped below, so
  // that ts_headline runs once a row.
  const rows = await db.$queryRaw<{ id: string; headline: string }[]>`
    WITH q AS (SELECT ${tsQuery(term)} AS query),
    stems AS (
      SELECT coalesce(array_agg(replace(m[1], '''''', '''')), '{}') AS list
      FROM q, regexp_matches(q.query::text, '''((?:[^'']|'''')+)''', 'g') AS m
    )
    SELECT d."incidentId" AS id,
           ts_headline('english'::regconfig,
                       translate(coalesce(nullif(array_to_string(ARRAY(
                         SELECT l.line FROM unnest(string_to_array(d."searchText", chr(10))) WITH ORDINALITY AS l(line, n)
                         WHERE EXISTS (SELECT 1 FROM unnest(stems.list) AS s(stem) WHERE strpos(lower(l.line), s.stem) > 0)
                         ORDER BY l.n LIMIT ${HEADLINE_LINES}::int
                       ), chr(10)), ''), d."searchText"), ${"<>" + START + STOP + LT + GT}, ${LT + GT}),
                       q.query, ${HEADLINE_OPTIONS}) AS headline
    FROM "IncidentSearch" d, q, stems
    WHERE d."incidentId" = ANY (${ids}::text[]) AND d."searchText" <> ''`;
  return new Map(rows.filter((row) => row.headline.includes(START)).map((row) => [row.id, snippetHtml(row.headline)]));
}

// Reading the services catalog.
import "server-only";
import { getDb, type Db, type Tx } from "@/lib/db/client";
import type { SameShape } from "@/lib/api/schema";
import { serviceSearchSchema, type ServiceEntryResponse } from "@/lib/services/schema";
import { incidentVisibleToSql, type Viewer } from "@/lib/incidents/access";
import { MIN_SHARED_TERMS, viewerRowSql } from "@/lib/incidents/related";
import { groupSimilarCauses, type CauseTerms, type RecurrenceGroup } from "@/lib/services/recurrence";
import { calendarDayAt, dateToDay } from "@/lib/time/calendar-day";
import { Prisma } from "@/lib/generated/prisma/client";

export type ServiceView = {
  id: string;
  name: string;
  team: string | null;
  description: string | null;
  /** how many incidents list this service */
  incidentCount: number;
};

export type ServiceSuggestion = { id: string; name: string; team: string | null };

export async function listServices(db: Db | Tx = getDb()): Promise<ServiceView[]> {
  const rows = await db.service.findMany({
    select: { id: true, name: true, team: true, description: true, _count: { select: { incidents: true } } },
    orderBy: { name: "asc" },
  });
  return rows
    .map(({ _count, ...service }) => ({ ...service, incidentCount: _count.incidents }))
    .sort((a, b) => a.name.localeCompare(b.name, "en", { sensitivity: "base" }));
}

export async function getService(id: string, db: Db | Tx = getDb()): Promise<ServiceView | null> {
  const row = await db.service.findUnique({
    where: { id },
    select: { id: true, name: true, team: true, description: true, _count: { select: { incidents: true } } },
  });
  if (!row) return null;
  const { _count, ...service } = row;
  return { ...service, incidentCount: _count.incidents };
}

/**
 * Suggestions while typing a service into a report: names starting with `prefix`, ignoring case, most used first.
 * An empty prefix suggests the most used services.
 */
export async function searchServices(prefix: string, options: { limit?: number } = {}, db: Db | Tx = getDb()): Promise<ServiceSuggestion[]> {
  const { prefix: start, limit } = serviceSearchSchema.parse({ prefix, limit: options.limit });
  return db.service.findMany({
    where: start ? { name: { startsWith: start, mode: "insensitive" } } : {},
    select: { id: true, name: true, team: true },
    orderBy: [{ incidents: { _count: "desc" } }, { name: "asc" }],
    take: limit,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Service pages (/services, /services/[name]): what happened to each service, as far as the viewer may see. Every
// statement keeps only the incidents `viewer` may open, with access.ts's one rule (incidentVisibleToSql).

export type ServiceCatalogEntry = {
  id: string;
  name: string;
  team: string | null;
  description: string | null;
  incidentCount: number;
  /** ISO 8601; the latest start among its incidents */
  lastIncidentAt: string | null;
  openActionItems: number;
  /** minutes from start to end of its incidents that started in the last 90 days (as Insights counts: still going, none) */
  impactMinutes90d: number;
};

true satisfies SameShape<ServiceCatalogEntry, ServiceEntryResponse>;

/** The catalog with each service's figures (`only`: just the service with this id). One statement. */
export async function listServiceCatalog(viewer: Viewer, db: Db | Tx = getDb(), only?: string): Promise<ServiceCatalogEntry[]> {
  const rows = await db.$queryRaw<
    { id: string; name: string; team: string | null; description: string | null; incidents: bigint; last: Date | null; open: bigint; minutes: number | null }[]
  >(Prisma.sql`
    WITH v AS ${viewerRowSql(viewer)},
    visible AS (SELECT i.id, i."startedAt", i."endedAt" FROM "Incident" i CROSS JOIN v WHERE ${incidentVisibleToSql("i", "v")}),
    per_service AS (
      SELECT x."serviceId", count(*) AS incidents, max(e."startedAt") AS last,
             sum(extract(epoch FROM e."endedAt" - e."startedAt") / 60) FILTER (WHERE e."startedAt" >= now() - interval '90 days') AS minutes
      FROM "IncidentService" x JOIN visible e ON e.id = x."incidentId"
      GROUP BY x."serviceId"
    ),
    open_items AS (
      SELECT x."serviceId", count(*) AS open
      FROM "ActionItem" a JOIN visible e ON e.id = a."incidentId" JOIN "IncidentService" x ON x."incidentId" = a."incidentId"
      WHERE a.status IN ('OPEN', 'IN_PROGRESS')
      GROUP BY x."serviceId"
    )
    SELECT s.id, s.name, s.team, s.description, coalesce(p.incidents, 0) AS incidents, p.last, coalesce(o.open, 0) AS open,
           p.minutes::float8 AS minutes
    FROM "Service" s LEFT JOIN per_service p ON p."serviceId" = s.id LEFT JOIN open_items o ON o."serviceId" = s.id
    ${only === undefined ? Prisma.empty : Prisma.sql`WHERE s.id = ${only}`}
    ORDER BY lower(s.name), s.name`);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    team: row.team,
    description: row.description,
    incidentCount: Number(row.incidents),
    lastIncidentAt: row.last?.toISOString() ?? null,
    openActionItems: Number(row.open),
    impactMinutes90d: Math.max(0, Math.round(row.minutes ?? 0)),
  }));
}

/** One service of the catalog with its figures, by id; null when there is none. */
export async function getServiceCatalogEntry(viewer: Viewer, id: string, db: Db | Tx = getDb()): Promise<ServiceCatalogEntry | null> {
  const [entry] = await listServiceCatalog(viewer, db, id);
  return entry ?? null;
}

export type ServiceIncident = { id: string; publicId: string; title: string; severity: string; status: string; startedAt: string | null };
export type ServiceActionItem = {
  id: string;
  title: string;
  status: string;
  /** YYYY-MM-DD */
  dueDate: string | null;
  overdue: boolean;
  /** the owner's name: a user's, or the name a report gave for someone who is not a user here (ownerIsUser false) */
  ownerName: string | null;
  ownerIsUser: boolean;
  incidentPublicId: string;
};
export type ServicePage = {
  service: { id: string; name: string; team: string | null; description: string | null };
  incidentCount: number;
  recentIncidents: ServiceIncident[];
  openActionItemCount: number;
  openActionItems: ServiceActionItem[];
  /** "This happened before": groups of this service's incidents with similar causes, largest first */
  recurrences: RecurrenceGroup<ServiceIncident & CauseTerms>[];
  /** contributing factors written (nearly) alike in several of its incidents */
  recurringFactors: { text: string; incidentCount: number }[];
};

const RECENT_INCIDENTS = 10;
const OPEN_ITEMS_SHOWN = 25;
/** The history "This happened before" compares, newest first: pairs grow with its square. */
const RECURRENCE_HISTORY = 200;
const RECURRING_FACTORS = 8;
/**
 * Stricter than a related incident on the report page (MIN_SIMILARITY): incidents of one service share its vocabulary,
 * and a group should read as one cause that came back.
 */
const GROUP_SIMILARITY = 0.5;
const RECURRENCE_GROUPS = 6;

/**
 * Everything /services/[name] shows, or null for a service that does not exist (names ignore case). Five statements:
 * the service, then four in parallel (incidents, open action items, causes, factors).
 */
export async function getServicePage(viewer: Viewer & { timeZone: string }, name: string, db: Db | Tx = getDb()): Promise<ServicePage | null> {
  const service = await db.service.findFirst({
    where: { name: { equals: name, mode: "insensitive" } },
    select: { id: true, name: true, team: true, description: true },
  });
  if (!service) return null;
  const visibleOfService = Prisma.sql`
    v AS ${viewerRowSql(viewer)},
    of_service AS (
      SELECT i.* FROM "Incident" i CROSS JOIN v
      WHERE i.id IN (SELECT x."incidentId" FROM "IncidentService" x WHERE x."serviceId" = ${service.id}) AND ${incidentVisibleToSql("i", "v")}
    )`;
  const today = calendarDayAt(new Date(), viewer.timeZone);
  const [incidents, items, causes, factors] = await Promise.all([
    db.$queryRaw<(Omit<ServiceIncident, "startedAt"> & { startedAt: Date | null; total: bigint })[]>(Prisma.sql`
        WITH ${visibleOfService}
        SELECT id, "publicId", title, severity, status::text AS status, "startedAt", count(*) OVER () AS total
        FROM of_service ORDER BY "startedAt" DESC NULLS LAST, "createdAt" DESC, id LIMIT ${RECENT_INCIDENTS}::int`),
    db.$queryRaw<
      {
        id: string;
        title: string;
        status: string;
        dueDate: Date | null;
        ownerName: string | null;
        ownerIsUser: boolean;
        incidentPublicId: string;
        total: bigint;
      }[]
    >(Prisma.sql`
        WITH ${visibleOfService}
        SELECT a.id, a.title, a.status::text AS status, a."dueDate", coalesce(u.name, a."ownerName") AS "ownerName",
               u.id IS NOT NULL AS "ownerIsUser", e."publicId" AS "incidentPublicId",
               count(*) OVER () AS total
        FROM "ActionItem" a JOIN of_service e ON e.id = a."incidentId" LEFT JOIN "User" u ON u.id = a."ownerId"
        WHERE a.status IN ('OPEN', 'IN_PROGRESS')
        ORDER BY a."dueDate" ASC NULLS LAST, a.id LIMIT ${OPEN_ITEMS_SHOWN}::int`),
    db.$queryRaw<(Omit<ServiceIncident, "startedAt"> & { startedAt: Date | null; lexemes: string[]; spelled: string[] })[]>(Prisma.sql`
        WITH ${visibleOfService},
        recent AS (
          SELECT e.id, e."publicId", e.title, e.severity, e.status::text AS status, e."startedAt", e."createdAt", d."causeVector" AS cv,
                 concat_ws(' ', e."rootCause", e.trigger,
                           (SELECT string_agg(f.text, ' ') FROM "ContributingFactor" f WHERE f."incidentId" = e.id)) AS cause
          FROM of_service e JOIN "IncidentSearch" d ON d."incidentId" = e.id
          WHERE length(d."causeVector") > 0
          ORDER BY e."startedAt" DESC NULLS LAST, e."createdAt" DESC, e.id LIMIT ${RECURRENCE_HISTORY}::int
        ),
        own_name AS (SELECT tsvector_to_array(to_tsvector('english'::regconfig, ${service.name})) AS lexemes)
        SELECT r.id, r."publicId", r.title, r.severity, r.status, r."startedAt",
               ARRAY(SELECT unnest(tsvector_to_array(r.cv)) EXCEPT SELECT unnest(own_name.lexemes)) AS lexemes,
               ARRAY(SELECT DISTINCT ON (l) l || ' ' || w
                     FROM regexp_split_to_table(lower(r.cause), '[^[:alnum:]_-]+') w CROSS JOIN LATERAL unnest(ts_lexize('english_stem', w)) l
                     WHERE w <> '' ORDER BY l, length(w)) AS spelled
        FROM recent r CROSS JOIN own_name
        ORDER BY r."startedAt" DESC NULLS LAST, r."createdAt" DESC, r.id`),
    db.$queryRaw<{ text: string; incidents: bigint }[]>(Prisma.sql`
        WITH ${visibleOfService}
        SELECT (array_agg(f.text ORDER BY length(f.text), f.text))[1] AS text, count(DISTINCT f."incidentId") AS incidents
        FROM "ContributingFactor" f JOIN of_service e ON e.id = f."incidentId"
        GROUP BY strip(to_tsvector('english'::regconfig, f.text))
        HAVING count(DISTINCT f."incidentId") >= 2
        ORDER BY incidents DESC, text LIMIT ${RECURRING_FACTORS}::int`),
  ]);
  const incident = ({
    id,
    publicId,
    title,
    severity,
    status,
    startedAt,
  }: Omit<ServiceIncident, "startedAt"> & { startedAt: Date | null }): ServiceIncident => ({
    id,
    publicId,
    title,
    severity,
    status,
    startedAt: startedAt?.toISOString() ?? null,
  });
  const withTerms = causes.map((row) => ({
    ...incident(row),
    lexemes: row.lexemes,
    words: Object.fromEntries(row.spelled.map((pair) => [pair.slice(0, pair.indexOf(" ")), pair.slice(pair.indexOf(" ") + 1)])),
  }));
  return {
    service,
    incidentCount: Number(incidents[0]?.total ?? 0),
    recentIncidents: incidents.map(incident),
    openActionItemCount: Number(items[0]?.total ?? 0),
    openActionItems: items.map(({ total: _total, dueDate, ...item }) => {
      const due = dueDate ? dateToDay(dueDate) : null;
      return { ...item, dueDate: due, overdue: due !== null && due < today };
    }),
    recurrences: groupSimilarCauses(withTerms, { minSimilarity: GROUP_SIMILARITY, minShared: MIN_SHARED_TERMS }).slice(0, RECURRENCE_GROUPS),
    recurringFactors: factors.map((row) => ({ text: row.text, incidentCount: Number(row.incidents) })),
  };
}

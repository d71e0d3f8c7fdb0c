// The incident list at scale: one page of a view (search, filters, sort) read with two SQL statements, the page of
// rows and the total, both on indexes (prisma/migrations/*_incident_list_indexes), plus the search snippets of the
// page's rows when searching. Per row, the open and overdue action items are counted for that row only, never for
// every incident. Visibility is the rule of lib/incidents/access.ts, as SQL.
import "server-only";
import { getDb } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { seesAllPrivate, type Viewer } from "@/lib/incidents/access";
import { INCIDENT_PAGE_SIZE, type IncidentListView } from "@/lib/incidents/list-view";
import { postmortemDue, postmortemPolicy } from "@/lib/incidents/postmortem-due";
import type { IncidentListRow } from "@/lib/incidents/schema";
import { searchPredicate, searchRank, searchSnippets } from "@/lib/incidents/search";
import { getSettings } from "@/lib/settings/queries";
import type { Settings } from "@/lib/settings/schema";
import { StaleWhileRevalidateCache } from "@/lib/cache/stale-while-revalidate";
import { addCalendarDays, calendarDayAt, startOfCalendarDay, type CalendarDay } from "@/lib/time/calendar-day";

export type IncidentListViewer = Viewer & { timeZone: string };

export type IncidentListPage = { rows: IncidentListRow[]; total: number; page: number; pageSize: number; pageCount: number };

/** The incidents `viewer` may see, as an SQL condition on "Incident" aliased `i`. */
function visibleSql(viewer: Viewer): Prisma.Sql {
  if (seesAllPrivate(viewer.role)) return Prisma.sql`true`;
  return Prisma.sql`(NOT i.private OR i."authorId" = ${viewer.id}
    OR EXISTS (SELECT 1 FROM "IncidentParticipant" ip WHERE ip."incidentId" = i.id AND ip."userId" = ${viewer.id}))`;
}

const OPEN_ITEM = Prisma.sql`a.status IN ('OPEN'::"ActionItemStatus", 'IN_PROGRESS'::"ActionItemStatus")`;

/** Still to do and due before `today` (the viewer's local day, as lib/action-items/overdue.ts judges it). */
function overdueItemSql(today: CalendarDay): Prisma.Sql {
  return Prisma.sql`${OPEN_ITEM} AND a."dueDate" < ${today}::date`;
}

function whereSql(viewer: IncidentListViewer, view: IncidentListView, today: CalendarDay): Prisma.Sql {
  const and: Prisma.Sql[] = [visibleSql(viewer)];
  if (view.q) and.push(searchPredicate(view.q));
  if (view.severity.length) and.push(Prisma.sql`i.severity IN (${Prisma.join(view.severity)})`);
  if (view.status.length) and.push(Prisma.sql`i.status::text IN (${Prisma.join(view.status)})`);
  if (view.state.length) and.push(Prisma.sql`i."reportState"::text IN (${Prisma.join(view.state)})`);
  if (view.service.length) {
    and.push(Prisma.sql`EXISTS (SELECT 1 FROM "IncidentService" l JOIN "Service" s ON s.id = l."serviceId"
      WHERE l."incidentId" = i.id AND lower(s.name) IN (${Prisma.join(view.service.map((service) => service.toLowerCase()))}))`);
  }
  // calendar days in the viewer's zone, both included: [start of `from`, start of the day after `to`)
  if (view.from) and.push(Prisma.sql`i."startedAt" >= ${startOfCalendarDay(view.from as CalendarDay, viewer.timeZone)}`);
  if (view.to) and.push(Prisma.sql`i."startedAt" < ${startOfCalendarDay(addCalendarDays(view.to as CalendarDay, 1), viewer.timeZone)}`);
  if (view.author) and.push(Prisma.sql`i."authorId" = ${view.author === "me" ? viewer.id : view.author}`);
  if (view.overdue) and.push(Prisma.sql`EXISTS (SELECT 1 FROM "ActionItem" a WHERE a."incidentId" = i.id AND ${overdueItemSql(today)})`);
  if (view.private !== null) and.push(view.private ? Prisma.sql`i.private` : Prisma.sql`NOT i.private`);
  return Prisma.join(and, " AND ");
}

/**
 * ORDER BY for the view. Every order ends in the same tie-breakers, so that pages neither repeat nor skip rows; the
 * default one (start, newest first, undated last) is the one the (startedAt DESC NULLS LAST, createdAt DESC, id)
 * index serves without sorting.
 */
function orderSql(view: IncidentListView, scale: string[]): Prisma.Sql {
  const desc = view.order === "desc";
  const direction = Prisma.raw(desc ? "DESC" : "ASC");
  const ties = Prisma.sql`i."createdAt" DESC, i.id DESC`;
  if (view.sort === null && view.q) return Prisma.sql`${searchRank(view.q)} DESC, i."startedAt" DESC NULLS LAST, ${ties}`;
  switch (view.sort ?? "startedAt") {
    case "severity":
      // the configured scale, most severe first when descending; a name no longer on the scale sorts as least severe
      return Prisma.sql`coalesce(array_position(${scale}::text[], i.severity), ${scale.length + 1}) ${Prisma.raw(desc ? "ASC" : "DESC")}, i."startedAt" DESC NULLS LAST, ${ties}`;
    case "title":
      return Prisma.sql`lower(i.title) ${direction}, ${ties}`;
    case "createdAt":
      return Prisma.sql`i."createdAt" ${direction}, i.id ${direction}`;
    case "startedAt":
      return Prisma.sql`i."startedAt" ${direction} NULLS LAST, i."createdAt" ${direction}, i.id ${direction}`;
  }
}

/** A row as the statement returns it: the list row without what is computed afterwards, with the zones it is computed in. */
type RowRecord = Omit<IncidentListRow, "postmortemDue" | "snippet"> & { timeZone: string; authorTimeZone: string | null };

/**
 * One page of the incidents `viewer` may see, as `view` asks, with `settings` (severity scale, postmortem policy)
 * read once by the caller. A page past the end shows the last page (`pastTheEnd: "empty"`: no rows). Statements: the rows and the total (at once),
 * then the snippets of the page's rows when searching.
 */
export async function listIncidentPage(
  viewer: IncidentListViewer,
  view: IncidentListView,
  settings: Settings,
  { now = new Date(), pastTheEnd = "last" }: { now?: Date; pastTheEnd?: "last" | "empty" } = {},
): Promise<IncidentListPage> {
  const db = getDb();
  const today = calendarDayAt(now, viewer.timeZone);
  const where = whereSql(viewer, view, today);
  const order = orderSql(view, settings["severity.scale"]);
  // With a search, ranking reads every match anyway: the total comes with the page (a window count over the same
  // matches) instead of a second statement that would find them all again. Without one, the page is 25 entries of the
  // order's index and the total a count of its own, both cheaper apart.
  const countWithPage = Boolean(view.q);
  const rowsAt = (page: number) => db.$queryRaw<(RowRecord & { total?: number })[]>`
    WITH page AS (
      SELECT i.id ${countWithPage ? Prisma.sql`, count(*) OVER ()::int AS total` : Prisma.empty}
      FROM "Incident" i
      WHERE ${where}
      ORDER BY ${order}
      LIMIT ${INCIDENT_PAGE_SIZE} OFFSET ${(page - 1) * INCIDENT_PAGE_SIZE}
    )
    SELECT page.*, i."publicId", i.title, i.severity, i.status::text AS status, i."reportState"::text AS "reportState", i.private,
           i."startedAt", i."endedAt", i."createdAt", i."timeZone", i."authorId", u.name AS "authorName", u."timeZone" AS "authorTimeZone",
           ARRAY(SELECT s.name FROM "IncidentService" l JOIN "Service" s ON s.id = l."serviceId" WHERE l."incidentId" = i.id ORDER BY l.position, s.name) AS services,
           (SELECT count(*) FROM "ActionItem" a WHERE a."incidentId" = i.id AND ${OPEN_ITEM})::int AS "openActionItems",
           (SELECT count(*) FROM "ActionItem" a WHERE a."incidentId" = i.id AND ${overdueItemSql(today)})::int AS "overdueActionItems"
    FROM page JOIN "Incident" i ON i.id = page.id LEFT JOIN "User" u ON u.id = i."authorId"
    ORDER BY ${order}`;
  const countAll = async () => (await db.$queryRaw<[{ total: number }]>`SELECT count(*)::int AS total FROM "Incident" i WHERE ${where}`)[0].total;
  const [records, counted] = await Promise.all([rowsAt(view.page), countWithPage ? null : countAll()]);
  // a page past the end carries no window count: only then is the total counted apart
  const total = counted ?? records[0]?.total ?? (view.page > 1 ? await countAll() : 0);
  const pageCount = Math.max(1, Math.ceil(total / INCIDENT_PAGE_SIZE));
  // Past the end (an old link, or rows that went away): the page shows the last page, one more statement only in
  // that case; the API answers an empty page, so that a client reading page after page stops.
  const page = pastTheEnd === "last" ? Math.min(view.page, pageCount) : view.page;
  const rows = page === view.page ? records : await rowsAt(page);
  const snippets =
    view.q && rows.length
      ? await searchSnippets(
          rows.map((row) => row.id),
          view.q,
        )
      : new Map<string, string>();
  const policy = postmortemPolicy(settings);
  return {
    total,
    page,
    pageSize: INCIDENT_PAGE_SIZE,
    pageCount,
    rows: rows.map(({ authorTimeZone, timeZone, createdAt, total: _total, ...row }) => ({
      ...row,
      createdAt,
      snippet: snippets.get(row.id) ?? null,
      postmortemDue: postmortemDue({ ...row, timeZone, authorTimeZone }, policy, now),
    })),
  };
}

export type IncidentFilterOptions = { services: string[]; people: { id: string; name: string }[] };

// The choices the filters offer change rarely (a service added to the catalog, a person joining): read them at most
// once a minute per process rather than on every page view. What the list shows is always current.
const filterOptions = new StaleWhileRevalidateCache<IncidentFilterOptions>({ freshMs: 60_000, staleMs: 10 * 60_000, maxEntries: 1 });

async function readFilterOptions(): Promise<IncidentFilterOptions> {
  const db = getDb();
  const [services, people] = await Promise.all([
    db.service.findMany({ select: { name: true }, orderBy: { name: "asc" } }),
    db.user.findMany({
      where: { active: true, role: { in: ["SRE", "MANAGER", "ADMIN"] } },
      select: { id: true, name: true },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take: 1_000,
    }),
  ]);
  return { services: services.map((service) => service.name), people };
}

/**
 * Everything the incident list page shows, for `viewer`: the settings (one statement), then the page of rows and the
 * total (at once, or in one statement when searching), the snippets when searching, and the filters' choices
 * (cached): 3 statements; with the session's own lookup, 4 for the page.
 */
export async function loadIncidentListPage(
  viewer: IncidentListViewer,
  view: IncidentListView,
  now: Date = new Date(),
): Promise<IncidentListPage & IncidentFilterOptions & { severities: string[] }> {
  const settings = await getSettings();
  const [page, options] = await Promise.all([listIncidentPage(viewer, view, settings, { now }), filterOptions.get("all", readFilterOptions)]);
  return { ...page, ...options, severities: settings["severity.scale"] };
}

// The insights numbers: ONE set-based SQL statement over the incidents in scope (period, service, severity, and what
// the viewer may see), cached in-process for a minute per filter and visibility scope.
//
// Definitions (the README's "Insights" says the same):
// - An incident belongs to the month (viewer's zone) its start falls in; incidents without a start are left out.
// - Time to detect / mitigate / resolve: Incident.detectedAt / mitigatedAt / resolvedAt minus startedAt. Those
//   columns are what lib/incidents/milestones.ts sets from the timeline's milestones on every save (the earliest
//   entry marked with each), so they are the milestones' times; a negative difference (a typo) is left out.
// - Medians and p90 are percentile_cont: interpolated between the two nearest values.
// - Action items: those of the incidents in scope. Completion rate = done / (all - won't do). Days to close: done
//   items, completedAt - createdAt. Overdue at a month's end: created by then, due before that day (the rule of
//   lib/action-items/overdue.ts: due before "today"), and not closed by then (closed = completedAt for done items,
//   the last change for won't-do ones, which record no completion time).
// - Sign-off: hours from endedAt to the first SignOff of the incident (later ones follow a reopen).
// - Minutes of impact: endedAt - startedAt, counted in full for each of the incident's services.
// - Recurring factors: contributing-factor texts normalised (lower case, every run of characters that are not letters
//   or digits made one space, trimmed), counted once per incident, shown when two or more incidents share one.
import "server-only";
import { getDb, type Db } from "@/lib/db/client";
import { seesAllPrivate, type Viewer } from "@/lib/incidents/access";
import { Prisma } from "@/lib/generated/prisma/client";
import { getSeverityScale } from "@/lib/settings/queries";
import { addCalendarDays, calendarDayAt, startOfCalendarDay, type CalendarDay } from "@/lib/time/calendar-day";
import { localDaySql } from "@/lib/time/local-day-sql";
import { effectiveTimeZone } from "@/lib/time/zone-names";
import { StaleWhileRevalidateCache } from "@/lib/cache/stale-while-revalidate";
import { firstDayOf, lastDayOf, monthsBetween, type Month } from "@/lib/insights/months";
import { TOP_COUNT, type InsightsFilter, type InsightsResult, type Quantiles, type ServiceImpact } from "@/lib/insights/schema";

export type InsightsViewer = Viewer & { timeZone: string };

/** The viewer's today and the severity scale: what parsing a filter needs. */
export async function insightsFilterContext(viewer: { timeZone: string }, now: Date = new Date(), db: Db = getDb()) {
  return { today: calendarDayAt(now, effectiveTimeZone(viewer.timeZone)), severities: await getSeverityScale(db) };
}

/**
 * The SQL twin of visibleIncidentsWhere (lib/incidents/access.ts) for the incident aliased `i`: nothing for roles
 * that read every private report, else public, authored by the viewer, or with the viewer among the participants.
 */
export function visibleToViewerSql(viewer: Viewer): Prisma.Sql {
  if (seesAllPrivate(viewer.role)) return Prisma.sql`TRUE`;
  return Prisma.sql`(NOT i.private OR i."authorId" = ${viewer.id}
    OR EXISTS (SELECT 1 FROM "IncidentParticipant" ip WHERE ip."incidentId" = i.id AND ip."userId" = ${viewer.id}))`;
}

/** Managers and admins see the same incidents, so they share one cache entry; everyone else has their own. */
export function visibilityScopeKey(viewer: Viewer): string {
  return seesAllPrivate(viewer.role) ? "all" : `user:${viewer.id}`;
}

type Checkpoint = { month: Month; day: CalendarDay; instant: string };

/** Where "overdue at the month's end" is counted: the month's last day, or today for this month; none for later months. */
function checkpoints(months: Month[], today: CalendarDay, timeZone: string): Checkpoint[] {
  return months
    .filter((month) => firstDayOf(month) <= today)
    .map((month) => {
      const day = lastDayOf(month) < today ? lastDayOf(month) : today;
      return { month, day, instant: startOfCalendarDay(addCalendarDays(day, 1), timeZone).toISOString() };
    });
}

type QuantileRow = { n: number; q: [number, number] | null };

type Row = {
  bySeverity: { month: Month; severity: string; incidents: number }[];
  durations: { month: Month | null; detect: QuantileRow; mitigate: QuantileRow; resolve: QuantileRow }[];
  signOffs: { month: Month | null; ended: number; signed: number; hours: QuantileRow }[];
  services: { name: string; incidents: number; minutes: number }[];
  factors: { key: string; text: string; incidents: number }[];
  itemMonths: { month: Month | null; total: number; done: number; wontDo: number; medianDays: number | null }[];
  overdue: { month: Month; overdue: number }[];
};

export function insightsSql(viewer: InsightsViewer, filter: InsightsFilter, timeZone: string, checks: Checkpoint[]): Prisma.Sql {
  const start = startOfCalendarDay(filter.from, timeZone);
  const end = startOfCalendarDay(addCalendarDays(filter.to, 1), timeZone);
  const month = Prisma.sql`to_char(${localDaySql(Prisma.sql`i."startedAt"`, Prisma.sql`${timeZone}::text`)}, 'YYYY-MM')`;
  const minutes = (column: string) => {
    const at = Prisma.raw(`"${column}"`);
    return Prisma.sql`count(*) FILTER (WHERE ${at} >= "startedAt")::int,
      percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY CASE WHEN ${at} >= "startedAt" THEN extract(epoch FROM ${at} - "startedAt") / 60 END)`;
  };
  return Prisma.sql`
    WITH scope AS MATERIALIZED (
      SELECT i.id, i.severity, ${month} AS month, i."startedAt", i."detectedAt", i."mitigatedAt", i."resolvedAt", i."endedAt"
      FROM "Incident" i
      WHERE i."startedAt" >= ${start} AND i."startedAt" < ${end}
        AND (${filter.severity}::text IS NULL OR i.severity = ${filter.severity}::text)
        AND (${filter.service}::text IS NULL OR EXISTS (
          SELECT 1 FROM "IncidentService" x JOIN "Service" sv ON sv.id = x."serviceId" WHERE x."incidentId" = i.id AND sv.name = ${filter.service}::text))
        AND ${visibleToViewerSql(viewer)}
    ),
    durations AS (
      SELECT month, json_build_object('n', dn, 'q', dq) AS detect, json_build_object('n', mn, 'q', mq) AS mitigate,
             json_build_object('n', rn, 'q', rq) AS resolve
      FROM (SELECT month, ${minutes("detectedAt")}, ${minutes("mitigatedAt")}, ${minutes("resolvedAt")} FROM scope GROUP BY ROLLUP (month))
        AS t(month, dn, dq, mn, mq, rn, rq)
    ),
    first_sign_off AS (
      SELECT s.month, s."endedAt", f.signed
      FROM scope s
      LEFT JOIN (SELECT "incidentId", min("signedAt") AS signed FROM "SignOff" WHERE "incidentId" IN (SELECT id FROM scope) GROUP BY 1) f
        ON f."incidentId" = s.id
      WHERE s."endedAt" IS NOT NULL
    ),
    sign_offs AS (
      SELECT month, count(*)::int AS ended, count(signed)::int AS signed,
             json_build_object('n', count(*) FILTER (WHERE signed >= "endedAt"),
               'q', percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY CASE WHEN signed >= "endedAt" THEN extract(epoch FROM signed - "endedAt") / 3600 END)) AS hours
      FROM first_sign_off GROUP BY ROLLUP (month)
    ),
    services AS (
      SELECT sv.name, count(*)::int AS incidents,
             coalesce(sum(CASE WHEN s."endedAt" >= s."startedAt" THEN extract(epoch FROM s."endedAt" - s."startedAt") / 60 END), 0)::float8 AS minutes
      FROM scope s JOIN "IncidentService" x ON x."incidentId" = s.id JOIN "Service" sv ON sv.id = x."serviceId"
      GROUP BY sv.name
    ),
    -- Grouped by the text as written first: the same words are often pasted again, and each text is then normalised once.
    factor_texts AS MATERIALIZED (
      SELECT btrim(regexp_replace(lower(f.text), '[^[:alnum:]]+', ' ', 'g')) AS key, f.text, count(*) AS uses, array_agg(DISTINCT s.id) AS incidents
      FROM scope s CROSS JOIN LATERAL (SELECT text FROM "ContributingFactor" f WHERE f."incidentId" = s.id OFFSET 0) f GROUP BY f.text
    ),
    factors AS (
      SELECT key, (array_agg(text ORDER BY uses DESC, text))[1] AS text, count(DISTINCT incident)::int AS incidents
      FROM (SELECT key, text, uses, unnest(incidents) AS incident FROM factor_texts) n
      WHERE key <> ''
      GROUP BY key HAVING count(DISTINCT incident) >= 2
      ORDER BY incidents DESC, key LIMIT ${TOP_COUNT}
    ),
    items AS MATERIALIZED (
      SELECT s.month, a.status, a."createdAt", a."dueDate", a."completedAt",
             CASE WHEN a.status IN ('DONE', 'WONT_DO') THEN coalesce(a."completedAt", a."updatedAt") END AS closed
      FROM scope s CROSS JOIN LATERAL (SELECT * FROM "ActionItem" a WHERE a."incidentId" = s.id OFFSET 0) a
    ),
    item_months AS (
      SELECT month, count(*)::int AS total, count(*) FILTER (WHERE status = 'DONE')::int AS done,
             count(*) FILTER (WHERE status = 'WONT_DO')::int AS "wontDo",
             percentile_cont(0.5) WITHIN GROUP (ORDER BY CASE WHEN status = 'DONE' AND "completedAt" >= "createdAt"
               THEN extract(epoch FROM "completedAt" - "createdAt") / 86400 END) AS "medianDays"
      FROM items GROUP BY ROLLUP (month)
    ),
    -- Only items that were ever past due can count: not those closed before midnight UTC after their due day (every
    -- checkpoint that could count one is later than that in any zone: zones are at most 14 hours ahead of UTC).
    late_items AS MATERIALIZED (
      SELECT * FROM items WHERE "dueDate" IS NOT NULL AND (closed IS NULL OR closed >= ("dueDate" + 1)::timestamp AT TIME ZONE 'UTC')
    ),
    overdue AS (
      SELECT c.month, count(i.status)::int AS overdue
      FROM unnest(${checks.map((check) => check.month)}::text[], ${checks.map((check) => check.day)}::date[],
                  ${checks.map((check) => check.instant)}::timestamptz[]) AS c(month, day, instant)
      LEFT JOIN late_items i ON i."createdAt" < c.instant AND i."dueDate" < c.day AND (i.closed IS NULL OR i.closed >= c.instant)
      GROUP BY c.month
    )
    SELECT json_build_object(
      'bySeverity', (SELECT coalesce(json_agg(b), '[]') FROM (SELECT month, severity, count(*)::int AS incidents FROM scope GROUP BY 1, 2) b),
      'durations', (SELECT coalesce(json_agg(d), '[]') FROM durations d),
      'signOffs', (SELECT coalesce(json_agg(s), '[]') FROM sign_offs s),
      'services', (SELECT coalesce(json_agg(s), '[]') FROM services s),
      'factors', (SELECT coalesce(json_agg(f), '[]') FROM factors f),
      'itemMonths', (SELECT coalesce(json_agg(m), '[]') FROM item_months m),
      'overdue', (SELECT coalesce(json_agg(o), '[]') FROM overdue o)
    )::text AS result`;
}

function quantiles(row: QuantileRow | undefined): Quantiles {
  if (!row || !row.n || !row.q) return { count: row?.n ?? 0, median: null, p90: null };
  return { count: row.n, median: row.q[0], p90: row.q[1] };
}

const rate = (done: number, total: number, wontDo: number) => (total - wontDo > 0 ? done / (total - wontDo) : null);

function orderSeverities(scale: readonly string[], found: Iterable<string>): string[] {
  const extra = [...new Set(found)].filter((severity) => !scale.includes(severity)).sort();
  return [...scale, ...extra];
}

function topServices(rows: Row["services"]): { byIncidents: ServiceImpact[]; byImpact: ServiceImpact[] } {
  const services = rows.map((row) => ({ name: row.name, incidents: row.incidents, impactMinutes: row.minutes }));
  const byName = (a: ServiceImpact, b: ServiceImpact) => a.name.localeCompare(b.name, "en");
  return {
    byIncidents: [...services].sort((a, b) => b.incidents - a.incidents || byName(a, b)).slice(0, TOP_COUNT),
    byImpact: [...services]
      .filter((service) => service.impactMinutes > 0)
      .sort((a, b) => b.impactMinutes - a.impactMinutes || byName(a, b))
      .slice(0, TOP_COUNT),
  };
}

/** The numbers, computed now (no cache). */
export async function computeInsights(
  viewer: InsightsViewer,
  filter: InsightsFilter,
  options: { now?: Date; db?: Db; severities?: readonly string[] } = {},
): Promise<InsightsResult> {
  const db = options.db ?? getDb();
  const now = options.now ?? new Date();
  const timeZone = effectiveTimeZone(viewer.timeZone);
  const months = monthsBetween(filter.from, filter.to);
  const today = calendarDayAt(now, timeZone);
  const checks = checkpoints(months, today, timeZone);
  const [[raw], scale] = await Promise.all([
    db.$queryRaw<{ result: string }[]>(insightsSql(viewer, filter, timeZone, checks)),
    options.severities ? Promise.resolve(options.severities) : getSeverityScale(db),
  ]);
  const row = JSON.parse(raw!.result) as Row;

  const severities = orderSeverities(
    scale,
    row.bySeverity.map((entry) => entry.severity),
  );
  const incidentMonths = new Map(months.map((month) => [month, { month, total: 0, bySeverity: Object.fromEntries(severities.map((s) => [s, 0])) }]));
  for (const entry of row.bySeverity) {
    const target = incidentMonths.get(entry.month);
    if (!target) continue;
    target.total += entry.incidents;
    target.bySeverity[entry.severity] = entry.incidents;
  }
  const byMonth = [...incidentMonths.values()];

  const durations = new Map(row.durations.map((entry) => [entry.month, entry]));
  const duration = (month: Month | null) => {
    const entry = durations.get(month);
    return { detect: quantiles(entry?.detect), mitigate: quantiles(entry?.mitigate), resolve: quantiles(entry?.resolve) };
  };

  const signOffs = new Map(row.signOffs.map((entry) => [entry.month, entry]));
  const signOff = (month: Month | null) => {
    const entry = signOffs.get(month);
    return { ended: entry?.ended ?? 0, signedOff: entry?.signed ?? 0, hours: quantiles(entry?.hours) };
  };

  const items = new Map(row.itemMonths.map((entry) => [entry.month, entry]));
  const overdue = new Map(row.overdue.map((entry) => [entry.month, entry.overdue]));
  const checkDays = new Map(checks.map((check) => [check.month, check.day]));
  const itemTotals = items.get(null);

  return {
    filter,
    timeZone,
    asOf: now,
    months,
    severities,
    incidents: { total: byMonth.reduce((sum, month) => sum + month.total, 0), byMonth },
    timeTo: { overall: duration(null), byMonth: months.map((month) => ({ month, ...duration(month) })) },
    actionItems: {
      total: itemTotals?.total ?? 0,
      done: itemTotals?.done ?? 0,
      wontDo: itemTotals?.wontDo ?? 0,
      completionRate: itemTotals ? rate(itemTotals.done, itemTotals.total, itemTotals.wontDo) : null,
      medianDaysToClose: itemTotals?.medianDays ?? null,
      byMonth: months.map((month) => {
        const entry = items.get(month);
        return {
          month,
          total: entry?.total ?? 0,
          done: entry?.done ?? 0,
          wontDo: entry?.wontDo ?? 0,
          completionRate: entry ? rate(entry.done, entry.total, entry.wontDo) : null,
          medianDaysToClose: entry?.medianDays ?? null,
          overdue: checkDays.has(month) ? (overdue.get(month) ?? 0) : null,
          overdueOn: checkDays.get(month) ?? null,
        };
      }),
    },
    signOff: { ...signOff(null), byMonth: months.map((month) => ({ month, ...signOff(month) })) },
    services: topServices(row.services),
    factors: row.factors,
  };
}

const FRESH_MS = 60_000;
const cache = new StaleWhileRevalidateCache<InsightsResult>({ freshMs: FRESH_MS, staleMs: 10 * FRESH_MS, maxEntries: 500 });

/** The numbers as of at most a minute ago (see StaleWhileRevalidateCache), shared by viewers who see the same incidents. */
export function getInsights(viewer: InsightsViewer, filter: InsightsFilter, severities?: readonly string[]): Promise<InsightsResult> {
  const timeZone = effectiveTimeZone(viewer.timeZone);
  const key = JSON.stringify([visibilityScopeKey(viewer), timeZone, filter.from, filter.to, filter.service, filter.severity]);
  return cache.get(key, () => computeInsights(viewer, filter, { severities }));
}

/** For tests: forget every cached result. */
export function clearInsightsCache(): void {
  cache.clear();
}

/** The catalog's service names, for the filter's choices. */
export async function insightsServiceNames(db: Db = getDb()): Promise<string[]> {
  const rows = await db.service.findMany({ select: { name: true }, orderBy: { name: "asc" } });
  return rows.map((row) => row.name);
}

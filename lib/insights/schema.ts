// Shapes that cross a boundary for insights: the filter (the page's URL and the API's query: from, to, service,
// severity) and the computed numbers, which the page's charts and GET /api/v1/insights both carry.
//
// Units: durations to detect, mitigate and resolve and minutes of impact are minutes; time to sign-off is hours;
// time to close an action item is days; rates are fractions 0..1. Months are "YYYY-MM" in the viewer's time zone.
import { z } from "zod";
import type { Json } from "@/lib/api/json";
import { daySchema, instantSchema, type SameShape } from "@/lib/api/schema";
import { oneLine } from "@/lib/text/schema";
import { acceptedCalendarDay } from "@/lib/time/accepted-range";
import { addMonths, firstDayOf, monthOf, monthSpan, type Month } from "@/lib/insights/months";
import type { CalendarDay } from "@/lib/time/calendar-day";

/** The longest period one request may chart: beyond it the overdue-over-time series gets expensive. */
export const MAX_MONTHS = 120;
/** The default period: the current month and the eleven before it. */
export const DEFAULT_MONTHS = 12;
/** How many services and recurring factors the "top" charts show. */
export const TOP_COUNT = 10;

export type InsightsFilter = {
  /** first day, inclusive, on the incident's start in the viewer's zone */
  from: CalendarDay;
  /** last day, inclusive */
  to: CalendarDay;
  /** a catalog service name */
  service: string | null;
  /** one of the configured severity scale */
  severity: string | null;
};

export type Quantiles = { count: number; median: number | null; p90: number | null };

export type ServiceImpact = { name: string; incidents: number; impactMinutes: number };

export type InsightsResult = {
  filter: InsightsFilter;
  timeZone: string;
  /** when the numbers were computed (they are cached for a short while) */
  asOf: Date;
  months: Month[];
  /** severities in the chart's order: the configured scale, then any other name found */
  severities: string[];
  incidents: { total: number; byMonth: { month: Month; total: number; bySeverity: Record<string, number> }[] };
  /** minutes from start to detected, mitigated, resolved (the timeline milestones' times) */
  timeTo: {
    overall: { detect: Quantiles; mitigate: Quantiles; resolve: Quantiles };
    byMonth: { month: Month; detect: Quantiles; mitigate: Quantiles; resolve: Quantiles }[];
  };
  /** the action items of the incidents in scope */
  actionItems: {
    total: number;
    done: number;
    wontDo: number;
    /** done / (total - won't do); null without items */
    completionRate: number | null;
    /** days from creation to completion of done items */
    medianDaysToClose: number | null;
    byMonth: {
      month: Month;
      total: number;
      done: number;
      wontDo: number;
      completionRate: number | null;
      medianDaysToClose: number | null;
      /** items open and past due at the end of `overdueOn` (the month's last day, or today for this month); null for months still to come */
      overdue: number | null;
      overdueOn: CalendarDay | null;
    }[];
  };
  /** hours from the incident's end to its first sign-off */
  signOff: {
    ended: number;
    signedOff: number;
    hours: Quantiles;
    byMonth: { month: Month; ended: number; signedOff: number; hours: Quantiles }[];
  };
  services: { byIncidents: ServiceImpact[]; byImpact: ServiceImpact[] };
  /** contributing factors written alike (see lib/insights/queries.ts for "alike") in at least two incidents */
  factors: { key: string; text: string; incidents: number }[];
};

export type InsightsResponse = Json<InsightsResult>;

const name = (max: number) => oneLine(z.string().trim().max(max, `must be at most ${max} characters`));
const optionalText = (max: number) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), name(max).optional()).transform((value) => value ?? null);
const optionalDay = z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), acceptedCalendarDay().optional());

export type FilterContext = {
  /** the viewer's today (their zone) */
  today: CalendarDay;
  /** the configured severity scale */
  severities: readonly string[];
};

/** The default first day for a period ending on `to`: the first of the month eleven months before. */
export function defaultFrom(to: CalendarDay): CalendarDay {
  return firstDayOf(addMonths(monthOf(to), -(DEFAULT_MONTHS - 1)));
}

export function insightsFilterSchema({ today, severities }: FilterContext) {
  return z
    .object({
      from: optionalDay,
      to: optionalDay,
      service: optionalText(200),
      severity: optionalText(50).refine((value) => value === null || severities.includes(value), `must be one of ${severities.join(", ")}`),
    })
    .transform((raw, context): InsightsFilter => {
      const to = raw.to ?? (raw.from && raw.from > today ? raw.from : today);
      const from = raw.from ?? defaultFrom(to);
      if (to < from) context.addIssue({ code: "custom", path: ["to"], message: `must be on or after from (${from})` });
      else if (monthSpan(from, to) > MAX_MONTHS)
        context.addIssue({ code: "custom", path: ["from"], message: `the period may span at most ${MAX_MONTHS} months` });
      return { from, to, service: raw.service, severity: raw.severity };
    });
}

/** Search params (a page's or a request's) → the filter; a bad value is an issue naming its parameter. */
export function parseInsightsFilter(input: URLSearchParams | Record<string, string | string[] | undefined>, context: FilterContext) {
  const first = (key: string) => {
    if (input instanceof URLSearchParams) return input.get(key) ?? undefined;
    const value = input[key];
    return Array.isArray(value) ? value[0] : value;
  };
  return insightsFilterSchema(context).safeParse({ from: first("from"), to: first("to"), service: first("service"), severity: first("severity") });
}

/** The filter as search params, leaving out what is empty. */
export function insightsFilterToSearchParams(filter: Partial<InsightsFilter>): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ["from", "to", "service", "severity"] as const) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  return params;
}

/** The result as the API sends it (the one Date as ISO-8601). */
export function toInsightsResponse(result: InsightsResult): InsightsResponse {
  return { ...result, asOf: result.asOf.toISOString() };
}

// GET /api/v1/insights answers this; a zod schema for the OpenAPI document, kept the shape of InsightsResponse.
const month = z.string().meta({ description: "YYYY-MM in the caller's time zone", example: "2025-06" });
const quantiles = z.object({ count: z.number().int(), median: z.number().nullable(), p90: z.number().nullable() });
const serviceImpact = z.object({ name: z.string(), incidents: z.number().int(), impactMinutes: z.number() });
const rate = z.number().nullable().meta({ description: "Fraction 0..1; null without items" });
export const insightsResponseSchema = z.object({
  filter: z.object({ from: daySchema, to: daySchema, service: z.string().nullable(), severity: z.string().nullable() }),
  timeZone: z.string(),
  asOf: instantSchema.meta({ description: "When the numbers were computed (they are cached up to a minute)" }),
  months: z.array(month),
  severities: z.array(z.string()),
  incidents: z.object({
    total: z.number().int(),
    byMonth: z.array(z.object({ month, total: z.number().int(), bySeverity: z.record(z.string(), z.number().int()) })),
  }),
  timeTo: z
    .object({
      overall: z.object({ detect: quantiles, mitigate: quantiles, resolve: quantiles }),
      byMonth: z.array(z.object({ month, detect: quantiles, mitigate: quantiles, resolve: quantiles })),
    })
    .meta({ description: "Minutes from start to detected, mitigated, resolved" }),
  actionItems: z.object({
    total: z.number().int(),
    done: z.number().int(),
    wontDo: z.number().int(),
    completionRate: rate,
    medianDaysToClose: z.number().nullable(),
    byMonth: z.array(
      z.object({
        month,
        total: z.number().int(),
        done: z.number().int(),
        wontDo: z.number().int(),
        completionRate: rate,
        medianDaysToClose: z.number().nullable(),
        overdue: z.number().int().nullable(),
        overdueOn: daySchema.nullable(),
      }),
    ),
  }),
  signOff: z
    .object({
      ended: z.number().int(),
      signedOff: z.number().int(),
      hours: quantiles,
      byMonth: z.array(z.object({ month, ended: z.number().int(), signedOff: z.number().int(), hours: quantiles })),
    })
    .meta({ description: "Hours from the incident's end to its first sign-off" }),
  services: z.object({ byIncidents: z.array(serviceImpact), byImpact: z.array(serviceImpact) }),
  factors: z.array(z.object({ key: z.string(), text: z.string(), incidents: z.number().int() })),
});
true satisfies SameShape<InsightsResponse, z.output<typeof insightsResponseSchema>>;

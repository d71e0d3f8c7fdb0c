import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { getInsights, insightsFilterContext, insightsServiceNames } from "@/lib/insights/queries";
import { parseInsightsFilter, toInsightsResponse } from "@/lib/insights/schema";
import { zoneFormatter } from "@/lib/time/zone";
import { PageHeader } from "@/components/ui/empty-state";
import { InsightsFilterForm, type FilterValues } from "@/components/insights/filter-form";
import { InsightsCharts } from "@/components/insights/charts";

export const metadata: Metadata = { title: "Insights" };

export default async function InsightsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("incident:read");
  const [params, context, services] = await Promise.all([searchParams, insightsFilterContext(user), insightsServiceNames()]);
  const parsed = parseInsightsFilter(params, context);
  // A bad value is shown at its field; the charts then show the default period.
  const errors = parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
  const filter = parsed.success ? parsed.data : parseInsightsFilter({}, context).data!;
  const result = await getInsights(user, filter, context.severities);
  const raw = (key: string) => {
    const value = params[key];
    return (Array.isArray(value) ? value[0] : value) ?? "";
  };
  const values: FilterValues = parsed.success
    ? { from: filter.from, to: filter.to, service: filter.service ?? "", severity: filter.severity ?? "" }
    : { from: raw("from"), to: raw("to"), service: raw("service"), severity: raw("severity") };
  const asOf = zoneFormatter(result.timeZone, "en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(result.asOf);
  return (
    <>
      <PageHeader
        title="Insights"
        description={
          <>
            Incidents started from {filter.from} to {filter.to} ({result.timeZone}){filter.service ? `, on ${filter.service}` : ""}
            {filter.severity ? `, ${filter.severity}` : ""}. <span data-testid="insights-as-of">As of {asOf}</span> (refreshed every minute).
          </>
        }
      />
      <InsightsFilterForm values={values} services={services} severities={context.severities} errors={errors} />
      <InsightsCharts insights={toInsightsResponse(result)} />
    </>
  );
}

"use client";

// The insights charts. Every bar leads to the incident list (or the action-item table) filtered to what it shows;
// each chart has a table with the same numbers and links beside it (collapsed), for keyboards and screen readers.
import type { ReactNode } from "react";
import { useRouter } from "next/navigation";
import Link from "next/link";
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import { actionItemsHref, incidentListHref } from "@/lib/insights/links";
import type { InsightsResponse, Quantiles } from "@/lib/insights/schema";

const SEVERITY_COLORS = ["#b91c1c", "#ea580c", "#ca8a04", "#0891b2", "#7c3aed", "#475569"];
const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const HEIGHT = 260;

export function monthLabel(month: string): string {
  const [year, number] = month.split("-");
  return `${MONTH_NAMES[Number(number) - 1]} ${year}`;
}

const round = (value: number | null | undefined, digits = 1) => (value === null || value === undefined ? null : Number(value.toFixed(digits)));
const show = (value: number | null | undefined, unit = "") => (value === null || value === undefined ? "–" : `${round(value)}${unit}`);

function Card({
  title,
  description,
  children,
  table,
  testId,
}: {
  title: string;
  description: ReactNode;
  children: ReactNode;
  table: ReactNode;
  testId: string;
}) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" aria-labelledby={`${testId}-title`} data-testid={testId}>
      <h2 id={`${testId}-title`} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      <p className="mb-3 text-sm text-slate-600">{description}</p>
      {children}
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer text-slate-600">Show as a table</summary>
        <div className="mt-2 overflow-x-auto">{table}</div>
      </details>
    </section>
  );
}

function Empty({ children = "No incidents in this period" }: { children?: ReactNode }) {
  return (
    <p className="flex items-center justify-center rounded border border-dashed border-slate-300 text-sm text-slate-500" style={{ height: HEIGHT }}>
      {children}
    </p>
  );
}

function Table({ head, rows }: { head: string[]; rows: ReactNode[][] }) {
  return (
    <table className="min-w-full text-left text-xs">
      <thead>
        <tr>
          {head.map((cell) => (
            <th key={cell} scope="col" className="px-2 py-1 font-medium text-slate-700">
              {cell}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={index} className="border-t border-slate-100">
            {row.map((cell, column) => (
              <td key={column} className="px-2 py-1 tabular-nums">
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const linkClass = "text-indigo-700 underline";

/** recharts passes the clicked bar's data point as `payload`. */
type Clicked<Row> = { payload?: Row };

export function InsightsCharts({ insights }: { insights: InsightsResponse }) {
  const empty = insights.incidents.total === 0;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <IncidentsPerMonth insights={insights} empty={empty} />
      <TimeToMilestones insights={insights} empty={empty} />
      <ActionItems insights={insights} empty={empty} />
      <SignOff insights={insights} empty={empty} />
      <TopServices insights={insights} empty={empty} />
      <RecurringFactors insights={insights} empty={empty} />
    </div>
  );
}

type Props = { insights: InsightsResponse; empty: boolean };

function IncidentsPerMonth({ insights, empty }: Props) {
  const router = useRouter();
  const { filter, severities } = insights;
  const data = insights.incidents.byMonth.map((month) => ({ label: monthLabel(month.month), month: month.month, ...month.bySeverity }));
  const shown = severities.filter((severity) => insights.incidents.byMonth.some((month) => (month.bySeverity[severity] ?? 0) > 0));
  return (
    <Card
      testId="chart-incidents-per-month"
      title="Incidents per month"
      description={`By severity, ${insights.incidents.total} in all. Click a bar for those incidents.`}
      table={
        <Table
          head={["Month", ...shown, "All"]}
          rows={insights.incidents.byMonth.map((month) => [
            monthLabel(month.month),
            ...shown.map((severity) => (
              <Link key={severity} className={linkClass} href={incidentListHref(filter, { month: month.month, severity })}>
                {month.bySeverity[severity] ?? 0}
              </Link>
            )),
            <Link key="all" className={linkClass} href={incidentListHref(filter, { month: month.month })}>
              {month.total}
            </Link>,
          ])}
        />
      }
    >
      {empty ? (
        <Empty />
      ) : (
        <BarChart responsive style={{ width: "100%", height: HEIGHT }} data={data} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} label={{ value: "incidents", angle: -90, position: "insideLeft", fontSize: 11 }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {shown.map((severity) => (
            <Bar
              key={severity}
              dataKey={severity}
              stackId="severity"
              fill={SEVERITY_COLORS[severities.indexOf(severity) % SEVERITY_COLORS.length]}
              isAnimationActive={false}
              cursor="pointer"
              onClick={(bar: Clicked<{ month: string }>) => bar.payload && router.push(incidentListHref(filter, { month: bar.payload.month, severity }))}
            />
          ))}
        </BarChart>
      )}
    </Card>
  );
}

const MILESTONES = [
  { key: "detect", label: "Time to detect" },
  { key: "mitigate", label: "Time to mitigate" },
  { key: "resolve", label: "Time to resolve" },
] as const;

function TimeToMilestones({ insights, empty }: Props) {
  const router = useRouter();
  const { filter } = insights;
  const largest = Math.max(0, ...insights.timeTo.byMonth.flatMap((month) => MILESTONES.map(({ key }) => month[key].p90 ?? 0)));
  const hours = largest >= 180;
  const unit = hours ? "hours" : "minutes";
  const scale = (value: number | null) => (value === null ? null : round(hours ? value / 60 : value));
  return (
    <Card
      testId="chart-time-to"
      title="Time to detect, mitigate and resolve"
      description={`Median and 90th percentile per month, in ${unit}, from the timeline's milestones. Overall: detect ${show(scale(insights.timeTo.overall.detect.median))}, mitigate ${show(scale(insights.timeTo.overall.mitigate.median))}, resolve ${show(scale(insights.timeTo.overall.resolve.median))} (median, ${unit}).`}
      table={
        <Table
          head={["Month", ...MILESTONES.flatMap(({ label }) => [`${label}: median (${unit})`, `p90`, "incidents"])]}
          rows={insights.timeTo.byMonth.map((month) => [
            <Link key="m" className={linkClass} href={incidentListHref(filter, { month: month.month })}>
              {monthLabel(month.month)}
            </Link>,
            ...MILESTONES.flatMap(({ key }) => quantileCells(month[key], scale)),
          ])}
        />
      }
    >
      {empty ? (
        <Empty />
      ) : (
        <div className="grid gap-2">
          {MILESTONES.map(({ key, label }) => (
            <div key={key}>
              <h3 className="text-xs font-medium text-slate-700">{label}</h3>
              <BarChart
                responsive
                style={{ width: "100%", height: 140 }}
                data={insights.timeTo.byMonth.map((month) => ({
                  month: month.month,
                  label: monthLabel(month.month),
                  median: scale(month[key].median),
                  p90: scale(month[key].p90),
                }))}
                margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
              >
                <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="label" tick={{ fontSize: 10 }} />
                <YAxis tick={{ fontSize: 10 }} label={{ value: unit, angle: -90, position: "insideLeft", fontSize: 10 }} />
                <Tooltip formatter={(value) => `${value} ${unit}`} />
                <Legend wrapperStyle={{ fontSize: 11 }} />
                {(["median", "p90"] as const).map((series) => (
                  <Bar
                    key={series}
                    dataKey={series}
                    name={series === "median" ? "median" : "90th percentile"}
                    fill={series === "median" ? "#4f46e5" : "#a5b4fc"}
                    isAnimationActive={false}
                    cursor="pointer"
                    onClick={(bar: Clicked<{ month: string }>) => bar.payload && router.push(incidentListHref(filter, { month: bar.payload.month }))}
                  />
                ))}
              </BarChart>
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}

function quantileCells(quantiles: Quantiles, scale: (value: number | null) => number | null = (value) => round(value)): ReactNode[] {
  return [show(scale(quantiles.median)), show(scale(quantiles.p90)), quantiles.count];
}

function ActionItems({ insights, empty }: Props) {
  const router = useRouter();
  const { filter, actionItems } = insights;
  const percent = (rate: number | null) => (rate === null ? null : round(rate * 100));
  const data = actionItems.byMonth.map((month) => ({
    month: month.month,
    label: monthLabel(month.month),
    completion: percent(month.completionRate),
    overdue: month.overdue,
  }));
  return (
    <Card
      testId="chart-action-items"
      title="Action items"
      description={
        <>
          Of the items of these incidents: {show(percent(actionItems.completionRate), " %")} done (won&apos;t-do left out), median{" "}
          {show(actionItems.medianDaysToClose, " days")} to close. Bars: % done by the incident&apos;s month; line: items open and past due at each month&apos;s
          end.{" "}
          <Link className={linkClass} href={actionItemsHref(filter, { overdue: true })}>
            Overdue now
          </Link>
        </>
      }
      table={
        <Table
          head={["Month", "Items", "Done", "Won't do", "Done (%)", "Median days to close", "Overdue at month end"]}
          rows={actionItems.byMonth.map((month) => [
            <Link key="m" className={linkClass} href={incidentListHref(filter, { month: month.month })}>
              {monthLabel(month.month)}
            </Link>,
            month.total,
            month.done,
            month.wontDo,
            show(percent(month.completionRate)),
            show(month.medianDaysToClose),
            month.overdue === null ? "–" : `${month.overdue} (${month.overdueOn})`,
          ])}
        />
      }
    >
      {empty || actionItems.total === 0 ? (
        <Empty>{empty ? "No incidents in this period" : "No action items for these incidents"}</Empty>
      ) : (
        <ComposedChart responsive style={{ width: "100%", height: HEIGHT }} data={data} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} />
          <YAxis yAxisId="rate" domain={[0, 100]} unit="%" tick={{ fontSize: 11 }} />
          <YAxis
            yAxisId="count"
            orientation="right"
            allowDecimals={false}
            tick={{ fontSize: 11 }}
            label={{ value: "items", angle: 90, position: "insideRight", fontSize: 11 }}
          />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar
            yAxisId="rate"
            dataKey="completion"
            name="done (%)"
            fill="#059669"
            isAnimationActive={false}
            cursor="pointer"
            onClick={(bar: Clicked<{ month: string }>) => bar.payload && router.push(incidentListHref(filter, { month: bar.payload.month }))}
          />
          <Line
            yAxisId="count"
            dataKey="overdue"
            name="overdue at month end"
            stroke="#dc2626"
            isAnimationActive={false}
            activeDot={{ cursor: "pointer", onClick: () => router.push(actionItemsHref(filter, { overdue: true })) }}
          />
        </ComposedChart>
      )}
    </Card>
  );
}

function SignOff({ insights, empty }: Props) {
  const router = useRouter();
  const { filter, signOff } = insights;
  const days = Math.max(0, ...signOff.byMonth.map((month) => month.hours.p90 ?? 0)) >= 72;
  const unit = days ? "days" : "hours";
  const scale = (value: number | null) => (value === null ? null : round(days ? value / 24 : value));
  return (
    <Card
      testId="chart-sign-off"
      title="Time from incident end to sign-off"
      description={`Median and 90th percentile per month, in ${unit}, to the first sign-off. ${signOff.signedOff} of ${signOff.ended} ended incidents signed off; median ${show(scale(signOff.hours.median), ` ${unit}`)}.`}
      table={
        <Table
          head={["Month", `Median (${unit})`, "p90", "Signed off", "Ended"]}
          rows={signOff.byMonth.map((month) => [
            <Link key="m" className={linkClass} href={incidentListHref(filter, { month: month.month, state: "APPROVED" })}>
              {monthLabel(month.month)}
            </Link>,
            show(scale(month.hours.median)),
            show(scale(month.hours.p90)),
            month.signedOff,
            month.ended,
          ])}
        />
      }
    >
      {empty || signOff.signedOff === 0 ? (
        <Empty>{empty ? "No incidents in this period" : "No incident of this period has been signed off"}</Empty>
      ) : (
        <BarChart
          responsive
          style={{ width: "100%", height: HEIGHT }}
          data={signOff.byMonth.map((month) => ({
            month: month.month,
            label: monthLabel(month.month),
            median: scale(month.hours.median),
            p90: scale(month.hours.p90),
          }))}
          margin={{ top: 8, right: 8, bottom: 4, left: 0 }}
        >
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} />
          <YAxis tick={{ fontSize: 11 }} label={{ value: unit, angle: -90, position: "insideLeft", fontSize: 11 }} />
          <Tooltip formatter={(value) => `${value} ${unit}`} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {(["median", "p90"] as const).map((series) => (
            <Bar
              key={series}
              dataKey={series}
              name={series === "median" ? "median" : "90th percentile"}
              fill={series === "median" ? "#0891b2" : "#a5f3fc"}
              isAnimationActive={false}
              cursor="pointer"
              onClick={(bar: Clicked<{ month: string }>) =>
                bar.payload && router.push(incidentListHref(filter, { month: bar.payload.month, state: "APPROVED" }))
              }
            />
          ))}
        </BarChart>
      )}
    </Card>
  );
}

function HorizontalBars({
  rows,
  dataKey,
  unit,
  color,
  href,
}: {
  rows: { name: string; value: number }[];
  dataKey: string;
  unit: string;
  color: string;
  href: (name: string) => string;
}) {
  const router = useRouter();
  return (
    <BarChart
      responsive
      layout="vertical"
      style={{ width: "100%", height: Math.max(120, rows.length * 26 + 40) }}
      data={rows.map((row) => ({ name: row.name, [dataKey]: round(row.value) }))}
      margin={{ top: 4, right: 16, bottom: 4, left: 8 }}
    >
      <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" horizontal={false} />
      <XAxis type="number" tick={{ fontSize: 11 }} label={{ value: unit, position: "insideBottomRight", offset: -2, fontSize: 11 }} />
      <YAxis type="category" dataKey="name" width={150} tick={{ fontSize: 11 }} />
      <Tooltip formatter={(value) => `${value} ${unit}`} />
      <Bar
        dataKey={dataKey}
        fill={color}
        isAnimationActive={false}
        cursor="pointer"
        onClick={(bar: Clicked<{ name: string }>) => bar.payload && router.push(href(bar.payload.name))}
      />
    </BarChart>
  );
}

function TopServices({ insights, empty }: Props) {
  const { filter, services } = insights;
  const href = (name: string) => incidentListHref(filter, { service: name });
  return (
    <Card
      testId="chart-services"
      title="Top services"
      description="By incidents, and by minutes of impact (start to end of each incident, counted for each of its services)."
      table={
        <Table
          head={["Service", "Incidents", "Minutes of impact"]}
          rows={services.byIncidents.map((service) => [
            <Link key="s" className={linkClass} href={href(service.name)}>
              {service.name}
            </Link>,
            service.incidents,
            show(service.impactMinutes),
          ])}
        />
      }
    >
      {empty ? (
        <Empty />
      ) : (
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <h3 className="text-xs font-medium text-slate-700">By incidents</h3>
            <HorizontalBars
              rows={services.byIncidents.map((s) => ({ name: s.name, value: s.incidents }))}
              dataKey="incidents"
              unit="incidents"
              color="#4f46e5"
              href={href}
            />
          </div>
          <div>
            <h3 className="text-xs font-medium text-slate-700">By minutes of impact</h3>
            {services.byImpact.length ? (
              <HorizontalBars
                rows={services.byImpact.map((s) => ({ name: s.name, value: s.impactMinutes }))}
                dataKey="minutes"
                unit="minutes"
                color="#dc2626"
                href={href}
              />
            ) : (
              <p className="text-sm text-slate-500">No incident of this period has ended.</p>
            )}
          </div>
        </div>
      )}
    </Card>
  );
}

function RecurringFactors({ insights, empty }: Props) {
  const { filter, factors } = insights;
  const byKey = new Map(factors.map((factor) => [factor.text, factor.key]));
  const href = (text: string) => incidentListHref(filter, { q: `"${byKey.get(text) ?? text}"` });
  return (
    <Card
      testId="chart-factors"
      title="Recurring contributing factors"
      description="Factors written alike (ignoring case, punctuation and spacing) in two or more incidents, with how many."
      table={
        <Table
          head={["Contributing factor", "Incidents"]}
          rows={factors.map((factor) => [
            <Link key="f" className={linkClass} href={href(factor.text)}>
              {factor.text}
            </Link>,
            factor.incidents,
          ])}
        />
      }
    >
      {empty ? (
        <Empty />
      ) : factors.length === 0 ? (
        <Empty>No contributing factor appears in more than one incident</Empty>
      ) : (
        <HorizontalBars rows={factors.map((f) => ({ name: f.text, value: f.incidents }))} dataKey="incidents" unit="incidents" color="#7c3aed" href={href} />
      )}
    </Card>
  );
}

// The read view of a structured report. The written sections are Markdown, rendered through the sanitizing
// components/markdown.tsx (never raw HTML); short texts and list entries are shown as written.
import Link from "next/link";
import type { ReactNode } from "react";
import type { PostmortemDue, ReportDocument } from "@/lib/incidents/schema";
import { incidentDurations } from "@/lib/incidents/durations";
import { formatDate, formatDateTime } from "@/lib/format/time";
import { PostmortemDueBadge, SeverityBadge, incidentStatusLabel } from "@/components/incidents/labels";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Markdown } from "@/components/markdown";
import { isOverdue, todayIn } from "@/lib/action-items/overdue";
import { OverdueBadge } from "@/components/action-items/overdue-badge";
import { Table, TableHead, TableBody, TableRow, TableHeaderCell, TableCell } from "@/components/ui/table";

function Section({ title, children, empty }: { title: string; children: ReactNode; empty?: boolean }) {
  return (
    <section className="break-inside-avoid rounded-lg bg-white p-6 shadow ring-1 ring-slate-200 print:shadow-none print:ring-0">
      <h2 className="mb-3 text-lg font-semibold">{title}</h2>
      {empty ? <p className="text-sm text-slate-400">Not filled in yet.</p> : children}
    </section>
  );
}

function OrderedList({ items }: { items: string[] }) {
  return (
    <ol className="list-decimal space-y-1 pl-5 text-sm">
      {items.map((item, index) => (
        <li key={index}>{item}</li>
      ))}
    </ol>
  );
}

function Stat({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 text-sm font-semibold text-slate-900" data-testid={`stat-${label.toLowerCase().replaceAll(" ", "-")}`}>
        {value}
      </dd>
    </div>
  );
}

function formatNumber(value: number, unit: string | null): string {
  return `${value.toLocaleString("en-US")}${unit ? (unit === "%" ? "%" : ` ${unit}`) : ""}`;
}

/**
 * `editHref`: where to edit the report, for users who may; no link without it. `followUpPanel`: shown in place of
 * the plain follow-up section (the report page's panel with attendees, agenda and outcomes). `postmortemDue`: shown
 * in the header while the policy says the postmortem is owed.
 */
export function ReportView({
  report,
  timeZone,
  editHref,
  followUpPanel,
  postmortemDue,
}: {
  report: ReportDocument;
  timeZone: string;
  editHref?: string;
  followUpPanel?: ReactNode;
  postmortemDue?: PostmortemDue | null;
}) {
  const durations = incidentDurations(report);
  const today = todayIn(timeZone);
  const when = (iso: string | null) => (iso ? formatDateTime(new Date(iso), timeZone) : "—");
  const { impact } = report;
  return (
    <div className="space-y-6">
      <header className="rounded-lg bg-white p-6 shadow ring-1 ring-slate-200 print:shadow-none print:ring-0">
        <div className="flex flex-wrap items-center gap-2 text-sm text-slate-500">
          <span className="font-mono">{report.publicId}</span>
          <SeverityBadge severity={report.severity} />
          <Badge>{incidentStatusLabel(report.status)}</Badge>
          {report.private ? <Badge tone="yellow">Private</Badge> : null}
          {postmortemDue ? <PostmortemDueBadge due={postmortemDue} /> : null}
          {editHref ? (
            <Link href={editHref} className={buttonClass("secondary", "no-print ml-auto")}>
              Edit
            </Link>
          ) : null}
        </div>
        <h1 className="mt-2 text-2xl font-bold tracking-tight">{report.title}</h1>
        {report.impactSummary ? <p className="mt-1 text-slate-700">Impact: {report.impactSummary}</p> : null}
        <dl className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
          <Stat label="Start" value={when(report.startedAt)} />
          <Stat label="End" value={when(report.endedAt)} />
          <Stat label="Duration" value={durations.duration?.text ?? "—"} />
          <Stat label="Time to detect" value={durations.timeToDetect?.text ?? "—"} />
          <Stat label="Time to mitigate" value={durations.timeToMitigate?.text ?? "—"} />
          <Stat label="Time to resolve" value={durations.timeToResolve?.text ?? "—"} />
        </dl>
      </header>

      {report.summary ? (
        <Section title="Summary">
          <Markdown>{report.summary}</Markdown>
        </Section>
      ) : null}

      <Section title="Timeline" empty={report.timeline.length === 0}>
        <ol className="space-y-2 text-sm" data-testid="timeline">
          {report.timeline.map((event, index) => (
            <li key={event.id ?? index} className="flex gap-3">
              <time dateTime={event.occurredAt} title={event.occurredAt} className="w-44 shrink-0 font-mono text-xs leading-5 text-slate-600">
                {when(event.occurredAt)}
              </time>
              <span className="flex-1">{event.text}</span>
              {event.milestone ? (
                <Badge tone="indigo">{event.milestone.toLowerCase()}</Badge>
              ) : (
                <span className="text-xs text-slate-400">{event.kind.toLowerCase()}</span>
              )}
            </li>
          ))}
        </ol>
      </Section>

      <Section title="Root cause analysis" empty={!report.rootCause && report.contributingFactors.length === 0}>
        <div data-testid="root-cause">
          <Markdown>{report.rootCause}</Markdown>
        </div>
        {report.contributingFactors.length ? (
          <>
            <h3 className="mb-2 mt-4 text-sm font-semibold">Contributing factors</h3>
            <OrderedList items={report.contributingFactors} />
          </>
        ) : null}
      </Section>

      {report.trigger ? (
        <Section title="Trigger">
          <Markdown>{report.trigger}</Markdown>
        </Section>
      ) : null}
      {report.detection ? (
        <Section title="Detection">
          <Markdown>{report.detection}</Markdown>
        </Section>
      ) : null}

      <Section title="Impact assessment">
        <dl className="mb-4 grid grid-cols-2 gap-4 sm:grid-cols-4">
          <Stat label="Users affected" value={impact.usersAffected !== null ? impact.usersAffected.toLocaleString("en-US") : "—"} />
          <Stat label="Peak error rate" value={impact.errorRate !== null ? `${Math.round(impact.errorRate * 1000) / 10}%` : "—"} />
          <Stat label="Data loss" value={impact.dataLoss === null ? "—" : impact.dataLoss ? "Yes" : "No"} />
        </dl>
        {impact.dataLossNote ? <p className="mb-3 text-sm text-slate-700">{impact.dataLossNote}</p> : null}
        {impact.metrics.length ? (
          <Table variant="plain" data-testid="impact-metrics">
            <TableHead variant="plain">
              <tr>
                <TableHeaderCell padding="py-1">Metric</TableHeaderCell>
                <TableHeaderCell padding="py-1">Value</TableHeaderCell>
                <TableHeaderCell padding="py-1">Baseline</TableHeaderCell>
              </tr>
            </TableHead>
            <TableBody variant="plain">
              {impact.metrics.map((metric, index) => (
                <TableRow key={metric.id ?? index} separated>
                  <TableCell padding="py-1.5">{metric.label}</TableCell>
                  <TableCell padding="py-1.5" className="font-semibold">
                    {metric.qualifier ? `${metric.qualifier} ` : ""}
                    {formatNumber(metric.value, metric.unit)}
                  </TableCell>
                  <TableCell padding="py-1.5" className="text-slate-600">
                    {metric.baseline !== null ? formatNumber(metric.baseline, metric.baselineUnit ?? metric.unit) : "—"}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : null}
      </Section>

      <div className="grid gap-6 lg:grid-cols-2">
        <Section title="Resolution steps" empty={report.resolutionSteps.length === 0}>
          <OrderedList items={report.resolutionSteps} />
        </Section>
        <Section title="Preventive measures" empty={report.preventiveMeasures.length === 0}>
          <OrderedList items={report.preventiveMeasures} />
        </Section>
      </div>

      <Section title="Technical details" empty={report.services.length + report.configuration.length + report.deploymentChanges.length === 0}>
        {report.services.length ? (
          <div className="mb-4">
            <h3 className="mb-2 text-sm font-semibold">Affected services</h3>
            <ul className="flex flex-wrap gap-2">
              {report.services.map((service) => (
                <li key={service}>
                  <Badge tone="blue">{service}</Badge>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {report.configuration.length ? (
          <div className="mb-4">
            <h3 className="mb-2 text-sm font-semibold">Configuration</h3>
            <ul className="space-y-1 text-sm">
              {report.configuration.map((entry, index) => (
                <li key={entry.id ?? index}>
                  {entry.scope ? <span className="text-slate-500">{entry.scope}: </span> : null}
                  <span className="font-medium">{entry.key}</span>
                  {entry.value ? `: ${entry.value}` : ""}
                  {entry.previousValue ? <span className="text-slate-500"> (was {entry.previousValue})</span> : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {report.deploymentChanges.length ? (
          <div>
            <h3 className="mb-2 text-sm font-semibold">Deployment changes</h3>
            <ul className="space-y-1 text-sm">
              {report.deploymentChanges.map((change, index) => (
                <li key={change.id ?? index}>
                  <span className="font-medium">{change.component}</span>
                  {change.fromVersion || change.toVersion ? (
                    <span className="font-mono text-xs">
                      {" "}
                      {change.fromVersion ?? "?"} → {change.toVersion ?? "?"}
                    </span>
                  ) : null}
                  {change.note ? <span className="text-slate-600"> — {change.note}</span> : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </Section>

      <Section title="Lessons learned" empty={report.lessonsLearned.length === 0}>
        <OrderedList
          items={report.lessonsLearned.map((lesson) =>
            lesson.category === "GENERAL" ? lesson.text : `${lesson.category.replace("_", " ").toLowerCase()}: ${lesson.text}`,
          )}
        />
      </Section>

      <Section title="Action items" empty={report.actionItems.length === 0}>
        <ul className="space-y-2 text-sm" data-testid="action-items">
          {report.actionItems.map((item, index) => (
            <li key={item.id ?? index} id={item.id ? `action-item-${item.id}` : undefined} className="flex scroll-mt-4 flex-wrap items-center gap-2">
              <input type="checkbox" checked={item.status === "DONE"} readOnly aria-label={item.status === "DONE" ? "Done" : "Not done"} className="h-4 w-4" />
              <span className={item.status === "DONE" ? "text-slate-500 line-through" : ""}>{item.title}</span>
              {item.dueDate ? <span className="text-xs text-slate-500">due {formatDate(new Date(`${item.dueDate}T00:00:00Z`))}</span> : null}
              {isOverdue(item, today) ? <OverdueBadge /> : null}
              <Badge>{item.priority.toLowerCase()}</Badge>
            </li>
          ))}
        </ul>
      </Section>

      {followUpPanel ?? (
        <Section title="Follow-up review" empty={!report.followUp}>
          {report.followUp ? (
            <>
              <p className="text-sm font-semibold">{formatDate(new Date(report.followUp.scheduledAt), timeZone)}</p>
              <Markdown>{report.followUp.note}</Markdown>
            </>
          ) : null}
        </Section>
      )}

      {report.supportingInfo ? (
        <Section title="Supporting information">
          <Markdown>{report.supportingInfo}</Markdown>
        </Section>
      ) : null}

      {report.extraSections.map((section, index) => (
        <Section key={index} title={section.heading} empty={!section.body.trim()}>
          <Markdown>{section.body}</Markdown>
        </Section>
      ))}

      {report.attachmentsListed.length ? (
        <Section title="Attachments mentioned in the report">
          <OrderedList items={report.attachmentsListed} />
        </Section>
      ) : null}

      {report.preparedBy || report.reviewedBy ? (
        <p className="text-sm text-slate-600">
          {report.preparedBy ? <>Prepared by {report.preparedBy}. </> : null}
          {report.reviewedBy ? <>Reviewed by {report.reviewedBy}.</> : null}
        </p>
      ) : null}
    </div>
  );
}

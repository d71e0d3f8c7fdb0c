// The read view of a structured report: what the author wrote, as written. Long texts (and timeline entries) are
// Markdown, rendered through the sanitizing components/markdown.tsx (never raw HTML); list entries and the author's
// sentences are shown as written, with the typed values read from them beside them. An empty section says so instead
// of vanishing, so a reader can tell "not written" from "not shown".
import Link from "next/link";
import type { ReactNode } from "react";
import type { ActionItem, ConfigurationEntry, DeploymentChange, PostmortemDue, ReportDocument } from "@/lib/incidents/schema";
import type { ActionItemExtras } from "@/lib/incidents/store";
import { incidentDurations } from "@/lib/incidents/durations";
import { formatImpactMetric } from "@/lib/incidents/impact-format";
import { formatDate, formatDateTime } from "@/lib/format/time";
import { PostmortemDueBadge, SeverityBadge, incidentStatusLabel } from "@/components/incidents/labels";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Markdown } from "@/components/markdown";
import { isOverdue, todayIn } from "@/lib/action-items/overdue";
import { OverdueBadge } from "@/components/action-items/overdue-badge";
import { formatDueDate, PRIORITY_LABELS, STATUS_LABELS, STATUS_TONES, trackerLabel } from "@/components/action-items/labels";

export const NOT_FILLED_IN = "Not filled in yet.";

function Section({ title, children, empty, testId }: { title: string; children?: ReactNode; empty?: boolean; testId?: string }) {
  return (
    <section className="min-w-0 rounded-lg bg-white p-4 shadow ring-1 ring-slate-200 sm:p-6 print:shadow-none print:ring-0" data-testid={testId}>
      <h2 className="mb-3 text-lg font-semibold">{title}</h2>
      {empty ? (
        <p className="text-sm text-slate-600 italic" data-testid="not-filled-in">
          {NOT_FILLED_IN}
        </p>
      ) : (
        children
      )}
    </section>
  );
}

function OrderedList({ items }: { items: string[] }) {
  return (
    <ol className="list-decimal space-y-1 pl-5 text-sm break-words">
      {items.map((item, index) => (
        <li key={index}>{item}</li>
      ))}
    </ol>
  );
}

function Stat({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium tracking-wide text-slate-600 uppercase">{label}</dt>
      <dd className="mt-1 text-sm font-semibold break-words text-slate-900" data-testid={`stat-${label.toLowerCase().replaceAll(" ", "-")}`}>
        {value}
      </dd>
    </div>
  );
}

/** A sentence as written, and the values typed from it in a quieter line beside (below on a phone). */
function Written({ sentence, typed, note, testId }: { sentence: ReactNode; typed?: ReactNode; note?: string | null; testId?: string }) {
  return (
    <li className="break-words" data-testid={testId}>
      <span>{sentence}</span>
      {typed ? (
        <span className="ml-2 inline-block rounded bg-slate-100 px-1.5 py-0.5 align-baseline font-mono text-xs text-slate-700" data-testid="typed-value">
          {typed}
        </span>
      ) : null}
      {note ? <span className="block text-xs text-slate-600">{note}</span> : null}
    </li>
  );
}

/** A note the sentence does not already say ("restored", "removed (root cause)" are part of it). */
function noteBeside(sentence: string, note: string | null): string | null {
  return note && !sentence.includes(note) ? note : null;
}

function configurationTyped(entry: ConfigurationEntry): string {
  return [`${entry.key}${entry.value ? ` = ${entry.value}` : ""}`, entry.previousValue ? `previously ${entry.previousValue}` : null]
    .filter(Boolean)
    .join(" · ");
}

function configurationFallback(entry: ConfigurationEntry): string {
  return `${entry.key}${entry.value ? `: ${entry.value}` : ""}${entry.previousValue ? ` (${entry.note && /^[a-z]+$/i.test(entry.note) ? entry.note : "was"} from ${entry.previousValue})` : ""}`;
}

function deploymentTyped(change: DeploymentChange): string | null {
  return change.fromVersion || change.toVersion ? `${change.component} · ${change.fromVersion ?? "?"} → ${change.toVersion ?? "?"}` : null;
}

function deploymentFallback(change: DeploymentChange): string {
  return [change.component, change.note].filter(Boolean).join(" ");
}

/** The owner: a user by name (email on hover), or the name the report gave for someone who is not a user here. */
function ActionItemOwner({ item, extras }: { item: ActionItem; extras: ActionItemExtras | undefined }) {
  if (item.ownerEmail) return <>{extras?.ownerName ?? item.ownerEmail}</>;
  if (!item.ownerName) return <>Nobody yet</>;
  return (
    <>
      {item.ownerName}{" "}
      <span className="font-normal text-amber-800" data-testid="owner-not-a-user">
        (not a user: gets no reminders)
      </span>
    </>
  );
}

function ActionItemEntry({ item, extras, today }: { item: ActionItem; extras: ActionItemExtras | undefined; today: Date }) {
  return (
    <li
      id={item.id ? `action-item-${item.id}` : undefined}
      className="scroll-mt-4 rounded-md border border-slate-200 p-3 break-inside-avoid"
      data-testid="action-item"
      data-status={item.status}
    >
      <p className={`font-medium break-words ${item.status === "DONE" || item.status === "WONT_DO" ? "text-slate-600 line-through" : ""}`}>{item.title}</p>
      <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-xs sm:grid-cols-4">
        <div className="min-w-0">
          <dt className="text-slate-600">Owner</dt>
          <dd className="font-medium break-words text-slate-900" data-testid="action-item-owner" title={item.ownerEmail ?? undefined}>
            <ActionItemOwner item={item} extras={extras} />
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Due</dt>
          <dd className="flex flex-wrap items-center gap-1 font-medium text-slate-900" data-testid="action-item-due">
            {item.dueDate ? <time dateTime={item.dueDate}>{formatDueDate(item.dueDate)}</time> : "No date"}
            {isOverdue(item, today) ? <OverdueBadge /> : null}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Status</dt>
          <dd data-testid="action-item-status">
            <Badge tone={STATUS_TONES[item.status]}>{STATUS_LABELS[item.status]}</Badge>{" "}
            <span className="text-slate-700">{PRIORITY_LABELS[item.priority]} priority</span>
          </dd>
        </div>
        <div className="min-w-0">
          <dt className="text-slate-600">Tracker</dt>
          <dd className="break-all" data-testid="action-item-tracker">
            {extras?.trackerUrl ? (
              <a href={extras.trackerUrl} rel="noopener noreferrer" className="text-indigo-700 underline">
                {trackerLabel(extras.trackerUrl)}
              </a>
            ) : (
              <span className="text-slate-600">None</span>
            )}
          </dd>
        </div>
      </dl>
      {item.description ? <Markdown className="mt-2">{item.description}</Markdown> : null}
    </li>
  );
}

/**
 * `editHref`: where to edit the report, for users who may; no link without it. `followUpPanel`: shown in place of
 * the plain follow-up section (the report page's panel with attendees, agenda and outcomes). `postmortemDue`: shown
 * in the header while the policy says the postmortem is owed. `afterHeader`: what the page puts right below the
 * header (the review panel and sign-off banner), so the report's own title always comes first.
 * `actionItemExtras`: each action item's owner name and tracker link, by id.
 */
export function ReportView({
  report,
  timeZone,
  editHref,
  followUpPanel,
  postmortemDue,
  afterHeader,
  actionItemExtras = {},
}: {
  report: ReportDocument;
  timeZone: string;
  editHref?: string;
  followUpPanel?: ReactNode;
  postmortemDue?: PostmortemDue | null;
  afterHeader?: ReactNode;
  actionItemExtras?: Record<string, ActionItemExtras>;
}) {
  const durations = incidentDurations(report);
  const today = todayIn(timeZone);
  const when = (iso: string | null) => (iso ? formatDateTime(new Date(iso), timeZone) : "—");
  const { impact } = report;
  // The header's "Impact" is the first line of the impact summary; the lines after it are impact lines without a
  // number, kept as written (the exports write them the same way).
  const [impactHeadline, ...impactLines] = (report.impactSummary ?? "").split("\n").filter((line) => line.trim());
  const impactEmpty =
    !impactLines.length &&
    !impact.metrics.length &&
    impact.usersAffected === null &&
    impact.errorRate === null &&
    impact.dataLoss === null &&
    !impact.dataLossNote;
  return (
    <div className="space-y-6">
      <style>{printRunningHeader(report.publicId ?? "", report.title)}</style>
      <header
        className="rounded-lg bg-white p-4 shadow ring-1 ring-slate-200 sm:p-6 print:shadow-none print:ring-0"
        data-testid="report-header"
        data-report-id={report.publicId}
      >
        <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
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
        <h1 className="mt-2 text-2xl font-bold tracking-tight break-words">{report.title}</h1>
        {impactHeadline ? <p className="mt-1 break-words text-slate-700">Impact: {impactHeadline}</p> : null}
        <dl className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
          <Stat label="Start" value={when(report.startedAt)} />
          <Stat label="End" value={when(report.endedAt)} />
          <Stat label="Duration" value={durations.duration?.text ?? "—"} />
          <Stat label="Time to detect" value={durations.timeToDetect?.text ?? "—"} />
          <Stat label="Time to mitigate" value={durations.timeToMitigate?.text ?? "—"} />
          <Stat label="Time to resolve" value={durations.timeToResolve?.text ?? "—"} />
        </dl>
      </header>

      {afterHeader}

      <Section title="Summary" empty={!report.summary} testId="section-summary">
        <Markdown>{report.summary}</Markdown>
      </Section>

      <Section title="Timeline" empty={report.timeline.length === 0} testId="section-timeline">
        <ol className="space-y-3 text-sm sm:space-y-2" data-testid="timeline">
          {report.timeline.map((event, index) => (
            // Stacked on a phone (time and kind above the text); three columns from sm up.
            <li key={event.id ?? index} className="flex min-w-0 flex-col gap-1 sm:flex-row sm:gap-3">
              <div className="flex flex-wrap items-center gap-2 sm:contents">
                <time dateTime={event.occurredAt} title={event.occurredAt} className="font-mono text-xs leading-5 text-slate-700 sm:w-44 sm:shrink-0">
                  {when(event.occurredAt)}
                </time>
                <span className="sm:order-last sm:shrink-0">
                  {event.milestone ? (
                    <Badge tone="indigo">{event.milestone.toLowerCase()}</Badge>
                  ) : (
                    <span className="text-xs text-slate-600">{event.kind.toLowerCase()}</span>
                  )}
                </span>
              </div>
              <div className="min-w-0 flex-1" data-testid="timeline-text">
                <Markdown>{event.text}</Markdown>
              </div>
            </li>
          ))}
        </ol>
      </Section>

      <Section title="Root cause analysis" empty={!report.rootCause && report.contributingFactors.length === 0} testId="section-root-cause">
        <div data-testid="root-cause">
          <Markdown>{report.rootCause}</Markdown>
        </div>
        {report.contributingFactors.length ? (
          <>
            <h3 className="mt-4 mb-2 text-sm font-semibold">Contributing factors</h3>
            <OrderedList items={report.contributingFactors} />
          </>
        ) : null}
      </Section>

      <Section title="Trigger" empty={!report.trigger} testId="section-trigger">
        <Markdown>{report.trigger}</Markdown>
      </Section>
      <Section title="Detection" empty={!report.detection} testId="section-detection">
        <Markdown>{report.detection}</Markdown>
      </Section>

      <Section title="Impact assessment" empty={impactEmpty} testId="section-impact">
        <dl className="mb-4 grid grid-cols-2 gap-4 sm:grid-cols-4">
          <Stat label="Users affected" value={impact.usersAffected !== null ? impact.usersAffected.toLocaleString("en-US") : "—"} />
          <Stat label="Peak error rate" value={impact.errorRate !== null ? `${Math.round(impact.errorRate * 1000) / 10}%` : "—"} />
          <Stat label="Data loss" value={impact.dataLoss === null ? "—" : impact.dataLoss ? "Yes" : "No"} />
        </dl>
        <ul className="list-disc space-y-2 pl-5 text-sm" data-testid="impact-lines">
          {impact.metrics.map((metric, index) => (
            <Written
              key={metric.id ?? `metric-${index}`}
              testId="impact-metric"
              sentence={metric.statement ?? metric.label}
              typed={formatImpactMetric(metric)}
              note={metric.note}
            />
          ))}
          {impactLines.map((line, index) => (
            <Written key={`line-${index}`} testId="impact-line" sentence={line} />
          ))}
          {impact.dataLossNote ? <Written testId="impact-data-loss" sentence={impact.dataLossNote} /> : null}
        </ul>
      </Section>

      <div className="grid gap-6 lg:grid-cols-2">
        <Section title="Resolution steps" empty={report.resolutionSteps.length === 0} testId="section-resolution">
          <OrderedList items={report.resolutionSteps} />
        </Section>
        <Section title="Preventive measures" empty={report.preventiveMeasures.length === 0} testId="section-preventive">
          <OrderedList items={report.preventiveMeasures} />
        </Section>
      </div>

      <Section
        title="Technical details"
        empty={report.services.length + report.configuration.length + report.deploymentChanges.length === 0}
        testId="section-technical"
      >
        {report.services.length ? (
          <div className="mb-4">
            <h3 className="mb-2 text-sm font-semibold">Affected services</h3>
            <ul className="flex flex-wrap gap-2">
              {report.services.map((service) => (
                <li key={service} className="max-w-full">
                  <Badge tone="blue">{service}</Badge>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {/* configuration grouped under its scope as written ("Database Configuration") */}
        {groupByScope(report.configuration).map(({ scope, entries }, groupIndex) => (
          <div className="mb-4" key={groupIndex}>
            <h3 className="mb-2 text-sm font-semibold">{scope ?? "Configuration"}</h3>
            <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="configuration">
              {entries.map((entry, index) => (
                <Written
                  key={entry.id ?? index}
                  sentence={entry.statement ?? configurationFallback(entry)}
                  typed={entry.statement ? configurationTyped(entry) : undefined}
                  note={noteBeside(entry.statement ?? configurationFallback(entry), entry.note)}
                />
              ))}
            </ul>
          </div>
        ))}
        {report.deploymentChanges.length ? (
          <div>
            <h3 className="mb-2 text-sm font-semibold">Deployment changes</h3>
            <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="deployment-changes">
              {report.deploymentChanges.map((change, index) => (
                <Written
                  key={change.id ?? index}
                  sentence={change.statement ?? deploymentFallback(change)}
                  typed={deploymentTyped(change) ?? undefined}
                  note={noteBeside(change.statement ?? deploymentFallback(change), change.note)}
                />
              ))}
            </ul>
          </div>
        ) : null}
      </Section>

      <Section title="Lessons learned" empty={report.lessonsLearned.length === 0} testId="section-lessons">
        <OrderedList
          items={report.lessonsLearned.map((lesson) =>
            lesson.category === "GENERAL" ? lesson.text : `${lesson.category.replace("_", " ").toLowerCase()}: ${lesson.text}`,
          )}
        />
      </Section>

      <Section title="Action items" empty={report.actionItems.length === 0} testId="section-action-items">
        <ul className="space-y-2 text-sm" data-testid="action-items">
          {report.actionItems.map((item, index) => (
            <ActionItemEntry key={item.id ?? index} item={item} extras={item.id ? actionItemExtras[item.id] : undefined} today={today} />
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

      <Section title="Supporting information" empty={!report.supportingInfo} testId="section-supporting">
        <Markdown>{report.supportingInfo}</Markdown>
      </Section>

      {report.extraSections.map((section, index) => (
        <Section key={index} title={section.heading} empty={!section.body.trim()}>
          <Markdown>{section.body}</Markdown>
        </Section>
      ))}

      <Section title="Attachments mentioned in the report" empty={report.attachmentsListed.length === 0} testId="section-attachments-listed">
        <OrderedList items={report.attachmentsListed} />
      </Section>

      {report.preparedBy || report.reviewedBy ? (
        <p className="text-sm break-words text-slate-700" data-testid="sign-off-lines">
          {report.preparedBy ? <>Prepared by {report.preparedBy}. </> : null}
          {report.reviewedBy ? <>Reviewed by {report.reviewedBy}.</> : null}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A string as a CSS string literal that cannot end the literal or the <style> element: everything but plain letters,
 * digits, spaces and a little punctuation is written as a CSS escape.
 */
function cssString(text: string): string {
  return `"${[...text].map((char) => (/[A-Za-z0-9 .,:_()-]/.test(char) ? char : `\\${char.codePointAt(0)!.toString(16)} `)).join("")}"`;
}

/**
 * The PDF's running header: the report's id and title in every printed page's top margin (a margin box of @page;
 * app/print.css numbers the pages in the bottom one). Per report, so written here rather than in the stylesheet.
 */
export function printRunningHeader(publicId: string, title: string): string {
  return `@media print { @page { @top-left { content: ${cssString(`${publicId} · ${title}`)}; } } }`;
}

function groupByScope(entries: ConfigurationEntry[]): { scope: string | null; entries: ConfigurationEntry[] }[] {
  const groups: { scope: string | null; entries: ConfigurationEntry[] }[] = [];
  for (const entry of entries) {
    const last = groups.at(-1);
    if (last && last.scope === entry.scope) last.entries.push(entry);
    else groups.push({ scope: entry.scope, entries: [entry] });
  }
  return groups;
}

import Link from "next/link";
import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { INCIDENT_PAGE_SIZE, incidentListFilterSchema, listIncidents } from "@/lib/incidents/queries";
import { formatDuration } from "@/lib/incidents/durations";
import { formatDateTime, isoUtc } from "@/lib/format/time";
import { EmptyState, PageHeader } from "@/components/ui/empty-state";
import { ButtonLink, buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { PostmortemDueBadge, ReportStateBadge, SeverityBadge, incidentStatusLabel } from "@/components/incidents/labels";
import { countOverdueByIncident } from "@/lib/action-items/queries";
import { Table, TableHead, TableBody, TableRow, TableHeaderCell, TableCell } from "@/components/ui/table";

export const metadata: Metadata = { title: "Incidents" };

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const filter = incidentListFilterSchema.parse(await searchParams);
  const { rows, total } = await listIncidents(user, filter);
  const overdueActions = await countOverdueByIncident(
    user,
    rows.map((row) => row.id),
  );
  const mayWrite = can(user.role, "incident:create");
  const filtered = Boolean(filter.q || filter.severity || filter.state);
  const pages = Math.max(1, Math.ceil(total / INCIDENT_PAGE_SIZE));

  // Header and empty-state actions: one button per feature, side by side in this fragment.
  const importButton = can(user.role, "incident:import") ? (
    <ButtonLink href="/incidents/import" variant="secondary">
      Import report
    </ButtonLink>
  ) : null;
  const newButton = mayWrite ? <ButtonLink href="/incidents/new">New postmortem</ButtonLink> : null;
  const actions =
    importButton || newButton ? (
      <>
        {importButton}
        {newButton}
      </>
    ) : undefined;

  return (
    <>
      <PageHeader title="Incidents" description={`${total} postmortem${total === 1 ? "" : "s"}${filtered ? " match" : ""}`} actions={actions} />
      <form className="mb-4 flex flex-col gap-2 sm:flex-row" role="search">
        <input
          name="q"
          defaultValue={filter.q ?? ""}
          placeholder="Search title, id or service"
          aria-label="Search incidents"
          className={`${inputClass} sm:max-w-xs`}
        />
        <select name="state" defaultValue={filter.state ?? ""} aria-label="Report state" className={`${inputClass} sm:max-w-48`}>
          <option value="">Any state</option>
          <option value="DRAFT">Draft</option>
          <option value="IN_REVIEW">In review</option>
          <option value="CHANGES_REQUESTED">Changes requested</option>
          <option value="APPROVED">Approved</option>
        </select>
        <button className={buttonClass("secondary")} type="submit">
          Filter
        </button>
      </form>

      {rows.length === 0 ? (
        filtered ? (
          <EmptyState
            title="No incidents match"
            action={
              <ButtonLink href="/incidents" variant="secondary">
                Clear filters
              </ButtonLink>
            }
          >
            Try another search or clear the filters.
          </EmptyState>
        ) : (
          <EmptyState title="No postmortems yet" action={actions}>
            {mayWrite
              ? "Write a postmortem from a template, or paste a report your team already wrote: Hindsight turns it into a structured report."
              : "When your SRE team files postmortems, they appear here."}
          </EmptyState>
        )
      ) : (
        <Table data-testid="incident-list">
          <TableHead>
            <tr>
              <TableHeaderCell>Incident</TableHeaderCell>
              <TableHeaderCell>Severity</TableHeaderCell>
              <TableHeaderCell className="hidden md:table-cell">Started</TableHeaderCell>
              <TableHeaderCell className="hidden lg:table-cell">Duration</TableHeaderCell>
              <TableHeaderCell className="hidden lg:table-cell">Services</TableHeaderCell>
              <TableHeaderCell>Report</TableHeaderCell>
              <TableHeaderCell className="hidden sm:table-cell">Open actions</TableHeaderCell>
            </tr>
          </TableHead>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.id} className="hover:bg-slate-50">
                <TableCell>
                  <Link href={`/incidents/${row.publicId}`} className="font-medium text-indigo-700 hover:underline">
                    {row.title}
                  </Link>
                  <div className="mt-0.5 flex gap-2 text-xs text-slate-500">
                    <span className="font-mono">{row.publicId}</span>
                    <span>{incidentStatusLabel(row.status)}</span>
                    {row.private ? <span className="font-medium text-amber-700">Private</span> : null}
                  </div>
                </TableCell>
                <TableCell>
                  <SeverityBadge severity={row.severity} />
                </TableCell>
                <TableCell className="hidden whitespace-nowrap md:table-cell">
                  <time dateTime={isoUtc(row.startedAt)} title={isoUtc(row.startedAt)}>
                    {formatDateTime(row.startedAt, user.timeZone)}
                  </time>
                </TableCell>
                <TableCell className="hidden whitespace-nowrap lg:table-cell">
                  {row.startedAt && row.endedAt ? formatDuration(row.endedAt.getTime() - row.startedAt.getTime()) : "—"}
                </TableCell>
                <TableCell className="hidden text-slate-600 lg:table-cell">{row.services.join(", ") || "—"}</TableCell>
                <TableCell>
                  <div className="flex flex-wrap gap-1">
                    <ReportStateBadge state={row.reportState} />
                    {row.postmortemDue ? <PostmortemDueBadge due={row.postmortemDue} /> : null}
                  </div>
                </TableCell>
                <TableCell className="hidden sm:table-cell">
                  {row.openActionItems}
                  {overdueActions.get(row.id) ? (
                    <span className="ml-1 whitespace-nowrap text-xs font-medium text-red-700" data-testid="overdue-count">
                      ({overdueActions.get(row.id)} overdue)
                    </span>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {pages > 1 ? (
        <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm">
          <span>
            Page {filter.page} of {pages}
          </span>
          <span className="flex gap-2">
            {filter.page > 1 ? (
              <Link className={buttonClass("secondary")} href={{ query: { ...filter, page: filter.page - 1 } }}>
                Previous
              </Link>
            ) : null}
            {filter.page < pages ? (
              <Link className={buttonClass("secondary")} href={{ query: { ...filter, page: filter.page + 1 } }}>
                Next
              </Link>
            ) : null}
          </span>
        </nav>
      ) : null}
    </>
  );
}

import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { loadIncidentListPage } from "@/lib/incidents/list";
import { isFiltered, parseIncidentListView } from "@/lib/incidents/list-view";
import { EmptyState, PageHeader } from "@/components/ui/empty-state";
import { ButtonLink } from "@/components/ui/button";
import { IncidentFilters } from "@/components/incidents/incident-filters";
import { IncidentTable } from "@/components/incidents/incident-table";

export const metadata: Metadata = { title: "Incidents" };

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const view = parseIncidentListView(await searchParams);
  const { rows, total, page, pageCount, pageSize, severities, services, people } = await loadIncidentListPage(user, view);
  const mayWrite = can(user.role, "incident:create");
  const filtered = isFiltered(view);

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

  const noneYet = total === 0 && !filtered;
  return (
    <>
      <PageHeader
        title="Incidents"
        description={`${total.toLocaleString("en-US")} postmortem${total === 1 ? "" : "s"}${filtered ? " match" : ""}`}
        actions={actions}
      />
      {noneYet ? (
        <EmptyState title="No postmortems yet" action={actions}>
          {mayWrite
            ? "Write a postmortem from a template, or paste a report your team already wrote: Hindsight turns it into a structured report."
            : "When your SRE team files postmortems, they appear here."}
        </EmptyState>
      ) : (
        <>
          {/* keyed by the view: after a navigation the form shows the view the URL holds, not stale input */}
          <IncidentFilters key={JSON.stringify(view)} view={view} severities={severities} services={services} people={people} />
          {rows.length === 0 ? (
            <EmptyState
              title="No incidents match"
              action={
                <ButtonLink href="/incidents" variant="secondary">
                  Clear filters
                </ButtonLink>
              }
            >
              Try other words or fewer filters.
            </EmptyState>
          ) : null}
          <IncidentTable rows={rows} total={total} page={page} pageCount={pageCount} pageSize={pageSize} view={view} timeZone={user.timeZone} />
        </>
      )}
    </>
  );
}

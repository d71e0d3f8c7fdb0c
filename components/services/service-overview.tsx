// /services/[name]: a service's description, recent incidents, open action items, and "This happened before".
import { NotAUser } from "@/components/action-items/not-a-user";
import Link from "next/link";
import { SeverityBadge, incidentStatusLabel } from "@/components/incidents/labels";
import { PageHeader } from "@/components/ui/empty-state";
import { Badge } from "@/components/ui/badge";
import { formatDate } from "@/lib/format/time";
import type { ServiceIncident, ServicePage } from "@/lib/services/queries";

const sectionClass = "rounded-lg bg-white p-4 shadow ring-1 ring-slate-200";
const linkClass = "font-medium text-indigo-700 hover:underline";

function incidentHref(publicId: string): string {
  return `/incidents/${encodeURIComponent(publicId)}`;
}

function IncidentLine({ incident, timeZone }: { incident: ServiceIncident; timeZone: string }) {
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <Link href={incidentHref(incident.publicId)} className={linkClass}>
        {incident.publicId}
      </Link>
      <span className="text-slate-900">{incident.title}</span>
      <SeverityBadge severity={incident.severity} />
      <span className="text-slate-500">{incidentStatusLabel(incident.status)}</span>
      {incident.startedAt ? <span className="text-slate-500">{formatDate(new Date(incident.startedAt), timeZone)}</span> : null}
    </div>
  );
}

export function ServiceOverview({ page, timeZone }: { page: ServicePage; timeZone: string }) {
  const { service } = page;
  const listHref = `/incidents?service=${encodeURIComponent(service.name)}`;
  return (
    <>
      <PageHeader
        title={service.name}
        description={
          <>
            {service.team ? <span>Team: {service.team}. </span> : null}
            {service.description ?? null}
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="service-incidents" className={sectionClass} data-testid="service-incidents">
          <div className="flex items-baseline justify-between gap-2">
            <h2 id="service-incidents" className="text-base font-semibold text-slate-900">
              Recent incidents
            </h2>
            <Link href={listHref} className="text-sm text-indigo-700 hover:underline">
              All {page.incidentCount.toLocaleString("en-US")} incidents
            </Link>
          </div>
          {page.recentIncidents.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">No incidents on this service.</p>
          ) : (
            <ul className="mt-3 divide-y divide-slate-100">
              {page.recentIncidents.map((incident) => (
                <li key={incident.id} className="py-2">
                  <IncidentLine incident={incident} timeZone={timeZone} />
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="service-action-items" className={sectionClass} data-testid="service-action-items">
          <div className="flex items-baseline justify-between gap-2">
            <h2 id="service-action-items" className="text-base font-semibold text-slate-900">
              Open action items
            </h2>
            <Link href={`/action-items?service=${encodeURIComponent(service.name)}`} className="text-sm text-indigo-700 hover:underline">
              {page.openActionItemCount > page.openActionItems.length ? `All ${page.openActionItemCount.toLocaleString("en-US")}` : "Action items"}
            </Link>
          </div>
          {page.openActionItems.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">No open action items.</p>
          ) : (
            <ul className="mt-3 divide-y divide-slate-100">
              {page.openActionItems.map((item) => (
                <li key={item.id} className="flex flex-wrap items-center gap-2 py-2 text-sm">
                  <span className="text-slate-900">{item.title}</span>
                  <Link href={incidentHref(item.incidentPublicId)} className="text-xs text-indigo-700 hover:underline">
                    {item.incidentPublicId}
                  </Link>
                  <ItemOwner name={item.ownerName} isUser={item.ownerIsUser} />
                  {item.dueDate ? <span className={item.overdue ? "text-red-700" : "text-slate-500"}>due {item.dueDate}</span> : null}
                  {item.overdue ? <Badge tone="red">Overdue</Badge> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section aria-labelledby="service-recurrences" className={`${sectionClass} mt-6`} data-testid="service-recurrences">
        <h2 id="service-recurrences" className="text-base font-semibold text-slate-900">
          This happened before
        </h2>
        <p className="mt-1 text-sm text-slate-600">Incidents on {service.name} whose root causes, triggers and contributing factors resemble each other.</p>
        {page.recurrences.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600">No incidents with similar causes.</p>
        ) : (
          <ul className="mt-3 space-y-4">
            {page.recurrences.map((group) => (
              <li key={group.incidents[0]!.id} data-testid="recurrence-group">
                <h3 className="text-sm font-semibold text-slate-800">
                  {group.incidents.length} incidents{group.terms.length ? `: ${group.terms.join(", ")}` : ""}
                </h3>
                <ul className="mt-1 space-y-1 border-l-2 border-slate-200 pl-3">
                  {group.incidents.map((incident) => (
                    <li key={incident.id}>
                      <IncidentLine incident={incident} timeZone={timeZone} />
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
        {page.recurringFactors.length ? (
          <>
            <h3 className="mt-6 text-sm font-semibold text-slate-800">Recurring contributing factors</h3>
            <ul className="mt-2 space-y-1 text-sm">
              {page.recurringFactors.map((factor) => (
                <li key={factor.text} className="flex gap-2">
                  <span className="tabular-nums text-slate-500">{factor.incidentCount}×</span>
                  <span className="text-slate-900">{factor.text}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </>
  );
}

/** A user, a name a report gave for someone who is not a user here (no reminders go to them), or nobody. */
function ItemOwner({ name, isUser }: { name: string | null; isUser: boolean }) {
  if (!name) return <span className="text-slate-500">No owner</span>;
  if (isUser) return <span className="text-slate-500">{name}</span>;
  return <NotAUser name={name} className="text-slate-500" />;
}

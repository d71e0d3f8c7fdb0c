// /services: every catalog service with what happened to it (lib/services/queries.ts listServiceCatalog).
import Link from "next/link";
import { Table, TableBody, TableCell, TableEmptyRow, TableHead, TableHeaderCell, TableRow, tablePanelClass } from "@/components/ui/table";
import { formatDate } from "@/lib/format/time";
import type { ServiceCatalogEntry } from "@/lib/services/queries";

export function serviceHref(name: string): string {
  return `/services/${encodeURIComponent(name)}`;
}

/** "2 h 5 min", "45 min", "0 min" */
export function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest ? `${hours.toLocaleString("en-US")} h ${rest} min` : `${hours.toLocaleString("en-US")} h`;
}

export function ServiceCatalog({ services, timeZone }: { services: ServiceCatalogEntry[]; timeZone: string }) {
  return (
    <div className={tablePanelClass}>
      <Table caption="Services">
        <TableHead>
          <tr>
            <TableHeaderCell>Service</TableHeaderCell>
            <TableHeaderCell>Team</TableHeaderCell>
            <TableHeaderCell className="text-right">Incidents</TableHeaderCell>
            <TableHeaderCell>Last incident</TableHeaderCell>
            <TableHeaderCell className="text-right">Open action items</TableHeaderCell>
            <TableHeaderCell className="text-right">Impact, last 90 days</TableHeaderCell>
          </tr>
        </TableHead>
        <TableBody>
          {services.length === 0 ? (
            <TableEmptyRow columns={6}>No services yet. Admins add them under Admin &gt; Services; reports add the ones they name.</TableEmptyRow>
          ) : (
            services.map((service) => (
              <TableRow key={service.id}>
                <TableCell>
                  <Link href={serviceHref(service.name)} className="font-medium text-indigo-700 hover:underline">
                    {service.name}
                  </Link>
                </TableCell>
                <TableCell className="text-slate-600">{service.team ?? "—"}</TableCell>
                <TableCell className="text-right tabular-nums">{service.incidentCount.toLocaleString("en-US")}</TableCell>
                <TableCell className="text-slate-600">{service.lastIncidentAt ? formatDate(new Date(service.lastIncidentAt), timeZone) : "—"}</TableCell>
                <TableCell className="text-right tabular-nums">{service.openActionItems.toLocaleString("en-US")}</TableCell>
                <TableCell className="text-right tabular-nums">{formatMinutes(service.impactMinutes90d)}</TableCell>
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
    </div>
  );
}

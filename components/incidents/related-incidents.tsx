// The report page's "Similar past incidents": other reports with similar causes (lib/incidents/related.ts), each with
// why it is related. Data comes from the page, which loads everything in one place.
import Link from "next/link";
import { SeverityBadge } from "@/components/incidents/labels";
import { formatDate } from "@/lib/format/time";
import type { RelatedIncident } from "@/lib/incidents/related";

export function RelatedIncidents({ items, timeZone }: { items: RelatedIncident[]; timeZone: string }) {
  return (
    <section aria-labelledby="related-incidents-heading" className="mt-8 rounded-lg border border-slate-200 bg-white p-4" data-testid="related-incidents">
      <h2 id="related-incidents-heading" className="text-base font-semibold text-slate-900">
        Similar past incidents
      </h2>
      {items.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">No similar past incidents</p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-100">
          {items.map((item) => (
            <li key={item.id} className="py-2">
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <Link href={`/incidents/${encodeURIComponent(item.publicId)}`} className="font-medium text-indigo-700 hover:underline">
                  {item.publicId}
                </Link>
                <span className="text-slate-900">{item.title}</span>
                <SeverityBadge severity={item.severity} />
                {item.startedAt ? <span className="text-slate-500">{formatDate(new Date(item.startedAt), timeZone)}</span> : null}
              </div>
              <p className="mt-1 text-xs text-slate-600">
                {item.sharedServices.length ? <>Same service: {item.sharedServices.join(", ")}. </> : null}
                {item.sharedTerms.length ? <>Causes share: {item.sharedTerms.join(", ")}.</> : null}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

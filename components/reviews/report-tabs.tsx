// Report · History · Revisions: the tab strip of a report's pages. History is the audit trail, for managers and admins.
import Link from "next/link";

export type ReportTab = "report" | "history" | "revisions";

export function ReportTabs({ publicId, active, showHistory }: { publicId: string; active: ReportTab; showHistory: boolean }) {
  const base = `/incidents/${encodeURIComponent(publicId)}`;
  const tabs: { tab: ReportTab; label: string; href: string }[] = [
    { tab: "report", label: "Report", href: base },
    ...(showHistory ? [{ tab: "history" as const, label: "History", href: `${base}/history` }] : []),
    { tab: "revisions", label: "Revisions", href: `${base}/revisions` },
  ];
  return (
    <nav aria-label="Report views" className="no-print mb-4 border-b border-slate-200">
      <ul className="-mb-px flex gap-4 text-sm">
        {tabs.map(({ tab, label, href }) => (
          <li key={tab}>
            <Link
              href={href}
              aria-current={tab === active ? "page" : undefined}
              className={`inline-block border-b-2 px-1 py-2 font-medium ${tab === active ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-800"}`}
            >
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The heading of a report's History and Revisions pages: which report, and a way back to it. */
export function ReportSubpageHeading({ publicId, title, heading }: { publicId: string; title: string; heading: string }) {
  return (
    <div className="mb-4">
      <p className="text-sm text-slate-500">
        <Link href={`/incidents/${encodeURIComponent(publicId)}`} className="font-mono hover:underline">
          {publicId}
        </Link>{" "}
        · {title}
      </p>
      <h1 className="mt-1 text-2xl font-bold tracking-tight">{heading}</h1>
    </div>
  );
}

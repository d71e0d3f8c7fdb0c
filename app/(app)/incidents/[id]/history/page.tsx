import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { listReportHistory } from "@/lib/reviews/history";
import { EmptyState } from "@/components/ui/empty-state";
import { buttonClass } from "@/components/ui/button";
import { HistoryList } from "@/components/reviews/history-list";
import { ReportSubpageHeading, ReportTabs } from "@/components/reviews/report-tabs";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ before?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `History of ${decodeURIComponent((await params).id)}` };
}

export default async function ReportHistoryPage({ params, searchParams }: Props) {
  const user = await requireUser("audit:read");
  const id = decodeURIComponent((await params).id);
  const { before } = await searchParams;
  const history = await listReportHistory(user, id, { before: typeof before === "string" ? before : undefined });
  if (!history) notFound();
  const { incident } = history;
  return (
    <>
      <ReportSubpageHeading publicId={incident.publicId} title={incident.title} heading="History" />
      <ReportTabs publicId={incident.publicId} active="history" showHistory />
      <p className="mb-4 text-sm text-slate-600">Every change to this report, newest first, from the append-only audit trail.</p>
      {history.entries.length ? <HistoryList entries={history.entries} timeZone={user.timeZone} /> : <EmptyState title="Nothing recorded yet" />}
      <div className="mt-6 flex gap-3">
        {before ? (
          <Link href={`/incidents/${encodeURIComponent(incident.publicId)}/history`} className={buttonClass("secondary")}>
            Newest
          </Link>
        ) : null}
        {history.nextBefore ? (
          <Link href={`/incidents/${encodeURIComponent(incident.publicId)}/history?before=${history.nextBefore}`} className={buttonClass("secondary")}>
            Older
          </Link>
        ) : null}
      </div>
    </>
  );
}

import Link from "next/link";
import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listMyReports, listReviewQueue, type ReviewRow } from "@/lib/reviews/queries";
import { formatDuration } from "@/lib/incidents/durations";
import { EmptyState, PageHeader } from "@/components/ui/empty-state";
import { ReportStateBadge, SeverityBadge } from "@/components/incidents/labels";

export const metadata: Metadata = { title: "Reviews" };

function ReviewList({ rows, now, sinceLabel }: { rows: ReviewRow[]; now: number; sinceLabel: string }) {
  return (
    <ul className="divide-y divide-slate-100 rounded-lg bg-white shadow ring-1 ring-slate-200">
      {rows.map((row) => (
        <li key={row.id} className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm">
          <Link href={`/incidents/${row.publicId}`} className="font-medium text-indigo-700 hover:underline">{row.title}</Link>
          <span className="font-mono text-xs text-slate-500">{row.publicId}</span>
          <SeverityBadge severity={row.severity} />
          <ReportStateBadge state={row.reportState} />
          <span className="ml-auto text-xs text-slate-500">{sinceLabel} {formatDuration(now - row.since.getTime())} ago</span>
        </li>
      ))}
    </ul>
  );
}

export default async function ReviewsPage() {
  const user = await requireUser();
  const reviewer = can(user.role, "review:approve");
  const [queue, mine] = await Promise.all([reviewer ? listReviewQueue(user.id) : Promise.resolve([]), listMyReports(user.id)]);
  const now = Date.now();
  return (
    <>
      <PageHeader title="Reviews" description="Postmortems waiting for sign-off, and the state of your own reports." />
      {reviewer ? (
        <section className="mb-8" aria-labelledby="queue-heading">
          <h2 id="queue-heading" className="mb-3 text-lg font-semibold">Waiting for your review</h2>
          {queue.length ? <ReviewList rows={queue} now={now} sinceLabel="waiting" /> : <EmptyState title="Nothing waits for you">When an author asks you to review a postmortem, it appears here, oldest first.</EmptyState>}
        </section>
      ) : null}
      <section aria-labelledby="mine-heading">
        <h2 id="mine-heading" className="mb-3 text-lg font-semibold">My reports</h2>
        {mine.length ? <ReviewList rows={mine} now={now} sinceLabel="updated" /> : <EmptyState title="You have not written a postmortem yet" />}
      </section>
    </>
  );
}

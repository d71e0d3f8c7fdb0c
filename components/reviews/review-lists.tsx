// The review queue (what waits for a manager, longest-waiting first, with how long) and "My reports" (an author's
// reports with their review state and what happens next).
import Link from "next/link";
import type { MyReportRow, QueueRow } from "@/lib/reviews/queries";
import { formatDuration } from "@/lib/incidents/durations";
import { formatDateTime, isoUtc } from "@/lib/format/time";
import { EmptyState } from "@/components/ui/empty-state";
import { Badge } from "@/components/ui/badge";
import { ReportStateBadge, SeverityBadge } from "@/components/incidents/labels";
import { SubmissionNoteView } from "@/components/reviews/submission-note";

const DAY = 86_400_000;

function waited(now: number, since: Date): string {
  return formatDuration(Math.max(0, now - since.getTime()));
}

function ReportLink({ publicId, title }: { publicId: string; title: string }) {
  return (
    <Link href={`/incidents/${encodeURIComponent(publicId)}`} className="min-w-0 font-medium text-indigo-700 [overflow-wrap:anywhere] hover:underline">
      {title}
    </Link>
  );
}

/** `overdueAfterDays`: the wait after which reviewers get reminded (setting `reminders.reviewWaitingDays`), shown in red. */
export function ReviewQueueList({ rows, now, timeZone, overdueAfterDays }: { rows: QueueRow[]; now: number; timeZone: string; overdueAfterDays: number }) {
  return (
    <section className="mb-8" aria-labelledby="queue-heading">
      <h2 id="queue-heading" className="mb-3 text-lg font-semibold">
        Waiting for your review {rows.length ? <span className="text-slate-500">({rows.length})</span> : null}
      </h2>
      {rows.length ? (
        <ol className="divide-y divide-slate-100 rounded-lg bg-white shadow ring-1 ring-slate-200" data-testid="review-queue">
          {rows.map((row) => {
            const age = now - row.requestedAt.getTime();
            return (
              <li key={row.id} className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm" data-testid="queue-row">
                <ReportLink publicId={row.publicId} title={row.title} />
                <span className="font-mono text-xs text-slate-500">{row.publicId}</span>
                <SeverityBadge severity={row.severity} />
                {row.author ? <span className="text-xs text-slate-500">by {row.author.name}</span> : null}
                {row.openComments ? (
                  <Badge tone="yellow">
                    {row.openComments} open comment{row.openComments === 1 ? "" : "s"}
                  </Badge>
                ) : null}
                <span
                  className={`ml-auto text-xs ${age > overdueAfterDays * DAY ? "font-semibold text-red-700" : "text-slate-500"}`}
                  title={`Requested ${formatDateTime(row.requestedAt, timeZone)} (${isoUtc(row.requestedAt)})`}
                  data-testid="waited"
                >
                  waiting {waited(now, row.requestedAt)}
                </span>
                {row.submissionNote ? (
                  <div className="basis-full">
                    <SubmissionNoteView note={row.submissionNote} timeZone={timeZone} compact />
                  </div>
                ) : null}
              </li>
            );
          })}
        </ol>
      ) : (
        <EmptyState title="Nothing waits for you">When an author asks you to review a postmortem, it appears here, the longest-waiting first.</EmptyState>
      )}
    </section>
  );
}

function nextStep(row: MyReportRow, now: number): string {
  switch (row.reportState) {
    case "DRAFT":
      return row.lastSignOff ? "Reopened: edit it, then submit it again" : "Draft: submit it for review when ready";
    case "IN_REVIEW": {
      const waiting = row.reviewers.filter((reviewer) => reviewer.decision === "PENDING");
      const since = waiting.map((reviewer) => reviewer.requestedAt.getTime()).sort((a, b) => a - b)[0];
      return waiting.length && since !== undefined
        ? `Waiting for ${waiting.map((reviewer) => reviewer.name).join(", ")} for ${formatDuration(Math.max(0, now - since))}`
        : "In review";
    }
    case "CHANGES_REQUESTED": {
      const by = row.reviewers.filter((reviewer) => reviewer.decision === "CHANGES_REQUESTED").map((reviewer) => reviewer.name);
      return `Changes requested${by.length ? ` by ${by.join(", ")}` : ""}: ${row.openComments} open comment${row.openComments === 1 ? "" : "s"}`;
    }
    case "APPROVED":
      return row.lastSignOff ? `Signed off${row.lastSignOff.reviewer ? ` by ${row.lastSignOff.reviewer}` : ""}` : "Approved";
  }
}

export function MyReportsList({ rows, now, timeZone }: { rows: MyReportRow[]; now: number; timeZone: string }) {
  return (
    <section aria-labelledby="mine-heading">
      <h2 id="mine-heading" className="mb-3 text-lg font-semibold">
        My reports
      </h2>
      {rows.length ? (
        <ul className="divide-y divide-slate-100 rounded-lg bg-white shadow ring-1 ring-slate-200" data-testid="my-reports">
          {rows.map((row) => (
            <li key={row.id} className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm" data-testid="my-report-row">
              <ReportLink publicId={row.publicId} title={row.title} />
              <span className="font-mono text-xs text-slate-500">{row.publicId}</span>
              <ReportStateBadge state={row.reportState} />
              <span className="text-xs text-slate-600">{nextStep(row, now)}</span>
              <span className="ml-auto text-xs text-slate-500" title={isoUtc(row.updatedAt)}>
                updated {formatDateTime(row.updatedAt, timeZone)}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState title="You have not written a postmortem yet" />
      )}
    </section>
  );
}

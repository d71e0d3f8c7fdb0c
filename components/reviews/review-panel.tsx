// The report page's review panel: where the report stands, who reviews it and how each decided, the forms the viewer
// may use now (submit, approve or request changes, reopen) and the comment threads. What is shown follows
// lib/reviews/state-machine; the actions behind the forms enforce the same rules.
import type { ReviewPanelData } from "@/lib/reviews/queries";
import { availableTransitions, decideComment, decideResolve, type ReviewContext } from "@/lib/reviews/state-machine";
import type { Role } from "@/lib/auth/permissions";
import { formatDateTime, isoUtc } from "@/lib/format/time";
import { formatDuration } from "@/lib/incidents/durations";
import { ReportStateBadge } from "@/components/incidents/labels";
import { Badge } from "@/components/ui/badge";
import { CommentThreads, type ThreadItem } from "@/components/reviews/comment-threads";
import { SubmissionNoteView } from "@/components/reviews/submission-note";
import { commentSectionOptions } from "@/lib/reviews/sections";
import { DecisionForms, ReopenForm, SubmitForReviewForm, type ReviewFormAction } from "@/components/reviews/review-forms";

export type ReviewActions = {
  submit: ReviewFormAction;
  approve: ReviewFormAction;
  requestChanges: ReviewFormAction;
  reopen: ReviewFormAction;
  comment: ReviewFormAction;
  resolve: ReviewFormAction;
};

const DECISIONS = {
  PENDING: { label: "Waiting", tone: "gray" },
  APPROVED: { label: "Approved", tone: "green" },
  CHANGES_REQUESTED: { label: "Changes requested", tone: "yellow" },
} as const;

export function ReviewPanel({
  panel,
  viewer,
  actions,
}: {
  panel: ReviewPanelData;
  viewer: { id: string; role: Role; timeZone: string };
  actions: ReviewActions;
}) {
  const sections = commentSectionOptions();
  const context: ReviewContext = {
    state: panel.state,
    actor: { id: viewer.id, role: viewer.role },
    authorId: panel.author?.id ?? null,
    reviewerIds: panel.reviewers.map((reviewer) => reviewer.id),
    unresolvedComments: panel.unresolvedCount,
    allowSelfApproval: panel.allowSelfApproval,
  };
  const available = new Set(availableTransitions(context));
  const canComment = decideComment(context).ok;
  const now = Date.now();
  const threads: ThreadItem[] = panel.threads.map((thread) => ({
    id: thread.id,
    sectionLabel: thread.sectionLabel,
    body: thread.body,
    authorName: thread.author?.name ?? null,
    createdAt: thread.createdAt.toISOString(),
    resolvedAt: thread.resolvedAt?.toISOString() ?? null,
    resolvedByName: thread.resolvedBy?.name ?? null,
    canResolve: decideResolve({ ...context, commentAuthorId: thread.author?.id ?? null, resolved: thread.resolvedAt !== null }).ok,
    replies: thread.replies.map((reply) => ({
      id: reply.id,
      sectionLabel: reply.sectionLabel,
      body: reply.body,
      authorName: reply.author?.name ?? null,
      createdAt: reply.createdAt.toISOString(),
      resolvedAt: null,
      resolvedByName: null,
    })),
  }));

  return (
    <section className="no-print space-y-5 rounded-lg bg-white p-6 shadow ring-1 ring-slate-200" aria-labelledby="review-heading" data-testid="review-panel">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="review-heading" className="text-lg font-semibold">
          Review
        </h2>
        <span data-testid="report-state">
          <ReportStateBadge state={panel.state} />
        </span>
        {panel.author ? <span className="text-sm text-slate-500">Author: {panel.author.name}</span> : null}
      </div>

      {panel.reviewers.length ? (
        <ul className="space-y-1 text-sm" data-testid="reviewers">
          {panel.reviewers.map((reviewer) => {
            const decision = DECISIONS[reviewer.decision];
            return (
              <li key={reviewer.id} className="flex flex-wrap items-center gap-2">
                <span className="font-medium">{reviewer.name}</span>
                <span className="min-w-0 text-slate-600 [overflow-wrap:anywhere]">{reviewer.email}</span>
                <Badge tone={decision.tone}>{decision.label}</Badge>
                {reviewer.decision === "PENDING" && panel.state === "IN_REVIEW" ? (
                  <span className="text-xs text-slate-500" title={isoUtc(reviewer.requestedAt)}>
                    for {formatDuration(Math.max(0, now - reviewer.requestedAt.getTime()))}
                  </span>
                ) : reviewer.decidedAt ? (
                  <span className="text-xs text-slate-500" title={isoUtc(reviewer.decidedAt)}>
                    {formatDateTime(reviewer.decidedAt, viewer.timeZone)}
                  </span>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">Not submitted for review yet.</p>
      )}

      {panel.submissionNote && panel.state !== "DRAFT" ? <SubmissionNoteView note={panel.submissionNote} timeZone={viewer.timeZone} /> : null}

      {available.has("submit") ? (
        <SubmitForReviewForm
          incidentId={panel.incidentId}
          candidates={panel.eligibleReviewers}
          preselected={panel.reviewers.map((reviewer) => reviewer.id)}
          resubmission={panel.state === "CHANGES_REQUESTED"}
          action={actions.submit}
        />
      ) : null}
      {available.has("approve") || available.has("requestChanges") ? (
        <DecisionForms
          incidentId={panel.incidentId}
          version={panel.version}
          unresolved={panel.unresolvedCount}
          firstOpenCommentId={panel.threads.find((thread) => !thread.resolvedAt)?.id}
          approve={actions.approve}
          requestChanges={actions.requestChanges}
          sections={sections}
        />
      ) : null}
      {available.has("reopen") ? <ReopenForm incidentId={panel.incidentId} action={actions.reopen} /> : null}

      {threads.length || canComment ? (
        <CommentThreads
          incidentId={panel.incidentId}
          threads={threads}
          timeZone={viewer.timeZone}
          canComment={canComment}
          comment={actions.comment}
          resolve={actions.resolve}
          sections={sections}
        />
      ) : null}
    </section>
  );
}

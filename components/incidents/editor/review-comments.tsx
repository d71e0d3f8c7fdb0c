"use client";

// The review, where the author fixes what it asks: a banner at the top when a reviewer has requested changes, and each
// open comment beside the section of the editor it is about, with Resolve (the review panel's own server action).
import { createContext, useActionState, useContext, useEffect } from "react";
import type { ActionPrevState, ActionState } from "@/lib/actions/action-state";
import type { EditorComment, EditorReview } from "@/lib/reviews/editor-comments";
import { formatDate, formatDateTime, isoUtc } from "@/lib/format/time";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/field";

export type ResolveCommentAction = (prev: ActionPrevState, formData: FormData) => Promise<ActionState>;

/** A comment's section (a report field, lib/incidents/report-diff.ts) → the editor section (EditorSection id) it sits in. */
const EDITOR_SECTION_OF: Record<string, string> = {
  publicId: "header",
  title: "header",
  severity: "header",
  impactSummary: "header",
  status: "header",
  private: "header",
  timeZone: "header",
  startedAt: "header",
  endedAt: "header",
  detectedAt: "timeline",
  mitigatedAt: "timeline",
  resolvedAt: "timeline",
  summary: "summary",
  timeline: "timeline",
  rootCause: "root-cause",
  contributingFactors: "root-cause",
  trigger: "trigger",
  detection: "detection",
  impact: "impact",
  "impact.usersAffected": "impact",
  "impact.errorRate": "impact",
  "impact.dataLoss": "impact",
  "impact.dataLossNote": "impact",
  "impact.metrics": "impact",
  resolutionSteps: "resolution",
  preventiveMeasures: "preventive-measures",
  lessonsLearned: "lessons",
  services: "technical",
  configuration: "technical",
  deploymentChanges: "technical",
  attachmentsListed: "technical",
  actionItems: "action-items",
  followUp: "follow-up",
  supportingInfo: "supporting-info",
  extraSections: "extra-sections",
  preparedBy: "people",
  reviewedBy: "people",
};

/** The editor section a comment is shown beside; null for comments on the whole report (shown in the banner). */
export function editorSectionOf(commentSection: string): string | null {
  return EDITOR_SECTION_OF[commentSection] ?? null;
}

type CommentsContextValue = {
  incidentId: string;
  comments: EditorComment[];
  timeZone: string;
  resolve: ResolveCommentAction;
  onResolved: (commentId: string) => void;
};

export const ReviewCommentsContext = createContext<CommentsContextValue | null>(null);

function ResolveButton({ commentId, label }: { commentId: string; label: string }) {
  const context = useContext(ReviewCommentsContext)!;
  const [state, formAction, pending] = useActionState(context.resolve, null);
  const { onResolved } = context;
  useEffect(() => {
    if (state?.ok) onResolved(commentId);
  }, [state, commentId, onResolved]);
  return (
    <form action={formAction} className="space-y-1">
      <input type="hidden" name="incidentId" value={context.incidentId} />
      <input type="hidden" name="commentId" value={commentId} />
      <Button type="submit" variant="secondary" className="px-2 py-1 text-xs" disabled={pending} aria-label={`Resolve ${label}`}>
        {pending ? "Resolving…" : "Resolve"}
      </Button>
      {state && !state.ok ? <FormMessage message={Object.values(state.fieldErrors)[0] ?? state.message} /> : null}
    </form>
  );
}

function CommentCard({ comment, timeZone }: { comment: EditorComment; timeZone: string }) {
  const who = comment.authorName ?? "A deleted user";
  return (
    <li className="rounded-md bg-amber-50 p-3 text-sm text-amber-950 ring-1 ring-inset ring-amber-200" data-testid="editor-review-comment">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <span className="font-semibold">{who}</span>
        <span className="text-xs text-amber-900">on {comment.sectionLabel}</span>
        <time dateTime={comment.createdAt} title={isoUtc(new Date(comment.createdAt))} className="text-xs text-amber-900">
          {formatDateTime(new Date(comment.createdAt), timeZone)}
        </time>
      </div>
      <p className="mt-1 whitespace-pre-wrap break-words" data-testid="editor-review-comment-body">
        {comment.body}
      </p>
      {comment.replies.length ? (
        <ul className="mt-2 space-y-1 border-l-2 border-amber-300 pl-3">
          {comment.replies.map((reply) => (
            <li key={reply.id}>
              <span className="font-medium">{reply.authorName ?? "A deleted user"}:</span> <span className="whitespace-pre-wrap break-words">{reply.body}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {comment.canResolve ? (
        <div className="mt-2">
          <ResolveButton commentId={comment.id} label={`${who}'s comment on ${comment.sectionLabel}`} />
        </div>
      ) : null}
    </li>
  );
}

/** The open comments about one editor section. */
export function useSectionComments(sectionId: string): EditorComment[] {
  const context = useContext(ReviewCommentsContext);
  return context?.comments.filter((comment) => editorSectionOf(comment.section) === sectionId) ?? [];
}

/** The open comments about one editor section (EditorSection renders them beside its fields). */
export function SectionComments({ sectionId, comments }: { sectionId: string; comments: EditorComment[] }) {
  const context = useContext(ReviewCommentsContext);
  if (!context || comments.length === 0) return null;
  return (
    <aside aria-label="Review comments" className="space-y-2" data-testid={`review-comments-${sectionId}`}>
      <p className="text-xs font-semibold uppercase tracking-wide text-amber-900">
        {comments.length === 1 ? "1 open review comment" : `${comments.length} open review comments`}
      </p>
      <ul className="space-y-2">
        {comments.map((comment) => (
          <CommentCard key={comment.id} comment={comment} timeZone={context.timeZone} />
        ))}
      </ul>
    </aside>
  );
}

/** "Changes requested by Maria on 27 Nov 2024: 2 open comments", and the comments on the whole report. */
export function ReviewBanner({ review, openCount }: { review: EditorReview; openCount: number }) {
  const context = useContext(ReviewCommentsContext);
  const general = context?.comments.filter((comment) => editorSectionOf(comment.section) === null) ?? [];
  if (!review.changesRequested && general.length === 0) return null;
  const requested = review.changesRequested;
  return (
    <div className="space-y-2 rounded-md bg-amber-50 p-4 text-amber-950 ring-1 ring-inset ring-amber-300" role="status" data-testid="changes-requested-banner">
      {requested ? (
        <p className="font-semibold">
          Changes requested by {requested.by ?? "a deleted user"} on {formatDate(new Date(requested.at), context?.timeZone)}:{" "}
          {openCount === 1 ? "1 open comment" : `${openCount} open comments`}
        </p>
      ) : null}
      {requested && openCount > 0 ? (
        <p className="text-sm">
          Each comment is shown beside the section it is about. Resolve it there once it is addressed, then resubmit from the report page.
        </p>
      ) : null}
      {general.length ? (
        <ul className="space-y-2">
          {general.map((comment) => (
            <CommentCard key={comment.id} comment={comment} timeZone={context!.timeZone} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

"use client";

// Review comments: one thread per remark on a section of the report, with replies and a Resolve button for those who
// may resolve it. A report is not approved while a thread is open.
import { useActionState } from "react";
import { formatDateTime, isoUtc } from "@/lib/format/time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormMessage, inputClass } from "@/components/ui/field";
import type { SectionOption } from "@/lib/reviews/sections";
import { COMMENTS_ANCHOR, commentAnchor, SectionSelect, type ReviewFormAction } from "@/components/reviews/review-forms";

export type CommentItem = {
  id: string;
  sectionLabel: string;
  body: string;
  authorName: string | null;
  createdAt: string;
  resolvedAt: string | null;
  resolvedByName: string | null;
};
export type ThreadItem = CommentItem & { replies: CommentItem[]; canResolve: boolean };

function When({ iso, timeZone }: { iso: string; timeZone: string }) {
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={isoUtc(date)} className="text-xs text-slate-500">
      {formatDateTime(date, timeZone)}
    </time>
  );
}

function Failure({ state }: { state: Awaited<ReturnType<ReviewFormAction>> | null }) {
  return state && !state.ok ? <FormMessage message={Object.values(state.fieldErrors)[0] ?? state.message} /> : null;
}

function ResolveButton({ incidentId, commentId, action }: { incidentId: string; commentId: string; action: ReviewFormAction }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="flex items-center gap-2">
      <input type="hidden" name="incidentId" value={incidentId} />
      <input type="hidden" name="commentId" value={commentId} />
      <Button type="submit" variant="secondary" className="px-2 py-1 text-xs" disabled={pending}>
        {pending ? "Resolving…" : "Resolve"}
      </Button>
      <Failure state={state} />
    </form>
  );
}

function ReplyForm({ incidentId, parentId, action }: { incidentId: string; parentId: string; action: ReviewFormAction }) {
  const [state, formAction, pending] = useActionState(action, null);
  const id = `reply-${parentId}`;
  return (
    <form action={formAction} className="mt-2 flex flex-wrap items-start gap-2">
      <input type="hidden" name="incidentId" value={incidentId} />
      <input type="hidden" name="parentId" value={parentId} />
      <label htmlFor={id} className="sr-only">
        Reply
      </label>
      <textarea id={id} name="body" rows={1} placeholder="Reply…" className={`${inputClass} min-w-0 flex-1`} />
      <Button type="submit" variant="secondary" className="px-2 py-1 text-xs" disabled={pending}>
        Reply
      </Button>
      <div className="basis-full">
        <Failure state={state} />
      </div>
    </form>
  );
}

function NewCommentForm({ incidentId, action, sections }: { incidentId: string; action: ReviewFormAction; sections: SectionOption[] }) {
  const [state, formAction, pending] = useActionState(action, null);
  const values = state && !state.ok ? state.values : undefined;
  return (
    <form action={formAction} className="grid gap-2 sm:grid-cols-[12rem_1fr_auto] sm:items-end" data-testid="new-comment-form">
      <input type="hidden" name="incidentId" value={incidentId} />
      <div className="space-y-1">
        <label htmlFor="comment-section" className="block text-xs font-medium text-slate-700">
          Comment on
        </label>
        <SectionSelect id="comment-section" options={sections} defaultValue={values?.section} />
      </div>
      <div className="space-y-1">
        <label htmlFor="comment-body" className="block text-xs font-medium text-slate-700">
          Comment
        </label>
        <textarea id="comment-body" name="body" rows={1} className={inputClass} defaultValue={values?.body} />
      </div>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Adding…" : "Add comment"}
      </Button>
      <div className="sm:col-span-3">
        <Failure state={state} />
      </div>
    </form>
  );
}

export function CommentThreads({
  incidentId,
  threads,
  timeZone,
  canComment,
  comment,
  resolve,
  sections,
}: {
  incidentId: string;
  threads: ThreadItem[];
  timeZone: string;
  canComment: boolean;
  comment: ReviewFormAction;
  resolve: ReviewFormAction;
  /** the "Comment on" choices (commentSectionOptions) */
  sections: SectionOption[];
}) {
  const open = threads.filter((thread) => !thread.resolvedAt).length;
  return (
    <div id={COMMENTS_ANCHOR} className="scroll-mt-20 space-y-3" data-testid="review-comments">
      <h3 className="text-sm font-semibold">
        Comments{" "}
        {threads.length ? (
          <span className="font-normal text-slate-500">
            ({open} open, {threads.length - open} resolved)
          </span>
        ) : null}
      </h3>
      {threads.length === 0 ? <p className="text-sm text-slate-500">No comments yet.</p> : null}
      <ul className="space-y-3">
        {threads.map((thread) => (
          <li
            key={thread.id}
            id={commentAnchor(thread.id)}
            tabIndex={-1}
            className={`scroll-mt-20 rounded-md p-3 ring-1 target:ring-2 target:ring-indigo-600 ${thread.resolvedAt ? "bg-slate-50 ring-slate-200" : "bg-amber-50 ring-amber-200"}`}
            data-testid="comment-thread"
            data-resolved={thread.resolvedAt ? "true" : "false"}
          >
            <div className="flex flex-wrap items-center gap-2">
              <Badge tone="indigo">{thread.sectionLabel}</Badge>
              <span className="text-sm font-medium">{thread.authorName ?? "A deleted user"}</span>
              <When iso={thread.createdAt} timeZone={timeZone} />
              <span className="ml-auto">
                {thread.resolvedAt ? (
                  <Badge tone="green">Resolved{thread.resolvedByName ? ` by ${thread.resolvedByName}` : ""}</Badge>
                ) : thread.canResolve ? (
                  <ResolveButton incidentId={incidentId} commentId={thread.id} action={resolve} />
                ) : (
                  <Badge tone="yellow">Open</Badge>
                )}
              </span>
            </div>
            <p className="mt-1 whitespace-pre-wrap text-sm" data-testid="comment-body">
              {thread.body}
            </p>
            {thread.replies.length ? (
              <ul className="mt-2 space-y-2 border-l-2 border-slate-200 pl-3">
                {thread.replies.map((reply) => (
                  <li key={reply.id} data-testid="comment-reply">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="text-sm font-medium">{reply.authorName ?? "A deleted user"}</span>
                      <When iso={reply.createdAt} timeZone={timeZone} />
                    </div>
                    <p className="whitespace-pre-wrap text-sm">{reply.body}</p>
                  </li>
                ))}
              </ul>
            ) : null}
            {canComment && !thread.resolvedAt ? <ReplyForm incidentId={incidentId} parentId={thread.id} action={comment} /> : null}
          </li>
        ))}
      </ul>
      {canComment ? <NewCommentForm incidentId={incidentId} action={comment} sections={sections} /> : null}
    </div>
  );
}

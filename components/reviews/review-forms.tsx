"use client";

// The review panel's forms: submit (pick reviewers), approve or request changes, reopen. Each posts to a server action
// passed in by the page; the guarded action behind it checks everything again, and its message shows here.
import { useActionState } from "react";
import type { ActionPrevState, ActionState } from "@/lib/actions/action-state";
import type { SectionOption } from "@/lib/reviews/sections";
import { Button } from "@/components/ui/button";
import { FormMessage, inputClass } from "@/components/ui/field";

/** Element ids of the comment list and of one thread, for links that jump to them. */
export const COMMENTS_ANCHOR = "review-comments";
export function commentAnchor(commentId: string): string {
  return `comment-${commentId}`;
}

/** Why a report cannot be signed off yet: "2 comments are still open: resolve them first." */
export function openCommentsReason(unresolved: number): string {
  return `${unresolved === 1 ? "1 comment is" : `${unresolved} comments are`} still open: resolve ${unresolved === 1 ? "it" : "them"} before signing off.`;
}

export type ReviewFormAction = (prev: ActionPrevState, formData: FormData) => Promise<ActionState>;

type Person = { id: string; name: string; email: string };

function Outcome({ state }: { state: ActionState | null }) {
  if (!state) return null;
  if (!state.ok) {
    const details = Object.entries(state.fieldErrors)
      .filter(([path]) => path !== "(root)")
      .map(([, message]) => message);
    return <FormMessage message={[state.message, ...details.filter((detail) => detail !== state.message)].join(" ")} />;
  }
  return state.message ? <FormMessage tone="success" message={state.message} /> : null;
}

/** `options` come from the server (commentSectionOptions), keeping the report's field table out of the browser. */
export function SectionSelect({ name = "section", id, options, defaultValue }: { name?: string; id: string; options: SectionOption[]; defaultValue?: string }) {
  return (
    <select id={id} name={name} defaultValue={defaultValue || "general"} className={inputClass}>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

export function SubmitForReviewForm({
  incidentId,
  candidates,
  preselected,
  resubmission,
  action,
}: {
  incidentId: string;
  candidates: Person[];
  preselected: string[];
  resubmission: boolean;
  action: ReviewFormAction;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-3" data-testid="submit-review-form">
      <input type="hidden" name="incidentId" value={incidentId} />
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Reviewers</legend>
        <p className="text-xs text-slate-500">Managers and admins who can sign the report off. Each gets an email.</p>
        {candidates.length ? (
          <div className="mt-2 grid gap-1 sm:grid-cols-2">
            {candidates.map((person) => (
              <label key={person.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="reviewers" value={person.id} defaultChecked={preselected.includes(person.id)} className="h-4 w-4" />
                <span>
                  {person.name} <span className="text-slate-500">({person.email})</span>
                </span>
              </label>
            ))}
          </div>
        ) : (
          <p className="mt-2 text-sm text-amber-800">There is nobody else who can review: an admin has to add a manager first.</p>
        )}
      </fieldset>
      <div className="space-y-1">
        <label htmlFor="review-note" className="block text-sm font-medium text-slate-700">
          Note to the reviewers (optional)
        </label>
        <textarea id="review-note" name="note" rows={2} className={inputClass} />
      </div>
      <Outcome state={state} />
      <Button type="submit" disabled={pending || candidates.length === 0}>
        {pending ? "Submitting…" : resubmission ? "Resubmit for review" : "Submit for review"}
      </Button>
    </form>
  );
}

export function DecisionForms({
  incidentId,
  version,
  unresolved,
  firstOpenCommentId,
  approve,
  requestChanges,
  sections,
}: {
  incidentId: string;
  version: number;
  unresolved: number;
  /** the "Comment on" choices (commentSectionOptions) */
  sections: SectionOption[];
  /** the open thread the reason links to (its element id is `commentAnchor(id)`); without it, the comment list */
  firstOpenCommentId?: string;
  approve: ReviewFormAction;
  requestChanges: ReviewFormAction;
}) {
  const [approveState, approveAction, approving] = useActionState(approve, null);
  const [changesState, changesAction, requesting] = useActionState(requestChanges, null);
  const changesFailure = changesState && !changesState.ok ? changesState : null;
  // the server refuses it too (lib/reviews/state-machine): the button says so before anyone tries
  const blocked = unresolved > 0;
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form action={approveAction} className="space-y-3" data-testid="approve-form">
        <h3 className="text-sm font-semibold">Approve and sign off</h3>
        <input type="hidden" name="incidentId" value={incidentId} />
        <input type="hidden" name="expectedVersion" value={version} />
        <div className="space-y-1">
          <label htmlFor="sign-off-comment" className="block text-sm font-medium text-slate-700">
            Sign-off comment (optional)
          </label>
          <textarea id="sign-off-comment" name="comment" rows={2} className={inputClass} />
        </div>
        {blocked ? (
          <p
            id="approve-blocked"
            className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200"
            data-testid="approve-blocked"
          >
            {openCommentsReason(unresolved)}{" "}
            <a href={`#${firstOpenCommentId ? commentAnchor(firstOpenCommentId) : COMMENTS_ANCHOR}`} className="font-medium text-indigo-800 underline">
              Go to the open comment{unresolved === 1 ? "" : "s"}
            </a>
          </p>
        ) : (
          <p className="text-xs text-slate-600">Freezes the report as it is now, with a SHA-256 of its content; it becomes read-only.</p>
        )}
        <Outcome state={approveState} />
        <Button type="submit" disabled={approving || blocked} aria-describedby={blocked ? "approve-blocked" : undefined}>
          {approving ? "Signing off…" : "Approve and sign off"}
        </Button>
      </form>
      <form action={changesAction} className="space-y-3" data-testid="request-changes-form">
        <h3 className="text-sm font-semibold">Request changes</h3>
        <input type="hidden" name="incidentId" value={incidentId} />
        <div className="space-y-1">
          <label htmlFor="changes-section" className="block text-sm font-medium text-slate-700">
            Section
          </label>
          <SectionSelect id="changes-section" options={sections} defaultValue={changesFailure?.values?.section} />
        </div>
        <div className="space-y-1">
          <label htmlFor="changes-comment" className="block text-sm font-medium text-slate-700">
            What needs to change
          </label>
          <textarea id="changes-comment" name="comment" rows={3} className={inputClass} defaultValue={changesFailure?.values?.comment} />
        </div>
        <Outcome state={changesState} />
        <Button type="submit" variant="secondary" disabled={requesting}>
          {requesting ? "Sending…" : "Request changes"}
        </Button>
      </form>
    </div>
  );
}

export function ReopenForm({ incidentId, action }: { incidentId: string; action: ReviewFormAction }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-3" data-testid="reopen-form">
      <input type="hidden" name="incidentId" value={incidentId} />
      <div className="space-y-1">
        <label htmlFor="reopen-reason" className="block text-sm font-medium text-slate-700">
          Why reopen it?
        </label>
        <textarea id="reopen-reason" name="reason" rows={2} className={inputClass} />
      </div>
      <p className="text-xs text-slate-500">The report goes back to draft for its author to change and submit again. The signed revision stays on record.</p>
      <Outcome state={state} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Reopening…" : "Reopen report"}
      </Button>
    </form>
  );
}

"use server";

// The review panel's forms (on the report page): each calls one guarded action of lib/reviews/mutations with the
// signed-in user; the action checks everything again.
import { formDataToObject, toActionState, type ActionPrevState, type ActionState } from "@/lib/actions/action-state";
import { actorFromSession } from "@/lib/auth/session";
import { addReviewComment, approveReport, reopenReport, requestChanges, resolveReviewComment, submitForReview } from "@/lib/reviews/mutations";

/** The forms only need to know it worked: nothing of the result (its mail included) goes back to the browser. */
async function withoutData<T>(pending: Promise<ActionState<T>>): Promise<ActionState> {
  const state = await pending;
  return state.ok ? { ok: true, message: state.message } : state;
}

export async function submitForReviewAction(_prev: ActionPrevState, formData: FormData): Promise<ActionState> {
  const actor = await actorFromSession();
  return withoutData(
    toActionState(() => submitForReview(formDataToObject(formData), actor), {
      message: ({ reviewers }) => `Submitted for review to ${reviewers.map((reviewer) => reviewer.name).join(", ")}.`,
    }),
  );
}

export async function approveReportAction(_prev: ActionPrevState, formData: FormData): Promise<ActionState> {
  const actor = await actorFromSession();
  return withoutData(
    toActionState(() => approveReport(formDataToObject(formData), actor), {
      message: ({ revision }) => `Approved: revision ${revision.number} is signed off.`,
    }),
  );
}

export async function requestChangesAction(_prev: ActionPrevState, formData: FormData): Promise<ActionState> {
  const actor = await actorFromSession();
  const input = formDataToObject(formData);
  return withoutData(
    toActionState(() => requestChanges(input, actor), {
      message: "Changes requested: the author has been told.",
      values: { comment: String(input.comment ?? ""), section: String(input.section ?? "") },
    }),
  );
}

export async function reopenReportAction(_prev: ActionPrevState, formData: FormData): Promise<ActionState> {
  const actor = await actorFromSession();
  return withoutData(toActionState(() => reopenReport(formDataToObject(formData), actor), { message: "Reopened: the report is a draft again." }));
}

export async function addCommentAction(_prev: ActionPrevState, formData: FormData): Promise<ActionState> {
  const actor = await actorFromSession();
  const input = formDataToObject(formData);
  return withoutData(toActionState(() => addReviewComment(input, actor), { values: { body: String(input.body ?? ""), section: String(input.section ?? "") } }));
}

export async function resolveCommentAction(_prev: ActionPrevState, formData: FormData): Promise<ActionState> {
  const actor = await actorFromSession();
  return withoutData(toActionState(() => resolveReviewComment(formDataToObject(formData), actor), { message: "Resolved." }));
}

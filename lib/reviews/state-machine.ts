// The review workflow as pure rules: which transitions exist, who may take them, and what must hold first.
//
//   Draft ──submit──▶ In review ──approve──▶ Approved
//                       ▲   │                    │
//            submit ────┘   └─request changes─▶ Changes requested
//   (from Changes requested)                     │
//   Approved ──reopen──▶ Draft
//
// Reopening goes back to Draft, not to In review: a report is reopened because something in it must change, so the
// author edits first and then submits again, which freezes a new revision and asks reviewers afresh. Going straight
// to In review would put an unchanged report in reviewers' queues and let them re-approve what they just reopened.
//
// Every refusal says why, as a kind the caller maps to an error: `forbidden` (403: this person may not),
// `conflict` (409: the report's state does not allow it now), `invalid` (422: the request itself is incomplete).
// Checks run in that order of questions: may this role ever do it, does the state allow it, may this person do it
// to this report, do the preconditions hold. So a viewer asking to approve a draft hears 403, a manager 409.
import { can, type Permission, type Role } from "@/lib/auth/permissions";
import type { ReportState } from "@/lib/generated/prisma/enums";

export const REPORT_STATES = ["DRAFT", "IN_REVIEW", "CHANGES_REQUESTED", "APPROVED"] as const satisfies readonly ReportState[];

export const REPORT_STATE_LABELS: Record<ReportState, string> = {
  DRAFT: "Draft",
  IN_REVIEW: "In review",
  CHANGES_REQUESTED: "Changes requested",
  APPROVED: "Approved",
};

/** Roles that can sign off, and so can be asked to review. */
export const REVIEWER_ROLES: readonly Role[] = ["MANAGER", "ADMIN"];

export type ReviewTransition = "submit" | "approve" | "requestChanges" | "reopen";

export const REVIEW_TRANSITIONS = ["submit", "approve", "requestChanges", "reopen"] as const satisfies readonly ReviewTransition[];

type TransitionRule = { from: readonly ReportState[]; to: ReportState; permission: Permission; label: string };

export const TRANSITIONS: Record<ReviewTransition, TransitionRule> = {
  submit: { from: ["DRAFT", "CHANGES_REQUESTED"], to: "IN_REVIEW", permission: "review:submit", label: "submit it for review" },
  approve: { from: ["IN_REVIEW"], to: "APPROVED", permission: "review:approve", label: "approve it" },
  requestChanges: { from: ["IN_REVIEW"], to: "CHANGES_REQUESTED", permission: "review:approve", label: "request changes" },
  reopen: { from: ["APPROVED"], to: "DRAFT", permission: "review:reopen", label: "reopen it" },
};

/** What the rules need to know about the report, the person and the instance. */
export type ReviewContext = {
  state: ReportState;
  actor: { id: string; role: Role };
  /** null for reports imported by the system */
  authorId: string | null;
  /** users assigned to review the report now */
  reviewerIds: readonly string[];
  /** open comment threads (a thread is resolved as a whole) */
  unresolvedComments: number;
  /** setting `reviews.allowSelfApproval` */
  allowSelfApproval: boolean;
  /** submit only: the reviewers being asked */
  requestedReviewerIds?: readonly string[];
};

export type RefusalKind = "forbidden" | "conflict" | "invalid";
export type TransitionDecision = { ok: true; to: ReportState } | { ok: false; kind: RefusalKind; message: string };

const refuse = (kind: RefusalKind, message: string): TransitionDecision => ({ ok: false, kind, message });

function stateLabel(state: ReportState): string {
  return REPORT_STATE_LABELS[state].toLowerCase();
}

/** Whether `transition` may happen now, and the state it leads to. */
export function decideTransition(transition: ReviewTransition, context: ReviewContext): TransitionDecision {
  const rule = TRANSITIONS[transition];
  if (!can(context.actor.role, rule.permission)) {
    return refuse("forbidden", `Your role may not ${rule.label}.`);
  }
  if (!rule.from.includes(context.state)) {
    return refuse("conflict", `The report is ${stateLabel(context.state)}: you cannot ${rule.label} now.${stateHint(transition, context.state)}`);
  }
  const isAuthor = context.authorId !== null && context.authorId === context.actor.id;
  const isReviewer = context.reviewerIds.includes(context.actor.id);

  switch (transition) {
    case "submit": {
      const requested = context.requestedReviewerIds ?? [];
      if (requested.length === 0) return refuse("invalid", "Choose at least one reviewer.");
      if (!context.allowSelfApproval && context.authorId !== null && requested.includes(context.authorId)) {
        return refuse(
          "invalid",
          isAuthor ? "You cannot review your own report: choose someone else." : "The report's author cannot review it: choose someone else.",
        );
      }
      break;
    }
    case "approve": {
      if (!isReviewer) return refuse("forbidden", "Only a reviewer the author asked may approve this report.");
      if (isAuthor && !context.allowSelfApproval) return refuse("forbidden", "You cannot approve your own report: another reviewer must sign it off.");
      if (context.unresolvedComments > 0) {
        const count = context.unresolvedComments === 1 ? "1 comment is" : `${context.unresolvedComments} comments are`;
        return refuse("conflict", `${count} still unresolved: resolve ${context.unresolvedComments === 1 ? "it" : "them"} before approving.`);
      }
      break;
    }
    case "requestChanges": {
      if (!isReviewer) return refuse("forbidden", "Only a reviewer the author asked may request changes.");
      break;
    }
    case "reopen":
      break;
  }
  return { ok: true, to: rule.to };
}

function stateHint(transition: ReviewTransition, state: ReportState): string {
  if (transition === "submit" && state === "IN_REVIEW") return " It is already waiting for review.";
  if (transition === "submit" && state === "APPROVED") return " A manager can reopen it first.";
  if ((transition === "approve" || transition === "requestChanges") && state !== "APPROVED") return " It must be submitted for review first.";
  if (transition === "approve" && state === "APPROVED") return " It is already approved.";
  if (transition === "reopen") return " Only an approved report can be reopened.";
  return "";
}

/** The transitions a person could take now, for showing buttons (the action checks again). */
export function availableTransitions(context: ReviewContext): ReviewTransition[] {
  return REVIEW_TRANSITIONS.filter((transition) => {
    // submit's reviewers are chosen in the form, so judge it as if someone eligible were picked
    const decision = decideTransition(transition, transition === "submit" ? { ...context, requestedReviewerIds: ["someone-else"] } : context);
    // approving with open comments is shown, disabled with its reason (components/reviews/review-forms); the action refuses it
    return decision.ok || (transition === "approve" && decision.kind === "conflict" && context.state === "IN_REVIEW");
  });
}

/** An approved report is the signed record: nothing in it changes until it is reopened. */
export function isReadOnly(state: ReportState): boolean {
  return state === "APPROVED";
}

/** Comments and replies: anyone who may comment, on any report not approved. */
export function decideComment(context: Pick<ReviewContext, "state" | "actor">): TransitionDecision {
  if (!can(context.actor.role, "review:comment")) return refuse("forbidden", "Your role may not comment on reports.");
  if (isReadOnly(context.state)) return refuse("conflict", "The report is approved: it takes no more comments until it is reopened.");
  return { ok: true, to: context.state };
}

/** Resolving a thread: its writer, the report's author or one of its reviewers, on a report not approved. */
export function decideResolve(
  context: Pick<ReviewContext, "state" | "actor" | "authorId" | "reviewerIds"> & { commentAuthorId: string | null; resolved: boolean },
): TransitionDecision {
  if (!can(context.actor.role, "review:comment")) return refuse("forbidden", "Your role may not resolve comments.");
  if (isReadOnly(context.state)) return refuse("conflict", "The report is approved: its comments can no longer change.");
  if (context.resolved) return refuse("conflict", "This comment is already resolved.");
  const id = context.actor.id;
  if (id !== context.commentAuthorId && id !== context.authorId && !context.reviewerIds.includes(id)) {
    return refuse("forbidden", "Only the comment's writer, the report's author or a reviewer may resolve it.");
  }
  return { ok: true, to: context.state };
}

import { describe, expect, it } from "vitest";
import type { Role } from "@/lib/auth/permissions";
import type { ReportState } from "@/lib/generated/prisma/enums";
import {
  availableTransitions,
  decideComment,
  decideResolve,
  decideTransition,
  isReadOnly,
  REPORT_STATES,
  REVIEW_TRANSITIONS,
  type ReviewContext,
  type ReviewTransition,
} from "@/lib/reviews/state-machine";

const ROLES: Role[] = ["VIEWER", "SRE", "MANAGER", "ADMIN"];

// Written out by hand (not read from the module) so that a changed rule fails here.
const LEADS_TO: Record<ReviewTransition, Partial<Record<ReportState, ReportState>>> = {
  submit: { DRAFT: "IN_REVIEW", CHANGES_REQUESTED: "IN_REVIEW" },
  approve: { IN_REVIEW: "APPROVED" },
  requestChanges: { IN_REVIEW: "CHANGES_REQUESTED" },
  reopen: { APPROVED: "DRAFT" },
};
const ROLES_ALLOWED: Record<ReviewTransition, Role[]> = {
  submit: ["SRE", "MANAGER", "ADMIN"],
  approve: ["MANAGER", "ADMIN"],
  requestChanges: ["MANAGER", "ADMIN"],
  reopen: ["MANAGER", "ADMIN"],
};

const ME = "me";
const AUTHOR = "author";
const OTHER = "other-reviewer";

/** The most permissive situation: the actor is an assigned reviewer, not the author, nothing open. */
function context(overrides: Partial<ReviewContext> & { role?: Role } = {}): ReviewContext {
  const { role = "MANAGER", ...rest } = overrides;
  return {
    state: "DRAFT",
    actor: { id: ME, role },
    authorId: AUTHOR,
    reviewerIds: [ME, OTHER],
    unresolvedComments: 0,
    allowSelfApproval: false,
    requestedReviewerIds: [OTHER],
    ...rest,
  };
}

describe("every transition from every state, for every role", () => {
  const cases = REVIEW_TRANSITIONS.flatMap((transition) => REPORT_STATES.flatMap((state) => ROLES.map((role) => ({ transition, state, role }))));
  it("covers 4 transitions × 4 states × 4 roles", () => {
    expect(cases).toHaveLength(64);
  });

  it.each(cases)("$role: $transition from $state", ({ transition, state, role }) => {
    const decision = decideTransition(transition, context({ state, role }));
    const target = LEADS_TO[transition][state];
    if (!ROLES_ALLOWED[transition].includes(role)) {
      expect(decision).toMatchObject({ ok: false, kind: "forbidden" });
    } else if (target) {
      expect(decision).toEqual({ ok: true, to: target });
    } else {
      expect(decision).toMatchObject({ ok: false, kind: "conflict" });
    }
  });
});

describe("refusals explain themselves", () => {
  it("approving a draft says it must be submitted first (409, not 403, for a manager)", () => {
    const decision = decideTransition("approve", context({ state: "DRAFT" }));
    expect(decision).toEqual({
      ok: false,
      kind: "conflict",
      message: "The report is draft: you cannot approve it now. It must be submitted for review first.",
    });
  });

  it("a viewer asking to approve a draft hears 403 before anything about the state", () => {
    expect(decideTransition("approve", context({ state: "DRAFT", role: "VIEWER" }))).toEqual({
      ok: false,
      kind: "forbidden",
      message: "Your role may not approve it.",
    });
  });

  it("submitting a report already in review says so", () => {
    const decision = decideTransition("submit", context({ state: "IN_REVIEW", role: "SRE" }));
    expect(decision).toMatchObject({ kind: "conflict", message: expect.stringContaining("already waiting for review") });
  });

  it("reopening anything but an approved report is refused", () => {
    for (const state of ["DRAFT", "IN_REVIEW", "CHANGES_REQUESTED"] as const) {
      expect(decideTransition("reopen", context({ state }))).toMatchObject({
        ok: false,
        kind: "conflict",
        message: expect.stringContaining("Only an approved report"),
      });
    }
  });
});

describe("submit", () => {
  it("needs at least one reviewer", () => {
    expect(decideTransition("submit", context({ role: "SRE", requestedReviewerIds: [] }))).toEqual({
      ok: false,
      kind: "invalid",
      message: "Choose at least one reviewer.",
    });
  });

  it("refuses the author as a reviewer of their own report, whoever submits", () => {
    const byAuthor = decideTransition("submit", context({ role: "MANAGER", authorId: ME, requestedReviewerIds: [ME] }));
    expect(byAuthor).toMatchObject({ ok: false, kind: "invalid", message: "You cannot review your own report: choose someone else." });
    const bySomeoneElse = decideTransition("submit", context({ role: "SRE", requestedReviewerIds: [AUTHOR] }));
    expect(bySomeoneElse).toMatchObject({ ok: false, kind: "invalid", message: "The report's author cannot review it: choose someone else." });
  });

  it("lets the author be a reviewer when self-approval is allowed", () => {
    expect(decideTransition("submit", context({ authorId: ME, requestedReviewerIds: [ME], allowSelfApproval: true }))).toEqual({ ok: true, to: "IN_REVIEW" });
  });

  it("lets any SRE submit, not only the author", () => {
    expect(decideTransition("submit", context({ role: "SRE", state: "CHANGES_REQUESTED" }))).toEqual({ ok: true, to: "IN_REVIEW" });
  });
});

describe("approve", () => {
  const inReview = (overrides: Partial<ReviewContext> & { role?: Role } = {}) => context({ state: "IN_REVIEW", ...overrides });

  it("is for the assigned reviewers only: another manager or admin is refused (403)", () => {
    for (const role of ["MANAGER", "ADMIN"] as const) {
      expect(decideTransition("approve", inReview({ role, reviewerIds: [OTHER] }))).toMatchObject({
        ok: false,
        kind: "forbidden",
        message: expect.stringContaining("Only a reviewer"),
      });
      expect(decideTransition("requestChanges", inReview({ role, reviewerIds: [OTHER] }))).toMatchObject({ ok: false, kind: "forbidden" });
    }
  });

  it("refuses the author approving their own report unless the setting allows it", () => {
    const own = inReview({ authorId: ME });
    expect(decideTransition("approve", own)).toEqual({
      ok: false,
      kind: "forbidden",
      message: "You cannot approve your own report: another reviewer must sign it off.",
    });
    expect(decideTransition("approve", { ...own, allowSelfApproval: true })).toEqual({ ok: true, to: "APPROVED" });
  });

  it("lets the author request changes on their own report (only approval is separated)", () => {
    expect(decideTransition("requestChanges", inReview({ authorId: ME }))).toEqual({ ok: true, to: "CHANGES_REQUESTED" });
  });

  it("waits for every comment to be resolved", () => {
    expect(decideTransition("approve", inReview({ unresolvedComments: 1 }))).toEqual({
      ok: false,
      kind: "conflict",
      message: "1 comment is still unresolved: resolve it before approving.",
    });
    expect(decideTransition("approve", inReview({ unresolvedComments: 3 }))).toMatchObject({
      message: "3 comments are still unresolved: resolve them before approving.",
    });
    // open comments do not stop asking for more changes
    expect(decideTransition("requestChanges", inReview({ unresolvedComments: 3 }))).toEqual({ ok: true, to: "CHANGES_REQUESTED" });
  });

  it("treats a report without an author (imported by the system) as nobody's own", () => {
    expect(decideTransition("approve", inReview({ authorId: null }))).toEqual({ ok: true, to: "APPROVED" });
  });
});

describe("reopen", () => {
  it("is open to every manager and admin, assigned or not, the author included", () => {
    for (const role of ["MANAGER", "ADMIN"] as const) {
      expect(decideTransition("reopen", context({ state: "APPROVED", role, reviewerIds: [], authorId: ME }))).toEqual({ ok: true, to: "DRAFT" });
    }
  });
});

describe("availableTransitions", () => {
  it("offers the author's SRE submit on a draft, nothing on a report in review", () => {
    expect(availableTransitions(context({ role: "SRE", state: "DRAFT", reviewerIds: [] }))).toEqual(["submit"]);
    expect(availableTransitions(context({ role: "SRE", state: "IN_REVIEW", reviewerIds: [] }))).toEqual([]);
  });

  it("offers a reviewer approve (even with open comments, which it then explains) and request changes", () => {
    expect(availableTransitions(context({ state: "IN_REVIEW", unresolvedComments: 2 }))).toEqual(["approve", "requestChanges"]);
  });

  it("offers a manager reopen on an approved report, a viewer nothing anywhere", () => {
    expect(availableTransitions(context({ state: "APPROVED" }))).toEqual(["reopen"]);
    for (const state of REPORT_STATES) expect(availableTransitions(context({ state, role: "VIEWER" }))).toEqual([]);
  });
});

describe("comments", () => {
  it("may be written by SREs and up on any report not approved", () => {
    for (const state of REPORT_STATES) {
      for (const role of ROLES) {
        const decision = decideComment({ state, actor: { id: ME, role } });
        if (role === "VIEWER") expect(decision).toMatchObject({ ok: false, kind: "forbidden" });
        else if (state === "APPROVED") expect(decision).toMatchObject({ ok: false, kind: "conflict" });
        else expect(decision.ok).toBe(true);
      }
    }
  });

  it("are resolved by their writer, the report's author or a reviewer, and by nobody else", () => {
    const base = { state: "IN_REVIEW" as const, authorId: AUTHOR, reviewerIds: [OTHER], commentAuthorId: "writer", resolved: false };
    for (const id of ["writer", AUTHOR, OTHER]) expect(decideResolve({ ...base, actor: { id, role: "SRE" } }).ok).toBe(true);
    expect(decideResolve({ ...base, actor: { id: "bystander", role: "ADMIN" } })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(decideResolve({ ...base, actor: { id: AUTHOR, role: "VIEWER" } })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(decideResolve({ ...base, resolved: true, actor: { id: OTHER, role: "MANAGER" } })).toMatchObject({ ok: false, kind: "conflict" });
    expect(decideResolve({ ...base, state: "APPROVED", actor: { id: OTHER, role: "MANAGER" } })).toMatchObject({ ok: false, kind: "conflict" });
  });
});

it("makes only approved reports read-only", () => {
  expect(REPORT_STATES.filter(isReadOnly)).toEqual(["APPROVED"]);
});

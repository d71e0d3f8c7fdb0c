// The review workflow's writes: submit, approve (sign off), request changes, reopen, comment, resolve. Each is a guarded
// action (`action(rawInput, actor)`): the role check of lib/auth/permissions first, then the rules of
// lib/reviews/state-machine against the report as it is inside the transaction.
//
// A state change is a compare-and-set on the incident row (`reportState` still what the rules were checked against),
// so of two concurrent decisions exactly one happens; the row lock it takes also makes revision numbering and a
// concurrent report save (lib/incidents/mutations.ts) wait their turn.
import "server-only";
import { defineAction } from "@/lib/actions/define-action";
import { actingUser, type AnyActor } from "@/lib/auth/actor";
import type { Tx } from "@/lib/db/client";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, type FieldIssue } from "@/lib/errors";
import type { Prisma, ReportState, Role } from "@/lib/generated/prisma/client";
import { visibleIncidentsWhere } from "@/lib/incidents/access";
import { getSetting } from "@/lib/settings/queries";
import { approvedEmail, changesRequestedEmail, reviewRequestedEmail, type MailMessage, type ReportRef } from "@/lib/reviews/emails";
import { appBaseUrl, reportUrl, withNotifications } from "@/lib/reviews/notify";
import { recordNotifications, type Notification } from "@/lib/reminders/notifications";
import { queueReviewChatEvent } from "@/lib/chat/enqueue";
import type { NotificationKind } from "@/lib/reminders/schema";
import { freezeRevision, SIGN_OFF_AUDIT_ACTION } from "@/lib/reviews/revisions";
import {
  addCommentInput,
  approveReportInput,
  commentSectionLabel,
  reopenReportInput,
  requestChangesInput,
  resolveCommentInput,
  submitForReviewInput,
} from "@/lib/reviews/schema";
import { decideComment, decideResolve, decideTransition, REVIEWER_ROLES, type ReviewContext, type TransitionDecision } from "@/lib/reviews/state-machine";

type Person = { id: string; name: string; email: string };

type ReviewSubject = {
  id: string;
  publicId: string;
  title: string;
  reportState: ReportState;
  version: number;
  authorId: string | null;
  author: Person | null;
  reviewers: Person[];
};

// ---------------------------------------------------------------------------------------------------------------
// Shared steps

/** The incident as the actor may see it, with what the rules need; 404 when missing or hidden. */
async function loadSubject(tx: Tx, actor: AnyActor, idOrPublicId: string): Promise<ReviewSubject> {
  const user = actingUser(actor);
  const match: Prisma.IncidentWhereInput = { OR: [{ id: idOrPublicId }, { publicId: idOrPublicId }] };
  const incident = await tx.incident.findFirst({
    where: user ? { AND: [match, visibleIncidentsWhere(user)] } : match,
    select: {
      id: true,
      publicId: true,
      title: true,
      reportState: true,
      version: true,
      authorId: true,
      author: { select: { id: true, name: true, email: true } },
      reviewAssignments: { orderBy: { requestedAt: "asc" }, select: { reviewer: { select: { id: true, name: true, email: true } } } },
    },
  });
  if (!incident) throw new NotFoundError(`The incident ${idOrPublicId}`);
  const { reviewAssignments, ...rest } = incident;
  return { ...rest, reviewers: reviewAssignments.map((assignment) => assignment.reviewer) };
}

async function unresolvedThreads(tx: Tx, incidentId: string): Promise<number> {
  return tx.reviewComment.count({ where: { incidentId, parentId: null, resolvedAt: null } });
}

/** The system (CLI) acts as an admin would, as nobody in particular. */
function actorRef(actor: AnyActor): { id: string; role: Role; name: string } {
  const user = actingUser(actor);
  return user ? { id: user.id, role: user.role, name: user.name } : { id: "", role: "ADMIN", name: "Hindsight" };
}

async function contextFor(tx: Tx, actor: AnyActor, subject: ReviewSubject, extra: Partial<ReviewContext> = {}): Promise<ReviewContext> {
  const { id, role } = actorRef(actor);
  return {
    state: subject.reportState,
    actor: { id, role },
    authorId: subject.authorId,
    reviewerIds: subject.reviewers.map((reviewer) => reviewer.id),
    unresolvedComments: await unresolvedThreads(tx, subject.id),
    allowSelfApproval: await getSetting("reviews.allowSelfApproval", tx),
    ...extra,
  };
}

function enforce(decision: TransitionDecision, path = "(root)"): asserts decision is Extract<TransitionDecision, { ok: true }> {
  if (decision.ok) return;
  if (decision.kind === "forbidden") throw new ForbiddenError(decision.message);
  if (decision.kind === "conflict") throw new ConflictError(decision.message);
  throw new InvalidInputError(decision.message, [{ path, message: decision.message }]);
}

/** Moves the report from the state the rules saw to the next one, or fails if someone moved it first. */
async function claimTransition(tx: Tx, subject: ReviewSubject, to: ReportState, expectedVersion?: number): Promise<void> {
  const claimed = await tx.incident.updateMany({
    where: { id: subject.id, reportState: subject.reportState, ...(expectedVersion ? { version: expectedVersion } : {}) },
    data: { reportState: to },
  });
  if (claimed.count === 1) return;
  const now = await tx.incident.findUnique({ where: { id: subject.id }, select: { reportState: true, version: true } });
  if (now && expectedVersion && now.version !== expectedVersion && now.reportState === subject.reportState) {
    throw new ConflictError(
      `${subject.publicId} was edited since you opened it (it is now version ${now.version}). Nothing was signed: read the current report, then decide.`,
    );
  }
  throw new ConflictError(`${subject.publicId} changed state while you were deciding. Nothing was saved: reload the report to see where it stands.`);
}

function reportRef(subject: ReviewSubject, baseUrl: string): ReportRef {
  return { publicId: subject.publicId, title: subject.title, url: reportUrl(baseUrl, subject.publicId) };
}

function reportPaths(publicId: string): string[] {
  const base = `/incidents/${publicId}`;
  return ["/incidents", "/reviews", base, `${base}/history`, `${base}/revisions`];
}

const emails = (people: Person[]) => people.map((person) => person.email);
const sameReviewers = (a: Person[], b: Person[]) => emails(a).sort().join() === emails(b).sort().join();

type StateChange = { incidentId: string; publicId: string; from: ReportState; to: ReportState };

function stateAudit(result: StateChange, extra: { changes?: Record<string, { before?: unknown; after?: unknown }>; meta?: Record<string, unknown> } = {}) {
  return {
    entityType: "Incident",
    entityId: result.incidentId,
    incidentId: result.incidentId,
    changes: { reportState: { before: result.from, after: result.to }, ...extra.changes },
    meta: extra.meta ?? {},
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Submit

/** Emails or ids to active users who may review; every one that is not is named in the error. */
async function resolveReviewers(tx: Tx, requested: string[]): Promise<Person[]> {
  const wanted = [...new Set(requested)];
  const users = await tx.user.findMany({
    // emails are stored lower-case (lib/users/schema)
    where: { OR: [{ id: { in: wanted } }, { email: { in: wanted.map((reference) => reference.toLowerCase()) } }] },
    select: { id: true, name: true, email: true, role: true, active: true },
  });
  const issues: FieldIssue[] = [];
  const found = new Map<string, Person>();
  wanted.forEach((reference, index) => {
    const user = users.find((candidate) => candidate.id === reference || candidate.email.toLowerCase() === reference.toLowerCase());
    const path = `reviewers.${index}`;
    if (!user || !user.active) issues.push({ path, message: `No active user ${reference}` });
    else if (!REVIEWER_ROLES.includes(user.role)) issues.push({ path, message: `${user.email} is not a manager or admin, so cannot sign off` });
    else found.set(user.id, { id: user.id, name: user.name, email: user.email });
  });
  if (issues.length) throw new InvalidInputError(`These reviewers cannot be asked: ${issues.map((issue) => issue.message).join("; ")}.`, issues);
  return [...found.values()];
}

/** The report's author hears of a reviewer's decision, unless the author made it. */
function authorNotification(
  subject: { id: string; author: Person | null },
  me: { id: string },
  kind: NotificationKind,
  eventId: string,
  message: (author: Person) => MailMessage,
): Notification[] {
  const author = subject.author && subject.author.id !== me.id ? subject.author : null;
  return author ? [{ kind, eventId, incidentId: subject.id, recipientId: author.id, message: message(author) }] : [];
}

export const submitForReview = withNotifications(
  defineAction({
    name: "review.submit",
    permission: "review:submit",
    input: submitForReviewInput,
    prepare: async () => ({ baseUrl: await appBaseUrl() }),
    run: async ({ tx, actor, input, prepared }) => {
      const subject = await loadSubject(tx, actor, input.incidentId);
      // A resubmission without a list asks the previous round's reviewers again.
      const reviewers =
        input.reviewers.length === 0 && subject.reportState === "CHANGES_REQUESTED" ? subject.reviewers : await resolveReviewers(tx, input.reviewers);
      const context = await contextFor(tx, actor, subject, { requestedReviewerIds: reviewers.map((reviewer) => reviewer.id) });
      const decision = decideTransition("submit", context);
      enforce(decision, "reviewers");
      await claimTransition(tx, subject, decision.to);

      const now = new Date();
      const ids = reviewers.map((reviewer) => reviewer.id);
      await tx.reviewAssignment.deleteMany({ where: { incidentId: subject.id, reviewerId: { notIn: ids } } });
      for (const reviewer of reviewers) {
        await tx.reviewAssignment.upsert({
          where: { incidentId_reviewerId: { incidentId: subject.id, reviewerId: reviewer.id } },
          create: { incidentId: subject.id, reviewerId: reviewer.id, requestedAt: now },
          update: { decision: "PENDING", decidedAt: null, requestedAt: now },
        });
        // Reviewers must be able to read a private report: they join it (an existing participant keeps their role).
        await tx.incidentParticipant.upsert({
          where: { incidentId_userId: { incidentId: subject.id, userId: reviewer.id } },
          create: { incidentId: subject.id, userId: reviewer.id, role: "REVIEWER" },
          update: {},
        });
      }
      const me = actorRef(actor);
      const resubmission = subject.reportState === "CHANGES_REQUESTED";
      const revision = await freezeRevision(tx, {
        incidentId: subject.id,
        reason: `${resubmission ? "Resubmitted" : "Submitted"} for review by ${me.name}`,
        createdById: me.id || null,
      });
      const notifications = await recordNotifications(
        tx,
        reviewers
          .filter((reviewer) => reviewer.id !== me.id)
          .map((reviewer) => ({
            kind: "REVIEW_REQUESTED" as const,
            eventId: revision.id,
            incidentId: subject.id,
            recipientId: reviewer.id,
            message: reviewRequestedEmail(reviewer.email, { report: reportRef(subject, prepared.baseUrl), requester: me.name, note: input.note }),
          })),
      );
      // Chat webhooks hear of it in the same transaction (nothing for a private report).
      await queueReviewChatEvent(tx, {
        event: "review.submitted",
        incidentId: subject.id,
        revisionId: revision.id,
        by: me.name,
        reviewers: reviewers.map((reviewer) => reviewer.name),
        resubmission,
      });
      return {
        notifications,
        incidentId: subject.id,
        publicId: subject.publicId,
        from: subject.reportState,
        to: decision.to,
        reviewers,
        previousReviewers: subject.reviewers,
        revision,
        note: input.note ?? null,
      };
    },
    audit: (result) =>
      stateAudit(result, {
        changes: sameReviewers(result.previousReviewers, result.reviewers)
          ? {}
          : { reviewers: { before: emails(result.previousReviewers), after: emails(result.reviewers) } },
        meta: { revision: result.revision.number, contentHash: result.revision.contentHash, ...(result.note ? { note: result.note } : {}) },
      }),
    revalidate: (result) => reportPaths(result.publicId),
  }),
);

// ---------------------------------------------------------------------------------------------------------------
// Approve: the sign-off

export const approveReport = withNotifications(
  defineAction({
    name: SIGN_OFF_AUDIT_ACTION,
    permission: "review:approve",
    input: approveReportInput,
    prepare: async () => ({ baseUrl: await appBaseUrl() }),
    run: async ({ tx, actor, input, prepared }) => {
      const subject = await loadSubject(tx, actor, input.incidentId);
      const decision = decideTransition("approve", await contextFor(tx, actor, subject));
      enforce(decision);
      await claimTransition(tx, subject, decision.to, input.expectedVersion);

      const me = actorRef(actor);
      const revision = await freezeRevision(tx, { incidentId: subject.id, reason: `Signed off by ${me.name}`, createdById: me.id || null });
      const signOff = await tx.signOff.create({
        data: { incidentId: subject.id, revisionId: revision.id, reviewerId: me.id || null, comment: input.comment ?? null },
        select: { id: true, signedAt: true },
      });
      await tx.reviewAssignment.updateMany({
        where: { incidentId: subject.id, reviewerId: me.id },
        data: { decision: "APPROVED", decidedAt: signOff.signedAt },
      });
      const notifications = await recordNotifications(
        tx,
        authorNotification(subject, me, "REPORT_APPROVED", signOff.id, (author) =>
          approvedEmail(author.email, {
            report: reportRef(subject, prepared.baseUrl),
            reviewer: me.name,
            comment: input.comment,
            revisionNumber: revision.number,
          }),
        ),
      );
      await queueReviewChatEvent(tx, { event: "review.approved", incidentId: subject.id, revisionId: revision.id, by: me.name });
      return {
        notifications,
        incidentId: subject.id,
        publicId: subject.publicId,
        from: subject.reportState,
        to: decision.to,
        signOffId: signOff.id,
        revision,
        comment: input.comment ?? null,
      };
    },
    audit: (result) => ({
      ...stateAudit(result),
      // The sign-off's own row: lib/reviews/revisions checks the signed revision's hash against the one recorded here.
      entityType: "SignOff",
      entityId: result.signOffId,
      meta: { revision: result.revision.number, contentHash: result.revision.contentHash, ...(result.comment ? { comment: result.comment } : {}) },
    }),
    revalidate: (result) => reportPaths(result.publicId),
  }),
);

// ---------------------------------------------------------------------------------------------------------------
// Request changes

export const requestChanges = withNotifications(
  defineAction({
    name: "review.request-changes",
    permission: "review:approve",
    input: requestChangesInput,
    prepare: async () => ({ baseUrl: await appBaseUrl() }),
    run: async ({ tx, actor, input, prepared }) => {
      const subject = await loadSubject(tx, actor, input.incidentId);
      const decision = decideTransition("requestChanges", await contextFor(tx, actor, subject));
      enforce(decision);
      await claimTransition(tx, subject, decision.to);

      const me = actorRef(actor);
      const comment = await tx.reviewComment.create({
        data: { incidentId: subject.id, section: input.section, body: input.comment, authorId: me.id || null },
        select: { id: true, createdAt: true },
      });
      await tx.reviewAssignment.updateMany({
        where: { incidentId: subject.id, reviewerId: me.id },
        data: { decision: "CHANGES_REQUESTED", decidedAt: comment.createdAt },
      });
      const notifications = await recordNotifications(
        tx,
        authorNotification(subject, me, "CHANGES_REQUESTED", comment.id, (author) =>
          changesRequestedEmail(author.email, {
            report: reportRef(subject, prepared.baseUrl),
            reviewer: me.name,
            comment: input.comment,
            section: commentSectionLabel(input.section),
          }),
        ),
      );
      return {
        notifications,
        incidentId: subject.id,
        publicId: subject.publicId,
        from: subject.reportState,
        to: decision.to,
        commentId: comment.id,
        section: input.section,
        comment: input.comment,
      };
    },
    audit: (result) => [
      stateAudit(result, { meta: { commentId: result.commentId, section: result.section } }),
      {
        action: "review.comment",
        entityType: "ReviewComment",
        entityId: result.commentId,
        incidentId: result.incidentId,
        changes: { body: { after: result.comment } },
        meta: { section: result.section },
      },
    ],
    revalidate: (result) => reportPaths(result.publicId),
  }),
);

// ---------------------------------------------------------------------------------------------------------------
// Reopen

export const reopenReport = defineAction({
  name: "review.reopen",
  permission: "review:reopen",
  input: reopenReportInput,
  run: async ({ tx, actor, input }) => {
    const subject = await loadSubject(tx, actor, input.incidentId);
    const decision = decideTransition("reopen", await contextFor(tx, actor, subject));
    enforce(decision);
    await claimTransition(tx, subject, decision.to);
    const me = actorRef(actor);
    // The signed revision stays as it is; the reopened report starts the next one.
    const revision = await freezeRevision(tx, {
      incidentId: subject.id,
      reason: `Reopened by ${me.name}${input.reason ? `: ${input.reason}` : ""}`,
      createdById: me.id || null,
    });
    return { incidentId: subject.id, publicId: subject.publicId, from: subject.reportState, to: decision.to, revision, reason: input.reason ?? null };
  },
  audit: (result) =>
    stateAudit(result, {
      meta: { revision: result.revision.number, contentHash: result.revision.contentHash, ...(result.reason ? { reason: result.reason } : {}) },
    }),
  revalidate: (result) => reportPaths(result.publicId),
});

// ---------------------------------------------------------------------------------------------------------------
// Comments

export const addReviewComment = defineAction({
  name: "review.comment",
  permission: "review:comment",
  input: addCommentInput,
  run: async ({ tx, actor, input }) => {
    const subject = await loadSubject(tx, actor, input.incidentId);
    const me = actorRef(actor);
    enforce(decideComment({ state: subject.reportState, actor: me }));
    let section: string = input.section;
    let parentId: string | null = null;
    if (input.parentId) {
      const parent = await tx.reviewComment.findFirst({
        where: { id: input.parentId, incidentId: subject.id },
        select: { id: true, parentId: true, section: true },
      });
      if (!parent) throw new NotFoundError("The comment you reply to");
      // Threads are one level deep: a reply to a reply joins the thread.
      parentId = parent.parentId ?? parent.id;
      section = parent.section;
    }
    const comment = await tx.reviewComment.create({
      data: { incidentId: subject.id, section, body: input.body, authorId: me.id || null, parentId },
      select: { id: true },
    });
    return { incidentId: subject.id, publicId: subject.publicId, commentId: comment.id, section, parentId, body: input.body };
  },
  audit: (result) => ({
    entityType: "ReviewComment",
    entityId: result.commentId,
    incidentId: result.incidentId,
    changes: { body: { after: result.body } },
    meta: { section: result.section, ...(result.parentId ? { parentId: result.parentId } : {}) },
  }),
  revalidate: (result) => reportPaths(result.publicId),
});

export const resolveReviewComment = defineAction({
  name: "review.resolve-comment",
  permission: "review:comment",
  input: resolveCommentInput,
  run: async ({ tx, actor, input }) => {
    const subject = await loadSubject(tx, actor, input.incidentId);
    const found = await tx.reviewComment.findFirst({ where: { id: input.commentId, incidentId: subject.id }, select: { id: true, parentId: true } });
    if (!found) throw new NotFoundError("The comment");
    // Resolving is for whole threads: a reply stands for its thread.
    const threadId = found.parentId ?? found.id;
    const thread = await tx.reviewComment.findUniqueOrThrow({
      where: { id: threadId },
      select: { id: true, authorId: true, resolvedAt: true, section: true, body: true },
    });
    const me = actorRef(actor);
    enforce(
      decideResolve({
        state: subject.reportState,
        actor: me,
        authorId: subject.authorId,
        reviewerIds: subject.reviewers.map((reviewer) => reviewer.id),
        commentAuthorId: thread.authorId,
        resolved: thread.resolvedAt !== null,
      }),
    );
    const resolved = await tx.reviewComment.updateMany({
      where: { id: thread.id, resolvedAt: null },
      data: { resolvedAt: new Date(), resolvedById: me.id || null },
    });
    if (resolved.count !== 1) throw new ConflictError("This comment is already resolved.");
    return { incidentId: subject.id, publicId: subject.publicId, commentId: thread.id, section: thread.section, body: thread.body };
  },
  audit: (result) => ({
    entityType: "ReviewComment",
    entityId: result.commentId,
    incidentId: result.incidentId,
    changes: { resolved: { before: false, after: true } },
    meta: { section: result.section },
  }),
  revalidate: (result) => reportPaths(result.publicId),
});

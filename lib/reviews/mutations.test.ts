// The review workflow against the test database: every step through the guarded actions, as the pages and the API
// call them.
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from "@/lib/errors";
import { loadEditableReport, updateReport } from "@/lib/incidents/mutations";
import { createTestActor, createTestUser } from "@/lib/users/test-fixtures";
import { addReviewComment, approveReport, reopenReport, requestChanges, resolveReviewComment, submitForReview } from "@/lib/reviews/mutations";
import { getReviewPanel, listMyReports, listReviewQueue } from "@/lib/reviews/queries";
import { assertReportEditable } from "@/lib/reviews/read-only";
import { checkLatestSignOff, contentHash, listRevisions } from "@/lib/reviews/revisions";
import { createTestReport, outboxFor, reviewCast, withSetting } from "@/lib/reviews/test-fixtures";

const db = () => getDb();

async function caught(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error as Error,
  );
}

const stateOf = async (id: string) => (await db().incident.findUniqueOrThrow({ where: { id }, select: { reportState: true } })).reportState;
const auditActions = async (incidentId: string) =>
  (await db().auditEvent.findMany({ where: { incidentId }, orderBy: { id: "asc" }, select: { action: true } })).map((row) => row.action);

describe("the whole review", () => {
  it("goes submit → changes requested → resubmit → resolve → approve → reopen, with revisions, emails and audit rows", async () => {
    const { author, manager, report } = await reviewCast();

    // Submit, naming the reviewer by email
    const submitted = await submitForReview(
      { incidentId: report.publicId, reviewers: [manager.user.email.toUpperCase()], note: "Please look at the root cause" },
      author,
    );
    expect(submitted).toMatchObject({ from: "DRAFT", to: "IN_REVIEW", revision: { number: 1 } });
    expect(await stateOf(report.id)).toBe("IN_REVIEW");
    const participant = await db().incidentParticipant.findUnique({ where: { incidentId_userId: { incidentId: report.id, userId: manager.user.id } } });
    expect(participant?.role).toBe("REVIEWER");
    const [requestMail] = await outboxFor(manager.user.email);
    expect(requestMail).toMatchObject({ subject: `Review requested: ${report.publicId} Checkout latency` });
    expect(requestMail!.text).toContain(`/incidents/${report.publicId}`);
    expect(requestMail!.text).toContain("Please look at the root cause");
    expect(requestMail!.html).toMatch(new RegExp(`href="https?://[^"/]+/incidents/${report.publicId}"`));
    const [queued] = await listReviewQueue(manager.user.id);
    expect(queued).toMatchObject({ publicId: report.publicId, submissionNote: { note: "Please look at the root cause", by: author.user.name } });
    expect((await getReviewPanel(manager.user, report.id))?.submissionNote).toMatchObject({ note: "Please look at the root cause", by: author.user.name });

    // Changes requested, with a comment on the root cause
    await requestChanges({ incidentId: report.id, comment: "Why did the node run out of memory?", section: "rootCause" }, manager);
    expect(await stateOf(report.id)).toBe("CHANGES_REQUESTED");
    const [changesMail] = await outboxFor(author.user.email);
    expect(changesMail).toMatchObject({ subject: `Changes requested: ${report.publicId} Checkout latency` });
    expect(changesMail!.text).toContain("Why did the node run out of memory?");
    expect(changesMail!.text).toContain("(Root cause)");
    expect(await listReviewQueue(manager.user.id)).toEqual([]);
    const [mine] = await listMyReports(author.user.id);
    expect(mine).toMatchObject({
      publicId: report.publicId,
      reportState: "CHANGES_REQUESTED",
      openComments: 1,
      reviewers: [{ name: manager.user.name, decision: "CHANGES_REQUESTED" }],
    });

    // The author answers and fixes the root cause, then resubmits to the same reviewer without naming them again
    const panel = await getReviewPanel(author.user, report.id);
    const thread = panel!.threads[0]!;
    expect(thread).toMatchObject({ section: "rootCause", sectionLabel: "Root cause", resolvedAt: null });
    await addReviewComment({ incidentId: report.id, parentId: thread.id, body: "A leak in the session cache; fixed the text." }, author);
    const editable = await loadEditableReport(author.user, report.id);
    await updateReport(
      {
        id: report.id,
        expectedVersion: editable!.version,
        document: { ...editable!.document, rootCause: "A session-cache leak exhausted the node's memory." },
      },
      author,
    );
    const resubmitted = await submitForReview({ incidentId: report.id, reviewers: [] }, author);
    expect(resubmitted).toMatchObject({ from: "CHANGES_REQUESTED", to: "IN_REVIEW", revision: { number: 2 }, reviewers: [{ id: manager.user.id }] });

    // Approval waits for the comment to be resolved
    const blocked = await caught(approveReport({ incidentId: report.id }, manager));
    expect(blocked).toBeInstanceOf(ConflictError);
    expect(blocked.message).toBe("1 comment is still unresolved: resolve it before approving.");
    await resolveReviewComment({ incidentId: report.id, commentId: thread.id }, manager);

    const version = (await getReviewPanel(manager.user, report.id))!.version;
    const approved = await approveReport({ incidentId: report.id, comment: "Thorough, thanks.", expectedVersion: version }, manager);
    expect(approved).toMatchObject({ to: "APPROVED", revision: { number: 3 } });
    expect(await stateOf(report.id)).toBe("APPROVED");
    const signOff = await db().signOff.findFirstOrThrow({ where: { incidentId: report.id }, include: { revision: true } });
    expect(signOff).toMatchObject({ reviewerId: manager.user.id, comment: "Thorough, thanks.", revision: { number: 3 } });
    expect(signOff.revision.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash(signOff.revision.content)).toBe(signOff.revision.contentHash);
    expect((signOff.revision.content as { rootCause: string }).rootCause).toBe("A session-cache leak exhausted the node's memory.");
    const approvedMail = (await outboxFor(author.user.email)).at(-1);
    expect(approvedMail).toMatchObject({ subject: `Approved: ${report.publicId} Checkout latency` });
    expect(approvedMail!.html).toContain("Thorough, thanks.");
    expect(await checkLatestSignOff(report.id)).toMatchObject({
      revisionNumber: 3,
      matchesCurrent: true,
      revisionIntact: true,
      changedFields: [],
      reviewer: { id: manager.user.id },
    });

    // Read-only: a save is refused
    const frozen = await loadEditableReport(author.user, report.id);
    const save = await caught(updateReport({ id: report.id, expectedVersion: frozen!.version, document: { ...frozen!.document, title: "Changed" } }, author));
    expect(save).toBeInstanceOf(ConflictError);
    expect(save.message).toContain("approved and therefore read-only");

    // A second manager reopens: back to draft, a new revision, the signed one untouched
    const otherManager = await createTestActor("MANAGER");
    await reopenReport({ incidentId: report.id, reason: "Customer impact was larger" }, otherManager);
    expect(await stateOf(report.id)).toBe("DRAFT");
    const revisions = await listRevisions(author.user, report.id);
    expect(revisions!.revisions.map((revision) => [revision.number, revision.reason, revision.signOffs.length])).toEqual([
      [1, `Submitted for review by ${author.user.name}`, 0],
      [2, `Resubmitted for review by ${author.user.name}`, 0],
      [3, `Signed off by ${manager.user.name}`, 1],
      [4, `Reopened by ${otherManager.user.name}: Customer impact was larger`, 0],
    ]);
    expect(revisions!.revisions[3]!.contentHash).toBe(revisions!.revisions[2]!.contentHash);

    expect(await auditActions(report.id)).toEqual([
      "incident.create",
      "review.submit",
      "review.request-changes",
      "review.comment",
      "review.comment",
      "incident.update",
      "review.submit",
      "review.resolve-comment",
      "review.approve",
      "review.reopen",
    ]);
    const approval = await db().auditEvent.findFirstOrThrow({ where: { incidentId: report.id, action: "review.approve" } });
    expect(approval).toMatchObject({
      actorId: manager.user.id,
      entityType: "SignOff",
      entityId: signOff.id,
      changes: { reportState: { before: "IN_REVIEW", after: "APPROVED" } },
      meta: { revision: 3, contentHash: signOff.revision.contentHash, comment: "Thorough, thanks." },
    });
  });
});

describe("refusals", () => {
  it("answers a conflict for approving a draft, and leaves nothing behind", async () => {
    const { manager, report } = await reviewCast();
    const error = await caught(approveReport({ incidentId: report.id }, manager));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe("The report is draft: you cannot approve it now. It must be submitted for review first.");
    expect(await stateOf(report.id)).toBe("DRAFT");
    expect(await db().signOff.count({ where: { incidentId: report.id } })).toBe(0);
    expect(await db().revision.count({ where: { incidentId: report.id } })).toBe(0);
    expect(await auditActions(report.id)).toEqual(["incident.create"]);
  });

  it("refuses approving with an open comment (409) and stores nothing: no sign-off, revision, decision or audit row", async () => {
    const { author, manager, report } = await reviewCast();
    await submitForReview({ incidentId: report.id, reviewers: [manager.user.id] }, author);
    await addReviewComment({ incidentId: report.id, section: "rootCause", body: "Which node?" }, manager);
    await addReviewComment({ incidentId: report.id, section: "timeline", body: "When was it paged?" }, manager);
    const before = await auditActions(report.id);
    const error = await caught(approveReport({ incidentId: report.id, comment: "Fine" }, manager));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe("2 comments are still unresolved: resolve them before approving.");
    expect(await stateOf(report.id)).toBe("IN_REVIEW");
    expect(await db().signOff.count({ where: { incidentId: report.id } })).toBe(0);
    expect(await db().revision.count({ where: { incidentId: report.id } })).toBe(1);
    expect(await db().reviewAssignment.findFirst({ where: { incidentId: report.id }, select: { decision: true } })).toEqual({ decision: "PENDING" });
    expect(await auditActions(report.id)).toEqual(before);
  });

  it("refuses a manager who was not asked to review (403)", async () => {
    const { author, manager, otherManager, report } = await reviewCast();
    await submitForReview({ incidentId: report.id, reviewers: [manager.user.id] }, author);
    for (const attempt of [
      () => approveReport({ incidentId: report.id }, otherManager),
      () => requestChanges({ incidentId: report.id, comment: "No" }, otherManager),
    ]) {
      const error = await caught(attempt());
      expect(error).toBeInstanceOf(ForbiddenError);
      expect(error.message).toContain("Only a reviewer the author asked");
    }
    expect(await stateOf(report.id)).toBe("IN_REVIEW");
  });

  it("refuses reviewers who cannot sign off, naming each", async () => {
    const { author, report } = await reviewCast();
    const sre = await createTestUser({ role: "SRE" });
    const gone = await createTestUser({ role: "MANAGER", active: false });
    const error = await caught(submitForReview({ incidentId: report.id, reviewers: [sre.email, gone.id, "nobody@example.test"] }, author));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).issues).toEqual([
      { path: "reviewers.0", message: `${sre.email} is not a manager or admin, so cannot sign off` },
      { path: "reviewers.1", message: `No active user ${gone.id}` },
      { path: "reviewers.2", message: "No active user nobody@example.test" },
    ]);
    expect(await caught(submitForReview({ incidentId: report.id, reviewers: [] }, author))).toMatchObject({ message: "Choose at least one reviewer." });
    expect(await stateOf(report.id)).toBe("DRAFT");
  });

  it("refuses to sign a report edited since the reviewer opened it", async () => {
    const { author, manager, report } = await reviewCast();
    await submitForReview({ incidentId: report.id, reviewers: [manager.user.id] }, author);
    const seen = (await getReviewPanel(manager.user, report.id))!.version;
    const editable = await loadEditableReport(author.user, report.id);
    await updateReport({ id: report.id, expectedVersion: editable!.version, document: { ...editable!.document, rootCause: "Quietly changed" } }, author);
    const error = await caught(approveReport({ incidentId: report.id, expectedVersion: seen }, manager));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain("was edited since you opened it");
    expect(await stateOf(report.id)).toBe("IN_REVIEW");
  });

  it("hides a private report from an outsider (404) but lets its reviewer in", async () => {
    const author = await createTestActor("SRE");
    const manager = await createTestActor("MANAGER");
    const outsider = await createTestActor("SRE");
    const report = await createTestReport(author, { private: true });
    expect(await caught(submitForReview({ incidentId: report.id, reviewers: [manager.user.id] }, outsider))).toBeInstanceOf(NotFoundError);
    await submitForReview({ incidentId: report.id, reviewers: [manager.user.id] }, author);
    expect(await getReviewPanel(outsider.user, report.id)).toBeNull();
    expect((await getReviewPanel(manager.user, report.id))?.state).toBe("IN_REVIEW");
  });
});

describe("assertReportEditable", () => {
  it("refuses writes to an approved report and lets them through again once it is reopened", async () => {
    const { author, manager, report } = await reviewCast();
    const check = () => db().$transaction((tx) => assertReportEditable(tx, report.id));
    await expect(check()).resolves.toBeUndefined();
    await submitForReview({ incidentId: report.id, reviewers: [manager.user.id] }, author);
    await approveReport({ incidentId: report.id }, manager);
    await expect(check()).rejects.toThrow(`${report.publicId} is approved and therefore read-only`);
    await reopenReport({ incidentId: report.id }, manager);
    await expect(check()).resolves.toBeUndefined();
  });
});

describe("separation of duties", () => {
  it("refuses a manager approving their own report unless reviews.allowSelfApproval is on", async () => {
    const author = await createTestActor("MANAGER");
    const report = await createTestReport(author);
    // Not even asking oneself is possible while the setting is off
    expect(await caught(submitForReview({ incidentId: report.id, reviewers: [author.user.id] }, author))).toMatchObject({
      message: "You cannot review your own report: choose someone else.",
    });
    expect((await getReviewPanel(author.user, report.id))!.eligibleReviewers.map((user) => user.id)).not.toContain(author.user.id);

    await withSetting("reviews.allowSelfApproval", true, async () => {
      await submitForReview({ incidentId: report.id, reviewers: [author.user.id] }, author);
    });
    // The setting was switched off again before the decision: refused
    const error = await caught(approveReport({ incidentId: report.id }, author));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toBe("You cannot approve your own report: another reviewer must sign it off.");

    await withSetting("reviews.allowSelfApproval", true, async () => {
      await approveReport({ incidentId: report.id }, author);
    });
    expect(await stateOf(report.id)).toBe("APPROVED");
  });
});

describe("comments", () => {
  it("thread replies one level deep, and only the writer, the author or a reviewer resolve them", async () => {
    const { author, manager, report } = await reviewCast();
    await submitForReview({ incidentId: report.id, reviewers: [manager.user.id] }, author);
    const { commentId } = await addReviewComment({ incidentId: report.id, section: "timeline", body: "When was the page?" }, manager);
    const reply = await addReviewComment({ incidentId: report.id, parentId: commentId, section: "summary", body: "10:02" }, author);
    const replyToReply = await addReviewComment({ incidentId: report.id, parentId: reply.commentId, body: "Thanks" }, manager);
    expect(reply).toMatchObject({ parentId: commentId, section: "timeline" });
    expect(replyToReply).toMatchObject({ parentId: commentId, section: "timeline" });

    const bystander = await createTestActor("SRE");
    expect(await caught(resolveReviewComment({ incidentId: report.id, commentId }, bystander))).toBeInstanceOf(ForbiddenError);
    const viewer = await createTestActor("VIEWER");
    expect(await caught(addReviewComment({ incidentId: report.id, body: "Hi" }, viewer))).toBeInstanceOf(ForbiddenError);

    // resolving a reply resolves its thread
    await resolveReviewComment({ incidentId: report.id, commentId: reply.commentId }, author);
    const panel = await getReviewPanel(author.user, report.id);
    expect(panel!.threads).toHaveLength(1);
    expect(panel!.threads[0]).toMatchObject({ resolvedBy: { id: author.user.id }, replies: [{ body: "10:02" }, { body: "Thanks" }] });
    expect(panel!.unresolvedCount).toBe(0);
    expect(await caught(resolveReviewComment({ incidentId: report.id, commentId }, manager))).toMatchObject({ message: "This comment is already resolved." });
  });

  it("refuses comments on an approved report", async () => {
    const { author, manager, report } = await reviewCast();
    await submitForReview({ incidentId: report.id, reviewers: [manager.user.id] }, author);
    await approveReport({ incidentId: report.id }, manager);
    const error = await caught(addReviewComment({ incidentId: report.id, body: "Late remark" }, author));
    expect(error).toBeInstanceOf(ConflictError);
  });
});

describe("the queue", () => {
  it("lists what waits for a reviewer, the longest-waiting first", async () => {
    const author = await createTestActor("SRE");
    const manager = await createTestActor("MANAGER");
    const older = await createTestReport(author, { title: "Older" });
    const newer = await createTestReport(author, { title: "Newer" });
    await submitForReview({ incidentId: newer.id, reviewers: [manager.user.id] }, author);
    await submitForReview({ incidentId: older.id, reviewers: [manager.user.id] }, author);
    await db().reviewAssignment.updateMany({ where: { incidentId: older.id }, data: { requestedAt: new Date(Date.now() - 3 * 86_400_000) } });
    const queue = await listReviewQueue(manager.user.id);
    expect(queue.map((row) => row.title)).toEqual(["Older", "Newer"]);
    expect(queue[0]!.author?.id).toBe(author.user.id);
  });
});

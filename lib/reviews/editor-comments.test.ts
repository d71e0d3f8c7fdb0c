// What the editor shows of a review, against the test database, after the steps a manager and an author take.
import { describe, expect, it } from "vitest";
import { createTestActor } from "@/lib/users/test-fixtures";
import { addReviewComment, requestChanges, resolveReviewComment, submitForReview } from "@/lib/reviews/mutations";
import { getEditorReview } from "@/lib/reviews/editor-comments";
import { reviewCast } from "@/lib/reviews/test-fixtures";

describe("the editor's view of a review", () => {
  it("names who requested changes and lists open threads by section, with replies, until they are resolved", async () => {
    const { author, manager, report } = await reviewCast();
    const asViewer = { id: author.user.id, role: author.user.role };

    const draft = await getEditorReview(asViewer, report.id);
    expect(draft).toEqual({ state: "DRAFT", changesRequested: null, openComments: [] });

    await submitForReview({ incidentId: report.id, reviewers: [manager.user.id] }, author);
    await addReviewComment({ incidentId: report.id, section: "actionItems", body: "Who owns the alert?" }, manager);
    await requestChanges({ incidentId: report.id, comment: "Why did the node run out of memory?", section: "rootCause" }, manager);

    const sentBack = await getEditorReview(asViewer, report.id);
    expect(sentBack?.state).toBe("CHANGES_REQUESTED");
    expect(sentBack?.changesRequested).toEqual({ by: manager.user.name, at: expect.any(String) });
    expect(sentBack?.openComments.map((comment) => [comment.section, comment.sectionLabel, comment.body, comment.canResolve])).toEqual([
      ["actionItems", "Action items", "Who owns the alert?", true],
      ["rootCause", "Root cause", "Why did the node run out of memory?", true],
    ]);

    const rootCause = sentBack!.openComments[1]!;
    await addReviewComment({ incidentId: report.id, parentId: rootCause.id, body: "A leak in the session cache." }, author);
    const replied = await getEditorReview(asViewer, report.id);
    expect(replied?.openComments[1]?.replies.map((reply) => [reply.authorName, reply.body])).toEqual([[author.user.name, "A leak in the session cache."]]);

    await resolveReviewComment({ incidentId: report.id, commentId: rootCause.id }, author);
    const resolved = await getEditorReview(asViewer, report.id);
    expect(resolved?.openComments.map((comment) => comment.section)).toEqual(["actionItems"]);
  });

  it("offers Resolve only to those the review rules allow", async () => {
    const { author, manager, report } = await reviewCast();
    const bystander = await createTestActor("SRE");
    await submitForReview({ incidentId: report.id, reviewers: [manager.user.id] }, author);
    await requestChanges({ incidentId: report.id, comment: "Add the timeline of the page.", section: "timeline" }, manager);

    const asBystander = await getEditorReview({ id: bystander.user.id, role: bystander.user.role }, report.id);
    expect(asBystander?.openComments.map((comment) => comment.canResolve)).toEqual([false]);
    const asManager = await getEditorReview({ id: manager.user.id, role: manager.user.role }, report.id);
    expect(asManager?.openComments.map((comment) => comment.canResolve)).toEqual([true]);
  });

  it("is null for an incident that does not exist", async () => {
    const author = await createTestActor("SRE");
    expect(await getEditorReview({ id: author.user.id, role: author.user.role }, "no-such-incident")).toBeNull();
  });
});

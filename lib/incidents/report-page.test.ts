// The report page's reads on the real database: everything the page shows, in few statements (issue 13: at most 10
// for the page with the session's own lookup), the same as each part read on its own, and nothing for a viewer who
// may not see the report.
import { describe, expect, it } from "vitest";
import { listAttachments } from "@/lib/attachments/queries";
import { getFollowUpPanel } from "@/lib/follow-ups/queries";
import { getPostmortemDue, getVisibleReport } from "@/lib/incidents/queries";
import { loadReportPage } from "@/lib/incidents/report-page";
import { getMetricsOverview } from "@/lib/metrics/queries";
import { getReviewPanel } from "@/lib/reviews/queries";
import { approveReport, submitForReview } from "@/lib/reviews/mutations";
import { createTestReport } from "@/lib/reviews/test-fixtures";
import { createTestActor } from "@/lib/users/test-fixtures";
import { countQueries } from "@/test/helpers/query-count";

/** The session's own lookup (lib/auth/session.ts: one statement per request, however many components ask). */
const SESSION_STATEMENTS = 1;
const PAGE_BUDGET = 10;

async function signedOffReport() {
  const author = await createTestActor("SRE");
  const manager = await createTestActor("MANAGER");
  const report = await createTestReport(author, {
    services: ["checkout-api"],
    contributingFactors: ["No alert on cache memory", "Eviction policy left at default"],
    lessonsLearned: [{ category: "WENT_WELL", text: "Rollback was quick" }],
    actionItems: [
      { title: "Alert on cache memory", priority: "HIGH", ownerEmail: author.user.email },
      { title: "Set an eviction policy", priority: "LOW" },
    ],
  });
  await submitForReview({ incidentId: report.id, reviewers: [manager.user.email] }, author);
  await approveReport({ incidentId: report.id, comment: "Clear and complete." }, manager);
  return { author, manager, report };
}

describe("the report page", () => {
  it(`reads an approved report with everything around it in at most ${PAGE_BUDGET - SESSION_STATEMENTS} statements`, async () => {
    const { manager, report } = await signedOffReport();
    const viewer = { ...manager.user };
    const { result, count, statements } = await countQueries(() => loadReportPage(viewer, report.publicId));
    expect(count + SESSION_STATEMENTS, statements.map((sql) => sql.slice(0, 160)).join("\n")).toBeLessThanOrEqual(PAGE_BUDGET);
    expect(result).not.toBeNull();
    // what the page shows is what each part reads on its own
    const page = result!;
    expect(page.report).toEqual(await getVisibleReport(viewer, report.id));
    expect(page.review).toEqual(await getReviewPanel(viewer, report.id));
    expect(page.review.signOff).toMatchObject({ revisionIntact: true, matchesCurrent: true });
    expect(page.attachments).toEqual(await listAttachments(viewer, report.id));
    expect(page.metrics).toEqual(await getMetricsOverview(viewer, report.id));
    expect(page.followUp).toEqual(await getFollowUpPanel(viewer, report.id));
    expect(page.postmortemDue).toEqual(await getPostmortemDue(report.id));
    expect(page.review.eligibleReviewers.map((person) => person.id)).toContain(manager.user.id);
  });

  it("names each action item's owner and gives its tracker link, read with the report (no statement more)", async () => {
    const { author, manager, report } = await signedOffReport();
    const page = (await loadReportPage(manager.user, report.publicId))!;
    const [owned, unowned] = page.report.actionItems;
    expect(page.actionItemExtras[owned.id!]).toEqual({ ownerName: author.user.name, trackerUrl: null });
    expect(page.actionItemExtras[unowned.id!]).toEqual({ ownerName: null, trackerUrl: null });
  });

  it("is null for a private report the viewer is not part of, and for an id that does not exist", async () => {
    const author = await createTestActor("SRE");
    const outsider = await createTestActor("SRE");
    const report = await createTestReport(author, { private: true });
    expect(await loadReportPage(outsider.user, report.publicId)).toBeNull();
    expect(await loadReportPage(author.user, report.publicId)).not.toBeNull();
    expect(await loadReportPage(author.user, "INC-NOPE-0")).toBeNull();
  });
});

// Journey: the review guides both sides. An SRE submits a report with a note to the reviewer; the manager reads the
// note in the review queue and on the report; while a comment is open "Approve and sign off" is disabled and says why,
// with a link to the comment; once it is resolved the sign-off works. The revision diff then reads in people's words:
// labels as the editor has them, the owner's name, the due date as a date, the status as a word, the rewritten root
// cause marked word by word. The review queue, the review panel and the diff fit a 390 px phone and pass axe.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { apiGet, apiSend, importOwnReport } from "./app-api";
import { demo, newSignedInPage } from "./helpers";
import type { ActionItemListResponse, ActionItemResponse } from "../lib/action-items/schema";

const PHONE = { width: 390, height: 844 };
const NOTE = "First postmortem on the pool: the root cause section is where I am least sure.";
const ITEM = "Implement connection pool health checks in all services";

/** Serious and critical axe violations (WCAG 2 A and AA) of the page, or of one part of it. */
async function seriousViolations(page: Page, include?: string) {
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]);
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

test("the reviewer sees the author's note, cannot approve past an open comment, and reads the revision diff in words", async ({ browser }) => {
  test.setTimeout(180_000);
  const sre = demo("SRE");
  const manager = demo("MANAGER");

  // The SRE imports a report of their own and submits it with a note to the manager.
  const author = await newSignedInPage(browser, sre.email, sre.password);
  const imported = await importOwnReport(author, "GUIDE");
  await author.goto(`/incidents/${imported.publicId}`);
  const authorPanel = author.getByTestId("review-panel");
  await authorPanel.getByRole("checkbox", { name: `${manager.name} (${manager.email})` }).check();
  await authorPanel.getByLabel("Note to the reviewers (optional)").fill(NOTE);
  await authorPanel.getByRole("button", { name: "Submit for review" }).click();
  await expect(author.getByTestId("report-state")).toHaveText("In review");

  // The manager's queue shows the note, who wrote it and when; on a phone, nothing scrolls sideways.
  const reviewer = await newSignedInPage(browser, manager.email, manager.password);
  await reviewer.setViewportSize(PHONE);
  await reviewer.goto("/reviews");
  const row = reviewer.getByTestId("queue-row").filter({ hasText: imported.publicId });
  const queuedNote = row.getByTestId("submission-note");
  await expect(queuedNote.getByTestId("submission-note-text")).toHaveText(NOTE);
  await expect(queuedNote).toContainText(`Note to the reviewers from ${sre.name}`);
  await expect(queuedNote.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);
  expect(await pageWidth(reviewer), "the review queue scrolls sideways at 390 px").toBeLessThanOrEqual(PHONE.width);
  expect(await seriousViolations(reviewer)).toEqual([]);

  // On the report the note heads the review panel.
  await row.getByRole("link").first().click();
  await reviewer.waitForURL(new RegExp(`/incidents/${imported.publicId}$`));
  const panel = reviewer.getByTestId("review-panel");
  await expect(panel.getByTestId("submission-note")).toContainText(NOTE);
  await expect(panel.getByTestId("submission-note")).toContainText(sre.name);

  // An open comment: Approve is disabled, says why and links to the comment.
  const newComment = panel.getByTestId("new-comment-form");
  await newComment.getByLabel("Comment on").selectOption({ label: "Root cause" });
  await newComment.getByLabel("Comment", { exact: true }).fill("Which change in v2.4.1 stopped closing idle connections?");
  await newComment.getByRole("button", { name: "Add comment" }).click();
  const thread = panel.getByTestId("comment-thread").filter({ hasText: "Which change in v2.4.1" });
  await expect(thread).toHaveAttribute("data-resolved", "false");
  const approveForm = panel.getByTestId("approve-form");
  const approve = approveForm.getByRole("button", { name: "Approve and sign off" });
  await expect(approve).toBeDisabled();
  await expect(approveForm.getByTestId("approve-blocked")).toContainText("1 comment is still open: resolve it before signing off.");
  await expect(approve).toHaveAccessibleDescription(/1 comment is still open/);
  await approveForm.getByRole("link", { name: "Go to the open comment" }).click();
  await expect(reviewer).toHaveURL(/#comment-/);
  await expect(thread).toBeInViewport();

  // The panel fits the phone and passes axe.
  const overflow = await panel.evaluate((element) => ({
    right: element.getBoundingClientRect().right,
    scroll: element.scrollWidth,
    client: element.clientWidth,
  }));
  expect(overflow.right, "the review panel sticks out of a 390 px screen").toBeLessThanOrEqual(PHONE.width);
  expect(overflow.scroll, "the review panel scrolls sideways").toBeLessThanOrEqual(overflow.client);
  expect(await seriousViolations(reviewer, '[data-testid="review-panel"]')).toEqual([]);

  // The server refuses it too: the API answers 409 with the reason, and nothing is signed.
  const refused = await reviewer.request.post(`/api/v1/incidents/${imported.publicId}/approve`, {
    headers: { origin: new URL(reviewer.url()).origin, "content-type": "application/json" },
    data: JSON.stringify({}),
  });
  expect(refused.status()).toBe(409);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toBe("1 comment is still unresolved: resolve it before approving.");

  // Meanwhile the author reworks the report: the root cause, and the action item's owner, due date and status.
  await author.goto(`/incidents/${imported.publicId}/edit`);
  const rootCause = author.getByLabel("Root cause", { exact: true });
  const written = await rootCause.inputValue();
  await rootCause.fill(written.replace("a memory leak in the newly deployed", "an idle-connection leak in the v2.4.1"));
  await author.getByRole("button", { name: "Save", exact: true }).click();
  await expect(author.getByTestId("save-status")).toHaveText(/^Saved at/);
  const items = await apiGet<ActionItemListResponse>(author, `/api/v1/action-items?incident=${encodeURIComponent(imported.publicId)}&size=50`);
  const item = items.items.find((candidate) => candidate.title === ITEM)!;
  const me = await apiGet<{ id: string }>(reviewer, "/api/v1/me");
  await apiSend<ActionItemResponse>(author, "PATCH", `/api/v1/action-items/${item.id}`, {
    version: item.version,
    ownerId: me.id,
    dueDate: "2025-01-15",
    status: "IN_PROGRESS",
  });

  // Resolved, the sign-off works.
  await reviewer.reload();
  await thread.getByRole("button", { name: "Resolve" }).click();
  await expect(thread).toHaveAttribute("data-resolved", "true");
  await expect(approve).toBeEnabled();
  await expect(approveForm.getByTestId("approve-blocked")).toHaveCount(0);
  await approveForm.getByLabel("Sign-off comment (optional)").fill("Clear now, thanks.");
  await approve.click();
  await expect(reviewer.getByTestId("report-state")).toHaveText("Approved");

  // The diff between the submitted and the signed revision, in words, on the phone.
  await reviewer.goto(`/incidents/${imported.publicId}/revisions?compare=1..2`);
  const diff = reviewer.getByTestId("revision-diff");
  const actionItems = diff.getByTestId("diff-actionItems");
  const part = (label: string) => actionItems.getByTestId("diff-row").filter({ has: reviewer.getByTestId("diff-label").getByText(label, { exact: true }) });
  const owner = part(`Action item '${ITEM}': owner`);
  await expect(owner.getByTestId("diff-before")).toHaveText("(empty)");
  await expect(owner.getByTestId("diff-after")).toHaveText(manager.name);
  await expect(part(`Action item '${ITEM}': due date`).getByTestId("diff-after")).toHaveText("15 Jan 2025");
  const status = part(`Action item '${ITEM}': status`);
  await expect(status.getByTestId("diff-before")).toHaveText("Open");
  await expect(status.getByTestId("diff-after")).toHaveText("In progress");
  await expect(diff).not.toContainText(/IN_PROGRESS|ownerEmail|dueDate|status:/);

  // The root cause: the words that changed are marked, the rest is as written.
  const cause = diff.getByTestId("diff-rootCause");
  await expect(cause.getByTestId("diff-before").locator("del")).toContainText(["memory"]);
  await expect(cause.getByTestId("diff-after").locator("ins")).toContainText(["idle-connection"]);
  await expect(cause.getByTestId("diff-after")).toContainText("an idle-connection leak in the v2.4.1 database connection pool configuration");
  const struck = await cause
    .locator("del")
    .first()
    .evaluate((element) => getComputedStyle(element).textDecorationLine);
  const underlined = await cause
    .locator("ins")
    .first()
    .evaluate((element) => getComputedStyle(element).textDecorationLine);
  expect([struck, underlined]).toEqual(["line-through", "underline"]);

  expect(await pageWidth(reviewer), "the revisions page scrolls sideways at 390 px").toBeLessThanOrEqual(PHONE.width);
  expect(await seriousViolations(reviewer, '[data-testid="revision-diff"]')).toEqual([]);

  // History tells the submission with its note, and the action item's change in words; it fits the phone too.
  await reviewer.getByRole("navigation", { name: "Report views" }).getByRole("link", { name: "History" }).click();
  const entries = reviewer.getByTestId("history-entry");
  await expect(entries.filter({ hasText: NOTE })).toHaveCount(1);
  expect(await pageWidth(reviewer), "the history scrolls sideways at 390 px").toBeLessThanOrEqual(PHONE.width);
});

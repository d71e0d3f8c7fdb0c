// Journey: a postmortem goes through review and sign-off. An SRE submits it to a manager, who asks for a better root
// cause; the SRE fixes it and resubmits; the manager resolves the comment and signs off; the report is then read-only
// and says who signed it. A second manager reopens it, and the revision diff shows what changed during review.
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { demo, newSignedInPage } from "./helpers";

const reviewPanel = (page: Page) => page.getByTestId("review-panel");
const reportState = (page: Page) => page.getByTestId("report-state");

test("an SRE's report is reviewed, fixed, signed off, reopened by a second manager, and its revisions compared", async ({ browser }) => {
  // Five people and some twenty page loads against the production build: longer than one page's journey.
  test.setTimeout(180_000);
  const suffix = randomUUID().slice(0, 6);
  const title = `Payment retries storm ${suffix}`;
  const firstRootCause = "A retry loop in the payment client.";
  const fixedRootCause = "The payment client retried without backoff, multiplying load on the gateway by 40x.";
  const sre = demo("SRE");
  const manager = demo("MANAGER");

  // An admin adds the second manager through the admin page.
  const secondManager = { email: `second-manager-${suffix}@example.com`, name: `Riley Reopener ${suffix}`, password: "second-manager-password" };
  const admin = await newSignedInPage(browser, demo("ADMIN").email, demo("ADMIN").password);
  await admin.goto("/admin/users");
  const createUser = admin.getByTestId("create-user-form");
  await createUser.getByLabel("Email").fill(secondManager.email);
  await createUser.getByLabel("Name").fill(secondManager.name);
  await createUser.getByLabel("Role").selectOption("MANAGER");
  await createUser.getByLabel("Password").fill(secondManager.password);
  await createUser.getByRole("button", { name: "Add user" }).click();
  await expect(createUser.getByTestId("form-success")).toContainText(`Added ${secondManager.email}`);

  // The SRE writes a report of their own and submits it to manager@example.com.
  const author = await newSignedInPage(browser, sre.email, sre.password);
  await author.goto("/incidents/new");
  await author.getByLabel("Title", { exact: true }).fill(title);
  await author.getByLabel("Severity").selectOption("High");
  await author.getByLabel("Start (UTC)").fill("2025-07-01T08:00:00");
  await author.getByRole("button", { name: "Create report" }).click();
  await author.waitForURL(/\/incidents\/[^/]+\/edit$/);
  await author.getByLabel("Root cause", { exact: true }).fill(firstRootCause);
  await author.getByRole("button", { name: "Save", exact: true }).click();
  await expect(author.getByTestId("save-status")).toHaveText(/^Saved at/);
  await author.getByRole("link", { name: "View report" }).click();
  await author.waitForURL(/\/incidents\/[^/]+$/);
  const reportUrl = author.url();
  await expect(reportState(author)).toHaveText("Draft");
  await reviewPanel(author)
    .getByRole("checkbox", { name: `${manager.name} (${manager.email})` })
    .check();
  await reviewPanel(author).getByLabel("Note to the reviewers (optional)").fill("First postmortem on the payment path.");
  await reviewPanel(author).getByRole("button", { name: "Submit for review" }).click();
  await expect(reportState(author)).toHaveText("In review");
  await expect(reviewPanel(author).getByTestId("reviewers")).toContainText(manager.name);

  // The manager finds it in the review queue and asks for a better root cause.
  const reviewer = await newSignedInPage(browser, manager.email, manager.password);
  await reviewer.goto("/reviews");
  const queued = reviewer.getByTestId("queue-row").filter({ hasText: title });
  await expect(queued.getByTestId("waited")).toContainText("waiting");
  await queued.getByRole("link", { name: title }).click();
  await expect(reviewer).toHaveURL(reportUrl);
  const requestForm = reviewer.getByTestId("request-changes-form");
  await requestForm.getByLabel("Section").selectOption({ label: "Root cause" });
  await requestForm.getByLabel("What needs to change").fill("Why did the retries multiply? Quantify the load.");
  await requestForm.getByRole("button", { name: "Request changes" }).click();
  await expect(reportState(reviewer)).toHaveText("Changes requested");

  // The SRE sees the comment on the root cause, fixes it and resubmits to the same reviewer.
  await author.reload();
  await expect(reportState(author)).toHaveText("Changes requested");
  const thread = author.getByTestId("comment-thread").filter({ hasText: "Why did the retries multiply?" });
  await expect(thread).toContainText("Root cause");
  await expect(thread).toHaveAttribute("data-resolved", "false");
  await author.getByRole("link", { name: "Edit", exact: true }).click();
  await author.getByLabel("Root cause", { exact: true }).fill(fixedRootCause);
  await author.getByRole("button", { name: "Save", exact: true }).click();
  await expect(author.getByTestId("save-status")).toHaveText(/^Saved at/);
  await author.getByRole("link", { name: "View report" }).click();
  await expect(author.getByTestId("root-cause")).toHaveText(fixedRootCause);
  await expect(reviewPanel(author).getByRole("checkbox", { name: `${manager.name} (${manager.email})` })).toBeChecked();
  await reviewPanel(author).getByRole("button", { name: "Resubmit for review" }).click();
  await expect(reportState(author)).toHaveText("In review");

  // The manager cannot approve while the comment is open (the button says why); resolves it, then signs off.
  await reviewer.reload();
  const approveForm = reviewer.getByTestId("approve-form");
  await expect(approveForm.getByRole("button", { name: "Approve and sign off" })).toBeDisabled();
  await expect(approveForm.getByTestId("approve-blocked")).toContainText("1 comment is still open: resolve it before signing off.");
  await expect(reportState(reviewer)).toHaveText("In review");
  const openThread = reviewer.getByTestId("comment-thread").filter({ hasText: "Why did the retries multiply?" });
  await openThread.getByRole("button", { name: "Resolve" }).click();
  await expect(openThread).toHaveAttribute("data-resolved", "true");
  await expect(openThread).toContainText(`Resolved by ${manager.name}`);
  await approveForm.getByLabel("Sign-off comment (optional)").fill("Clear and quantified. Thanks.");
  await approveForm.getByRole("button", { name: "Approve and sign off" }).click();
  await expect(reportState(reviewer)).toHaveText("Approved");
  const signOff = reviewer.getByTestId("sign-off");
  await expect(signOff).toContainText(`Signed off by ${manager.name} on`);
  await expect(signOff).toContainText("Clear and quantified. Thanks.");
  await expect(signOff.getByTestId("sign-off-check")).toHaveText("✓ Content matches the signed revision");

  // For the author the approved report is read-only.
  await author.reload();
  await expect(reportState(author)).toHaveText("Approved");
  await expect(author.getByTestId("sign-off")).toContainText(`Signed off by ${manager.name} on`);
  await expect(author.getByRole("link", { name: "Edit", exact: true })).toHaveCount(0);
  await expect(reviewPanel(author).getByRole("button", { name: /Submit for review|Resubmit for review/ })).toHaveCount(0);
  await expect(author.getByTestId("new-comment-form")).toHaveCount(0);
  await author.goto(`${reportUrl}/edit`);
  await expect(author.getByRole("heading", { name: /is approved and read-only$/ })).toBeVisible();

  // A second manager reopens it: back to draft, the sign-off kept on record.
  const reopener = await newSignedInPage(browser, secondManager.email, secondManager.password);
  await reopener.goto(reportUrl);
  await reopener.getByLabel("Why reopen it?").fill("Customer impact numbers are missing.");
  await reopener.getByRole("button", { name: "Reopen report" }).click();
  await expect(reportState(reopener)).toHaveText("Draft");
  const previous = reopener.getByTestId("sign-off");
  await expect(previous).toContainText(`Previously signed off by ${manager.name}`);
  await expect(previous.getByTestId("reopened")).toContainText(`Reopened by ${secondManager.name}`);
  await expect(reopener.getByRole("link", { name: "Edit", exact: true })).toBeVisible();

  // The revisions: submitted, resubmitted, signed off, reopened; the diff shows the root cause rewritten in review.
  await reopener.getByRole("navigation", { name: "Report views" }).getByRole("link", { name: "Revisions" }).click();
  const list = reopener.getByTestId("revision-list");
  await expect(list.getByTestId("revision-1")).toContainText("Submitted for review by");
  await expect(list.getByTestId("revision-2")).toContainText("Resubmitted for review by");
  await expect(list.getByTestId("revision-3")).toContainText(`Signed off by ${manager.name}`);
  await expect(list.getByTestId("revision-4")).toContainText(`Reopened by ${secondManager.name}: Customer impact numbers are missing.`);
  await reopener.goto(`${reportUrl}/revisions?compare=1..3`);
  await expect(reopener.getByRole("heading", { name: "Revision 1 → Revision 3" })).toBeVisible();
  const rootCause = reopener.getByTestId("diff-rootCause");
  await expect(rootCause.getByTestId("diff-before")).toHaveText(firstRootCause);
  await expect(rootCause.getByTestId("diff-after")).toHaveText(fixedRootCause);
  await expect(reopener.getByTestId("revision-diff").getByTestId("diff-row")).toHaveCount(1);

  // The signed revision stays viewable as it was signed.
  await reopener.goto(`${reportUrl}/revisions/3`);
  await expect(reopener.getByTestId("revision-meta")).toContainText(`Signed off by ${manager.name}`);
  await expect(reopener.getByTestId("revision-integrity")).toHaveText("✓ The stored content matches this hash.");
  await expect(reopener.getByTestId("root-cause")).toHaveText(fixedRootCause);

  // The history tells every step, with the root cause before and after.
  await reopener.getByRole("navigation", { name: "Report views" }).getByRole("link", { name: "History" }).click();
  const entries = reopener.getByTestId("history-entry");
  await expect(entries.first()).toContainText("Reopened the report");
  const edit = entries.filter({ hasText: "Edited the report" }).filter({ hasText: fixedRootCause });
  await expect(edit.getByTestId("history-change-rootCause")).toContainText(firstRootCause);
  await expect(entries.filter({ hasText: "Approved and signed off" })).toContainText(manager.name);
});

// Journey: an SRE writes and edits reports: creates one from a template, edits every kind of section, saves with a
// button or Ctrl+S, never loses text to a colleague's save or a reload, and Markdown never runs a script.
import { randomInt, randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { importSampleAs } from "./app-api";
import { newPageSignedInAs, signInAs } from "./helpers";

const unique = (what: string) => `${what} ${randomUUID().slice(0, 6)}`;

/** Creates a report through the form and returns the editor's URL. */
async function createReport(page: Page, title: string): Promise<string> {
  await page.goto("/incidents/new");
  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel("Severity").selectOption("Medium");
  await page.getByLabel("Start (UTC)").fill("2025-05-01T09:00:00");
  await page.getByRole("button", { name: "Create report" }).click();
  await page.waitForURL(/\/incidents\/[^/]+\/edit$/);
  await expect(page.getByTestId("report-editor")).toBeVisible();
  return page.url();
}

async function save(page: Page) {
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("save-status")).toHaveText(/^Saved at/);
}

const timelineTexts = (page: Page) => page.getByTestId("timeline").getByTestId("timeline-text").allTextContents();

test("an SRE corrects the sample's timeline, adds an action item, saves, and finds it all after a reload", async ({ page }) => {
  await signInAs(page);
  // A copy of the sample on the sample's own day: the seeded report is read by journeys running meanwhile.
  const { publicId } = await importSampleAs(page, `INC-2024-1127-${randomInt(100_000, 1_000_000)}`);
  await page.goto(`/incidents/${publicId}`);
  await page.getByRole("link", { name: "Edit", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/incidents/${publicId}/edit$`));
  await expect(page.getByTestId("save-status")).toHaveText("No changes");
  await expect(page.getByTestId("editor-duration")).toHaveText("47 minutes");

  // a text correction, and a time correction that moves the entry up the list
  await page.getByLabel("Timeline entry 2 text").fill("On-call engineer paged via PagerDuty (corrected)");
  await expect(page.getByTestId("save-status")).toHaveText("Unsaved changes");
  const moved = page.getByLabel("Timeline entry 8 time", { exact: true });
  await expect(page.getByLabel("Timeline entry 8 text")).toHaveValue("Monitoring confirms stable operation");
  await moved.fill("2024-11-27T14:32:30");
  await moved.blur();
  await expect(page.getByLabel("Timeline entry 5 text")).toHaveValue("Monitoring confirms stable operation");
  await expect(page.getByLabel("Timeline entry 5 time", { exact: true })).toHaveValue("2024-11-27 14:32:30");

  await page.getByRole("button", { name: "+ Add action item" }).click();
  const title = unique("Alert on pool growth rate");
  await page.getByLabel("Action item 6 title").fill(title);
  await page.getByLabel("Action item 6 owner").selectOption("manager@example.com");
  await page.getByLabel("Action item 6 due date").fill("2025-01-15");
  await page.getByLabel("Action item 6 priority").selectOption("HIGH");
  await save(page);

  await page.reload();
  await expect(page.getByTestId("save-status")).toHaveText("No changes");
  await expect(page.getByTestId("draft-offer")).toHaveCount(0);
  await expect(page.getByLabel("Timeline entry 2 text")).toHaveValue("On-call engineer paged via PagerDuty (corrected)");
  await expect(page.getByLabel("Timeline entry 5 text")).toHaveValue("Monitoring confirms stable operation");
  await expect(page.getByLabel("Timeline entry 5 time", { exact: true })).toHaveValue("2024-11-27 14:32:30");
  await expect(page.getByLabel("Action item 6 title")).toHaveValue(title);
  await expect(page.getByLabel("Action item 6 owner")).toHaveValue("manager@example.com");
  await expect(page.getByLabel("Action item 6 due date")).toHaveValue("2025-01-15");
  await expect(page.getByLabel("Action item 6 priority")).toHaveValue("HIGH");

  await page.getByRole("link", { name: "View report" }).click();
  await expect(page).toHaveURL(new RegExp(`/incidents/${publicId}$`));
  const texts = await timelineTexts(page);
  expect(texts).toHaveLength(9);
  expect(texts[1]).toBe("On-call engineer paged via PagerDuty (corrected)");
  expect(texts[4]).toBe("Monitoring confirms stable operation");
  await expect(page.getByTestId("action-items")).toContainText(title);
  await expect(page.getByTestId("stat-duration")).toHaveText("47 minutes");
});

test("two people save the same report: the second sees both versions, keeps their text and merges the rest", async ({ browser }) => {
  const first = await newPageSignedInAs(browser);
  const title = unique("Conflict drill");
  const editUrl = await createReport(first, title);
  const second = await newPageSignedInAs(browser);
  await second.goto(editUrl);

  await first.getByLabel("Title", { exact: true }).fill(`${title} (renamed by the first)`);
  await first.getByLabel("Summary", { exact: true }).fill("Summary written by the first editor.");
  await save(first);

  const mine = "Summary written by the second editor, which must not be lost.";
  await second.getByLabel("Summary", { exact: true }).fill(mine);
  await second.getByRole("button", { name: "Save", exact: true }).click();

  const dialog = second.getByTestId("conflict-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText("This report changed while you were editing")).toBeVisible();
  const summary = dialog.getByTestId("conflict-summary");
  await expect(summary.getByTestId("conflict-mine")).toHaveText(mine);
  await expect(summary.getByTestId("conflict-theirs")).toHaveText("Summary written by the first editor.");
  await expect(summary.getByLabel("Keep mine")).toBeChecked();
  const titleField = dialog.getByTestId("conflict-title");
  await expect(titleField.getByTestId("conflict-theirs")).toHaveText(`${title} (renamed by the first)`);
  await expect(titleField.getByLabel(/Take stored/)).toBeChecked();
  // nothing was written over: the stored report still has the first editor's text, the second's is still in the editor
  await expect(second.getByTestId("save-status")).toHaveText("Unsaved changes");

  await dialog.getByRole("button", { name: "Save with these choices" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(second.getByTestId("save-status")).toHaveText(/^Saved at/);

  await first.reload();
  await expect(first.getByLabel("Summary", { exact: true })).toHaveValue(mine);
  await expect(first.getByLabel("Title", { exact: true })).toHaveValue(`${title} (renamed by the first)`);
  await first.context().close();
  await second.context().close();
});

test("the conflict dialog keeps the keyboard inside it, and Escape closes it and goes back to Save", async ({ browser }) => {
  const first = await newPageSignedInAs(browser);
  const title = unique("Conflict keyboard");
  const editUrl = await createReport(first, title);
  const second = await newPageSignedInAs(browser);
  await second.goto(editUrl);

  await first.getByLabel("Summary", { exact: true }).fill("Summary written by the first editor.");
  await save(first);

  const mine = "The second editor's summary, still here after Escape.";
  await second.getByLabel("Summary", { exact: true }).fill(mine);
  const saveButton = second.getByRole("button", { name: "Save", exact: true });
  await saveButton.click();

  const dialog = second.getByTestId("conflict-dialog");
  await expect(dialog).toBeVisible();
  const focusInside = () => second.evaluate(() => document.querySelector('[data-testid="conflict-dialog"]')?.contains(document.activeElement) ?? false);
  await expect.poll(focusInside).toBe(true);

  // Tab from the last control comes back to the first one, Shift+Tab from the first goes to the last
  const last = dialog.getByRole("button", { name: "Discard mine, load the stored version" });
  await last.focus();
  await second.keyboard.press("Tab");
  await expect(dialog.getByTestId("conflict-summary").getByLabel("Keep mine")).toBeFocused();
  await second.keyboard.press("Shift+Tab");
  await expect(last).toBeFocused();
  for (let press = 0; press < 8; press += 1) {
    await second.keyboard.press(press % 2 ? "Shift+Tab" : "Tab");
    expect(await focusInside()).toBe(true);
  }

  await second.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(saveButton).toBeFocused();
  // closing is not deciding: nothing was saved, the second editor's text is still in the editor
  await expect(second.getByLabel("Summary", { exact: true })).toHaveValue(mine);
  await expect(second.getByTestId("save-status")).toHaveText("Unsaved changes");
  await first.context().close();
  await second.context().close();
});

test("an XSS payload in the root cause is shown as text and never runs", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await signInAs(page);
  await createReport(page, unique("XSS check"));
  const payload = [
    "Root cause with <script>alert('script')</script> inline.",
    "",
    "<img src=x onerror=alert('img')>",
    "",
    "[click me](javascript:alert('link')) and [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "",
    "<svg onload=alert('svg')></svg> <details open ontoggle=alert('details')>x</details>",
    "",
    "**Real bold** and a [safe link](https://example.com/runbook).",
  ].join("\n");
  await page.getByLabel("Root cause", { exact: true }).fill(payload);
  await page.getByRole("button", { name: "Preview root cause" }).click();
  await expect(page.getByTestId("markdown-preview")).toContainText("Real bold");
  await save(page);

  await page.getByRole("link", { name: "View report" }).click();
  const rootCause = page.getByTestId("root-cause");
  await expect(rootCause).toContainText("<img src=x onerror=alert('img')>");
  await expect(rootCause).toContainText("<script>alert('script')</script>");
  await expect(rootCause.locator("strong")).toHaveText("Real bold");
  await expect(rootCause.getByRole("link", { name: "safe link" })).toHaveAttribute("rel", "noopener noreferrer nofollow");
  await expect(rootCause.getByText("click me")).toBeVisible();
  await page.waitForTimeout(300); // an onerror or ontoggle would fire by now
  expect(await page.locator("main script, main [onerror], main [onload], main [ontoggle], main iframe, main svg[onload]").count()).toBe(0);
  expect(await page.locator('main a[href^="javascript:" i], main a[href^="data:" i]').count()).toBe(0);
  expect(dialogs).toEqual([]);
});

test("a report created from the template shows the template's help, saves with Ctrl+S and is listed", async ({ page }) => {
  await signInAs(page);
  await page.goto("/incidents/new");
  await expect(page.getByLabel("Template", { exact: true }).locator("option:checked")).toHaveText(/Google SRE postmortem \(default\)/);
  await expect(page.getByRole("complementary", { name: "Template sections" })).toContainText("Two or three sentences");
  const title = unique("Cache stampede after deploy");
  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel("Severity").selectOption("High");
  await page.getByLabel("Status").selectOption("RESOLVED");
  await page.getByLabel("Start (UTC)").fill("2025-06-02T08:15:00");
  await page.getByRole("button", { name: "Create report" }).click();
  await page.waitForURL(/\/incidents\/INC-2025-0602-\d{3}\/edit$/);

  await expect(page.getByTestId("help-summary")).toContainText("Two or three sentences");
  await expect(page.getByTestId("help-timeline")).toContainText("Timestamped events in the report's time zone");
  await expect(page.getByTestId("help-actionItems")).toContainText("owner, a due date and a priority");
  await page.getByLabel("Summary", { exact: true }).fill("A deploy emptied the cache; the database took the load for **12 minutes**.");
  await page.getByLabel("End", { exact: true }).fill("2025-06-02 08:27");
  await expect(page.getByTestId("editor-duration")).toHaveText("12 minutes");
  await page.keyboard.press("Control+s");
  await expect(page.getByTestId("save-status")).toHaveText(/^Saved at/);

  await page.goto("/incidents");
  const list = page.getByTestId("incident-list");
  await expect(list.getByRole("link", { name: title })).toBeVisible();
  await list.getByRole("link", { name: title }).click();
  await expect(page.locator("main strong").filter({ hasText: "12 minutes" })).toBeVisible();
});

test("unsaved work survives a reload as a draft, and leaving warns first", async ({ page }) => {
  await signInAs(page);
  await createReport(page, unique("Draft check"));
  const text = "Typed, never saved, and still here after the reload.";
  await page.getByLabel("Trigger", { exact: true }).fill(text);
  await expect(page.getByTestId("save-status")).toHaveText("Unsaved changes");
  await page.waitForTimeout(700); // the draft is written shortly after typing stops

  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.type());
    void dialog.accept();
  });
  await page.reload();
  expect(dialogs).toContain("beforeunload");
  await expect(page.getByTestId("draft-offer")).toContainText("Restore unsaved draft from");
  await page.getByRole("button", { name: "Restore" }).click();
  await expect(page.getByLabel("Trigger", { exact: true })).toHaveValue(text);
  await expect(page.getByTestId("save-status")).toHaveText("Unsaved changes");
  await save(page);

  await page.reload();
  await expect(page.getByLabel("Trigger", { exact: true })).toHaveValue(text);
  await expect(page.getByTestId("draft-offer")).toHaveCount(0);
});

// Journey: the report editor guides its author. A refused save takes them to the first problem and says what is wrong
// there; every time reads one 24-hour way in the report's zone; a reviewer's requested changes sit beside the
// sections they are about and are resolved from the editor; the conflict dialog keeps the keyboard; on a phone nothing
// scrolls sideways and axe finds nothing serious.
import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import type { ReportDocument } from "../lib/incidents/schema";
import { apiGet, apiSend, importOwnReport } from "./app-api";
import { demo, newPageSignedInAs, signInAs } from "./helpers";

const unique = (what: string) => `${what} ${randomUUID().slice(0, 6)}`;

async function createReport(page: Page, title: string): Promise<string> {
  await page.goto("/incidents/new");
  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel("Severity").selectOption("Medium");
  await page.getByLabel("Start (UTC)").fill("2025-05-01 09:00");
  await page.getByRole("button", { name: "Create report" }).click();
  await page.waitForURL(/\/incidents\/[^/]+\/edit$/);
  await expect(page.getByTestId("report-editor")).toBeVisible();
  return page.url();
}

const publicIdOf = (editUrl: string) => decodeURIComponent(new URL(editUrl).pathname.split("/")[2]!);

/** The message a field points at with aria-describedby. */
async function describedBy(field: Locator): Promise<string> {
  const id = await field.getAttribute("aria-describedby");
  expect(id, "the field names its message").toBeTruthy();
  return (await field.page().locator(`[id="${id}"]`).textContent()) ?? "";
}

const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

async function seriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).include('[data-testid="report-editor"]').withTags(["wcag2a", "wcag2aa"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

test("until the editor runs in the browser its fields and Save take no input (the server-rendered form has them disabled)", async ({ page, browser }) => {
  await signInAs(page);
  const editUrl = await createReport(page, unique("Before hydration"));
  // Text typed into the server-rendered form before React hydrated it was saved doubled (the new text, then the old):
  // the fields are disabled until then. A browser without JavaScript shows the server-rendered form as it is.
  const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  const still = await noScript.newPage();
  await still.goto(editUrl);
  await expect(still.getByLabel("Title", { exact: true })).toBeDisabled();
  await expect(still.getByLabel("Root cause", { exact: true })).toBeDisabled();
  await expect(still.getByRole("button", { name: "Save", exact: true })).toBeDisabled();
  await noScript.close();

  await expect(page.getByLabel("Root cause", { exact: true })).toBeEnabled();
  await expect(page.getByRole("button", { name: "Save", exact: true })).toBeEnabled();
});

test("a save with two invalid fields says 'Not saved: 2 problems', focuses the first with its message, and saves nothing", async ({ page }) => {
  await signInAs(page);
  const title = unique("Refused save");
  const editUrl = await createReport(page, title);
  const publicId = publicIdOf(editUrl);

  const titleField = page.getByLabel("Title", { exact: true });
  const endField = page.getByLabel("End", { exact: true });
  await page.getByLabel("Summary", { exact: true }).fill("Written before the refused save.");
  await titleField.fill("");
  await endField.fill("2025-05-01 25:10");
  await endField.blur();
  // said at the field as soon as the user leaves it
  await expect(endField).toHaveAttribute("aria-invalid", "true");
  expect(await describedBy(endField)).toBe("25:10 is not a time of day: use 00:00 to 23:59");

  await page.getByRole("button", { name: "Save", exact: true }).click();
  const problems = page.getByTestId("save-problems");
  await expect(problems).toHaveText("Not saved: 2 problems");
  await expect(titleField).toBeFocused();
  await expect(titleField).toHaveAttribute("aria-invalid", "true");
  expect(await describedBy(titleField)).toBe("must not be empty");
  await expect(page.getByTestId("error-summary")).toContainText("End: 25:10 is not a time of day");

  // nothing of it reached the server
  const stored = await apiGet<ReportDocument>(page, `/api/v1/incidents/${encodeURIComponent(publicId)}`);
  expect(stored.title).toBe(title);
  expect(stored.summary).toBeNull();

  // the header takes the user back to the first problem from anywhere
  await page.getByLabel("Root cause", { exact: true }).focus();
  await problems.click();
  await expect(titleField).toBeFocused();

  // one fixed: one problem left, and the cursor goes to it
  await titleField.fill(title);
  await page.keyboard.press("Control+s");
  await expect(problems).toHaveText("Not saved: 1 problem");
  await expect(endField).toBeFocused();

  await endField.fill("2025-05-01 10:10");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("save-status")).toHaveText(/^Saved at/);
  await expect(problems).toHaveCount(0);

  // a refusal only the server can make (an owner who cannot open the private report) lands on its field too
  await page.getByLabel("Private: only participants, managers and admins see it").check();
  await page.getByRole("button", { name: "+ Add action item" }).click();
  await page.getByLabel("Action item 1 title").fill("Page on pool saturation");
  const owner = page.getByLabel("Action item 1 owner");
  await owner.selectOption(demo("VIEWER").email);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(problems).toHaveText("Not saved: 1 problem");
  await expect(owner).toBeFocused();
  expect(await describedBy(owner)).toContain("cannot open this private report");
  const afterRefusal = await apiGet<ReportDocument>(page, `/api/v1/incidents/${encodeURIComponent(publicId)}`);
  expect(afterRefusal.private).toBe(false);
  expect(afterRefusal.actionItems).toEqual([]);
});

test("every date-time reads YYYY-MM-DD HH:MM (24-hour) in the report's zone, named once, and typing or pasting works", async ({ page }) => {
  await signInAs(page);
  const { publicId } = await importOwnReport(page, "ZONE");
  await page.goto(`/incidents/${encodeURIComponent(publicId)}/edit`);
  const editor = page.getByTestId("report-editor");

  // the sample's times are 14:23-15:10 UTC; its day comes from the incident id, which this copy does not carry
  await expect(page.getByLabel("Start", { exact: true })).toHaveValue(/^\d{4}-\d{2}-\d{2} 14:23$/);
  const day = (await page.getByLabel("Start", { exact: true }).inputValue()).slice(0, 10);
  await expect(page.getByLabel("Timeline entry 1 time", { exact: true })).toHaveValue(`${day} 14:23`);
  await expect(page.getByTestId("report-time-zone")).toHaveText(/Every time in this report is in UTC/);

  // the report's zone (one without daylight saving, whatever day the copy falls on): every time shown in it, named once
  await page.getByLabel("Time zone", { exact: true }).selectOption("Africa/Lagos");
  await expect(page.getByTestId("report-time-zone")).toContainText("Africa/Lagos (UTC+01:00)");
  await expect(page.getByLabel("Start", { exact: true })).toHaveValue(`${day} 15:23`);
  await expect(page.getByLabel("End", { exact: true })).toHaveValue(`${day} 16:10`);
  await expect(page.getByLabel("Timeline entry 9 time", { exact: true })).toHaveValue(new RegExp(`^${day} 16:\\d{2}$`));
  await expect(page.getByTestId("editor-moments")).toContainText("Detected");
  await expect(page.getByTestId("editor-moments")).toContainText(`${day} 15:`);
  // no per-field "UTC" captions or labels, no 12-hour clock
  const utcMentions = await editor.evaluate((root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const found: string[] = [];
    while (walker.nextNode()) {
      const node = walker.currentNode;
      // the zone list itself, and the template's help (its wording is the template's, stored per instance)
      if (node.parentElement?.closest('select, [data-testid^="help-"]')) continue;
      if (/\bUTC\b(?![+-])/.test(node.textContent ?? "")) found.push(node.textContent ?? "");
    }
    return found;
  });
  expect(utcMentions).toEqual([]);
  for (const value of await editor
    .locator('input[placeholder="YYYY-MM-DD HH:MM"]')
    .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))) {
    expect(value).toMatch(/^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?)?$/);
  }

  // typed in the report's zone; pasted with its own offset; nonsense is refused at the field
  const first = page.getByLabel("Timeline entry 1 time", { exact: true });
  await first.fill(`${day} 15:24`);
  await first.blur();
  const last = page.getByLabel("Timeline entry 9 time", { exact: true });
  await last.fill(`${day}T15:20:00Z`);
  await last.blur();
  await expect(last).toHaveValue(`${day} 16:20`);
  const end = page.getByLabel("End", { exact: true });
  await end.fill("27/11/2024 4:30 PM");
  await end.blur();
  await expect(end).toHaveAttribute("aria-invalid", "true");
  expect(await describedBy(end)).toContain("Write the date and time as YYYY-MM-DD HH:MM, 24-hour");
  await end.fill(`${day} 16:30`);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("save-status")).toHaveText(/^Saved at/);

  const stored = await apiGet<ReportDocument>(page, `/api/v1/incidents/${encodeURIComponent(publicId)}`);
  expect(stored.timeZone).toBe("Africa/Lagos");
  expect(stored.timeline[0]!.occurredAt).toBe(`${day}T14:24:00.000Z`);
  expect(stored.timeline.at(-1)!.occurredAt).toBe(`${day}T15:20:00.000Z`);
  expect(stored.endedAt).toBe(`${day}T15:30:00.000Z`);

  await page.reload();
  await expect(page.getByLabel("End", { exact: true })).toHaveValue(`${day} 16:30`);
});

test("changes requested on Root cause: a banner, the comment beside Root cause, resolved from the editor", async ({ page, browser }) => {
  const manager = demo("MANAGER");
  await signInAs(page);
  const { publicId } = await importOwnReport(page, "REVIEWED");
  const id = encodeURIComponent(publicId);
  await apiSend(page, "POST", `/api/v1/incidents/${id}/submit`, { reviewers: [manager.email] });
  const reviewer = await newPageSignedInAs(browser, "MANAGER");
  const question = `Why did the pool run dry? ${randomUUID().slice(0, 6)}`;
  await apiSend(reviewer, "POST", `/api/v1/incidents/${id}/request-changes`, { comment: question, section: "rootCause" });

  await page.goto(`/incidents/${id}/edit`);
  const banner = page.getByTestId("changes-requested-banner");
  await expect(banner).toContainText(new RegExp(`^Changes requested by ${manager.name} on \\d{2} \\w{3} \\d{4}: 1 open comment`));
  const beside = page.locator("#root-cause").getByTestId("editor-review-comment");
  await expect(beside).toContainText(question);
  await expect(beside).toContainText(manager.name);
  await expect(page.locator("#timeline").getByTestId("editor-review-comment")).toHaveCount(0);

  // resolving it edits nothing of what is being typed
  await page.getByLabel("Root cause", { exact: true }).fill("The pool was sized for last year's traffic.");
  await beside.getByRole("button", { name: /^Resolve/ }).click();
  await expect(beside).toHaveCount(0);
  await expect(banner).toContainText(": 0 open comments");
  await expect(page.getByLabel("Root cause", { exact: true })).toHaveValue("The pool was sized for last year's traffic.");
  await expect(page.getByTestId("save-status")).toHaveText("Unsaved changes");

  // the report page's review panel counts it resolved
  await reviewer.goto(`/incidents/${id}`);
  const thread = reviewer.getByTestId("comment-thread").filter({ hasText: question });
  await expect(thread).toHaveAttribute("data-resolved", "true");
  await reviewer.context().close();
});

test("at 390x844 the editor does not scroll sideways, is axe-clean, and the conflict dialog keeps Tab inside and closes on Escape", async ({ browser }) => {
  const first = await newPageSignedInAs(browser);
  const title = unique("Phone conflict");
  const editUrl = await createReport(first, title);
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await signInAs(phone);
  await phone.goto(editUrl);
  await expect(phone.getByTestId("report-editor")).toBeVisible();
  expect(await noSidewaysScroll(phone)).toBe(true);
  expect(await seriousAxeViolations(phone)).toEqual([]);

  // with problems shown, still clean
  await phone.getByLabel("Title", { exact: true }).fill("");
  await phone.getByRole("button", { name: "Save", exact: true }).click();
  await expect(phone.getByTestId("save-problems")).toHaveText("Not saved: 1 problem");
  expect(await noSidewaysScroll(phone)).toBe(true);
  expect(await seriousAxeViolations(phone)).toEqual([]);
  await phone.getByLabel("Title", { exact: true }).fill(`${title} on the phone`);

  await first.getByLabel("Summary", { exact: true }).fill("Saved first, from the desk.");
  await first.getByRole("button", { name: "Save", exact: true }).click();
  await expect(first.getByTestId("save-status")).toHaveText(/^Saved at/);

  await phone.getByRole("button", { name: "Save", exact: true }).click();
  const dialog = phone.getByRole("dialog", { name: "This report changed while you were editing" });
  await expect(dialog).toBeVisible();
  expect(await noSidewaysScroll(phone)).toBe(true);
  const inside = () => phone.evaluate(() => document.querySelector("dialog[open]")?.contains(document.activeElement) ?? false);
  await expect.poll(inside).toBe(true);
  for (let press = 0; press < 12; press += 1) {
    await phone.keyboard.press("Tab");
    expect(await inside()).toBe(true);
  }
  for (let press = 0; press < 12; press += 1) {
    await phone.keyboard.press("Shift+Tab");
    expect(await inside()).toBe(true);
  }
  await phone.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(phone.getByLabel("Title", { exact: true })).toHaveValue(`${title} on the phone`);
  await first.context().close();
  await phone.context().close();
});

// Journey: people follow up on what postmortems promised: the action-item table sorts, filters and keeps its view in
// the URL (so it can be reloaded and shared), and an owner closes an item inline — after which it is no longer overdue.
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { demo, signInAs } from "./helpers";

const SAMPLE = "INC-2024-1127-001";
const table = (page: Page) => page.getByTestId("action-item-table");
const rows = (page: Page) => table(page).getByTestId("action-item-row");
const titles = (page: Page) => rows(page).getByTestId("action-item-title").allTextContents();
const filter = (page: Page, name: string) => page.getByTestId("action-item-filters").getByRole("combobox", { name, exact: true });
const header = (page: Page, name: string) => table(page).getByRole("columnheader", { name, exact: true });

test("the table sorts by a clicked header, in the database, and says so in the URL", async ({ page }) => {
  await signInAs(page);
  await page.goto(`/action-items?incident=${SAMPLE}`);
  await expect(rows(page).first()).toBeVisible();
  // by due date first: the sample's earliest item is due 30 November
  await expect(header(page, "Due")).toHaveAttribute("aria-sort", "ascending");
  const byDueDate = await titles(page);
  expect(byDueDate[0]).toBe("Update incident response documentation");

  await header(page, "Action item").getByRole("button").click();
  await expect(page).toHaveURL(/[?&]sort=title&order=asc/);
  await expect(header(page, "Action item")).toHaveAttribute("aria-sort", "ascending");
  const ascending = await titles(page);
  expect(ascending).toEqual([...byDueDate].sort((a, b) => a.localeCompare(b)));
  expect(ascending).not.toEqual(byDueDate);

  await header(page, "Action item").getByRole("button").click();
  await expect(page).toHaveURL(/[?&]sort=title&order=desc/);
  await expect.poll(() => titles(page)).toEqual([...ascending].reverse());
});

test("'Overdue' is one click away and shows only overdue items, each marked", async ({ page }) => {
  await signInAs(page, "VIEWER");
  await page.goto("/action-items");
  await page.getByRole("navigation", { name: "Action item views" }).getByRole("link", { name: "Overdue" }).click();
  await expect(page).toHaveURL(/\/action-items\?overdue=1$/);
  await expect(filter(page, "Due")).toHaveValue("overdue");
  // the sample's items were all due in Nov/Dec 2024; other journeys import copies of the sample, items included
  const sampleItem = rows(page).filter({ hasText: "Conduct team training on database performance troubleshooting" });
  await expect(sampleItem.filter({ hasText: new RegExp(`${SAMPLE}(?!\\d)`) })).toHaveCount(1);
  const count = await rows(page).count();
  expect(count).toBeGreaterThan(0);
  await expect(rows(page).getByTestId("overdue")).toHaveCount(count);

  // and not a viewer's to change: plain values, no inline controls
  await expect(table(page).getByRole("combobox")).toHaveCount(0);
});

test("the view lives in the URL: a reload or the same URL in another tab shows the same view", async ({ page, context }) => {
  await signInAs(page);
  await page.goto(`/action-items?incident=${SAMPLE}`);
  await filter(page, "Status").selectOption({ label: "Still to do" });
  await expect(page).toHaveURL(/status=OPEN%2CIN_PROGRESS/);
  await header(page, "Due").getByRole("button").click();
  await expect(page).toHaveURL(/sort=dueDate&order=desc/);
  await page.getByTestId("column-chooser").locator("summary").click();
  await page.getByTestId("column-chooser").getByLabel("Priority").uncheck();
  await expect(page).toHaveURL(/cols=/);
  await expect(header(page, "Priority")).toHaveCount(0);
  const url = page.url();
  const shown = await titles(page);

  for (const view of [page, await context.newPage()]) {
    if (view === page) await page.reload();
    else await view.goto(url);
    await expect(view).toHaveURL(url);
    await expect(filter(view, "Status")).toHaveValue("OPEN,IN_PROGRESS");
    await expect(header(view, "Due")).toHaveAttribute("aria-sort", "descending");
    await expect(header(view, "Priority")).toHaveCount(0);
    await expect(header(view, "Owner")).toBeVisible();
    expect(await titles(view)).toEqual(shown);
  }
});

test("an owner marks an overdue item done inline; after a reload it is done and no longer overdue", async ({ page }) => {
  await signInAs(page);
  const suffix = randomUUID().slice(0, 6);
  const title = `Rotate pool credentials ${suffix}`;

  // a report of the SRE's own (the sample's items are other journeys' fixtures), then an item added to it from the
  // action-items page, owned by the SRE and due in the past
  await page.goto("/incidents/new");
  await page.getByLabel("Title", { exact: true }).fill(`Credential leak drill ${suffix}`);
  await page.getByLabel("Severity").selectOption("Low");
  await page.getByLabel("Start (UTC)").fill("2024-12-01T09:00:00");
  await page.getByRole("button", { name: "Create report" }).click();
  await page.waitForURL(/\/incidents\/[^/]+\/edit$/);
  const publicId = decodeURIComponent(new URL(page.url()).pathname.split("/")[2]!);

  await page.goto("/action-items");
  await page.getByRole("link", { name: "Add action item" }).click();
  const form = page.getByTestId("new-action-item-form");
  await form.getByLabel("Incident").selectOption(publicId);
  await form.getByLabel("Title").fill(title);
  await expect(form.getByLabel("Owner").locator("option:checked")).toHaveText(demo("SRE").name); // the one adding it
  await form.getByLabel("Due date").fill("2024-12-31");
  await form.getByRole("button", { name: "Add action item" }).click();
  await expect(page).toHaveURL(new RegExp(`/action-items\\?incident=${publicId}`));

  const row = rows(page).filter({ hasText: title });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("owner-name")).toHaveText(demo("SRE").name);
  await expect(row.getByTestId("overdue")).toBeVisible();

  // the report shows it overdue too
  await page.goto(`/incidents/${publicId}`);
  const onReport = page.getByTestId("action-items").getByRole("listitem").filter({ hasText: title });
  await expect(onReport.getByTestId("overdue")).toBeVisible();

  await page.goto(`/action-items?incident=${publicId}`);
  await row.getByLabel(`Status of ${title}`).selectOption("DONE");
  await expect(row.getByTestId("overdue")).toHaveCount(0);
  await expect(row.getByTestId("inline-error")).toHaveCount(0);

  await page.reload();
  await expect(row.getByLabel(`Status of ${title}`)).toHaveValue("DONE");
  await expect(row.getByTestId("overdue")).toHaveCount(0);
  await page.goto(`/incidents/${publicId}`);
  await expect(onReport.getByTestId("action-item-status")).toContainText("Done");
  await expect(onReport.getByTestId("overdue")).toHaveCount(0);
});

// Finding a report among many: a search finds a report by a word that appears only in its timeline, with the match
// marked; a combination of filters is kept in the URL, so it survives a reload and can be shared; the column choice
// and the sort are part of that view too.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import type { ImportResponse } from "../lib/incidents/schema";
import { signInAs } from "./helpers";

/** The sample report under its own id, with `word` written into one timeline line only. */
async function importWithTimelineWord(page: Page, word: string): Promise<ImportResponse> {
  const publicId = `INC-LIST-${randomBytes(3).toString("hex").toUpperCase()}`;
  const text = (await readFile("prisma/seed-data/inc-2024-1127-001.txt", "utf8"))
    .replace("Incident ID: INC-2024-1127-001", `Incident ID: ${publicId}`)
    .replace("Initial investigation shows increased query latency", `Initial investigation shows ${word} saturating the query latency`);
  const response = await page.request.post("/api/v1/incidents/import", {
    headers: { origin: new URL(page.url()).origin, "content-type": "text/plain; charset=utf-8" },
    data: text,
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as ImportResponse;
}

test("a search finds a report by a word in its timeline, and shows where it matched", async ({ page }) => {
  await signInAs(page, "SRE");
  const word = `fluxcapacitor${randomBytes(2).toString("hex").replace(/[0-9]/g, "q")}`;
  const report = await importWithTimelineWord(page, word);

  await page.goto("/incidents");
  await page.getByLabel("Search incidents").fill(word);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]q=${word}`));
  const rows = page.getByTestId("incident-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId("incident-title")).toHaveAttribute("href", `/incidents/${report.publicId}`);
  const snippet = rows.first().getByTestId("search-snippet");
  await expect(snippet).toContainText(`shows ${word} saturating`);
  await expect(snippet.locator("mark")).toHaveText(word);

  // a word nobody wrote: nothing, and a way back
  await page.goto(`/incidents?q=${word}zzz`);
  await expect(page.getByText("No incidents match")).toBeVisible();
});

test("a combination of filters, the sort and the columns are kept in the URL and survive a reload", async ({ page }) => {
  await signInAs(page, "MANAGER");
  await importWithTimelineWord(page, "ordinary");
  await page.goto("/incidents");

  const filters = page.getByTestId("incident-filters");
  await filters.getByTestId("filter-severity").locator("summary").click();
  await filters.getByTestId("filter-severity").getByLabel("High").check();
  await filters.getByTestId("filter-state").locator("summary").click();
  await filters.getByTestId("filter-state").getByLabel("Draft").check();
  await filters.getByLabel("Started from").fill("2024-11-01");
  await filters.getByLabel("to", { exact: true }).fill("2024-11-30");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/severity=High/);
  await expect(page).toHaveURL(/state=DRAFT/);
  await expect(page).toHaveURL(/from=2024-11-01&to=2024-11-30/);

  // sort by title and hide a column: both go into the URL as well
  await page.getByRole("button", { name: "Incident", exact: false }).first().click();
  await expect(page).toHaveURL(/sort=title/);
  await page.getByTestId("column-chooser").locator("summary").click();
  await page.getByTestId("column-chooser").getByLabel("Duration").uncheck();
  await expect(page).toHaveURL(/cols=/);

  const check = async () => {
    const rows = page.getByTestId("incident-row");
    await expect(rows.first()).toBeVisible();
    const count = await rows.count();
    for (let index = 0; index < count; index++) await expect(rows.nth(index).getByText("High", { exact: true })).toBeVisible();
    await expect(page.getByRole("columnheader", { name: /Duration/ })).toHaveCount(0);
    await expect(page.getByTestId("filter-severity").locator("summary")).toContainText("High");
    await expect(page.getByLabel("Started from")).toHaveValue("2024-11-01");
  };
  await check();
  const url = page.url();
  await page.reload();
  expect(page.url()).toBe(url);
  await check();
});

// Insights: the manager opens the charts, narrows the period with the filter form (kept in the URL), and a click on
// a bar of "Incidents per month" leads to the incident list filtered to that severity and month.
import { expect, test } from "@playwright/test";
import { signInAs } from "./helpers";

test("a bar of incidents per month opens the incident list filtered to its severity and month", async ({ page }) => {
  await signInAs(page, "MANAGER");
  await page.getByRole("link", { name: "Insights", exact: true }).click();
  await expect(page).toHaveURL(/\/insights$/);
  await expect(page.getByRole("heading", { name: "Incidents per month" })).toBeVisible();
  await expect(page.getByTestId("insights-as-of")).toHaveText(/As of \d\d:\d\d/);
  for (const title of [
    "Time to detect, mitigate and resolve",
    "Action items",
    "Time from incident end to sign-off",
    "Top services",
    "Recurring contributing factors",
  ]) {
    await expect(page.getByRole("heading", { name: title, exact: true })).toBeVisible();
  }

  // The seeded report (INC-2024-1127-001, High) started in November 2024.
  await page.getByLabel("From", { exact: true }).fill("2024-11-01");
  await page.getByLabel("To", { exact: true }).fill("2024-11-30");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/from=2024-11-01/);
  await expect(page).toHaveURL(/to=2024-11-30/);
  await page.reload();
  await expect(page.getByLabel("From", { exact: true })).toHaveValue("2024-11-01");

  const chart = page.getByTestId("chart-incidents-per-month");
  const bar = chart.locator(".recharts-bar-rectangle path").first();
  await expect(bar).toBeVisible();
  // the same number in the table fallback, as a link
  await chart.getByText("Show as a table").click();
  await expect(chart.getByRole("cell", { name: "Nov 2024" })).toBeVisible();

  await bar.click();
  await page.waitForURL(/\/incidents\?/);
  const url = new URL(page.url());
  expect(url.pathname).toBe("/incidents");
  expect(url.searchParams.getAll("severity")).toEqual(["High"]);
  expect(url.searchParams.get("from")).toBe("2024-11-01");
  expect(url.searchParams.get("to")).toBe("2024-11-30");
});

test("a period without incidents says so in every chart", async ({ page }) => {
  await signInAs(page, "VIEWER");
  await page.goto("/insights?from=1999-01-01&to=1999-03-31");
  await expect(page.getByText("No incidents in this period")).toHaveCount(6);
  await page.goto("/insights?from=2026-13-40");
  await expect(page.getByTestId("from-error")).toBeVisible();
});

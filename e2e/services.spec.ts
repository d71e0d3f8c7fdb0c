// Journey: the same cause came back. An SRE imports three reports of the sample's connection-pool leak (the sample
// lists "User Authentication Service"); the Services page leads to that service, whose page lists the reports and groups
// them under "This happened before"; each report's page lists the others as similar past incidents, and one click
// opens the other report.
import { expect, test } from "@playwright/test";
import { importOwnReport } from "./app-api";
import { newPageSignedInAs } from "./helpers";

const SERVICE = "User Authentication Service";

test("a service page shows its incidents and a recurring cause; a report links to a similar past incident", async ({ browser }) => {
  const page = await newPageSignedInAs(browser, "SRE");
  const imported = [];
  for (let i = 0; i < 3; i++) imported.push(await importOwnReport(page, "SVC"));
  const publicIds = imported.map((report) => report.publicId);

  await page.goto("/incidents");
  await page.getByRole("navigation").getByRole("link", { name: "Services", exact: true }).click();
  await expect(page).toHaveURL(/\/services$/);
  await expect(page.getByRole("heading", { name: "Services", level: 1 })).toBeVisible();
  await page.getByRole("link", { name: SERVICE, exact: true }).click();
  await expect(page).toHaveURL(`/services/${encodeURIComponent(SERVICE)}`);
  await expect(page.getByRole("heading", { name: SERVICE, level: 1 })).toBeVisible();

  const incidents = page.getByTestId("service-incidents");
  for (const publicId of publicIds) await expect(incidents.getByRole("link", { name: publicId, exact: true })).toBeVisible();
  await expect(incidents.getByRole("link", { name: /^All \d+ incidents$/ })).toHaveAttribute("href", `/incidents?service=${encodeURIComponent(SERVICE)}`);

  const recurrences = page.getByTestId("service-recurrences");
  await expect(recurrences.getByRole("heading", { name: "This happened before" })).toBeVisible();
  const group = recurrences.getByTestId("recurrence-group").filter({ has: page.getByRole("link", { name: publicIds[2]!, exact: true }) });
  await expect(group.getByRole("heading", { name: /^\d+ incidents: / })).toBeVisible();
  for (const publicId of publicIds) await expect(group.getByRole("link", { name: publicId, exact: true })).toBeVisible();

  // From the newest report to a similar past one.
  await group.getByRole("link", { name: publicIds[2]!, exact: true }).click();
  await expect(page).toHaveURL(`/incidents/${publicIds[2]}`);
  const related = page.getByTestId("related-incidents");
  await expect(related.getByRole("heading", { name: "Similar past incidents" })).toBeVisible();
  await expect(related.getByText(`Same service: `).first()).toBeVisible();
  const firstRelated = related.getByRole("listitem").first().getByRole("link").first();
  const target = (await firstRelated.textContent())!.trim();
  expect(target).not.toBe(publicIds[2]);
  await firstRelated.click();
  await expect(page).toHaveURL(`/incidents/${encodeURIComponent(target)}`);
  await expect(page.getByTestId("related-incidents")).toBeVisible();

  // An unknown service is a 404.
  const missing = await page.goto(`/services/${encodeURIComponent("No such service here")}`);
  expect(missing?.status()).toBe(404);
});

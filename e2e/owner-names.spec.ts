// Journey: an SRE imports a postmortem whose action items name owners inline — one a user of Hindsight, one a team
// that is not — and finds the team's name kept on the report and in the action-item table, marked as not a user
// (it gets no reminders), until they choose a user for it in the table.
import { expect, test } from "@playwright/test";
import { demo, signInAs } from "./helpers";

test("an owner who is not a user is kept as a name on the report and in the table, until a user is chosen", async ({ page }) => {
  const sre = demo("SRE");
  const manager = demo("MANAGER");
  const publicId = `INC-2021-0310-${String(Date.now()).slice(-6)}`;
  const text = [
    "INCIDENT REPORT - Connection pool exhaustion",
    "============================================",
    "",
    `Incident ID: ${publicId}`,
    "Severity: High",
    "Status: Resolved",
    "",
    "Action Items:",
    "-------------",
    "- Add connection-pool alerts — owner: @dba-team, due 2021-03-20",
    `- [ ] Rotate the database keys (owner: ${sre.email}, due: March 22)`,
    "",
  ].join("\n");

  await signInAs(page, "SRE");
  await page.goto("/incidents/import");
  await page.getByLabel("Report text").fill(text);
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByTestId("preview-action-items").getByRole("listitem")).toHaveCount(2);
  await page.getByRole("button", { name: "Create report" }).click();
  await expect(page).toHaveURL(new RegExp(`/incidents/${publicId}$`));

  // on the report: the team by the name written, marked as not a user; the user by their name
  const items = page.getByTestId("action-item");
  const alerts = items.filter({ hasText: "Add connection-pool alerts" });
  await expect(alerts.getByTestId("action-item-owner")).toContainText("@dba-team");
  await expect(alerts.getByTestId("owner-not-a-user")).toHaveText("(not a user: gets no reminders)");
  await expect(items.filter({ hasText: "Rotate the database keys" }).getByTestId("action-item-owner")).toHaveText(sre.name);

  // in the action-item table: the same
  await page.goto(`/action-items?incident=${publicId}`);
  const row = page.getByTestId("action-item-row").filter({ hasText: "Add connection-pool alerts" });
  await expect(row.getByTestId("owner-name-kept")).toHaveText("@dba-team");
  await expect(row).toContainText("not a user");

  // choosing a user in its place: the name is gone, the user owns it
  await row.getByRole("button", { name: /^Owner of Add connection-pool alerts: @dba-team, not a user\. Change$/ }).click();
  await row.getByRole("combobox", { name: "Owner of Add connection-pool alerts" }).selectOption({ label: manager.name });
  await expect(row.getByTestId("owner-name")).toHaveText(manager.name);
  // shown at once, before it is saved: the button is disabled until the save has answered, and a reload sooner cancels it
  await expect(row.getByTestId("owner-name")).toBeEnabled();
  await page.reload();
  await expect(page.getByTestId("action-item-row").filter({ hasText: "Add connection-pool alerts" }).getByTestId("owner-name")).toHaveText(manager.name);
  await page.goto(`/incidents/${publicId}`);
  await expect(page.getByTestId("action-item").filter({ hasText: "Add connection-pool alerts" }).getByTestId("action-item-owner")).toHaveText(manager.name);
});

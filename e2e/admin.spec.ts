// Journey: admins tune the instance (severity scale) and managers maintain report templates; each sees only the
// admin pages their role may use.
import { expect, test, type Page } from "@playwright/test";
import { demo, signIn } from "./helpers";

const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });
const adminNav = (page: Page) => page.getByRole("navigation", { name: "Admin" });

test("an admin changes the severity scale and sees the new list saved", async ({ page }) => {
  const admin = demo("ADMIN");
  await signIn(page, admin.email, admin.password);
  await mainNav(page).getByRole("link", { name: "Admin" }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await adminNav(page).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();

  const scale = page.getByLabel("Severity scale");
  await expect(scale).toHaveValue("Critical\nHigh\nMedium\nLow");
  await expect(page.getByTestId("severity-scale-note")).toContainText("does not rewrite existing incidents");

  // A duplicate is refused under the field, and what was typed stays.
  await scale.fill("SEV1\nSEV2\nsev2");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByTestId("severity.scale-error")).toContainText("listed twice");
  await expect(scale).toHaveValue("SEV1\nSEV2\nsev2");

  await scale.fill("SEV1\nSEV2\nSEV3\nSEV4\nSEV5");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByTestId("form-success")).toHaveText("Settings saved.");

  await page.reload();
  await expect(page.getByLabel("Severity scale")).toHaveValue("SEV1\nSEV2\nSEV3\nSEV4\nSEV5");
  // With no list of its own, the postmortem policy follows the scale: its two most severe.
  await expect(page.getByLabel("Severities that require a postmortem")).toHaveValue("");
  await expect(page.getByText("Now required: SEV1, SEV2.")).toBeVisible();

  // The instance is shared with the other journeys, which write reports on the default scale: put it back.
  await page.getByLabel("Severity scale").fill("Critical\nHigh\nMedium\nLow");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByTestId("form-success")).toHaveText("Settings saved.");
});

test("a manager edits a template section's help text and it is saved", async ({ page }) => {
  const manager = demo("MANAGER");
  await signIn(page, manager.email, manager.password);
  await mainNav(page).getByRole("link", { name: "Admin" }).click();
  await expect(page).toHaveURL(/\/admin\/templates$/);
  await page.getByTestId("template-list").getByRole("link", { name: "Google SRE postmortem", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Google SRE postmortem", level: 1 })).toBeVisible();

  const help = "What went well, what went wrong, where we got lucky: one line each, edited in e2e.";
  const section = page.getByTestId("template-section-lessonsLearned");
  await section.getByLabel("Help text").fill(help);
  // the preview shows the help text as writers will see it
  await expect(page.getByTestId("template-preview")).toContainText(help);
  await page.getByRole("button", { name: "Save template" }).click();
  await expect(page.getByTestId("form-success")).toHaveText("Template saved.");

  // a second save from the same editor still carries a current version stamp
  await section.getByLabel("Title").fill("Lessons we learned");
  // The first save's "Template saved." is still on screen: wait for the second save's own answer before reloading.
  const saved = page.waitForResponse((response) => response.request().method() === "POST" && response.request().headers()["next-action"] !== undefined);
  await page.getByRole("button", { name: "Save template" }).click();
  await saved;
  await expect(page.getByTestId("form-success")).toHaveText("Template saved.");

  await page.reload();
  const reloaded = page.getByTestId("template-section-lessonsLearned");
  await expect(reloaded.getByLabel("Help text")).toHaveValue(help);
  await expect(reloaded.getByLabel("Title")).toHaveValue("Lessons we learned");
});

test("a manager sees Templates in the admin area but not Users, Services or Settings", async ({ page }) => {
  const manager = demo("MANAGER");
  await signIn(page, manager.email, manager.password);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin\/templates$/);
  await expect(adminNav(page).getByRole("link", { name: "Templates" })).toBeVisible();
  for (const name of ["Users", "Services", "Settings"]) await expect(adminNav(page).getByRole("link", { name })).toHaveCount(0);

  await page.goto("/admin/settings");
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
});

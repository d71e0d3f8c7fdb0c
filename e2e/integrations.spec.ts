// Journey: an admin connects Prometheus Alertmanager. The webhook URL and the generated secret are shown once, with
// the receiver block to paste; a reload shows the integration in the list but never the secret again; revoking it
// asks first (Cancel keeps it) and then marks it revoked. The page passes axe with the secret panel and the
// confirmation open.
import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { demo, signIn } from "./helpers";

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id} at ${node.target.join(" ")}: ${violation.help}`));
}

test("an admin creates an Alertmanager integration, copies its secret once, and revokes it", async ({ page }) => {
  const admin = demo("ADMIN");
  await signIn(page, admin.email, admin.password);
  await page.goto("/admin/integrations");
  await expect(page.getByRole("heading", { name: "Integrations", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Integrations" })).toHaveAttribute("aria-current", "page");

  const name = `Prometheus e2e ${randomBytes(3).toString("hex")}`;
  const kind = page.getByLabel("Kind");
  const nameField = page.getByLabel("Name", { exact: true });
  // A refusal keeps the chosen kind and what was typed (a form reset would put the kind back on its first option).
  await kind.selectOption("PAGERDUTY");
  await expect(page.getByTestId("pagerduty-webhook-url")).toHaveText(/\/api\/v1\/webhooks\/pagerduty$/);
  await nameField.fill(name);
  await page.getByRole("button", { name: "Create integration" }).click();
  await expect(page.getByTestId("signingSecret-error")).toHaveText("Enter PagerDuty's signing secret.");
  await expect(kind).toHaveValue("PAGERDUTY");
  await expect(nameField).toHaveValue(name);

  await kind.selectOption("ALERTMANAGER");
  await page.getByRole("button", { name: "Create integration" }).click();

  const created = page.getByTestId("created-integration");
  await expect(created.getByRole("heading", { name: `Integration “${name}” created` })).toBeFocused();
  await expect(created.getByTestId("secret-warning")).toContainText("Copy the secret now: it is not shown again.");
  await expect(created.getByTestId("created-webhook-url")).toHaveValue(/^http:\/\/.+\/api\/v1\/webhooks\/alertmanager$/);
  const secret = await created.getByTestId("created-secret").inputValue();
  expect(secret).toMatch(/^hsi_[A-Za-z0-9_-]{43}$/);
  await expect(created.getByTestId("alertmanager-config")).toContainText(`credentials: ${secret}`);
  await expect(nameField).toHaveValue("");
  await expect(kind).toHaveValue("ALERTMANAGER");

  const row = page.getByTestId(`integration-row-${name}`);
  await expect(row).toContainText("Prometheus Alertmanager");
  await expect(row).toContainText("Active");

  const revoke = row.getByRole("button", { name: `Revoke ${name}` });
  const confirmation = page.getByRole("dialog", { name: `Revoke “${name}”?` });
  await revoke.click();
  await expect(confirmation).toContainText("Alertmanager's notifications are refused from now on");
  expect(await seriousViolations(page)).toEqual([]);
  await confirmation.getByRole("button", { name: "Cancel" }).click();
  await expect(confirmation).toBeHidden();
  await expect(revoke).toBeFocused();

  // Gone for good once the page is left: the list never carries it.
  await page.reload();
  await expect(row).toContainText("Active");
  await expect(page.getByTestId("created-integration")).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);

  await revoke.click();
  await confirmation.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button", { name: `Revoke ${name}` })).toHaveCount(0);
  await expect(confirmation).toHaveCount(0);
});

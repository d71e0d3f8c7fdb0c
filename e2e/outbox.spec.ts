// Journey: without a mail server, an admin reads Hindsight's mail in the outbox, finds a reminder that could not be
// sent, retries it, and reads the message it became. Other roles have no outbox.
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { signInAs } from "./helpers";

/** An owner with an overdue item whose reminder failed five times (as after an SMTP outage), written in one go. */
async function failedReminder() {
  const suffix = randomUUID().slice(0, 8);
  const today = new Date().toISOString().slice(0, 10);
  const due = new Date(Date.parse(`${today}T00:00:00Z`) - 3 * 86_400_000).toISOString().slice(0, 10);
  const ids = { user: `e2e-user-${suffix}`, incident: `e2e-inc-${suffix}`, item: `e2e-item-${suffix}`, delivery: `e2e-delivery-${suffix}` };
  const email = `owner-${suffix}@example.test`;
  const title = `Renew the <TLS> certificate ${suffix}`;
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query(`INSERT INTO "User" (id, email, name, role, "updatedAt") VALUES ($1, $2, 'Olga Owner', 'SRE', now())`, [ids.user, email]);
    await client.query(`INSERT INTO "Incident" (id, "publicId", title, severity, "updatedAt") VALUES ($1, $2, 'Expired certificate', 'High', now())`, [
      ids.incident,
      `INC-E2E-${suffix}`,
    ]);
    await client.query(`INSERT INTO "ActionItem" (id, "incidentId", title, "ownerId", "dueDate", "updatedAt") VALUES ($1, $2, $3, $4, $5, now())`, [
      ids.item,
      ids.incident,
      title,
      ids.user,
      due,
    ]);
    await client.query(
      `INSERT INTO "ReminderDelivery" (id, key, kind, day, "recipientId", "recipientEmail", "actionItemId", status, attempts, "lastError")
       VALUES ($1, $2, 'ACTION_OVERDUE', $3, $4, $5, $6, 'FAILED', 5, 'EENVELOPE: 550 Mailbox unavailable')`,
      [ids.delivery, `ACTION_OVERDUE:${ids.item}:${due}:d3:${ids.user}`, today, ids.user, email, ids.item],
    );
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
  return { email, title, publicId: `INC-E2E-${suffix}` };
}

test("an admin retries a reminder that could not be sent and reads it in the outbox", async ({ page }) => {
  const reminder = await failedReminder();
  await signInAs(page, "ADMIN");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Outbox" }).click();
  await expect(page.getByRole("heading", { name: "Outbox", level: 1 })).toBeVisible();
  await expect(page.getByText("No SMTP server is configured")).toBeVisible();

  const row = page.getByTestId("failed-deliveries").getByTestId("delivery-row").filter({ hasText: reminder.email });
  await expect(row).toContainText(reminder.title);
  await expect(row.getByTestId("delivery-error")).toHaveText("EENVELOPE: 550 Mailbox unavailable");
  await row.getByRole("button", { name: /Retry now/ }).click();
  await expect(page.getByTestId("retry-result")).toHaveText(`Sent to ${reminder.email}.`);
  await expect(row).toHaveCount(0);

  await page.reload();
  await expect(page.getByTestId("delivery-row").filter({ hasText: reminder.email })).toHaveCount(0);
  const message = page.getByTestId("outbox-message").filter({ hasText: reminder.email });
  await expect(message.getByTestId("outbox-subject")).toHaveText(`Overdue by 3 days: ${reminder.title}`);
  await message.getByTestId("outbox-subject").click();
  await expect(message.getByTestId("outbox-text")).toContainText(`/incidents/${reminder.publicId}`);
  await expect(message.frameLocator("iframe").getByText(reminder.title, { exact: true })).toBeVisible();
});

test("people who are not admins have no outbox", async ({ page }) => {
  await signInAs(page, "MANAGER");
  await page.goto("/admin/templates");
  await expect(page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Outbox" })).toHaveCount(0);
  await page.goto("/admin/outbox");
  await expect(page).toHaveURL(/\/forbidden/);
});

// Journey: a person signed in on two computers changes their password on one; the other is signed out, the one they
// used stays signed in. Then "Sign out everywhere" ends every session, as after a lost laptop.
import { randomUUID } from "node:crypto";
import { expect, test, type Browser } from "@playwright/test";
import pg from "pg";
import { hashPassword } from "../lib/auth/password";
import { newSignedInPage, submitSignIn } from "./helpers";

/** A user of their own: the journey changes the password, which no shared demo user may have changed under it. */
async function createUser(password: string): Promise<string> {
  const suffix = randomUUID().slice(0, 8);
  const email = `two-laptops-${suffix}@example.test`;
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(`INSERT INTO "User" (id, email, name, role, "passwordHash", "updatedAt") VALUES ($1, $2, 'Pat Two-Laptops', 'SRE', $3, now())`, [
      `e2e-user-${suffix}`,
      email,
      await hashPassword(password),
    ]);
  } finally {
    await client.end();
  }
  return email;
}

async function signedInTwice(browser: Browser, email: string, password: string) {
  return [await newSignedInPage(browser, email, password), await newSignedInPage(browser, email, password)] as const;
}

test("changing the password signs the other computer out and keeps this one in; 'Sign out everywhere' ends both", async ({ browser }) => {
  const oldPassword = "the-old-password-123";
  const newPassword = "the-new-password-456";
  const email = await createUser(oldPassword);
  const [laptop, desktop] = await signedInTwice(browser, email, oldPassword);

  await laptop.goto("/account");
  await laptop.getByLabel("Current password").fill(oldPassword);
  await laptop.getByLabel("New password", { exact: true }).fill(newPassword);
  await laptop.getByLabel("Repeat new password").fill(newPassword);
  await laptop.getByRole("button", { name: "Change password" }).click();
  await expect(laptop).toHaveURL(/\/account\?password=changed$/);
  await expect(laptop.getByTestId("form-success")).toHaveText("Password changed. You were signed out everywhere else.");

  await laptop.goto("/incidents");
  await expect(laptop).toHaveURL(/\/incidents$/);
  await desktop.goto("/incidents");
  await expect(desktop).toHaveURL(/\/login\?error=session-ended$/);
  await expect(desktop.getByTestId("form-error")).toContainText("signed out because the password was changed");

  // The old password no longer works; the new one does.
  await submitSignIn(desktop, email, oldPassword);
  await expect(desktop.getByTestId("form-error")).toContainText("Email or password is incorrect");
  await submitSignIn(desktop, email, newPassword);
  await desktop.waitForURL(/\/incidents$/);

  await desktop.goto("/account");
  await desktop.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(desktop).toHaveURL(/\/login\?error=signed-out-everywhere$/);
  await expect(desktop.getByTestId("form-error")).toContainText("signed out everywhere");
  await laptop.goto("/incidents");
  await expect(laptop).toHaveURL(/\/login\?error=session-ended$/);
});

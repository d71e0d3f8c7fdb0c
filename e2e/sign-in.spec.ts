// Journey: people sign in with their role and see what that role may see; anonymous users and bad input are refused.
import { expect, test, type Page } from "@playwright/test";
import { demo, signIn, submitSignIn } from "./helpers";

const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });

test("an anonymous visitor is sent to sign-in and comes back to the page asked for", async ({ page }) => {
  await page.goto("/action-items");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faction-items/);
  const sre = demo("SRE");
  await page.getByLabel("Email").fill(sre.email);
  await page.getByLabel("Password").fill(sre.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/action-items$/);
  await expect(page.getByRole("heading", { name: "Action items" })).toBeVisible();
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await submitSignIn(page, demo("ADMIN").email, "not-the-password");
  await expect(page.getByTestId("form-error")).toHaveText("Email or password is incorrect.");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByLabel("Email")).toHaveValue(demo("ADMIN").email);
});

test("malformed sign-in input names the field that is wrong", async ({ page }) => {
  await submitSignIn(page, "not-an-email", "");
  await expect(page.getByTestId("email-error")).toBeVisible();
  await expect(page.getByTestId("password-error")).toBeVisible();
});

test("a viewer reads incidents but sees no review or admin pages", async ({ page }) => {
  const viewer = demo("VIEWER");
  await signIn(page, viewer.email, viewer.password);
  await expect(page).toHaveURL(/\/incidents$/);
  await expect(mainNav(page).getByRole("link", { name: "Incidents" })).toBeVisible();
  await expect(mainNav(page).getByRole("link", { name: "Reviews" })).toHaveCount(0);
  await expect(mainNav(page).getByRole("link", { name: "Admin" })).toHaveCount(0);
  await expect(page.getByTestId("incident-list").getByRole("row")).not.toHaveCount(0);
  // other journeys import copies of the sample that start later: find the seeded one by its id
  await page.goto("/incidents?q=INC-2024-1127-001");
  await expect(page.getByTestId("incident-list")).toContainText("INC-2024-1127-001");

  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
});

test("the sample incident opens as a structured report", async ({ page }) => {
  const viewer = demo("VIEWER");
  await signIn(page, viewer.email, viewer.password);
  // other journeys import the same report under another id (and more than a page of them): find the seeded one by its id
  await page.goto("/incidents?q=INC-2024-1127-001");
  await page.getByTestId("incident-list").getByRole("row").filter({ hasText: "INC-2024-1127-001" }).getByRole("link").click();
  await expect(page).toHaveURL(/\/incidents\/INC-2024-1127-001$/);
  await expect(page.getByTestId("timeline").getByRole("listitem")).toHaveCount(9);
  await expect(page.getByTestId("stat-duration")).toHaveText("47 minutes");
  await expect(page.getByTestId("stat-time-to-resolve")).toHaveText("47 minutes");
});

test("an SRE and a manager see reviews; a manager's admin area is templates only; an admin manages users", async ({ browser }) => {
  for (const role of ["SRE", "MANAGER"] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const user = demo(role);
    await signIn(page, user.email, user.password);
    await expect(mainNav(page).getByRole("link", { name: "Reviews" })).toBeVisible();
    await page.getByTestId("user-menu").locator("summary").click();
    await expect(page.getByTestId("user-role")).toContainText(role === "SRE" ? "SRE" : "Manager");
    if (role === "SRE") {
      await expect(mainNav(page).getByRole("link", { name: "Admin" })).toHaveCount(0);
    } else {
      await mainNav(page).getByRole("link", { name: "Admin" }).click();
      await expect(page).toHaveURL(/\/admin\/templates$/);
      await page.goto("/admin/users");
      await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
    }
    await context.close();
  }

  const page = await browser.newPage();
  const admin = demo("ADMIN");
  await signIn(page, admin.email, admin.password);
  await mainNav(page).getByRole("link", { name: "Admin" }).click();
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
  await expect(page.getByTestId("user-list")).toContainText(demo("VIEWER").email);
  await page.close();
});

test("signing out ends the session", async ({ page }) => {
  const sre = demo("SRE");
  await signIn(page, sre.email, sre.password);
  await page.getByTestId("user-menu").locator("summary").click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.goto("/incidents");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fincidents/);
});

test("signing out ends the session on the server: a saved copy of the cookie is refused", async ({ browser }) => {
  const sre = demo("SRE");
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, sre.email, sre.password);
  const saved = await context.cookies();
  expect((await context.request.get("/api/v1/me")).status()).toBe(200);
  await page.getByTestId("user-menu").locator("summary").click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await context.close();

  // Someone who copied the cookie before the sign-out puts it into a browser of their own.
  const replay = await browser.newContext();
  await replay.addCookies(saved);
  const me = await replay.request.get("/api/v1/me");
  expect(me.status()).toBe(401);
  const replayed = await replay.newPage();
  await replayed.goto("/incidents");
  await expect(replayed).toHaveURL(/\/login/);
  await expect(replayed.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(replayed.getByTestId("form-error")).toContainText("This session has ended");
  await replay.close();
});

test("five wrong passwords for one email, each claiming another X-Forwarded-For, bring the wait into the form", async ({ page }) => {
  // An email with no account: it is slowed exactly like a real one, and no demo user is held up for later journeys.
  const email = `nobody-${Date.now()}@example.com`;
  for (let attempt = 1; attempt <= 4; attempt++) {
    await page.setExtraHTTPHeaders({ "x-forwarded-for": `198.51.100.${attempt}` });
    await submitSignIn(page, email, "guess-" + attempt);
    await expect(page.getByTestId("form-error")).toHaveText("Email or password is incorrect.");
  }
  await page.setExtraHTTPHeaders({ "x-forwarded-for": "198.51.100.5" });
  await submitSignIn(page, email, "guess-5");
  await expect(page.getByTestId("form-error")).toHaveText("Too many failed attempts. Wait 30 seconds and try again.");
  await page.setExtraHTTPHeaders({ "x-forwarded-for": "198.51.100.6" });
  await submitSignIn(page, email, "guess-6");
  await expect(page.getByTestId("form-error")).toHaveText(/^Too many failed attempts\. Wait \d+ seconds and try again\.$/);
});

test("an admin adds a user who can then sign in with the given role", async ({ page }) => {
  const admin = demo("ADMIN");
  await signIn(page, admin.email, admin.password);
  await page.goto("/admin/users");
  const email = `new-sre-${Date.now()}@example.com`;
  const form = page.getByTestId("create-user-form");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill("New Responder");
  await form.getByLabel("Role").selectOption("SRE");
  await form.getByLabel("Password").fill("a-long-enough-password");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByTestId("form-success")).toContainText(`Added ${email}`);

  await page.getByTestId("user-menu").locator("summary").click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await signIn(page, email, "a-long-enough-password");
  await expect(mainNav(page).getByRole("link", { name: "Reviews" })).toBeVisible();
});

test("the API refuses a request without a token and accepts a personal token", async ({ page, request }) => {
  const anonymous = await request.get("/api/v1/me");
  expect(anonymous.status()).toBe(401);
  expect((await anonymous.json()).error.message).toMatch(/Bearer/);

  const sre = demo("SRE");
  await signIn(page, sre.email, sre.password);
  await page.goto("/account/tokens");
  await page.getByLabel("Name").fill("e2e check");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())?.trim() ?? "";
  expect(token).toMatch(/^hst_/);
  const me = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ email: sre.email, role: "SRE", via: "token" });
});

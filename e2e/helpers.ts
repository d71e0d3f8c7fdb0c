// What the browser journeys share: the demo users (prisma/demo-users.ts, seeded by global-setup.ts) and signing in as one.
import type { Browser, Locator, Page } from "@playwright/test";
import { DEMO_USERS } from "../prisma/demo-users";

/** The demo user with this role (ADMIN, MANAGER, SRE or VIEWER). */
export function demo(role: string) {
  const user = DEMO_USERS.find((candidate) => candidate.role === role);
  if (!user) throw new Error(`no demo user with role ${role}`);
  return user;
}

/** Fills in and submits the sign-in form, without waiting for where it leads. */
export async function submitSignIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Signs in and waits until the app has left the sign-in page. */
export async function signIn(page: Page, email: string, password: string) {
  await submitSignIn(page, email, password);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

export async function signInAs(page: Page, role = "SRE") {
  const user = demo(role);
  await signIn(page, user.email, user.password);
}

/** A page in a browser context of its own (its own cookies), signed in. */
export async function newSignedInPage(browser: Browser, email: string, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email, password);
  return page;
}

export async function newPageSignedInAs(browser: Browser, role = "SRE"): Promise<Page> {
  const user = demo(role);
  return newSignedInPage(browser, user.email, user.password);
}

/** Opens the disclosure (a <details>) in `scope` whose summary reads `summary`, unless it is open already. */
export async function openDisclosure(scope: Locator, summary: string) {
  const details = scope.locator("details").filter({ has: scope.page().locator(":scope > summary", { hasText: summary }) });
  if (!(await details.evaluate((element) => (element as HTMLDetailsElement).open))) await details.locator(":scope > summary").click();
}

// Hindsight on a phone (390 x 844, an iPhone 14's viewport): no page of the list, action items, reviews or insights
// scrolls sideways; the navigation folds into a Menu button; the action items are cards, each with its title,
// incident, owner, due date, status and overdue mark, still editable in place. And the app has its icon: no page
// load asks for a file that is not there, /favicon.ico answers, and the web manifest names the home-screen icon.
import { expect, test, type Page } from "@playwright/test";
import { newPageSignedInAs } from "./helpers";

const PHONE = { width: 390, height: 844 };

/** The page's width beyond the viewport, with the widest offenders named, for a message that says where to look. */
async function sidewaysOverflow(page: Page): Promise<{ scrollWidth: number; offenders: string[] }> {
  return page.evaluate((viewportWidth) => {
    const offenders = [...document.querySelectorAll<HTMLElement>("body *")]
      .filter((element) => element.getBoundingClientRect().right > viewportWidth + 0.5 && element.getClientRects().length > 0)
      .filter((element) => !element.parentElement || element.parentElement.getBoundingClientRect().right <= viewportWidth + 0.5)
      .slice(0, 5)
      .map(
        (element) =>
          `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""}.${[...element.classList].slice(0, 4).join(".")} right=${Math.round(element.getBoundingClientRect().right)}`,
      );
    return { scrollWidth: document.documentElement.scrollWidth, offenders };
  }, PHONE.width);
}

test("at 390 px nothing scrolls sideways on the list, action items, reviews and insights, and the navigation is a menu", async ({ browser }) => {
  const page = await newPageSignedInAs(browser, "MANAGER");
  await page.setViewportSize(PHONE);
  for (const path of ["/incidents", "/action-items", "/reviews", "/insights"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    const { scrollWidth, offenders } = await sidewaysOverflow(page);
    expect(scrollWidth, `${path} is ${scrollWidth} px wide; sticking out: ${offenders.join("; ")}`).toBeLessThanOrEqual(PHONE.width);
  }

  const main = page.getByRole("navigation", { name: "Main" });
  await expect(main.getByRole("link", { name: "Action items" })).toBeHidden();
  await main
    .locator("summary")
    .filter({ hasText: /^\W*Menu$/ })
    .click();
  const link = main.getByRole("link", { name: "Action items" });
  await expect(link).toBeVisible();
  const box = (await link.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
  await link.click();
  await expect(page).toHaveURL(/\/action-items$/);
});

test("on a phone each action item is a card with its title, incident, owner, due date, status and overdue mark", async ({ browser }) => {
  const page = await newPageSignedInAs(browser, "SRE");
  await page.setViewportSize(PHONE);
  // The seeded sample's action items were due in 2024 and are still open: overdue.
  await page.goto("/action-items?overdue=true");
  const cards = page.getByTestId("action-item-row");
  await expect(cards.first()).toBeVisible();
  const card = cards.first();

  expect(await card.evaluate((element) => getComputedStyle(element).display)).toBe("block");
  const box = (await card.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
  await expect(card.getByTestId("action-item-title")).toBeVisible();
  await expect(card.getByRole("link", { name: /INC-/ })).toBeVisible();
  await expect(card.getByTestId("owner-name")).toBeVisible();
  await expect(card.getByTestId("overdue")).toBeVisible();
  const status = card.getByLabel(/^Status of /);
  await expect(status).toBeVisible();
  // every cell on a line of its own, under its column's name
  const cells = card.locator("td");
  const labels = await cells.evaluateAll((tds) => tds.map((td) => getComputedStyle(td, "::before").content));
  expect(labels).toEqual(expect.arrayContaining(['"Incident"', '"Owner"', '"Due"', '"Status"']));
  const lefts = await cells.evaluateAll((tds) => tds.map((td) => Math.round(td.getBoundingClientRect().left)));
  expect(new Set(lefts).size).toBe(1);

  // On a wide screen the same items are a table again.
  await page.setViewportSize({ width: 1440, height: 900 });
  expect(await card.evaluate((element) => getComputedStyle(element).display)).toBe("table-row");
});

test("the app has its icon: no page load asks for a missing file, and /favicon.ico, the icons and the manifest answer", async ({ browser }) => {
  const page = await newPageSignedInAs(browser, "VIEWER");
  const missing: string[] = [];
  page.on("response", (response) => {
    if (response.status() === 404) missing.push(response.url());
  });
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  await page.goto("/incidents");
  await page.waitForLoadState("networkidle");
  expect(missing).toEqual([]);
  expect(consoleErrors.filter((text) => text.includes("404"))).toEqual([]);

  const icon = page.locator('head link[rel="icon"]').first();
  await expect(icon).toHaveAttribute("href", /\.(svg|ico)/);
  await expect(page.locator('head link[rel="apple-touch-icon"]')).toHaveCount(1);
  await expect(page.locator('head link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");

  // Without a session too: a browser asks for these before anyone signs in.
  const anonymous = await browser.newContext({ baseURL: new URL(page.url()).origin });
  const favicon = await anonymous.request.get("/favicon.ico", { maxRedirects: 0 });
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()["content-type"]).toMatch(/icon/);
  const manifest = await anonymous.request.get("/manifest.webmanifest", { maxRedirects: 0 });
  expect(manifest.status()).toBe(200);
  const body = (await manifest.json()) as { name: string; icons: { src: string }[] };
  expect(body.name).toBe("Hindsight");
  for (const { src } of body.icons) expect((await anonymous.request.get(src, { maxRedirects: 0 })).status(), src).toBe(200);
  expect((await anonymous.request.get((await icon.getAttribute("href"))!, { maxRedirects: 0 })).status()).toBe(200);
  await anonymous.close();
});

// Accessibility of the main pages, as each role that uses them sees them: axe-core finds no serious or critical
// violation of WCAG 2.0/2.1 A and AA (contrast, names, labels, landmarks) on the incident list, a report (the imported
// sample, and one in review as its reviewer sees it), the editor, the action items, the review queue and insights.
// And a keyboard user's first Tab reaches "Skip to content", which takes them past the navigation.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import type { ImportResponse } from "../lib/incidents/schema";
import { apiSend } from "./app-api";
import { newPageSignedInAs, demo } from "./helpers";

const SAMPLE = "/incidents/INC-2024-1127-001";

/** The serious and critical violations on the page as it is now, one readable line per element. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .flatMap((violation) =>
      violation.nodes.map(
        (node) => `${violation.id} (${violation.impact}) at ${node.target.join(" ")}: ${node.failureSummary?.replace(/\s+/g, " ") ?? violation.help}`,
      ),
    );
}

/** Every page checked before the verdict, so that one run names every violation on every page. */
async function expectNoSeriousViolations(page: Page, paths: string[]) {
  const found: Record<string, string[]> = {};
  for (const path of paths) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await page.waitForLoadState("networkidle");
    const violations = await seriousViolations(page);
    if (violations.length) found[path] = violations;
  }
  expect(found).toEqual({});
}

test("the list, the sample report, the editor, the action items and the reviews have no serious accessibility violations for an SRE", async ({ browser }) => {
  const page = await newPageSignedInAs(browser, "SRE");
  await expectNoSeriousViolations(page, ["/incidents", SAMPLE, `${SAMPLE}/edit`, "/action-items", "/reviews"]);
});

/** The sample under an id of its own and without its action items: other journeys count the sample's items by title. */
async function importSampleWithoutActionItems(page: Page): Promise<string> {
  const publicId = `INC-A11Y-${randomBytes(3).toString("hex").toUpperCase()}`;
  const sample = await readFile("prisma/seed-data/inc-2024-1127-001.txt", "utf8");
  const text = sample.replace("Incident ID: INC-2024-1127-001", `Incident ID: ${publicId}`).replace(/\nAction Items:\n[\s\S]*?\n(?=Follow-up:)/, "\n");
  expect(text).not.toContain("Action Items:");
  const response = await page.request.post("/api/v1/incidents/import", {
    headers: { origin: new URL(page.url()).origin, "content-type": "text/plain; charset=utf-8" },
    data: text,
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as ImportResponse).publicId;
}

test("a report in review, the review queue and insights have no serious accessibility violations for its reviewer", async ({ browser }) => {
  const author = await newPageSignedInAs(browser, "SRE");
  const publicId = await importSampleWithoutActionItems(author);
  await apiSend(author, "POST", `/api/v1/incidents/${publicId}/submit`, { reviewers: [demo("MANAGER").email] });

  const manager = await newPageSignedInAs(browser, "MANAGER");
  await expectNoSeriousViolations(manager, ["/reviews", `/incidents/${publicId}`, "/insights"]);
});

test("a keyboard user's first Tab is 'Skip to content', which moves focus past the navigation to the page", async ({ browser }) => {
  const page = await newPageSignedInAs(browser, "VIEWER");
  await page.goto("/action-items");
  const skip = page.getByRole("link", { name: "Skip to content" });
  expect((await skip.boundingBox())?.width).toBeLessThanOrEqual(1); // out of sight until a keyboard reaches it

  await page.keyboard.press("Tab");
  await expect(skip).toBeFocused();
  expect((await skip.boundingBox())?.width).toBeGreaterThan(50);
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
  // the next Tab continues inside the page, not in the navigation
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.closest("main")?.id)).toBe("main");
});

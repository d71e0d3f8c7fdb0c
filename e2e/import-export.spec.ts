// Journey: an SRE imports a postmortem written as text, checks the preview, creates it, downloads it as Markdown,
// and attaches a file to it; an import that is not a report is refused without creating anything.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { demo, openDisclosure, signIn } from "./helpers";
import { parseReportText } from "../lib/incidents/report-text/parse";

const SAMPLE_PATH = "prisma/seed-data/inc-2024-1127-001.txt";

/** The sample under an id of its own: the seeded sample already has INC-2024-1127-001. */
async function sampleText(): Promise<{ text: string; publicId: string }> {
  const publicId = `INC-2024-1127-${String(Date.now()).slice(-6)}`;
  const text = (await readFile(SAMPLE_PATH, "utf8")).replace("Incident ID: INC-2024-1127-001", `Incident ID: ${publicId}`);
  return { text, publicId };
}

function withoutIds(doc: unknown): unknown {
  return JSON.parse(JSON.stringify(doc, (key, value: unknown) => (key === "id" ? undefined : value)));
}

async function postmortemCount(page: Page): Promise<string> {
  await page.goto("/incidents");
  return (await page.getByText(/^\d+ postmortems?$/).textContent()) ?? "";
}

test("an SRE imports the sample, creates it, exports it as Markdown and attaches a file", async ({ page }) => {
  const sre = demo("SRE");
  await signIn(page, sre.email, sre.password);
  await page.goto("/incidents");
  await page.getByRole("link", { name: "Import report" }).click();
  await expect(page).toHaveURL(/\/incidents\/import$/);

  const { text, publicId } = await sampleText();
  await page.getByLabel("Report text").fill(text);
  await expect(page.getByLabel("Time zone of the report")).toHaveValue("UTC");
  await page.getByRole("button", { name: "Preview" }).click();

  const preview = page.getByTestId("import-preview");
  await expect(preview.getByTestId("preview-timeline").getByRole("listitem")).toHaveCount(9);
  await expect(preview.getByTestId("preview-action-items").getByRole("listitem")).toHaveCount(5);
  await expect(preview.getByTestId("unmapped-count")).toHaveText("0 unmapped lines");
  await expect(preview.getByTestId("import-source").locator('[data-kind="unmapped"]')).toHaveCount(0);
  await expect(preview.getByTestId("import-source").locator('[data-kind="mapped"]').first()).toContainText("Title");
  await expect(preview.getByTestId("preview-fields")).toContainText(publicId);
  // The author's lines as written, beside what was read from them.
  for (const line of ["Primary API services experienced 23% error rate during peak impact", "Connection timeout: 30s (restored from 300s)"]) {
    await expect(preview.getByTestId("as-written").filter({ hasText: line })).toHaveCount(1);
  }

  await page.getByRole("button", { name: "Create report" }).click();
  await expect(page).toHaveURL(new RegExp(`/incidents/${publicId}$`));
  await expect(page.getByRole("heading", { name: "Production Database Connection Pool Exhaustion" })).toBeVisible();
  await expect(page.getByTestId("timeline").getByRole("listitem")).toHaveCount(9);

  // Markdown export: named after the incident, and it reads back as the same report
  await page.getByTestId("export-menu").getByText("Export", { exact: true }).click();
  const markdownDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: /^Markdown/ }).click();
  const markdown = await markdownDownload;
  expect(markdown.suggestedFilename()).toBe(`${publicId}.md`);
  const exported = await readFile(await markdown.path(), "utf8");
  expect(exported).toContain("Production Database Connection Pool Exhaustion");
  expect(withoutIds(parseReportText(exported).document)).toEqual(withoutIds(parseReportText(text).document));
  await expect(page.getByRole("button", { name: "Print / PDF" })).toBeVisible();

  // Attachment: progress to 100%, listed with its size, and the same bytes come back
  const bytes = randomBytes(3 * 1024 * 1024);
  const panel = page.getByTestId("attachments-panel");
  await openDisclosure(panel, "Add a file");
  await panel.getByLabel("Add a file").setInputFiles({ name: "pool-usage.bin", mimeType: "application/octet-stream", buffer: bytes });
  await panel.getByRole("button", { name: "Upload" }).click();
  await expect(panel.getByTestId("upload-progress")).toHaveAttribute("aria-valuenow", "100");
  await expect(panel.getByTestId("upload-percent")).toHaveText("100%");
  const row = panel.getByTestId("attachment-row").filter({ hasText: "pool-usage.bin" });
  await expect(row).toBeVisible();
  await expect(row.getByTestId("attachment-size")).toHaveText("3 MB");
  await expect(row).toContainText(sre.name);

  const fileDownload = page.waitForEvent("download");
  await row.getByRole("link", { name: "pool-usage.bin" }).click();
  const file = await fileDownload;
  expect(file.suggestedFilename()).toBe("pool-usage.bin");
  expect((await readFile(await file.path())).equals(bytes)).toBe(true);
});

test("an import that is not a report, or has a bad date, says what is wrong and creates nothing", async ({ page }) => {
  const sre = demo("SRE");
  await signIn(page, sre.email, sre.password);
  const before = await postmortemCount(page);

  await page.goto("/incidents/import");
  await page.getByLabel("Report text").fill("Shopping list:\nmilk\neggs\n");
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByTestId("form-error")).toContainText("does not look like an incident report");
  await expect(page.getByRole("button", { name: "Create report" })).toHaveCount(0);

  const { text } = await sampleText();
  await page.getByLabel("Report text").fill(text.replace("(Due: Dec 1)", "(Due: Feb 30)"));
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByTestId("form-error")).toContainText('Line 85: "Feb 30" is not a real date');

  await page.getByLabel("Report text").fill("");
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByTestId("form-error")).toContainText("empty");

  expect(await postmortemCount(page)).toBe(before);
});

test("a viewer sees no import button and cannot open the import page", async ({ page }) => {
  const viewer = demo("VIEWER");
  await signIn(page, viewer.email, viewer.password);
  await expect(page.getByRole("link", { name: "Import report" })).toHaveCount(0);
  await page.goto("/incidents/import");
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
});

// Journey: an SRE opens a Word document on the import page, sees it converted to text, checks it, previews and creates
// the report; a Google Docs page is converted with notes on what was left out; a PDF is refused saying what it is.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { makeDocx } from "../lib/incidents/report-formats/test-zip";
import { signInAs } from "./helpers";

const FIXTURES = "lib/incidents/report-formats/fixtures";
const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

test("a Word document is converted into the text box, previewed and created", async ({ page }) => {
  await signInAs(page, "SRE");
  await page.goto("/incidents/import");
  const publicId = `INC-2021-0521-${String(Date.now()).slice(-6)}`;

  await page
    .getByLabel("Or open a file")
    .setInputFiles({ name: "postmortem.docx", mimeType: DOCX_TYPE, buffer: await readFile(`${FIXTURES}/postmortem.docx`) });
  await expect(page.getByTestId("conversion-notice")).toHaveText("Converted from Word (postmortem.docx): check the text, then Preview.");
  const textBox = page.getByLabel("Report text");
  await expect(textBox).toHaveValue(/^# Order confirmation emails delayed by a stuck mail queue\n/);
  await expect(textBox).toHaveValue(/\| Time \| Event \|\n\| --- \| --- \|\n\| 08:10 \|/);

  // checking the text: this run's own incident id
  await textBox.fill((await textBox.inputValue()).replace("INC-2021-0521", publicId));
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByTestId("import-preview");
  await expect(preview.getByTestId("preview-timeline").getByRole("listitem")).toHaveCount(6);
  await expect(preview.getByTestId("preview-action-items").getByRole("listitem")).toHaveCount(3);
  await expect(preview.getByTestId("preview-fields")).toContainText(publicId);
  await expect(preview.getByTestId("preview-fields")).toContainText("Europe/Paris");

  await page.getByRole("button", { name: "Create report" }).click();
  await expect(page).toHaveURL(new RegExp(`/incidents/${publicId}$`));
  await expect(page.getByRole("heading", { name: "Order confirmation emails delayed by a stuck mail queue" })).toBeVisible();
  await expect(page.getByTestId("timeline").getByRole("listitem")).toHaveCount(6);
});

test("a Google Docs page is converted with what was left out; a PDF is refused saying what it is", async ({ page }) => {
  await signInAs(page, "SRE");
  await page.goto("/incidents/import");
  const file = page.getByLabel("Or open a file");

  await file.setInputFiles({ name: "postmortem.html", mimeType: "text/html", buffer: await readFile(`${FIXTURES}/google-docs-export.html`) });
  const notice = page.getByTestId("conversion-notice");
  await expect(notice).toContainText("Converted from an HTML page (postmortem.html): check the text, then Preview.");
  await expect(notice).toContainText("1 comment was left out.");
  await expect(page.getByLabel("Report text")).toHaveValue(/\*\*Incident ID:\*\* INC-2021-0303/);

  await file.setInputFiles({ name: "postmortem.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7\n%…") });
  await expect(page.getByText('"postmortem.pdf" is a PDF, which cannot be read as a report')).toBeVisible();
  // the text from before stays, to be previewed or replaced
  await expect(page.getByLabel("Report text")).toHaveValue(/INC-2021-0303/);
});

test("a Word document over 2 MB (an image inside) is converted too: files go to the API, not a size-capped server action", async ({ page }) => {
  await signInAs(page, "SRE");
  await page.goto("/incidents/import");
  const image = { name: "word/media/image1.png", data: randomBytes(3 * 1024 * 1024), store: true };
  const docx = makeDocx(["# Cache stampede after a deploy", "**Severity:** High", "## Summary", "The cache emptied at once."], { extra: [image] });
  expect(docx.byteLength).toBeGreaterThan(3 * 1024 * 1024);

  await page.getByLabel("Or open a file").setInputFiles({ name: "big.docx", mimeType: DOCX_TYPE, buffer: Buffer.from(docx) });
  await expect(page.getByTestId("conversion-notice")).toHaveText("Converted from Word (big.docx): check the text, then Preview.");
  await expect(page.getByLabel("Report text")).toHaveValue(/^# Cache stampede after a deploy\n/);
});

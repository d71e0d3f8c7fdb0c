// Journey: an SRE imports reports that do not say everything plainly. The preview says what it guessed (the zone
// from an abbreviation, the day from a sentence, the id from the title) apart from the other warnings, and asks which
// place an ambiguous "IST" means; the answer sets the report's time zone and previews it again.
import { expect, test } from "@playwright/test";
import { signInAs } from "./helpers";

const unique = () => String(Date.now()).slice(-6);

test("an ambiguous IST is asked about, and the answer previews the report again in that zone", async ({ page }) => {
  await signInAs(page, "SRE");
  await page.goto("/incidents/import");
  const text = [
    "INCIDENT REPORT - Payment gateway timeouts",
    "",
    `Incident ID: INC-2024-0610-${unique()}`,
    "Severity: High",
    "Status: Resolved",
    "All times IST",
    "",
    "Timeline:",
    "14:05 - Alert fired: payment timeouts above 5%",
    "14:40 - Rollback complete, errors back to normal",
    "",
  ].join("\n");
  await page.getByLabel("Report text").fill(text);
  await page.getByLabel("Time zone of the report").selectOption("UTC");
  await page.getByRole("button", { name: "Preview" }).click();

  const preview = page.getByTestId("import-preview");
  const question = preview.getByTestId("import-question");
  await expect(question).toHaveCount(1);
  await expect(question).toContainText("Which time zone does “IST” on line 6 mean?");
  await expect(question.getByRole("radio", { name: /India \(IST, UTC\+5:30\)/ })).toBeChecked();
  await expect(question.getByRole("radio")).toHaveCount(3);
  await expect(preview.getByTestId("import-guesses")).toContainText('"IST" can mean India (UTC+5:30), Ireland (UTC+1) or Israel (UTC+2)');
  await expect(preview.getByTestId("preview-timeline").locator("time").first()).toHaveAttribute("datetime", "2024-06-10T08:35:00.000Z");

  // click, not check(): the answer previews again and the question goes away, so there is no radio left to verify
  await question.getByRole("radio", { name: /Ireland \(IST, UTC\+1\)/ }).click();

  await expect(page.getByLabel("Time zone of the report")).toHaveValue("Europe/Dublin");
  await expect(preview.getByTestId("import-question")).toHaveCount(0);
  await expect(preview.getByTestId("preview-timeline").locator("time").first()).toHaveAttribute("datetime", "2024-06-10T13:05:00.000Z");
  await expect(preview.getByTestId("import-guesses")).toContainText(
    '"IST" was read as Ireland (IST, UTC+1), the time zone chosen for the import (Europe/Dublin).',
  );
  await expect(preview.getByTestId("preview-fields")).toContainText("Europe/Dublin");
  await expect(page.getByRole("button", { name: "Create report" })).toBeEnabled();

  // India, the guess (checked already: clicking it confirms it), which Node 20's zone list spells Asia/Calcutta: the
  // list's spelling is selected and the report previewed in it
  await page.getByLabel("Time zone of the report").selectOption("UTC");
  await page.getByRole("button", { name: "Preview" }).click();
  const india = preview.getByTestId("import-question").getByRole("radio", { name: /India \(IST, UTC\+5:30\)/ });
  await expect(india).toBeChecked();
  await india.click();
  await expect(page.getByLabel("Time zone of the report")).toHaveValue(/^Asia\/(?:Kolkata|Calcutta)$/);
  await expect(preview.getByTestId("import-question")).toHaveCount(0);
  await expect(page.getByText("is not a time zone this server knows")).toHaveCount(0);
  await expect(preview.getByTestId("preview-timeline").locator("time").first()).toHaveAttribute("datetime", "2024-06-10T08:35:00.000Z");
  await expect(preview.getByTestId("preview-fields")).toContainText("Asia/Kolkata");
});

test("the preview lists what it guessed apart from the other warnings", async ({ page }) => {
  await signInAs(page, "SRE");
  await page.goto("/incidents/import");
  const id = unique();
  const text = [
    `# Checkout errors (SEV #${id})`,
    "",
    "All times CET",
    "",
    "## Summary",
    "",
    "Shortly after 14:05 CET on 3 March 2021, the checkout API began returning errors.",
    "",
    "## Timeline",
    "",
    "14:05 - Alert fired",
    "14:40 - Rollback complete, errors back to normal",
    "",
  ].join("\n");
  await page.getByLabel("Report text").fill(text);
  await page.getByRole("button", { name: "Preview" }).click();

  const guesses = page.getByTestId("import-guesses");
  await expect(guesses.getByTestId("import-guess")).toHaveCount(3);
  await expect(guesses.locator('[data-kind="publicId"]')).toContainText(`the incident id SEV-${id} was taken from the title`);
  await expect(guesses.locator('[data-kind="date"]')).toContainText(
    'The incident date 3 March 2021 was read from the sentence "Shortly after 14:05 CET on 3 March 2021 ..." (line 7): check it.',
  );
  await expect(guesses.locator('[data-kind="timeZone"]')).toContainText('times were read as Europe/Berlin from "All times CET"');
  // the other warnings stay in their own list, without the guesses
  const warnings = page.getByTestId("import-warnings");
  await expect(warnings).toContainText("The report gives no severity");
  await expect(warnings).not.toContainText("The incident date");
  await expect(page.getByTestId("preview-fields")).toContainText(`SEV-${id}`);
  await expect(page.getByTestId("preview-timeline").locator("time").first()).toHaveAttribute("datetime", "2021-03-03T13:05:00.000Z");
});

// Inviting people to a report's follow-up review: attendees are found by typing part of a name (the report page no longer
// carries one checkbox per person), chosen ones can be removed again, and the review lists who was invited.
import { expect, test } from "@playwright/test";
import { importOwnReport } from "./app-api";
import { demo, signInAs } from "./helpers";

test("a follow-up review's attendees are picked by searching their names", async ({ page }) => {
  await signInAs(page, "SRE");
  const { publicId } = await importOwnReport(page, "FOLLOW");
  await page.goto(`/incidents/${publicId}`);

  // the sample report comes with its follow-up review scheduled: change who attends it
  const panel = page.getByTestId("follow-up-panel");
  await panel.getByText("Change date, attendees or note").click();
  const form = panel.getByTestId("change-follow-up-form");
  const picker = form.getByTestId("people-picker-attendeeIds");
  const search = picker.getByRole("searchbox");

  await search.fill("morg");
  await picker.getByRole("button", { name: new RegExp(demo("MANAGER").name) }).click();
  await search.fill("viC");
  await search.press("Enter"); // the first match
  await search.fill("ada");
  await picker.getByRole("button", { name: new RegExp(demo("ADMIN").name) }).click();
  await picker.getByRole("button", { name: `Remove ${demo("ADMIN").name}` }).click();
  await search.fill("nobody-is-called-this");
  await expect(picker.getByText("Nobody matches")).toBeVisible();
  await search.fill("");

  await form.getByRole("button", { name: "Save changes" }).click();
  const attendees = panel.getByTestId("follow-up-attendees");
  await expect(attendees).toContainText(demo("MANAGER").name);
  await expect(attendees).toContainText(demo("VIEWER").name);
  await expect(attendees).not.toContainText(demo("ADMIN").name);
});

// Journey: an SRE's High-severity postmortems are owed by the default policy (the scale's two most severe, 5 business
// days after the incident ends, counted in the author's zone). The incident list and the report header say how long
// is left or how late it is; once the report is approved, nothing is owed and the badge is gone.
import { expect, test } from "@playwright/test";
import pg from "pg";
import type { IncidentListResponse } from "../lib/incidents/schema";
import { apiGet, importOwnReport } from "./app-api";
import { newPageSignedInAs } from "./helpers";

const DAY_MS = 86_400_000;

async function sql(text: string, values: unknown[]) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** The author's calendar day of `at` ("YYYY-MM-DD"). */
const dayIn = (at: Date, timeZone: string) => at.toLocaleDateString("en-CA", { timeZone });

/** The policy's rule, written out independently: a weekend day counts from the Monday after; then 5 weekdays on. */
function dueDayFor(endDay: string): string {
  const weekday = (ms: number) => new Date(ms).getUTCDay(); // 0 = Sunday, 6 = Saturday
  let at = Date.parse(`${endDay}T00:00:00Z`);
  while (weekday(at) === 0 || weekday(at) === 6) at += DAY_MS;
  for (let counted = 0; counted < 5;) {
    at += DAY_MS;
    if (weekday(at) !== 0 && weekday(at) !== 6) counted++;
  }
  return new Date(at).toISOString().slice(0, 10);
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
const plural = (days: number) => `${days} day${days === 1 ? "" : "s"}`;

test("a required postmortem shows when it is due, and when it is overdue, on the list and the report, until approved", async ({ browser }) => {
  const page = await newPageSignedInAs(browser, "SRE");
  const late = await importOwnReport(page, "PMLATE");
  const fresh = await importOwnReport(page, "PMFRESH");

  // The sample report is High severity. One ended 30 days ago, one just now.
  const endedLate = new Date(Date.now() - 30 * DAY_MS);
  const endedFresh = new Date();
  await sql(`UPDATE "Incident" SET "endedAt" = $2, "startedAt" = $2::timestamptz - interval '1 hour' WHERE "publicId" = $1`, [late.publicId, endedLate]);
  await sql(`UPDATE "Incident" SET "endedAt" = $2, "startedAt" = $2::timestamptz - interval '1 hour' WHERE "publicId" = $1`, [fresh.publicId, endedFresh]);
  const [{ timeZone }] = (await sql(`SELECT u."timeZone" FROM "Incident" i JOIN "User" u ON u.id = i."authorId" WHERE i."publicId" = $1`, [late.publicId])) as {
    timeZone: string;
  }[];
  const today = dayIn(new Date(), timeZone);
  const lateDue = dueDayFor(dayIn(endedLate, timeZone));
  const freshDue = dueDayFor(dayIn(endedFresh, timeZone));
  const lateText = `Postmortem overdue by ${plural(daysBetween(lateDue, today))}`;
  const freshDays = daysBetween(today, freshDue);
  const freshText = freshDays === 0 ? "Postmortem due today" : `Postmortem due in ${plural(freshDays)}`;
  expect(freshDays).toBeGreaterThanOrEqual(5);

  // The incident list: each row says it, overdue in red.
  for (const [report, text, state] of [
    [late, lateText, "overdue"],
    [fresh, freshText, "due"],
  ] as const) {
    await page.goto(`/incidents?q=${report.publicId}`);
    const badge = page.getByTestId("incident-list").getByTestId("postmortem-due");
    await expect(badge).toHaveText(text);
    await expect(badge).toHaveAttribute("data-state", state);
    if (state === "overdue") await expect(badge.locator("span")).toHaveClass(/text-red-700/);
    else await expect(badge.locator("span")).not.toHaveClass(/text-red-700/);
  }

  // The API answers the same.
  const listed = await apiGet<IncidentListResponse>(page, `/api/v1/incidents?q=${late.publicId}`);
  expect(listed.items.map((item) => item.postmortemDue)).toEqual([{ dueDay: lateDue, state: "overdue", days: daysBetween(lateDue, today) }]);

  // The report header says it too.
  await page.goto(`/incidents/${late.publicId}`);
  await expect(page.locator("header").getByTestId("postmortem-due")).toHaveText(lateText);

  // Signed off: nothing is owed any more, on the report or in the list.
  await sql(`UPDATE "Incident" SET "reportState" = 'APPROVED' WHERE "publicId" = $1`, [late.publicId]);
  await page.reload();
  await expect(page.getByTestId("stat-end")).toBeVisible();
  await expect(page.getByTestId("postmortem-due")).toHaveCount(0);
  await page.goto(`/incidents?q=${late.publicId}`);
  await expect(page.getByTestId("incident-list")).toContainText(late.publicId);
  await expect(page.getByTestId("postmortem-due")).toHaveCount(0);
});

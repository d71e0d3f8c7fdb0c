// Journey of a reminder mail: an owner has three action items due (one overdue, one today, one in two days); a
// reminder pass (`npm run reminders`, no SMTP server, so into the outbox) writes them ONE mail. In a browser 600 px
// wide, as narrow mail clients show it, the mail does not scroll sideways, shows every item with a link to it, and
// carries the unsubscribe link; its plain-text part lists the same items. Following the link opens the public page,
// and the one-click POST a mail client sends (no cookie, no Origin) turns the mail off.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import pg from "pg";

const DAY_MS = 86_400_000;

/** A weekday (today, or the next Monday) as YYYY-MM-DD, and the days around it. */
function passDays() {
  const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const weekday = today.getUTCDay();
  const day = new Date(today.getTime() + (weekday === 6 ? 2 : weekday === 0 ? 1 : 0) * DAY_MS);
  const shift = (days: number) => new Date(day.getTime() + days * DAY_MS).toISOString().slice(0, 10);
  return { day: shift(0), yesterday: shift(-1), inTwoDays: shift(2) };
}

async function withDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

type Item = { id: string; title: string; dueDate: string };

/** An SRE in Berlin owning three items of one report, written in one go. */
async function ownerWithItemsDue(days: ReturnType<typeof passDays>) {
  const suffix = randomUUID().slice(0, 8);
  const user = { id: `e2e-mail-user-${suffix}`, email: `mail-owner-${suffix}@example.test` };
  const incident = { id: `e2e-mail-inc-${suffix}`, publicId: `INC-MAIL-${suffix.toUpperCase()}`, title: "Checkout latency after the <cache> rollout" };
  const items: Item[] = [
    { id: `e2e-mail-item-a-${suffix}`, title: `Rotate the expired TLS certificate on the payments gateway ${suffix}`, dueDate: days.yesterday },
    {
      id: `e2e-mail-item-b-${suffix}`,
      title: `Add an alert on cache memory so that the on-call engineer hears about it before the customers do, with a runbook link & owner ${suffix}`,
      dueDate: days.day,
    },
    { id: `e2e-mail-item-c-${suffix}`, title: `Load-test checkout at twice the Black Friday peak ${suffix}`, dueDate: days.inTwoDays },
  ];
  await withDatabase(async (client) => {
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO "User" (id, email, name, role, "timeZone", "updatedAt") VALUES ($1, $2, 'Mara Mailreader', 'SRE', 'Europe/Berlin', now())`,
      [user.id, user.email],
    );
    await client.query(`INSERT INTO "Incident" (id, "publicId", title, severity, "updatedAt") VALUES ($1, $2, $3, 'High', now())`, [
      incident.id,
      incident.publicId,
      incident.title,
    ]);
    for (const [position, item] of items.entries()) {
      await client.query(
        `INSERT INTO "ActionItem" (id, "incidentId", position, title, "ownerId", "dueDate", "updatedAt") VALUES ($1, $2, $3, $4, $5, $6, now())`,
        [item.id, incident.id, position, item.title, user.id, item.dueDate],
      );
    }
    await client.query("COMMIT");
  });
  return { user, incident, items };
}

/** One reminder pass as of `at`, as cron runs it; mail goes to the outbox (no SMTP_URL). */
async function runReminderPass(at: string, baseURL: string): Promise<string> {
  const child = spawn("npm", ["run", "--silent", "reminders", "--", "--at", at], {
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL, HINDSIGHT_EMBEDDED_DB: "", SMTP_URL: "", AUTH_URL: baseURL },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  expect(code, `npm run reminders -- --at ${at}\n${output}`).toBe(0);
  return output;
}

test("a reminder mail with several items fits 600 px, links every item, and its unsubscribe link turns the mail off", async ({ page, baseURL }, testInfo) => {
  const days = passDays();
  const owner = await ownerWithItemsDue(days);
  // 10:00 UTC is 11:00 or 12:00 in Berlin: inside the default window (08:00-18:00, weekdays).
  const passOutput = await runReminderPass(`${days.day}T10:00:00Z`, baseURL!);

  const mails = await withDatabase(async (client) => {
    const result = await client.query<{ subject: string; text: string; html: string }>(
      `SELECT subject, text, html FROM "OutboxMessage" WHERE "to" = $1 ORDER BY "createdAt" DESC`,
      [owner.user.email],
    );
    return result.rows;
  });
  expect(mails, `one mail for the owner, not one per item\n${passOutput}`).toHaveLength(1);
  const mail = mails[0]!;
  expect(mail.subject).toBe("Reminders: 1 overdue, 1 due today, 1 due soon");

  await page.setViewportSize({ width: 600, height: 900 });
  await page.setContent(mail.html);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, "the mail scrolls sideways at 600 px").toBeLessThanOrEqual(600);

  for (const item of owner.items) {
    const link = page.getByRole("link", { name: item.title, exact: true });
    await expect(link).toBeVisible();
    const target = new URL((await link.getAttribute("href"))!);
    expect(`${target.pathname}${target.hash}`).toBe(`/incidents/${owner.incident.publicId}#action-item-${item.id}`);
  }
  await expect(page.getByText(owner.incident.title, { exact: false }).first()).toBeVisible(); // "<cache>" shown as text, not markup
  const unsubscribe = page.getByRole("link", { name: "Unsubscribe from these mails" });
  await expect(unsubscribe).toBeVisible();
  const unsubscribeUrl = new URL((await unsubscribe.getAttribute("href"))!);
  expect(unsubscribeUrl.pathname).toMatch(/^\/unsubscribe\/[0-9a-f-]{36}$/);

  await testInfo.attach("reminder mail at 600 px", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });

  // The plain-text part: the same items, each with its link, and the same unsubscribe address.
  for (const item of owner.items) {
    expect(mail.text).toContain(`- ${item.title}`);
    expect(mail.text).toContain(`/incidents/${owner.incident.publicId}#action-item-${item.id}`);
  }
  const textOrder = owner.items.map((item) => mail.text.indexOf(`- ${item.title}`));
  expect(textOrder, "overdue, then due today, then due soon").toEqual([...textOrder].sort((a, b) => a - b));
  expect(mail.text).toContain(`Stop these mails: ${unsubscribeUrl.href}`);

  // The link opens a public page (this browser is signed out) saying whose mail it is.
  const unsubscribePath = unsubscribeUrl.pathname;
  await page.goto(unsubscribePath);
  await expect(page.getByRole("heading", { name: "Reminder mail" })).toBeVisible();
  await expect(page.getByText(/^m•{8}[0-9a-f]@example\.test$/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Stop reminder mail" })).toBeVisible();

  // A mail client's one-click unsubscribe (RFC 8058): a POST to the header's address, no cookie, no Origin.
  const oneClick = () =>
    page.request.post(unsubscribePath, {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      data: "List-Unsubscribe=One-Click",
      maxRedirects: 0,
    });
  const answer = await oneClick();
  expect(answer.status(), await answer.text()).toBe(200);
  expect(await answer.text()).toContain("no more reminder or digest mail");
  expect((await oneClick()).status(), "a second click is harmless").toBe(200);
  const settings = await withDatabase(
    async (client) =>
      (
        await client.query<{ receiveReminders: boolean; receiveDigests: boolean }>(`SELECT "receiveReminders", "receiveDigests" FROM "User" WHERE id = $1`, [
          owner.user.id,
        ])
      ).rows[0],
  );
  expect(settings).toEqual({ receiveReminders: false, receiveDigests: false });

  await page.reload();
  await expect(page.getByText("Reminder mail is off.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Stop reminder mail" })).toHaveCount(0);

  // The next pass writes the owner nothing more.
  await runReminderPass(`${days.day}T11:00:00Z`, baseURL!);
  const count = await withDatabase(
    async (client) => (await client.query<{ count: string }>(`SELECT count(*) FROM "OutboxMessage" WHERE "to" = $1`, [owner.user.email])).rows[0]!.count,
  );
  expect(count).toBe("1");
});

test("the unsubscribe page's button turns the mail off; a link that names no one is a 404 saying so", async ({ page }) => {
  const suffix = randomUUID().slice(0, 8);
  const email = `button-${suffix}@example.test`;
  const token = await withDatabase(
    async (client) =>
      (
        await client.query<{ unsubscribeToken: string }>(
          `INSERT INTO "User" (id, email, name, role, "updatedAt") VALUES ($1, $2, 'Bo Button', 'VIEWER', now()) RETURNING "unsubscribeToken"`,
          [`e2e-button-${suffix}`, email],
        )
      ).rows[0]!.unsubscribeToken,
  );
  await page.goto(`/unsubscribe/${token}`);
  await expect(page).toHaveURL(new RegExp(`/unsubscribe/${token}$`)); // not sent to the login page
  await page.getByRole("button", { name: "Stop reminder mail" }).click();
  await expect(page.getByText("Reminder mail is off.")).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/unsubscribe/${token}$`));
  const settings = await withDatabase(
    async (client) => (await client.query(`SELECT "receiveReminders", "receiveDigests" FROM "User" WHERE email = $1`, [email])).rows[0] as unknown,
  );
  expect(settings).toEqual({ receiveReminders: false, receiveDigests: false });

  const missing = await page.goto("/unsubscribe/00000000-0000-4000-8000-000000000000");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This link is not valid" })).toBeVisible();
  const forged = await page.request.post("/unsubscribe/00000000-0000-4000-8000-000000000000", {
    headers: { "content-type": "application/x-www-form-urlencoded" },
    data: "List-Unsubscribe=One-Click",
  });
  expect(forged.status()).toBe(404);
  expect(await forged.text()).toContain("This link is not valid");
});

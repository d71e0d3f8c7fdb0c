// Journey: an admin connects a GitHub repository (a local server answering as GitHub's issues API does); the owner of
// an action item creates its GitHub issue from the action-item table and sees the link "acme/api#1"; the issue is
// closed on GitHub (its signed webhook) and the item shows Done; the owner reopens the item, and Hindsight queues
// reopening the issue.
import { createHmac, randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { demo, newPageSignedInAs } from "./helpers";
import { GITHUB_TEST_TOKEN, startFakeTrackers } from "../lib/trackers/test-trackers";

async function withDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

test("an item's owner creates its GitHub issue, and closing the issue on GitHub closes the item", async ({ browser, baseURL }) => {
  const trackers = await startFakeTrackers();
  const suffix = randomUUID().slice(0, 8);
  const publicId = `INC-TRK-${suffix}`;
  const title = `Alert on queue depth ${suffix}`;
  const name = `GitHub acme/api ${suffix}`;
  await withDatabase(async (client) => {
    const { rows } = await client.query<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [demo("SRE").email]);
    await client.query(`INSERT INTO "Incident" (id, "publicId", title, severity, "updatedAt") VALUES ($1, $2, 'Queue backlog', 'High', now())`, [
      `e2e-inc-${suffix}`,
      publicId,
    ]);
    await client.query(`INSERT INTO "ActionItem" (id, "incidentId", title, "ownerId", "updatedAt") VALUES ($1, $2, $3, $4, now())`, [
      `e2e-item-${suffix}`,
      `e2e-inc-${suffix}`,
      title,
      rows[0]!.id,
    ]);
  });

  try {
    const admin = await newPageSignedInAs(browser, "ADMIN");
    await admin.goto("/admin/integrations");
    await admin.getByLabel("Kind").selectOption("GITHUB");
    await admin.getByLabel("Name", { exact: true }).fill(name);
    await admin.getByLabel("Repository").fill("acme/api");
    await admin.getByLabel("API URL").fill(trackers.githubApiUrl);
    await admin.getByLabel("Token").fill(GITHUB_TEST_TOKEN);
    await admin.getByRole("button", { name: "Create integration" }).click();
    const secret = await admin.getByTestId("created-secret").inputValue();
    expect(await admin.getByTestId("created-webhook-url").inputValue()).toMatch(/\/api\/v1\/webhooks\/github$/);
    await admin.close();

    const owner = await newPageSignedInAs(browser, "SRE");
    await owner.goto(`/action-items?incident=${publicId}`);
    const row = owner.getByTestId("action-item-row").filter({ hasText: title });
    await row.getByRole("button", { name: `Create GitHub issue for ${title}` }).click();
    await expect(row.getByTestId("tracker-issue")).toHaveText("acme/api#1");
    expect(trackers.github).toMatchObject([{ repository: "acme/api", number: 1, title, state: "open" }]);

    // GitHub tells Hindsight the issue was closed (issues event, signed with the secret pasted into the webhook)
    const body = JSON.stringify({
      action: "closed",
      issue: { number: 1, html_url: "https://github.com/acme/api/issues/1", state: "closed", state_reason: "completed", title },
      repository: { full_name: "acme/api", name: "api", owner: { login: "acme" } },
      sender: { login: "octocat" },
    });
    const webhook = await fetch(`${baseURL}/api/v1/webhooks/github`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "issues",
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
      },
      body,
    });
    expect(webhook.status).toBe(200);
    await owner.reload();
    const status = row.getByRole("combobox", { name: `Status of ${title}` });
    await expect(status).toHaveValue("DONE");

    // and the other way: reopened here, the issue is to be reopened on GitHub
    await status.selectOption("OPEN");
    await expect
      .poll(() =>
        withDatabase(async (client) => (await client.query(`SELECT kind FROM "HookDelivery" WHERE payload->>'itemId' = $1`, [`e2e-item-${suffix}`])).rows),
      )
      .toEqual([{ kind: "tracker.reopen" }]);
  } finally {
    await trackers.close();
  }
});

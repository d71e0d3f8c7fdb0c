// Journey: an admin connects a Slack channel (a local server answering as Slack's incoming webhooks do) for one
// service. A message about that service's report failed five times while the channel's webhook was broken; the admin
// finds it under Admin > Outbox (integration, status, tries, Slack's error, never the webhook URL), presses
// "Retry now", and the channel receives the report's link.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { signInAs } from "./helpers";

type SlackPost = { path: string; body: { text?: string; blocks?: unknown[] } };

async function slackStandIn() {
  const posts: SlackPost[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as SlackPost["body"];
      posts.push({ path: request.url ?? "/", body });
      // Slack: 200 "ok" for a message with text, 400 "no_text" otherwise
      const ok = typeof body.text === "string" && body.text.length > 0;
      response.writeHead(ok ? 200 : 400, { "content-type": "text/plain" });
      response.end(ok ? "ok" : "no_text");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { posts, origin: `http://127.0.0.1:${port}`, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
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

test("an admin connects a Slack channel for a service and retries a message that could not be posted", async ({ page }) => {
  const slack = await slackStandIn();
  const suffix = randomUUID().slice(0, 8);
  const service = `ledger-${suffix}`;
  const publicId = `INC-CHAT-${suffix}`;
  const secretPath = `/services/T000/B000/${suffix}secret`;
  const name = `#ledger-incidents ${suffix}`;
  const ids = { service: `e2e-svc-${suffix}`, incident: `e2e-inc-${suffix}` };
  await withDatabase(async (client) => {
    await client.query(`INSERT INTO "Service" (id, name) VALUES ($1, $2)`, [ids.service, service]);
    await client.query(`INSERT INTO "Incident" (id, "publicId", title, severity, "reportState", "updatedAt") VALUES ($1, $2, $3, 'High', 'IN_REVIEW', now())`, [
      ids.incident,
      publicId,
      "Ledger writes <stalled> & retried",
    ]);
    await client.query(`INSERT INTO "IncidentService" ("incidentId", "serviceId") VALUES ($1, $2)`, [ids.incident, ids.service]);
  });

  try {
    await signInAs(page, "ADMIN");
    await page.goto("/admin/integrations");
    await page.getByLabel("Kind").selectOption("CHAT");
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Webhook URL").fill(`${slack.origin}${secretPath}`);
    await page.getByLabel("Report submitted for review").check();
    await page.getByLabel("Service").selectOption({ label: service });
    await page.getByRole("button", { name: "Create integration" }).click();
    await expect(page.getByTestId(`integration-row-${name}`)).toContainText("Active");

    // The channel's webhook was broken: Hindsight tried five times (as the delivery pass records it).
    const deliveryId = `e2e-hook-${suffix}`;
    await withDatabase(async (client) => {
      const { rows } = await client.query<{ id: string }>(`SELECT id FROM "Integration" WHERE name = $1`, [name]);
      const payload = {
        event: "review.submitted",
        incidentId: ids.incident,
        revisionId: `e2e-rev-${suffix}`,
        by: "Sam SRE",
        reviewers: ["Mia Manager"],
        resubmission: false,
      };
      await client.query(
        `INSERT INTO "HookDelivery" (id, key, "integrationId", kind, payload, status, attempts, "lastError")
         VALUES ($1, $2, $3, 'chat', $4, 'FAILED', 5, 'HTTP 404: no_service')`,
        [deliveryId, `chat:${rows[0]!.id}:review.submitted:e2e-rev-${suffix}`, rows[0]!.id, JSON.stringify(payload)],
      );
    });

    await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Outbox" }).click();
    const row = page.getByTestId("hook-deliveries").getByTestId("hook-delivery-row").filter({ hasText: name });
    await expect(row).toContainText("Chat message");
    await expect(row).toContainText("Report submitted for review");
    await expect(row).toContainText("Failed");
    await expect(row.getByTestId("hook-delivery-error")).toHaveText("HTTP 404: no_service");
    expect(await page.content()).not.toContain(secretPath);

    await row.getByRole("button", { name: `Retry now: Chat message to ${name}` }).click();
    await expect(page.getByTestId("hook-retry-result")).toHaveText("Sent.");
    await expect(row).toContainText("Sent");
    await expect(row.getByRole("button", { name: /Retry now/ })).toHaveCount(0);

    const [post] = slack.posts.filter((candidate) => candidate.path === secretPath);
    expect(post?.body.text).toContain("Postmortem submitted for review: <");
    expect(post?.body.text).toMatch(new RegExp(`/incidents/${publicId}\\|${publicId} · Ledger writes &lt;stalled&gt; &amp; retried>`));
    expect(post?.body.text).toContain("Submitted by: Sam SRE");
  } finally {
    await slack.stop();
  }
});

// Journey: a script writes a report through the REST API, as its OpenAPI document describes it. The document is
// fetched without signing in; the report is created, changed against its version (a change from an outdated version is
// refused with the current one), given a timeline event, and the report page shows what the API wrote.
import { expect, test } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { newPageSignedInAs } from "./helpers";

test("the API described at /api/v1/openapi.json creates and changes a report the page then shows", async ({ browser, request }) => {
  const described = await request.get("/api/v1/openapi.json");
  expect(described.status()).toBe(200);
  const document = (await described.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
  expect(document.openapi).toBe("3.1.0");
  expect(Object.keys(document.paths["/api/v1/incidents/{id}"]!)).toEqual(expect.arrayContaining(["get", "patch"]));
  expect(document.paths["/api/v1/incidents/{id}/timeline"]).toHaveProperty("post");

  const page = await newPageSignedInAs(browser, "SRE");
  const origin = new URL(page.url()).origin;
  const call = (method: string, path: string, body: unknown) =>
    page.request.fetch(path, { method, headers: { origin, "content-type": "application/json" }, data: JSON.stringify(body) });

  const publicId = `INC-API-${randomBytes(3).toString("hex").toUpperCase()}`;
  const created = await call("POST", "/api/v1/incidents", { publicId, title: "Search timeouts after the index rebuild", severity: "High" });
  expect(created.status()).toBe(201);
  expect(await created.json()).toMatchObject({ publicId, version: 1, reportState: "DRAFT", signOff: null });

  const changed = await call("PATCH", `/api/v1/incidents/${publicId}`, { version: 1, rootCause: "The rebuild dropped the shard routing table." });
  expect(changed.status()).toBe(200);
  expect(await changed.json()).toMatchObject({ version: 2 });
  const stale = await call("PATCH", `/api/v1/incidents/${publicId}`, { version: 1, rootCause: "An older guess" });
  expect(stale.status()).toBe(409);
  expect(await stale.json()).toMatchObject({ error: { code: "conflict", details: { currentVersion: 2 } } });

  const event = await call("POST", `/api/v1/incidents/${publicId}/timeline`, {
    version: 2,
    occurredAt: "2025-06-01T09:12:00Z",
    text: "Search latency alert fired",
    kind: "ALERT",
    milestone: "DETECTED",
  });
  expect(event.status()).toBe(201);

  await page.goto(`/incidents/${publicId}`);
  await expect(page.getByRole("heading", { name: "Search timeouts after the index rebuild", level: 1 })).toBeVisible();
  await expect(page.getByText("The rebuild dropped the shard routing table.")).toBeVisible();
  await expect(page.getByText("Search latency alert fired")).toBeVisible();
  await expect(page.getByText("An older guess")).toHaveCount(0);
});

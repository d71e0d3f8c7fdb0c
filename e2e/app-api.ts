// Calling the REST API as the signed-in browser does, for journeys that set up data or check it without clicking.
// Playwright's request context shares the page's cookies but sends no Origin; the app refuses a cookie-authenticated
// change without one (lib/security/same-origin.ts), so these say where they come from, as the app's own pages would.
import { readFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { expect, type APIResponse, type Page } from "@playwright/test";
import type { ImportResponse } from "../lib/incidents/schema";

const SAMPLE_PATH = "prisma/seed-data/inc-2024-1127-001.txt";

function ownOrigin(page: Page): string {
  return new URL(page.url()).origin;
}

async function ok<T>(response: APIResponse, what: string): Promise<T> {
  expect(response.ok(), `${what}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

export async function apiGet<T>(page: Page, path: string): Promise<T> {
  return ok<T>(await page.request.get(path), `GET ${path}`);
}

/** A JSON change from the app's own origin. */
export async function apiSend<T>(page: Page, method: string, path: string, body: unknown): Promise<T> {
  return ok<T>(
    await page.request.fetch(path, { method, headers: { origin: ownOrigin(page), "content-type": "application/json" }, data: JSON.stringify(body) }),
    `${method} ${path}`,
  );
}

export async function apiUpload<T>(page: Page, path: string, file: { name: string; mimeType: string; buffer: Buffer }): Promise<T> {
  return ok<T>(await page.request.post(path, { headers: { origin: ownOrigin(page) }, multipart: { file } }), `POST ${path}`);
}

/** The sample report imported under an incident id of its own, so a journey never changes the seeded one. */
export async function importOwnReport(page: Page, prefix: string): Promise<ImportResponse> {
  return importSampleAs(page, `INC-${prefix}-${randomBytes(3).toString("hex").toUpperCase()}`);
}

/**
 * The sample report imported under `publicId`. An id of the form INC-2024-1127-NNN gives the copy the sample's own day
 * (27 Nov 2024), which the importer reads from the id; any other id dates it today.
 */
export async function importSampleAs(page: Page, publicId: string): Promise<ImportResponse> {
  const text = (await readFile(SAMPLE_PATH, "utf8")).replace("Incident ID: INC-2024-1127-001", `Incident ID: ${publicId}`);
  const response = await page.request.post("/api/v1/incidents/import", {
    headers: { origin: ownOrigin(page), "content-type": "text/plain; charset=utf-8" },
    data: text,
  });
  return ok<ImportResponse>(response, "import");
}

// Test-only helpers for reports written through the real write path (createReport): a report from a partial
// document, and words no other test uses, so that searches and similarities only ever meet a test's own reports.
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { UserActor } from "@/lib/auth/actor";
import { createReport } from "@/lib/incidents/mutations";
import { reportDocumentSchema } from "@/lib/incidents/schema";

export type DocumentInput = Partial<z.input<typeof reportDocumentSchema>>;

/** A word no other test uses and the English stemmer leaves alone. */
export function uniqueWord(): string {
  return `zq${randomUUID()
    .replace(/[^a-f]/g, "")
    .slice(0, 8)}k`;
}

/** A report of `actor`'s with a public id of its own under `prefix`, from `document` (a title and severity required). */
export async function createTestDocumentReport(actor: UserActor, prefix: string, document: DocumentInput & { title: string; severity: string }) {
  return createReport({ document: reportDocumentSchema.parse({ publicId: `${prefix}-${randomUUID().slice(0, 8).toUpperCase()}`, ...document }) }, actor);
}

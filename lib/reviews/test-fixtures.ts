// Test-only helpers for the review workflow: a report of one's own, and a reviewer.
import { randomUUID } from "node:crypto";
import type { UserActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { createReport } from "@/lib/incidents/mutations";
import { reportDocumentSchema, type ReportDocumentInput } from "@/lib/incidents/schema";
import type { SettingKey } from "@/lib/settings/schema";
import { createTestActor } from "@/lib/users/test-fixtures";

export async function createTestReport(author: UserActor, overrides: Partial<ReportDocumentInput> = {}) {
  const document = reportDocumentSchema.parse({
    publicId: `INC-REVIEW-${randomUUID().slice(0, 8)}`,
    title: "Checkout latency",
    severity: "High",
    startedAt: "2025-06-01T10:00:00Z",
    rootCause: "A cache node ran out of memory.",
    timeline: [{ occurredAt: "2025-06-01T10:00:00Z", text: "Latency alert", kind: "ALERT", milestone: "DETECTED" }],
    actionItems: [{ title: "Alert on cache memory", priority: "HIGH" }],
    ...overrides,
  });
  return createReport({ document }, author);
}

/** An author (SRE), two managers and the report, ready for review. */
export async function reviewCast() {
  const author = await createTestActor("SRE");
  const manager = await createTestActor("MANAGER");
  const otherManager = await createTestActor("MANAGER");
  const report = await createTestReport(author);
  return { author, manager, otherManager, report };
}

/** Runs `work` with a setting stored, then puts back what was there (other test files share the database). */
export async function withSetting<T>(key: SettingKey, value: unknown, work: () => Promise<T>): Promise<T> {
  const db = getDb();
  const before = await db.setting.findUnique({ where: { key } });
  await db.setting.upsert({ where: { key }, create: { key, value: value as never }, update: { value: value as never } });
  try {
    return await work();
  } finally {
    if (before) await db.setting.update({ where: { key }, data: { value: before.value as never } });
    else await db.setting.deleteMany({ where: { key } });
  }
}

export function outboxFor(to: string) {
  return getDb().outboxMessage.findMany({ where: { to }, orderBy: { createdAt: "asc" } });
}

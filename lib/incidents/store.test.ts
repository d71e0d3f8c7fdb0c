import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { ConflictError } from "@/lib/errors";
import { parseReportText } from "@/lib/incidents/report-text/parse";
import { reportDocumentSchema, type ReportDocument } from "@/lib/incidents/schema";
import { insertReport, loadReport } from "@/lib/incidents/store";
import { createTestUser, uniqueTestEmail } from "@/lib/users/test-fixtures";

const seedData = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/seed-data");
const sampleDoc = parseReportText(readFileSync(path.join(seedData, "inc-2024-1127-001.txt"), "utf8")).document;
const fullDoc = reportDocumentSchema.parse(JSON.parse(readFileSync(path.join(seedData, "full-report.json"), "utf8")));

function insert(doc: ReportDocument, authorId: string | null = null) {
  return getDb().$transaction((tx) => insertReport(tx, doc, { authorId }));
}

/** The document without the ids the database gave it. */
function withoutIds(doc: ReportDocument | null): Record<string, unknown> {
  return JSON.parse(JSON.stringify(doc, (key, value) => (key === "id" ? undefined : value)));
}

function uniqueId(): string {
  return `INC-TEST-${randomUUID().slice(0, 8)}`;
}

describe("insertReport and loadReport", () => {
  it("store the reference report and give it back unchanged, with a generated public id", async () => {
    const { publicId: _written, ...withoutPublicId } = sampleDoc;
    const created = await insert(withoutPublicId);
    expect(created.publicId).toMatch(/^INC-2024-1127-\d{3}$/);

    const loaded = await loadReport(getDb(), created.publicId);
    expect(withoutIds(loaded)).toEqual({ ...withoutIds(sampleDoc), publicId: created.publicId });
    expect(loaded?.id).toBe(created.id);
    expect(withoutIds(await loadReport(getDb(), created.id))).toEqual(withoutIds(loaded));
  });

  it("store every field of the hand-built report, resolving owners to users", async () => {
    // the report is private: its owner must be able to open it (a manager may)
    const owner = await createTestUser({ email: uniqueTestEmail("alice"), role: "MANAGER" });
    const author = await createTestUser({ role: "SRE" });
    const doc: ReportDocument = {
      ...fullDoc,
      publicId: uniqueId(),
      actionItems: fullDoc.actionItems.map((item, i) => (i === 0 ? { ...item, ownerEmail: owner.email.toUpperCase() } : item)),
    };
    const created = await insert(doc, author.id);
    expect(created.publicId).toBe(doc.publicId);

    const loaded = await loadReport(getDb(), created.id);
    const expected = { ...doc, actionItems: doc.actionItems.map((item, i) => (i === 0 ? { ...item, ownerEmail: owner.email } : item)) };
    expect(withoutIds(loaded)).toEqual(withoutIds(expected));

    const row = await getDb().incident.findUniqueOrThrow({ where: { id: created.id }, include: { actionItems: { orderBy: { position: "asc" } } } });
    expect(row.authorId).toBe(author.id);
    expect(row.actionItems[0].ownerId).toBe(owner.id);
    expect(row.actionItems[0].createdById).toBe(author.id);
    expect(row.actionItems.map((item) => item.completedAt !== null)).toEqual([false, false, true, false]);
    expect(row.usersAffected).toBe(12000);
    expect(row.errorRate).toBe(0.41);
  });

  it("keeps the email of an owner who is not a user as the owner's name, the description as written", async () => {
    const email = uniqueTestEmail("nobody");
    const doc = reportDocumentSchema.parse({
      title: "Owner unknown",
      severity: "Low",
      publicId: uniqueId(),
      actionItems: [{ title: "Fix it", description: "Soon.", ownerEmail: email }],
    });
    const loaded = await loadReport(getDb(), (await insert(doc)).id);
    expect(loaded?.actionItems[0]).toMatchObject({ title: "Fix it", ownerEmail: null, ownerName: email, description: "Soon." });
  });

  it("numbers generated ids per day and retries when the next one is already taken", async () => {
    const doc = reportDocumentSchema.parse({ title: "Numbered", severity: "Low", startedAt: "2031-03-04T10:00:00Z" });
    expect((await insert(doc)).publicId).toBe("INC-2031-0304-001");
    // imported with the id that counting would give next
    await insert({ ...doc, publicId: "INC-2031-0304-003" });
    expect((await insert(doc)).publicId).toBe("INC-2031-0304-004");
    // the day is the report's own: 23:30 UTC is already the next day in Berlin
    const berlin = { ...doc, startedAt: "2031-03-05T23:30:00.000Z", timeZone: "Europe/Berlin" };
    expect((await insert(berlin)).publicId).toBe("INC-2031-0306-001");
  });

  it("refuses a public id that exists, leaving nothing behind", async () => {
    const publicId = uniqueId();
    const doc = reportDocumentSchema.parse({ title: "Twice", severity: "Low", publicId, services: [`svc-${publicId}`] });
    await insert(doc);
    await expect(insert(doc)).rejects.toThrow(ConflictError);
    await expect(insert(doc)).rejects.toThrow(`An incident with the id ${publicId} already exists.`);
    expect(await getDb().incident.count({ where: { publicId } })).toBe(1);
  });

  it("adds services to the catalog by name, reusing an existing one whatever its case", async () => {
    const name = `Payments API ${randomUUID().slice(0, 6)}`;
    const a = await insert(reportDocumentSchema.parse({ title: "A", severity: "Low", publicId: uniqueId(), services: [name, `${name} worker`] }));
    const b = await insert(reportDocumentSchema.parse({ title: "B", severity: "Low", publicId: uniqueId(), services: [name.toLowerCase()] }));
    expect(await getDb().service.count({ where: { name: { startsWith: name, mode: "insensitive" } } })).toBe(2);
    expect((await loadReport(getDb(), b.id))?.services).toEqual([name]);
    expect((await loadReport(getDb(), a.id))?.services).toEqual([name, `${name} worker`]);
  });

  it("keeps timeline events written at the same minute in their written order", async () => {
    const at = "2024-11-27T14:23:00.000Z";
    const texts = ["Alert fired", "Pager went off", "Dashboards opened", "Bridge started"];
    const doc = reportDocumentSchema.parse({
      title: "Same minute",
      severity: "Low",
      publicId: uniqueId(),
      timeline: texts.map((text) => ({ occurredAt: at, text })),
    });
    const loaded = await loadReport(getDb(), (await insert(doc)).id);
    expect(loaded?.timeline.map((e) => e.text)).toEqual(texts);
  });

  it("returns null for an unknown id", async () => {
    expect(await loadReport(getDb(), "INC-0000-0000-000")).toBeNull();
  });
});

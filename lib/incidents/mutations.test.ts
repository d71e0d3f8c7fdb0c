import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from "@/lib/errors";
import type { UserActor } from "@/lib/auth/actor";
import { createReport, isReportConflictDetails, loadEditableReport, updateReport, type ReportConflictDetails } from "@/lib/incidents/mutations";
import { reportDocumentSchema, type ReportDocument } from "@/lib/incidents/schema";
import { loadReport } from "@/lib/incidents/store";
import { createTestActor, createTestUser, uniqueTestEmail } from "@/lib/users/test-fixtures";

const seedData = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/seed-data");
const fullDoc = reportDocumentSchema.parse(JSON.parse(readFileSync(path.join(seedData, "full-report.json"), "utf8")));

const uniqueId = () => `INC-EDIT-${randomUUID().slice(0, 8)}`;
const db = () => getDb();

/** The document without the ids the database gave it. */
function withoutIds(doc: ReportDocument | null): unknown {
  return JSON.parse(JSON.stringify(doc, (key, value) => (key === "id" ? undefined : value)));
}

async function newReport(actor: UserActor, overrides: Partial<ReportDocument> = {}) {
  const document = reportDocumentSchema.parse({
    publicId: uniqueId(),
    title: "Queue backlog",
    severity: "Medium",
    startedAt: "2025-03-01T10:00:00Z",
    timeline: [
      { occurredAt: "2025-03-01T10:00:00Z", text: "Backlog alert", kind: "ALERT", milestone: "DETECTED" },
      { occurredAt: "2025-03-01T10:20:00Z", text: "Consumers scaled up", kind: "ACTION" },
      { occurredAt: "2025-03-01T10:40:00Z", text: "Backlog drained", kind: "MILESTONE", milestone: "RESOLVED" },
    ],
    actionItems: [
      { title: "Alert on consumer lag", priority: "HIGH" },
      { title: "Autoscale consumers", priority: "MEDIUM" },
    ],
    preventiveMeasures: ["Lag alert", "Autoscaling"],
    ...overrides,
  });
  const created = await createReport({ document }, actor);
  const editable = await loadEditableReport(actor.user, created.id);
  if (!editable) throw new Error("created report not visible to its author");
  return editable;
}

async function incidentAudit(incidentId: string) {
  return db().auditEvent.findMany({ where: { incidentId }, orderBy: { id: "asc" } });
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error,
  );
}

describe("createReport", () => {
  it("creates a report for an SRE, records the template and audits it", async () => {
    const sre = await createTestActor("SRE");
    const template = await db().template.create({ data: { name: `Template ${randomUUID()}`, sections: [] } });
    const created = await createReport({ templateId: template.id, document: { title: "Cache stampede", severity: "High", private: true } }, sre);
    expect(created.publicId).toMatch(/^INC-\d{4}-\d{4}-\d{3}$/);
    const row = await db().incident.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ templateId: template.id, authorId: sre.user.id, version: 1, private: true, reportState: "DRAFT" });
    const [audit] = await incidentAudit(created.id);
    expect(audit).toMatchObject({ action: "incident.create", actorId: sre.user.id, entityType: "Incident", meta: { templateId: template.id } });
    // private, but its author still opens it
    expect(await loadEditableReport(sre.user, created.publicId)).toMatchObject({ id: created.id, version: 1 });
  });

  it("refuses a viewer", async () => {
    const viewer = await createTestActor("VIEWER");
    const title = `Not created ${randomUUID()}`;
    await expect(createReport({ document: { title, severity: "Low" } }, viewer)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await db().incident.count({ where: { title } })).toBe(0);
  });
});

describe("updateReport", () => {
  it("writes every section and reads it back equal, owners resolved to users", async () => {
    const sre = await createTestActor("SRE");
    // the report is private: its owner must be able to open it (a manager may)
    const owner = await createTestUser({ email: uniqueTestEmail("owner"), role: "MANAGER" });
    const report = await newReport(sre);
    const document: ReportDocument = {
      ...fullDoc,
      publicId: uniqueId(),
      services: [...fullDoc.services, `svc-${randomUUID().slice(0, 8)}`],
      actionItems: fullDoc.actionItems.map((item, index) => (index === 0 ? { ...item, ownerEmail: owner.email } : item)),
    };

    const saved = await updateReport({ id: report.id, expectedVersion: report.version, document }, sre);

    expect(saved).toMatchObject({ id: report.id, publicId: document.publicId, version: report.version + 1 });
    const loaded = await loadReport(db(), report.id);
    expect(withoutIds(loaded)).toEqual(withoutIds(document));
    expect(withoutIds(saved.document)).toEqual(withoutIds(document));
    const items = await db().actionItem.findMany({ where: { incidentId: report.id }, orderBy: { position: "asc" } });
    expect(items[0].ownerId).toBe(owner.id);
    expect(await db().incident.findUniqueOrThrow({ where: { id: report.id }, select: { version: true } })).toEqual({ version: 2 });
  });

  it("keeps the ids of kept entries across saves, creates new ones and deletes removed ones", async () => {
    const sre = await createTestActor("SRE");
    const report = await newReport(sre);
    const [first, second] = report.document.actionItems;
    const measureIds = (await db().preventiveMeasure.findMany({ where: { incidentId: report.id }, orderBy: { position: "asc" } })).map((row) => row.id);
    const reminder = await db().reminderDelivery.create({
      data: { key: `test:${randomUUID()}`, kind: "ACTION_DUE_SOON", day: new Date("2025-03-10"), recipientEmail: "x@example.test", actionItemId: second.id },
    });

    const firstSave = await updateReport(
      {
        id: report.id,
        expectedVersion: report.version,
        document: {
          ...report.document,
          // first removed, second edited and done, a new one added; measures reordered and one reworded
          actionItems: [
            { ...second, title: "Autoscale consumers on lag", status: "DONE" },
            { title: "Runbook for backlog", priority: "LOW" },
          ],
          preventiveMeasures: ["Autoscaling", "Lag alert at 5 minutes"],
          timeline: [...report.document.timeline, { occurredAt: "2025-03-01T10:05:00Z", text: "On-call paged", kind: "PAGE", milestone: null }],
        },
      },
      sre,
    );
    const items = firstSave.document.actionItems;
    expect(items.map((item) => item.title)).toEqual(["Autoscale consumers on lag", "Runbook for backlog"]);
    expect(items[0].id).toBe(second.id);
    expect(items[1].id).toBeDefined();
    expect(await db().actionItem.findUnique({ where: { id: first.id! } })).toBeNull();
    const secondRow = await db().actionItem.findUniqueOrThrow({ where: { id: second.id! } });
    expect(secondRow).toMatchObject({ status: "DONE", version: 2 });
    expect(secondRow.completedAt).toBeInstanceOf(Date);
    expect((await db().reminderDelivery.findUniqueOrThrow({ where: { id: reminder.id } })).actionItemId).toBe(second.id);
    // the same measures, in the new order, still on their rows
    const measures = await db().preventiveMeasure.findMany({ where: { incidentId: report.id }, orderBy: { position: "asc" } });
    expect(measures.map((row) => [row.id, row.text])).toEqual([
      [measureIds[1], "Autoscaling"],
      [measureIds[0], "Lag alert at 5 minutes"],
    ]);
    // the new timeline entry lands in time order, the others keep their ids
    expect(firstSave.document.timeline.map((entry) => entry.text)).toEqual(["Backlog alert", "On-call paged", "Consumers scaled up", "Backlog drained"]);
    const oldTimelineIds = report.document.timeline.map((entry) => entry.id);
    expect(firstSave.document.timeline.filter((entry) => oldTimelineIds.includes(entry.id))).toHaveLength(3);

    // saving the loaded document again changes no ids
    const secondSave = await updateReport({ id: report.id, expectedVersion: firstSave.version, document: firstSave.document }, sre);
    expect(secondSave.document.actionItems.map((item) => item.id)).toEqual(items.map((item) => item.id));
    expect(secondSave.document.timeline.map((entry) => entry.id)).toEqual(firstSave.document.timeline.map((entry) => entry.id));
    expect((await db().actionItem.findUniqueOrThrow({ where: { id: second.id! } })).version).toBe(2);
  });

  it("refuses a stale version with both versions in the details and writes nothing", async () => {
    const sre = await createTestActor("SRE");
    const other = await createTestActor("SRE");
    const report = await newReport(sre);
    const theirs = await updateReport({ id: report.id, expectedVersion: report.version, document: { ...report.document, summary: "Their summary" } }, other);
    const auditBefore = await incidentAudit(report.id);

    const error = await caught(
      updateReport({ id: report.id, expectedVersion: report.version, document: { ...report.document, summary: "My summary", title: "Mine" } }, sre),
    );

    expect(error).toBeInstanceOf(ConflictError);
    const details = (error as ConflictError).details as ReportConflictDetails;
    expect(isReportConflictDetails(details)).toBe(true);
    expect(details.currentVersion).toBe(theirs.version);
    expect(details.current.summary).toBe("Their summary");
    expect(details.current.title).toBe("Queue backlog");
    expect(details.updatedAt).toBe(theirs.updatedAt);
    expect(details.updatedBy).toEqual({ name: other.user.name, email: other.user.email });
    expect((error as Error).message).toContain(other.user.name);
    expect(await loadReport(db(), report.id)).toEqual(theirs.document);
    expect((await db().incident.findUniqueOrThrow({ where: { id: report.id } })).version).toBe(theirs.version);
    expect(await incidentAudit(report.id)).toEqual(auditBefore);
  });

  it("lets exactly one of two concurrent saves from the same version through", async () => {
    const sre = await createTestActor("SRE");
    const report = await newReport(sre);
    const save = (summary: string) => updateReport({ id: report.id, expectedVersion: report.version, document: { ...report.document, summary } }, sre);
    const results = await Promise.allSettled([save("A"), save("B")]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const [rejected] = results.filter((result) => result.status === "rejected");
    expect((rejected as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect((await db().incident.findUniqueOrThrow({ where: { id: report.id } })).version).toBe(report.version + 1);
  });

  it("refuses a viewer: nothing written, no audit row", async () => {
    const sre = await createTestActor("SRE");
    const viewer = await createTestActor("VIEWER");
    const report = await newReport(sre);
    const auditBefore = await incidentAudit(report.id);
    await expect(
      updateReport({ id: report.id, expectedVersion: report.version, document: { ...report.document, title: "Viewer was here" } }, viewer),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(await loadReport(db(), report.id)).toEqual(report.document);
    expect(await incidentAudit(report.id)).toEqual(auditBefore);
  });

  it("does not let an SRE edit a private report they cannot see", async () => {
    const author = await createTestActor("SRE");
    const stranger = await createTestActor("SRE");
    const report = await newReport(author, { private: true });
    await expect(
      updateReport({ id: report.id, expectedVersion: report.version, document: { ...report.document, title: "Snooped" } }, stranger),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await loadReport(db(), report.id))?.title).toBe("Queue backlog");
  });

  it("names the path of invalid input", async () => {
    const sre = await createTestActor("SRE");
    const report = await newReport(sre);
    const timeline = report.document.timeline.map((entry, index) => (index === 2 ? { ...entry, occurredAt: "yesterday afternoon" } : entry));
    const error = await caught(updateReport({ id: report.id, expectedVersion: report.version, document: { ...report.document, timeline } }, sre));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).issues.map((issue) => issue.path)).toEqual(["document.timeline.2.occurredAt"]);
  });

  it("refuses a public id that another incident has, naming the field", async () => {
    const sre = await createTestActor("SRE");
    const first = await newReport(sre);
    const second = await newReport(sre);
    const error = await caught(
      updateReport({ id: second.id, expectedVersion: second.version, document: { ...second.document, publicId: first.publicId } }, sre),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).issues[0].path).toBe("document.publicId");
    expect((await db().incident.findUniqueOrThrow({ where: { id: second.id } })).version).toBe(second.version);
  });

  it("adds new services to the catalog and reuses existing ones whatever their case", async () => {
    const sre = await createTestActor("SRE");
    const report = await newReport(sre);
    const existing = await db().service.create({ data: { name: `Ledger-${randomUUID().slice(0, 8)}` } });
    const fresh = `search-indexer-${randomUUID().slice(0, 8)}`;
    const saved = await updateReport(
      { id: report.id, expectedVersion: report.version, document: { ...report.document, services: [fresh, existing.name.toLowerCase()] } },
      sre,
    );
    expect(saved.document.services).toEqual([fresh, existing.name]);
    expect(await db().service.findUnique({ where: { name: fresh } })).not.toBeNull();
    expect(await db().service.count({ where: { name: { equals: existing.name, mode: "insensitive" } } })).toBe(1);
  });

  it("records one incident.update audit row with before and after of the changed fields", async () => {
    const sre = await createTestActor("SRE");
    const report = await newReport(sre);
    const timeline = report.document.timeline.map((entry, index) => (index === 1 ? { ...entry, text: "Consumers scaled to 12" } : entry));
    const saved = await updateReport(
      {
        id: report.id,
        expectedVersion: report.version,
        document: { ...report.document, title: "Queue backlog in billing", timeline, impact: { ...report.document.impact, errorRate: 0.05 } },
      },
      sre,
    );
    const updates = (await incidentAudit(report.id)).filter((event) => event.action === "incident.update");
    expect(updates).toHaveLength(1);
    const changes = updates[0].changes as Record<string, { before: unknown; after: unknown }>;
    expect(Object.keys(changes).sort()).toEqual(["impact.errorRate", "timeline", "title"]);
    expect(changes.title).toEqual({ before: "Queue backlog", after: "Queue backlog in billing" });
    expect(changes["impact.errorRate"]).toEqual({ before: null, after: 0.05 });
    expect((changes.timeline.after as { text: string }[])[1].text).toBe("Consumers scaled to 12");
    expect(updates[0]).toMatchObject({ actorId: sre.user.id, entityType: "Incident", entityId: report.id, meta: { version: saved.version } });
  });

  it("refuses to change an approved report and says why", async () => {
    const sre = await createTestActor("SRE");
    const report = await newReport(sre);
    await db().incident.update({ where: { id: report.id }, data: { reportState: "APPROVED" } });
    const error = await caught(updateReport({ id: report.id, expectedVersion: report.version, document: { ...report.document, title: "Rewritten" } }, sre));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toMatch(/approved.*read-only/);
    expect((await loadReport(db(), report.id))?.title).toBe("Queue backlog");
    expect((await db().incident.findUniqueOrThrow({ where: { id: report.id } })).version).toBe(report.version);
  });
});

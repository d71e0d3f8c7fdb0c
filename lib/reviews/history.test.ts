// A report's history is its audit trail: every write records who, when and each field before and after, and the
// database itself refuses to rewrite it.
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { uploadAttachment } from "@/lib/attachments/mutations";
import { loadEditableReport, updateReport } from "@/lib/incidents/mutations";
import { createTestActor, createTestUser } from "@/lib/users/test-fixtures";
import { describeAuditEvent, listReportHistory } from "@/lib/reviews/history";
import { approveReport, requestChanges, submitForReview } from "@/lib/reviews/mutations";
import { createTestReport, reviewCast } from "@/lib/reviews/test-fixtures";

const db = () => getDb();

async function caughtMessage(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "no error",
    (error: unknown) => String((error as Error).message),
  );
}

describe("listReportHistory", () => {
  it("tells each write to the report with who did it and every field before and after, newest first", async () => {
    const { author, manager, report } = await reviewCast();
    const editable = await loadEditableReport(author.user, report.id);
    await updateReport(
      { id: report.id, expectedVersion: editable!.version, document: { ...editable!.document, rootCause: "Memory leak", severity: "Critical" } },
      author,
    );
    await uploadAttachment({ incidentId: report.id, filename: "graph.png", contentType: "image/png", data: new Uint8Array([1, 2, 3]) }, author);
    await submitForReview({ incidentId: report.id, reviewers: [manager.user.email], note: "Ready" }, author);
    await requestChanges({ incidentId: report.id, comment: "Add the heap graph", section: "rootCause" }, manager);

    const history = await listReportHistory(manager.user, report.publicId);
    expect(history!.entries.map((entry) => [entry.label, entry.actor])).toEqual([
      ["Commented", manager.user.name],
      ["Requested changes", manager.user.name],
      ["Submitted for review", author.user.name],
      ["Uploaded an attachment", author.user.name],
      ["Edited the report", author.user.name],
      ["Created the report", author.user.name],
    ]);
    const [comment, changes, submit, upload, edit, created] = history!.entries;
    expect(edit!.changes).toEqual([
      { field: "severity", label: "Severity", before: "High", after: "Critical" },
      { field: "rootCause", label: "Root cause", before: "A cache node ran out of memory.", after: "Memory leak" },
    ]);
    expect(created!.changes).toContainEqual({ field: "title", label: "Title", before: null, after: "Checkout latency" });
    expect(upload!.changes).toEqual([{ field: "filename", label: "File", before: null, after: "graph.png" }]);
    expect(submit!.changes).toEqual([
      { field: "reportState", label: "Review state", before: "Draft", after: "In review" },
      { field: "reviewers", label: "Reviewers", before: "(none)", after: manager.user.email },
    ]);
    expect(submit!.detail).toBe("Froze revision 1 · Ready");
    expect(changes!.changes).toEqual([{ field: "reportState", label: "Review state", before: "In review", after: "Changes requested" }]);
    expect(comment).toMatchObject({ detail: "On Root cause", changes: [{ label: "Comment", before: null, after: "Add the heap graph" }] });
  });

  it("is null for a private report the viewer may not see", async () => {
    const author = await createTestActor("SRE");
    const report = await createTestReport(author, { private: true });
    const outsider = await createTestUser({ role: "SRE" });
    expect(await listReportHistory(outsider, report.id)).toBeNull();
  });

  it("names the system, API tokens and deleted users as such", () => {
    const base = { id: "1", at: new Date(), entityType: "Incident", entityId: "x", incidentId: "x", changes: {}, meta: {} };
    expect(describeAuditEvent({ ...base, actorType: "SYSTEM", actor: null, action: "incident.import" })).toMatchObject({
      actor: "Hindsight",
      label: "Imported the report",
      via: null,
    });
    expect(
      describeAuditEvent({
        ...base,
        actorType: "API_TOKEN",
        actor: { id: "u", name: "Ann", email: "ann@x" },
        action: "review.reopen",
        meta: { reason: "Typo", revision: 4 },
      }),
    ).toMatchObject({
      actor: "Ann",
      via: "API token",
      label: "Reopened the report",
      detail: "Started revision 4 · Typo",
    });
    expect(
      describeAuditEvent({ ...base, actorType: "SYSTEM", actor: null, action: "incident.create", meta: { integration: "Prometheus eu-1" } }),
    ).toMatchObject({
      actor: "Hindsight",
      via: "Integration: Prometheus eu-1",
    });
    expect(describeAuditEvent({ ...base, actorType: "USER", actor: null, action: "something.new" })).toMatchObject({
      actor: "A deleted user",
      label: "something.new",
    });
  });
});

describe("the audit trail in the database", () => {
  it("refuses UPDATE, DELETE and TRUNCATE of audit rows, even through raw SQL", async () => {
    const { author, manager, report } = await reviewCast();
    await submitForReview({ incidentId: report.id, reviewers: [manager.user.id] }, author);
    await approveReport({ incidentId: report.id }, manager);
    const approval = await db().auditEvent.findFirstOrThrow({ where: { incidentId: report.id, action: "review.approve" } });

    const attempts = [
      db().$executeRaw`UPDATE "AuditEvent" SET "meta" = '{}' WHERE id = ${approval.id}`,
      db().$executeRaw`UPDATE "AuditEvent" SET "actorId" = NULL WHERE id = ${approval.id}`,
      db().$executeRaw`DELETE FROM "AuditEvent" WHERE id = ${approval.id}`,
      db().$executeRawUnsafe(`TRUNCATE "AuditEvent"`),
    ];
    for (const attempt of attempts) {
      expect(await caughtMessage(attempt)).toMatch(/The audit trail is append-only: (UPDATE|DELETE|TRUNCATE) on "AuditEvent" is not allowed/);
    }
    expect(await caughtMessage(db().auditEvent.update({ where: { id: approval.id }, data: { action: "review.forged" } }))).toContain("append-only");
    expect(await caughtMessage(db().auditEvent.deleteMany({ where: { incidentId: report.id } }))).toContain("append-only");
    expect(await db().auditEvent.findUniqueOrThrow({ where: { id: approval.id } })).toEqual(approval);
  });

  it("still lets a user or an incident be deleted: their audit rows stay, only the reference is forgotten", async () => {
    const author = await createTestActor("SRE");
    const report = await createTestReport(author);
    const rows = await db().auditEvent.findMany({ where: { incidentId: report.id } });
    expect(rows).toHaveLength(1);
    await db().incident.delete({ where: { id: report.id } });
    await db().user.delete({ where: { id: author.user.id } });
    const after = await db().auditEvent.findUniqueOrThrow({ where: { id: rows[0]!.id } });
    expect(after).toEqual({ ...rows[0], incidentId: null, actorId: null });
  });
});

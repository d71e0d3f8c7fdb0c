// Revisions and the sign-off check: the hash is of canonical content, and a change made behind the app's back (raw
// SQL) is caught, whether it touches the report or the signed revision itself.
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { loadReport } from "@/lib/incidents/store";
import { approveReport, submitForReview } from "@/lib/reviews/mutations";
import { checkLatestSignOff, compareRevisions, contentHash, parseCompare, revisionContent } from "@/lib/reviews/revisions";
import { reviewCast } from "@/lib/reviews/test-fixtures";

const db = () => getDb();

async function signedReport() {
  const cast = await reviewCast();
  await submitForReview({ incidentId: cast.report.id, reviewers: [cast.manager.user.id] }, cast.author);
  await approveReport({ incidentId: cast.report.id, comment: "LGTM" }, cast.manager);
  return cast;
}

describe("contentHash", () => {
  it("is the SHA-256 of canonical JSON: key order and entry ids do not matter, content does", () => {
    const a = { title: "T", timeline: [{ id: "row-1", text: "x", occurredAt: "2025-01-01T00:00:00.000Z" }], impact: { usersAffected: 3, errorRate: null } };
    const b = { impact: { errorRate: null, usersAffected: 3 }, timeline: [{ occurredAt: "2025-01-01T00:00:00.000Z", text: "x", id: "row-9" }], title: "T" };
    expect(contentHash(a)).toBe(contentHash(b));
    expect(contentHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash({ ...a, title: "U" })).not.toBe(contentHash(a));
    // the known digest of the canonical text, so the algorithm cannot drift unnoticed
    expect(contentHash({ b: 1, a: "x" })).toBe("cdab067e9f3beb32d1252cfd63e492592fecbf591b0d08cadb24bb17f3864246"); // sha256 of {"a":"x","b":1}
  });

  it("hashes what a revision stores to the same value as the document it came from", async () => {
    const { report } = await reviewCast();
    const doc = (await loadReport(db(), report.id))!;
    const stored = revisionContent(doc);
    expect(JSON.stringify(stored)).not.toContain('"id"');
    expect(contentHash(stored)).toBe(contentHash(doc));
  });
});

describe("the sign-off check", () => {
  it("says the content matches right after approval", async () => {
    const { report, manager } = await signedReport();
    expect(await checkLatestSignOff(report.id)).toMatchObject({
      revisionNumber: 2,
      comment: "LGTM",
      reviewer: { id: manager.user.id },
      revisionIntact: true,
      matchesCurrent: true,
      changedFields: [],
    });
  });

  it("notices a report changed behind the app's back and names the field", async () => {
    const { report } = await signedReport();
    await db().$executeRaw`UPDATE "Incident" SET "rootCause" = 'Rewritten after sign-off' WHERE id = ${report.id}`;
    const check = await checkLatestSignOff(report.id);
    expect(check).toMatchObject({
      matchesCurrent: false,
      revisionIntact: true,
      progressOnly: false,
      changedFields: [{ field: "rootCause", label: "Root cause" }],
    });

    await db().$executeRaw`UPDATE "Incident" SET "rootCause" = 'A cache node ran out of memory.' WHERE id = ${report.id}`;
    expect(await checkLatestSignOff(report.id)).toMatchObject({ matchesCurrent: true, changedFields: [] });
  });

  it("notices a timeline row changed behind the app's back", async () => {
    const { report } = await signedReport();
    await db().$executeRaw`UPDATE "TimelineEvent" SET "text" = 'Something else' WHERE "incidentId" = ${report.id}`;
    expect(await checkLatestSignOff(report.id)).toMatchObject({ matchesCurrent: false, changedFields: [{ field: "timeline" }] });
  });

  it("notices the signed revision itself altered, even with its hash recomputed to match", async () => {
    const { report } = await signedReport();
    await db().$executeRaw`UPDATE "Revision" SET content = jsonb_set(content, '{rootCause}', '"Forged"') WHERE "incidentId" = ${report.id}`;
    expect(await checkLatestSignOff(report.id)).toMatchObject({ revisionIntact: false });

    const revision = await db().revision.findFirstOrThrow({ where: { incidentId: report.id }, orderBy: { number: "desc" } });
    await db().revision.update({ where: { id: revision.id }, data: { contentHash: contentHash(revision.content) } });
    // self-consistent now, but not the hash the append-only audit trail recorded at signing
    expect(await checkLatestSignOff(report.id)).toMatchObject({ revisionIntact: false });
  });

  it("tells follow-through after sign-off (action items done, a follow-up review scheduled) apart from a rewrite", async () => {
    const { report } = await signedReport();
    await db().actionItem.updateMany({ where: { incidentId: report.id }, data: { status: "DONE" } });
    expect(await checkLatestSignOff(report.id)).toMatchObject({ matchesCurrent: false, progressOnly: true, changedFields: [{ field: "actionItems" }] });
    await db().followUpReview.create({ data: { incidentId: report.id, scheduledAt: new Date("2025-09-01T10:00:00Z") } });
    expect(await checkLatestSignOff(report.id)).toMatchObject({ progressOnly: true, changedFields: [{ field: "actionItems" }, { field: "followUp" }] });
    await db().actionItem.updateMany({ where: { incidentId: report.id }, data: { title: "Renamed" } });
    expect(await checkLatestSignOff(report.id)).toMatchObject({ matchesCurrent: false, progressOnly: false });
  });

  it("is null for a report never signed", async () => {
    const { report } = await reviewCast();
    expect(await checkLatestSignOff(report.id)).toBeNull();
  });
});

describe("comparing revisions", () => {
  it("reads ?compare=a..b, with 'current' for the report as it is now", () => {
    expect(parseCompare("1..3")).toEqual({ from: 1, to: 3 });
    expect(parseCompare(" 2 .. current ")).toEqual({ from: 2, to: "current" });
    for (const bad of [null, "", "3", "1...3", "a..b", "0..2", "-1..2"]) expect(parseCompare(bad)).toBeNull();
  });

  it("lists the fields that differ, each with both values", async () => {
    const { report, author } = await signedReport();
    await db().$executeRaw`UPDATE "Incident" SET "rootCause" = 'Second thoughts' WHERE id = ${report.id}`;
    const result = await compareRevisions(author.user, report.publicId, 1, "current");
    expect(result!.comparison!.changes).toEqual([
      { field: "rootCause", label: "Root cause", before: "A cache node ran out of memory.", after: "Second thoughts" },
    ]);
    expect((await compareRevisions(author.user, report.publicId, 1, 2))!.comparison!.changes).toEqual([]);
    expect((await compareRevisions(author.user, report.publicId, 1, 9))!.comparison).toBeNull();
  });

  it("names the action-item owners either side mentions, so the diff shows people rather than emails", async () => {
    const { report, author } = await signedReport();
    const item = await db().actionItem.findFirstOrThrow({ where: { incidentId: report.id }, select: { id: true } });
    await db().actionItem.update({ where: { id: item.id }, data: { ownerId: author.user.id } });
    const result = await compareRevisions(author.user, report.publicId, 1, "current");
    expect(result!.comparison!.changes.map((change) => change.field)).toEqual(["actionItems"]);
    expect(result!.comparison!.people).toEqual({ [author.user.email.toLowerCase()]: author.user.name });
  });
});

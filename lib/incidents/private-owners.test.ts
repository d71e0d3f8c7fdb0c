// Writing a whole report (the "New report" form, the editor's save, an import) gives its action items owners: on a
// private report, each new owner must be able to open it. Anyone else is refused with a 422 that names them and the
// item's field, and nothing of the save is stored. Owners an item already had stay when the report turns private.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { InvalidInputError } from "@/lib/errors";
import { scheduleFollowUp, updateFollowUp } from "@/lib/follow-ups/mutations";
import { importReport } from "@/lib/incidents/import";
import { createReport, updateReport } from "@/lib/incidents/mutations";
import { reportDocumentSchema, type ReportDocumentInput } from "@/lib/incidents/schema";
import { createTestActor, createTestUser } from "@/lib/users/test-fixtures";

const db = () => getDb();
const uniqueId = () => `INC-PRIV-${randomUUID().slice(0, 8)}`;

function document(overrides: Partial<ReportDocumentInput> = {}) {
  return reportDocumentSchema.parse({ publicId: uniqueId(), title: "Leaked billing keys", severity: "High", ...overrides });
}

async function rejection(promise: Promise<unknown>): Promise<InvalidInputError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  return error as InvalidInputError;
}

describe("owners on a private report", () => {
  it("a new private report refuses an owner who cannot open it, naming the item's field, and creates nothing", async () => {
    const sre = await createTestActor("SRE");
    const viewer = await createTestUser({ role: "VIEWER", name: "Vera Viewer" });
    const manager = await createTestUser({ role: "MANAGER" });
    const doc = document({
      private: true,
      actionItems: [
        { title: "Rotate keys", ownerEmail: manager.email },
        { title: "Audit the bucket", ownerEmail: viewer.email },
      ],
    });

    const error = await rejection(createReport({ document: doc }, sre));

    expect(error.message).toContain(`Vera Viewer (${viewer.email}) cannot open this private report`);
    expect(error.issues).toEqual([
      { path: "document.actionItems.1.ownerEmail", message: expect.stringContaining("Vera Viewer cannot open this private report") },
    ]);
    expect(await db().incident.count({ where: { publicId: doc.publicId! } })).toBe(0);

    // the same report, public, is fine; and private with owners who can open it
    await createReport({ document: { ...doc, private: false, publicId: uniqueId() } }, sre);
    await createReport({ document: { ...doc, publicId: uniqueId(), actionItems: [{ ...doc.actionItems[0]!, ownerEmail: sre.user.email }] } }, sre);
  });

  it("the editor's save refuses a new owner who cannot open the private report, and stores nothing of the save", async () => {
    const sre = await createTestActor("SRE");
    const viewer = await createTestUser({ role: "VIEWER", name: "Vera Viewer" });
    const created = await createReport({ document: document({ private: true, actionItems: [{ title: "Rotate keys" }] }) }, sre);
    const stored = await db().incident.findUniqueOrThrow({ where: { id: created.id }, include: { actionItems: true } });
    const item = stored.actionItems[0]!;
    const doc = document({
      publicId: created.publicId,
      private: true,
      title: "Renamed",
      actionItems: [{ id: item.id, title: "Rotate keys", ownerEmail: viewer.email }],
    });

    const error = await rejection(updateReport({ id: created.id, expectedVersion: stored.version, document: doc }, sre));

    expect(error.issues).toEqual([
      { path: "document.actionItems.0.ownerEmail", message: expect.stringContaining("Vera Viewer cannot open this private report") },
    ]);
    const after = await db().incident.findUniqueOrThrow({ where: { id: created.id }, include: { actionItems: true } });
    expect({ title: after.title, version: after.version, ownerId: after.actionItems[0]!.ownerId }).toEqual({
      title: stored.title,
      version: stored.version,
      ownerId: null,
    });
  });

  it("making a report private keeps the owners it had (they are no longer reminded); a new one in the same save is refused", async () => {
    const sre = await createTestActor("SRE");
    const viewer = await createTestUser({ role: "VIEWER" });
    const other = await createTestUser({ role: "VIEWER", name: "Otto Other" });
    const created = await createReport({ document: document({ actionItems: [{ title: "Rotate keys", ownerEmail: viewer.email }, { title: "Audit" }] }) }, sre);
    const items = await db().actionItem.findMany({ where: { incidentId: created.id }, orderBy: { position: "asc" } });
    const version = (await db().incident.findUniqueOrThrow({ where: { id: created.id } })).version;
    const kept = { id: items[0]!.id, title: "Rotate keys", ownerEmail: viewer.email };

    const refused = await rejection(
      updateReport(
        {
          id: created.id,
          expectedVersion: version,
          document: document({ publicId: created.publicId, private: true, actionItems: [kept, { id: items[1]!.id, title: "Audit", ownerEmail: other.email }] }),
        },
        sre,
      ),
    );
    expect(refused.issues.map((issue) => issue.path)).toEqual(["document.actionItems.1.ownerEmail"]);
    expect((await db().incident.findUniqueOrThrow({ where: { id: created.id } })).private).toBe(false);

    await updateReport(
      {
        id: created.id,
        expectedVersion: version,
        document: document({ publicId: created.publicId, private: true, actionItems: [kept, { id: items[1]!.id, title: "Audit" }] }),
      },
      sre,
    );
    const after = await db().incident.findUniqueOrThrow({ where: { id: created.id }, include: { actionItems: { orderBy: { position: "asc" } } } });
    expect(after.private).toBe(true);
    expect(after.actionItems[0]!.ownerId).toBe(viewer.id);
  });

  it("an import of a private report refuses an owner who cannot open it, and creates nothing", async () => {
    const sre = await createTestActor("SRE");
    const viewer = await createTestUser({ role: "VIEWER", name: "Vera Viewer" });
    const publicId = `INC-2031-0101-${Math.floor(Math.random() * 900_000) + 100_000}`;
    const text = `# Leaked keys\n\n**Incident ID:** ${publicId}\n**Severity:** High\n**Private:** yes\n\n## Action Items\n- [ ] Rotate the keys (Owner: ${viewer.email}, Due: 2031-02-01)\n`;

    const error = await rejection(importReport({ text }, sre));

    expect(error.message).toContain(`Vera Viewer (${viewer.email}) cannot open this private report`);
    expect(error.issues.map((issue) => issue.path)).toEqual(["actionItems.0.ownerEmail"]);
    expect(await db().incident.count({ where: { publicId } })).toBe(0);
    // the same text, with the report public, imports
    expect((await importReport({ text: text.replace("**Private:** yes", "**Private:** no") }, sre)).publicId).toBe(publicId);
  });
});

describe("attendees of a private report's follow-up review", () => {
  it("are refused when they cannot open the report, on scheduling and on adding them later", async () => {
    const sre = await createTestActor("SRE");
    const viewer = await createTestUser({ role: "VIEWER", name: "Vera Viewer" });
    const manager = await createTestUser({ role: "MANAGER" });
    const created = await createReport({ document: document({ private: true }) }, sre);

    const error = await rejection(scheduleFollowUp({ incident: created.id, scheduledAt: "2031-05-01T10:00:00Z", attendeeIds: [manager.id, viewer.id] }, sre));
    expect(error.message).toContain("Vera Viewer");
    expect(error.message).toContain("so cannot attend its follow-up review");
    expect(error.issues).toEqual([{ path: "attendeeIds", message: expect.stringContaining("Vera Viewer cannot open this private report") }]);
    expect(await db().followUpReview.count({ where: { incidentId: created.id } })).toBe(0);

    const { review } = await scheduleFollowUp({ incident: created.id, scheduledAt: "2031-05-01T10:00:00Z", attendeeIds: [manager.id] }, sre);
    await rejection(updateFollowUp({ id: review.id, version: review.version, scheduledAt: "2031-05-01T10:00:00Z", attendeeIds: [manager.id, viewer.id] }, sre));
    expect((await db().followUpAttendee.findMany({ where: { followUpReviewId: review.id } })).map((row) => row.userId)).toEqual([manager.id]);
  });
});

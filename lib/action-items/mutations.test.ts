import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { ConflictError, ForbiddenError, InvalidInputError } from "@/lib/errors";
import { userActor, type ActorUser } from "@/lib/auth/actor";
import { auditRowsFor, createTestUser } from "@/lib/users/test-fixtures";
import { createActionItem, isActionItemConflictDetails, updateActionItem } from "@/lib/action-items/mutations";
import { createTestIncident } from "@/lib/action-items/test-fixtures";

const db = () => getDb();

async function setup() {
  const author = await createTestUser({ role: "SRE" });
  const owner = await createTestUser({ role: "SRE" });
  const incident = await createTestIncident({
    authorId: author.id,
    items: [{ title: "Add pool alert", ownerId: owner.id, dueDate: "2024-12-01", priority: "HIGH" }],
  });
  return { author, owner, incident, item: incident.items[0]! };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error,
  );
}

describe("updateActionItem", () => {
  it("lets the owner mark it done: completedAt set, version bumped, audited with before and after", async () => {
    const { owner, incident, item } = await setup();
    const result = await updateActionItem({ id: item.id, version: 1, status: "DONE" }, userActor(owner));
    expect(result.item).toMatchObject({ status: "DONE", version: 2, overdue: false });
    const row = await db().actionItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(row.completedAt).toBeInstanceOf(Date);
    const [audit] = await auditRowsFor(item.id);
    expect(audit).toMatchObject({ action: "action-item.update", actorId: owner.id, entityType: "ActionItem", incidentId: incident.id });
    expect(audit!.changes).toMatchObject({ status: { before: "OPEN", after: "DONE" }, completedAt: { before: null } });
    // an editor opened before this must not put the old status back: the report's version moved on
    expect((await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).version).toBe(incident.version + 1);
  });

  it("lets the report's author and a manager change owner, due date, priority and tracker link", async () => {
    const { author, item } = await setup();
    const manager = await createTestUser({ role: "MANAGER" });
    const newOwner = await createTestUser({ role: "VIEWER" });
    await updateActionItem({ id: item.id, version: 1, ownerId: newOwner.id, dueDate: "2025-03-01" }, userActor(author));
    const result = await updateActionItem(
      { id: item.id, version: 2, priority: "LOW", trackerUrl: "https://jira.example.com/browse/OPS-7" },
      userActor(manager),
    );
    expect(result.item).toMatchObject({
      owner: { id: newOwner.id },
      dueDate: "2025-03-01",
      priority: "LOW",
      trackerUrl: "https://jira.example.com/browse/OPS-7",
      version: 3,
    });
    const audits = await auditRowsFor(item.id);
    expect(audits.map((audit) => audit.changes)).toEqual([
      { ownerId: { before: expect.any(String), after: newOwner.id }, dueDate: { before: "2024-12-01", after: "2025-03-01" } },
      { priority: { before: "HIGH", after: "LOW" }, trackerUrl: { before: null, after: "https://jira.example.com/browse/OPS-7" } },
    ]);
  });

  it("refuses another SRE and a viewer: nothing written, no audit", async () => {
    const { item } = await setup();
    const otherSre = await createTestUser({ role: "SRE" });
    const viewer = await createTestUser({ role: "VIEWER" });
    for (const user of [otherSre, viewer]) {
      expect(await caught(updateActionItem({ id: item.id, version: 1, status: "DONE" }, userActor(user)))).toBeInstanceOf(ForbiddenError);
    }
    const row = await db().actionItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(row).toMatchObject({ status: "OPEN", version: 1, completedAt: null });
    expect(await auditRowsFor(item.id)).toEqual([]);
  });

  it("refuses a stale version with the stored item, overwriting nothing", async () => {
    const { owner, author, item } = await setup();
    await updateActionItem({ id: item.id, version: 1, status: "IN_PROGRESS" }, userActor(owner));
    const error = await caught(updateActionItem({ id: item.id, version: 1, status: "DONE", priority: "LOW" }, userActor(author)));
    expect(error).toBeInstanceOf(ConflictError);
    const details = (error as ConflictError).details;
    expect(isActionItemConflictDetails(details) && details.currentVersion).toBe(2);
    expect(isActionItemConflictDetails(details) && details.current?.status).toBe("IN_PROGRESS");
    const row = await db().actionItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(row).toMatchObject({ status: "IN_PROGRESS", priority: "HIGH", version: 2 });
    expect(await auditRowsFor(item.id)).toHaveLength(1);
  });

  it("requires a reason for won't do, keeps it while it stands and drops it when the item is taken up again", async () => {
    const { owner, item } = await setup();
    const refused = await caught(updateActionItem({ id: item.id, version: 1, status: "WONT_DO" }, userActor(owner)));
    expect(refused).toBeInstanceOf(InvalidInputError);
    expect((refused as InvalidInputError).issues).toEqual([{ path: "wontDoReason", message: "Say why it won't be done" }]);
    expect((await db().actionItem.findUniqueOrThrow({ where: { id: item.id } })).status).toBe("OPEN");

    await updateActionItem({ id: item.id, version: 1, status: "WONT_DO", wontDoReason: "Replaced by the new pooler" }, userActor(owner));
    expect(await db().actionItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({
      status: "WONT_DO",
      wontDoReason: "Replaced by the new pooler",
    });
    // changing something else keeps the reason
    await updateActionItem({ id: item.id, version: 2, priority: "LOW" }, userActor(owner));
    expect((await db().actionItem.findUniqueOrThrow({ where: { id: item.id } })).wontDoReason).toBe("Replaced by the new pooler");
    await updateActionItem({ id: item.id, version: 3, status: "OPEN" }, userActor(owner));
    expect(await db().actionItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ status: "OPEN", wontDoReason: null });
  });

  it("clears completedAt when a done item is reopened, and records nothing for a save that changes nothing", async () => {
    const { owner, item } = await setup();
    await updateActionItem({ id: item.id, version: 1, status: "DONE" }, userActor(owner));
    await updateActionItem({ id: item.id, version: 2, status: "OPEN" }, userActor(owner));
    expect(await db().actionItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ status: "OPEN", completedAt: null, version: 3 });
    const unchanged = await updateActionItem({ id: item.id, version: 3, status: "OPEN" }, userActor(owner));
    expect(unchanged.item.version).toBe(3);
    expect(await auditRowsFor(item.id)).toHaveLength(2);
  });

  it("refuses an owner who is not an active user", async () => {
    const { author, item } = await setup();
    const gone = await createTestUser({ role: "SRE", active: false });
    const error = await caught(updateActionItem({ id: item.id, version: 1, ownerId: gone.id }, userActor(author)));
    expect((error as InvalidInputError).issues).toEqual([{ path: "ownerId", message: "must be an active user" }]);
  });
});

describe("createActionItem", () => {
  it("adds an item to an incident the SRE may see, after the report's own items, audited", async () => {
    const { incident } = await setup();
    const sre = await createTestUser({ role: "SRE" });
    const result = await createActionItem(
      { incident: incident.publicId, title: "Load test the pooler", dueDate: "2025-02-01", priority: "HIGH", ownerId: sre.id },
      userActor(sre),
    );
    expect(result.item).toMatchObject({
      title: "Load test the pooler",
      dueDate: "2025-02-01",
      priority: "HIGH",
      status: "OPEN",
      owner: { id: sre.id },
      editable: true,
    });
    const row = await db().actionItem.findUniqueOrThrow({ where: { id: result.item.id } });
    expect(row).toMatchObject({ position: 1, createdById: sre.id, incidentId: incident.id });
    expect((await auditRowsFor(result.item.id)).map((audit) => audit.action)).toEqual(["action-item.create"]);
  });

  it("refuses a private incident the SRE is not part of, and a viewer anywhere", async () => {
    const author: ActorUser = await createTestUser({ role: "SRE" });
    const secret = await createTestIncident({ authorId: author.id, private: true });
    const outsider = await createTestUser({ role: "SRE" });
    const viewer = await createTestUser({ role: "VIEWER" });
    const error = await caught(createActionItem({ incident: secret.publicId, title: "Peek" }, userActor(outsider)));
    expect((error as InvalidInputError).issues).toEqual([{ path: "incident", message: "Pick an incident" }]);
    expect(await caught(createActionItem({ incident: secret.publicId, title: "Peek" }, userActor(viewer)))).toBeInstanceOf(ForbiddenError);
    expect(await db().actionItem.count({ where: { incidentId: secret.id } })).toBe(0);
  });
});

// Owners kept as names (a report named someone who is not a user here): what the action-item table shows of them,
// and how choosing a user in the table's owner cell replaces the name.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { userActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { updateActionItem } from "@/lib/action-items/mutations";
import { getActionItem, listActionItems } from "@/lib/action-items/queries";
import { DEFAULT_VIEW } from "@/lib/action-items/schema";
import { createTestIncident } from "@/lib/action-items/test-fixtures";
import { auditRowsFor, createTestUser } from "@/lib/users/test-fixtures";

async function setup() {
  const tag = randomUUID().slice(0, 8);
  const author = await createTestUser({ role: "SRE" });
  const user = await createTestUser({ role: "SRE", name: `Zed Zimmer ${tag}` });
  const incident = await createTestIncident({
    authorId: author.id,
    items: [
      { title: "Add pool alerts", ownerName: `@dba-team-${tag}`, dueDate: "2031-03-20" },
      { title: "Rotate keys", ownerId: user.id, dueDate: "2031-03-21" },
      { title: "Write docs", dueDate: "2031-03-22" },
    ],
  });
  return { tag, author, user, incident, viewer: { ...author, timeZone: "UTC" } };
}

describe("the action-item table", () => {
  it("gives each row its owner: a user, a name kept from a report (not a user), or nobody", async () => {
    const { tag, user, incident, viewer } = await setup();
    const { rows } = await listActionItems(viewer, { ...DEFAULT_VIEW, incident: incident.publicId, sort: "dueDate" });
    expect(rows.map((row) => [row.title, row.owner?.id ?? null, row.ownerName])).toEqual([
      ["Add pool alerts", null, `@dba-team-${tag}`],
      ["Rotate keys", user.id, null],
      ["Write docs", null, null],
    ]);
  });

  it("sorts by owner: users by name, then names kept from reports, then nobody", async () => {
    const { incident, viewer } = await setup();
    const { rows } = await listActionItems(viewer, { ...DEFAULT_VIEW, incident: incident.publicId, sort: "owner", order: "asc" });
    expect(rows.map((row) => row.title)).toEqual(["Rotate keys", "Add pool alerts", "Write docs"]);
  });
});

describe("choosing an owner in the table", () => {
  it("sets the user and clears the name it replaces, audited as both fields' change", async () => {
    const { tag, author, user, incident, viewer } = await setup();
    const item = incident.items[0]!;
    const result = await updateActionItem({ id: item.id, version: item.version, ownerId: user.id }, userActor(author));
    expect(result.item).toMatchObject({ owner: { id: user.id }, ownerName: null });
    expect(await getDb().actionItem.findUniqueOrThrow({ where: { id: item.id }, select: { ownerId: true, ownerName: true } })).toEqual({
      ownerId: user.id,
      ownerName: null,
    });
    const [audit] = await auditRowsFor(item.id);
    expect(audit!.changes).toMatchObject({ ownerId: { before: null, after: user.id }, ownerName: { before: `@dba-team-${tag}`, after: null } });
    expect((await getActionItem(viewer, item.id))?.ownerName).toBeNull();
  });

  it("keeps the name through other changes, and drops it when 'Unassigned' is chosen", async () => {
    const { tag, author, incident } = await setup();
    const item = incident.items[0]!;
    const done = await updateActionItem({ id: item.id, version: item.version, status: "DONE" }, userActor(author));
    expect(done.item).toMatchObject({ status: "DONE", owner: null, ownerName: `@dba-team-${tag}` });
    const cleared = await updateActionItem({ id: item.id, version: done.item.version, ownerId: null }, userActor(author));
    expect(cleared.item).toMatchObject({ owner: null, ownerName: null });
  });

  it("gives a named owner no right to edit the item: only users can be owners", async () => {
    const { tag, incident } = await setup();
    // someone whose name is the kept name is not its owner until chosen
    const namesake = await createTestUser({ role: "SRE", name: `@dba-team-${tag}` });
    const { rows } = await listActionItems({ ...namesake, timeZone: "UTC" }, { ...DEFAULT_VIEW, incident: incident.publicId, sort: "dueDate" });
    expect(rows[0]).toMatchObject({ ownerName: `@dba-team-${tag}`, editable: false });
  });
});

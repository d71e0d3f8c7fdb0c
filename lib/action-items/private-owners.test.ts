// The owner of an item of a private report must be able to open the report: the table's inline edit and "Add action
// item" (the server actions, as a form calls them) refuse anyone else with a message naming them, and store nothing.
// An owner the item already had stays when the report turns private.
import { describe, expect, it, vi } from "vitest";
import { userActor, type ActorUser, type UserActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { createTestIncident } from "@/lib/action-items/test-fixtures";
import { updateActionItem } from "@/lib/action-items/mutations";
import { createTestUser } from "@/lib/users/test-fixtures";

// The server actions read the session; here it is whoever the test says.
let sessionActor: UserActor | null = null;
vi.mock("@/lib/auth/session", () => ({ actorFromSession: async () => sessionActor }));
const { createActionItemAction, updateActionItemAction } = await import("@/app/(app)/action-items/actions");

const db = () => getDb();

/** A private report by an SRE, with one item the author owns; a viewer outside it; a participant. */
async function privateReport() {
  const author = await createTestUser({ role: "SRE" });
  const outsider = await createTestUser({ role: "VIEWER", name: "Olga Outsider" });
  const participant = await createTestUser({ role: "VIEWER" });
  const manager = await createTestUser({ role: "MANAGER" });
  const incident = await createTestIncident({
    authorId: author.id,
    private: true,
    items: [{ title: "Rotate keys", ownerId: author.id, dueDate: "2030-01-10" }],
  });
  await db().incidentParticipant.create({ data: { incidentId: incident.id, userId: participant.id } });
  return { author, outsider, participant, manager, incident, item: incident.items[0]! };
}

function formData(values: Record<string, string>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(values)) form.set(key, value);
  return form;
}

const signedInAs = (user: ActorUser) => {
  sessionActor = userActor(user);
};

describe("owners of a private report's action items", () => {
  it("the inline edit refuses an owner who cannot open the report, saying who and why, and changes nothing", async () => {
    const { author, outsider, item } = await privateReport();
    signedInAs(author);

    const state = await updateActionItemAction({ id: item.id, version: 1, ownerId: outsider.id });

    expect(state.ok).toBe(false);
    if (state.ok) return;
    expect(state.fieldErrors.ownerId).toMatch(/^Olga Outsider cannot open this private report: pick its author, a participant, a manager or an admin$/);
    expect(await db().actionItem.findUniqueOrThrow({ where: { id: item.id }, select: { ownerId: true, version: true } })).toEqual({
      ownerId: author.id,
      version: 1,
    });
  });

  it("the inline edit accepts a participant and a manager", async () => {
    const { author, participant, manager, item } = await privateReport();
    signedInAs(author);

    expect(await updateActionItemAction({ id: item.id, version: 1, ownerId: participant.id })).toMatchObject({ ok: true });
    signedInAs(manager);
    expect(await updateActionItemAction({ id: item.id, version: 2, ownerId: manager.id })).toMatchObject({ ok: true });
    expect((await db().actionItem.findUniqueOrThrow({ where: { id: item.id } })).ownerId).toBe(manager.id);
  });

  it('"Add action item" refuses such an owner and creates nothing', async () => {
    const { author, outsider, incident } = await privateReport();
    signedInAs(author);
    const title = `Not created ${incident.publicId}`;

    const state = await createActionItemAction(null, formData({ incident: incident.publicId, title, ownerId: outsider.id, priority: "HIGH" }));

    expect(state).toMatchObject({ ok: false, fieldErrors: { ownerId: expect.stringContaining("Olga Outsider cannot open this private report") } });
    expect(await db().actionItem.count({ where: { title } })).toBe(0);
  });

  it("an owner from before the report turned private keeps the item, and others can still change it", async () => {
    const author = await createTestUser({ role: "SRE" });
    const owner = await createTestUser({ role: "VIEWER" });
    const incident = await createTestIncident({ authorId: author.id, items: [{ title: "Add alert", ownerId: owner.id, dueDate: "2030-01-10" }] });
    await db().incident.update({ where: { id: incident.id }, data: { private: true } });

    const result = await updateActionItem({ id: incident.items[0]!.id, version: 1, ownerId: owner.id, status: "IN_PROGRESS" }, userActor(author));

    expect(result.item).toMatchObject({ status: "IN_PROGRESS", owner: { id: owner.id } });
  });
});

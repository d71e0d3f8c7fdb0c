// Writing action items outside the report editor: the table's inline edits and "Add action item". Each export is a
// guarded action: call it as `action(rawInput, actor)`.
//
// An inline edit names the version it was made against. The version is compared and bumped in one statement, so of
// two edits from the same version exactly one wins and the other is a ConflictError carrying the stored item.
// Either write also bumps the incident's version: a report editor opened before it then gets a conflict on save
// instead of silently putting the old values back.
//
// The owner of an item of a private report must be able to open that report (lib/incidents/access.ts): giving it to
// anyone else is refused with a message naming them, since they would be reminded of a report they cannot see.
import "server-only";
import { defineAction } from "@/lib/actions/define-action";
import { actingUser, type AnyActor } from "@/lib/auth/actor";
import { changesBetween, type AuditChanges } from "@/lib/audit/record";
import type { Tx } from "@/lib/db/client";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { refuseWhoCannotSee, visibleIncidentsWhere } from "@/lib/incidents/access";
import { EDIT_REFUSAL, mayEditActionItem } from "@/lib/action-items/edit-rights";
import { getActionItem, type ActionItemViewer } from "@/lib/action-items/queries";
import type { ActionItemRow } from "@/lib/action-items/schema";
import { createActionItemInput, updateActionItemInput } from "@/lib/action-items/schema";
import { queueTrackerUpdate } from "@/lib/trackers/sync";

const ACTION_ITEMS_PATH = "/action-items";
const INCIDENTS_PATH = "/incidents";

/** What a ConflictError from updateActionItem carries in `details`. */
export type ActionItemConflictDetails = { currentVersion: number; current: ActionItemRow | null };

export function isActionItemConflictDetails(value: unknown): value is ActionItemConflictDetails {
  return Boolean(value && typeof (value as ActionItemConflictDetails).currentVersion === "number");
}

const EDITABLE_FIELDS = ["status", "ownerId", "ownerName", "dueDate", "priority", "trackerUrl", "wontDoReason", "completedAt"] as const;

/** The system (CLI, jobs) acts as a manager would: it sees and may change every item. */
function viewerOf(actor: AnyActor): ActionItemViewer {
  const user = actingUser(actor);
  return user ?? { id: "", role: "ADMIN", timeZone: "UTC" };
}

function whereVisible(actor: AnyActor): Prisma.ActionItemWhereInput {
  const user = actingUser(actor);
  return user ? { incident: visibleIncidentsWhere(user) } : {};
}

async function requireActiveUser(tx: Tx, ownerId: string, path: string): Promise<void> {
  const owner = await tx.user.findUnique({ where: { id: ownerId }, select: { active: true } });
  if (!owner?.active) throw new InvalidInputError(`${path}: no active user has this id`, [{ path, message: "must be an active user" }]);
}

const dayOf = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);
const dayValue = (day: string | null) => (day ? new Date(`${day}T00:00:00.000Z`) : null);

async function conflict(tx: Tx, actor: AnyActor, id: string): Promise<ConflictError> {
  const current = await getActionItem(viewerOf(actor), id, tx);
  const version = current?.version ?? 0;
  const details: ActionItemConflictDetails = { currentVersion: version, current };
  return new ConflictError(
    `Someone else changed this action item since you loaded it (it is now version ${version}). Nothing was saved: check the current values and try again.`,
    details,
  );
}

export const updateActionItem = defineAction({
  name: "action-item.update",
  permission: "action-item:edit",
  input: updateActionItemInput,
  run: async ({ tx, actor, input }): Promise<{ item: ActionItemRow; incidentId: string; publicId: string; changes: AuditChanges }> => {
    const stored = await tx.actionItem.findFirst({
      where: { id: input.id, ...whereVisible(actor) },
      select: {
        id: true,
        version: true,
        ownerId: true,
        ownerName: true,
        status: true,
        dueDate: true,
        priority: true,
        trackerUrl: true,
        wontDoReason: true,
        completedAt: true,
        trackerIntegrationId: true,
        trackerKey: true,
        incident: { select: { id: true, publicId: true, authorId: true } },
      },
    });
    if (!stored) throw new NotFoundError("The action item");
    const user = actingUser(actor);
    if (user && !mayEditActionItem(user, { ownerId: stored.ownerId, authorId: stored.incident.authorId })) throw new ForbiddenError(EDIT_REFUSAL);
    if (stored.version !== input.version) throw await conflict(tx, actor, stored.id);
    if (input.ownerId) await requireActiveUser(tx, input.ownerId, "ownerId");
    // An owner kept from before the report turned private stays (and is not reminded); a new one must see it.
    if (input.ownerId && input.ownerId !== stored.ownerId) {
      await refuseWhoCannotSee(tx, stored.incident.id, [{ userId: input.ownerId, path: "ownerId" }], "owner");
    }

    const before = { ...stored, dueDate: dayOf(stored.dueDate) };
    const after = { ...before };
    // choosing an owner (a user, or nobody) replaces the name a report gave for someone who is not a user
    if (input.ownerId !== undefined) {
      after.ownerId = input.ownerId;
      after.ownerName = null;
    }
    if (input.dueDate !== undefined) after.dueDate = input.dueDate;
    if (input.priority !== undefined) after.priority = input.priority;
    if (input.trackerUrl !== undefined) after.trackerUrl = input.trackerUrl;
    if (input.status !== undefined) after.status = input.status;
    // the reason belongs to "won't do": given with it (or to correct it while it stands), gone when the item is taken up again
    if (after.status === "WONT_DO") after.wontDoReason = input.wontDoReason ?? stored.wontDoReason;
    else after.wontDoReason = null;
    if (after.status === "WONT_DO" && !after.wontDoReason) {
      throw new InvalidInputError("Say why it won't be done.", [{ path: "wontDoReason", message: "Say why it won't be done" }]);
    }
    if (after.status === "DONE" && stored.status !== "DONE") after.completedAt = new Date();
    if (after.status !== "DONE") after.completedAt = null;

    const changes = changesBetween(before, after, EDITABLE_FIELDS);
    // A new link by hand replaces the synced issue: the item stops following it.
    const unlinks = stored.trackerKey !== null && after.trackerUrl !== stored.trackerUrl;
    if (unlinks) changes.trackerKey = { before: stored.trackerKey, after: null };
    if (Object.keys(changes).length) {
      const claimed = await tx.actionItem.updateMany({
        where: { id: stored.id, version: input.version },
        data: {
          ownerId: after.ownerId,
          ownerName: after.ownerName,
          dueDate: dayValue(after.dueDate),
          priority: after.priority,
          trackerUrl: after.trackerUrl,
          status: after.status,
          wontDoReason: after.wontDoReason,
          completedAt: after.completedAt,
          ...(unlinks ? { trackerIntegrationId: null, trackerKey: null } : {}),
          version: { increment: 1 },
        },
      });
      if (claimed.count !== 1) throw await conflict(tx, actor, stored.id);
      // closed or reopened here: the linked GitHub or Jira issue follows
      if (!unlinks) await queueTrackerUpdate(tx, { ...stored, itemId: stored.id, before: stored.status, after: after.status, version: input.version + 1 });
      await tx.incident.update({ where: { id: stored.incident.id }, data: { version: { increment: 1 } } });
    }
    const item = await getActionItem(viewerOf(actor), stored.id, tx);
    if (!item) throw new NotFoundError("The action item");
    return { item, incidentId: stored.incident.id, publicId: stored.incident.publicId, changes };
  },
  audit: ({ item, incidentId, changes }) =>
    Object.keys(changes).length ? { entityType: "ActionItem", entityId: item.id, incidentId, changes, meta: { version: item.version } } : null,
  revalidate: ({ publicId }) => [ACTION_ITEMS_PATH, INCIDENTS_PATH, `${INCIDENTS_PATH}/${publicId}`],
});

export const createActionItem = defineAction({
  name: "action-item.create",
  permission: "action-item:edit",
  input: createActionItemInput,
  run: async ({ tx, actor, input }): Promise<{ item: ActionItemRow; incidentId: string; publicId: string }> => {
    const user = actingUser(actor);
    const incident = await tx.incident.findFirst({
      where: { AND: [{ OR: [{ id: input.incident }, { publicId: input.incident }] }, user ? visibleIncidentsWhere(user) : {}] },
      select: { id: true, publicId: true },
    });
    if (!incident) throw new InvalidInputError("incident: no incident you may see has this id", [{ path: "incident", message: "Pick an incident" }]);
    if (input.ownerId) {
      await requireActiveUser(tx, input.ownerId, "ownerId");
      await refuseWhoCannotSee(tx, incident.id, [{ userId: input.ownerId, path: "ownerId" }], "owner");
    }
    const last = await tx.actionItem.aggregate({ where: { incidentId: incident.id }, _max: { position: true } });
    const created = await tx.actionItem.create({
      data: {
        incidentId: incident.id,
        position: (last._max.position ?? -1) + 1,
        title: input.title,
        description: input.description,
        ownerId: input.ownerId,
        dueDate: dayValue(input.dueDate),
        priority: input.priority,
        trackerUrl: input.trackerUrl,
        createdById: user?.id ?? null,
      },
      select: { id: true },
    });
    await tx.incident.update({ where: { id: incident.id }, data: { version: { increment: 1 } } });
    const item = await getActionItem(viewerOf(actor), created.id, tx);
    if (!item) throw new NotFoundError("The action item");
    return { item, incidentId: incident.id, publicId: incident.publicId };
  },
  audit: ({ item, incidentId }) => ({
    entityType: "ActionItem",
    entityId: item.id,
    incidentId,
    changes: {
      title: { after: item.title },
      ownerId: { after: item.owner?.id ?? null },
      dueDate: { after: item.dueDate },
      priority: { after: item.priority },
      trackerUrl: { after: item.trackerUrl },
    },
  }),
  revalidate: ({ publicId }) => [ACTION_ITEMS_PATH, INCIDENTS_PATH, `${INCIDENTS_PATH}/${publicId}`],
});

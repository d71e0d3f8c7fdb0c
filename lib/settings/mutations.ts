// Changing instance settings (admins). `updateSettings` is a guarded action: call it as `updateSettings(partial, actor)`.
import "server-only";
import { defineAction } from "@/lib/actions/define-action";
import { actingUser } from "@/lib/auth/actor";
import type { AuditChanges } from "@/lib/audit/record";
import type { Tx } from "@/lib/db/client";
import { ConflictError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { getEditableSettings } from "@/lib/settings/queries";
import { SETTING_KEYS, updateSettingsInput, type Settings } from "@/lib/settings/schema";

const SETTINGS_PATH = "/admin/settings";
// Any constant bigint, distinct from the other advisory locks in this database.
const SETTINGS_LOCK = 0x4853_7301n;

async function lockSettings(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETTINGS_LOCK})`;
}

/**
 * Saves the keys given; the others keep their value. Returns the values and the new stamp for the next save. Only keys whose value really changes are written and audited,
 * with before and after per key. Changing the severity scale does not touch existing incidents.
 */
export const updateSettings = defineAction({
  name: "settings.update",
  permission: "settings:manage",
  input: updateSettingsInput,
  run: async ({ tx, input, actor }) => {
    await lockSettings(tx);
    const { settings: before, stamp } = await getEditableSettings(tx);
    if (input.expectedStamp !== undefined && input.expectedStamp !== stamp) {
      throw new ConflictError("Someone else changed the settings after you opened this page. Reload it to see their changes, then make yours again.");
    }
    const changes: AuditChanges = {};
    const after: Settings = { ...before };
    for (const key of SETTING_KEYS) {
      const value = input[key];
      if (value === undefined || JSON.stringify(value) === JSON.stringify(before[key])) continue;
      changes[key] = { before: before[key], after: value };
      (after as Record<string, unknown>)[key] = value;
    }
    const changedKeys = Object.keys(changes);
    if (changedKeys.length === 0) return { settings: before, changes, stamp };

    // Strictly after the previous stamp, even within one millisecond, so a form loaded before this save is stale.
    const updatedAt = new Date(Math.max(Date.now(), stamp === "none" ? 0 : Date.parse(stamp) + 1));
    const updatedById = actingUser(actor)?.id ?? null;
    for (const key of changedKeys) {
      // A null setting ("not set") is stored as JSON null: the column itself is NOT NULL.
      const raw = (after as Record<string, unknown>)[key];
      const value = raw === null ? Prisma.JsonNull : (raw as Prisma.InputJsonValue);
      await tx.setting.upsert({ where: { key }, create: { key, value, updatedAt, updatedById }, update: { value, updatedAt, updatedById } });
    }
    return { settings: after, changes, stamp: updatedAt.toISOString() };
  },
  audit: ({ changes }) => (Object.keys(changes).length ? { entityType: "Setting", entityId: null, changes, meta: { keys: Object.keys(changes) } } : null),
  revalidate: () => [SETTINGS_PATH],
});

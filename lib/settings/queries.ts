// Reading instance settings: every key with its default filled in, in one query.
import "server-only";
import { getDb, type Db, type Tx } from "@/lib/db/client";
import { defaultSettings, readStoredSetting, SETTING_KEYS, SETTINGS, isSettingKey, type SettingKey, type Settings } from "@/lib/settings/schema";
import { env } from "@/lib/env";
import { log } from "@/lib/log/logger";

/** Set, this environment variable wins over the stored `attachments.maxMb` (an operator's hard limit, e.g. a proxy's). */
export const ATTACHMENT_MAX_MB_ENV = "HINDSIGHT_ATTACHMENT_MAX_MB";

const NO_SETTINGS_STAMP = "none";

type Reader = Db | Tx;

async function readAll(db: Reader): Promise<{ settings: Settings; stamp: string }> {
  const rows = await db.setting.findMany({ where: { key: { in: SETTING_KEYS } }, select: { key: true, value: true, updatedAt: true } });
  const settings = defaultSettings();
  let latest = 0;
  for (const row of rows) {
    if (!isSettingKey(row.key)) continue;
    (settings as Record<SettingKey, unknown>)[row.key] = readStoredSetting(row.key, row.value);
    latest = Math.max(latest, row.updatedAt.getTime());
  }
  return { settings, stamp: latest ? new Date(latest).toISOString() : NO_SETTINGS_STAMP };
}

/** Every setting, stored or default. */
export async function getSettings(db: Reader = getDb()): Promise<Settings> {
  return (await readAll(db)).settings;
}

/**
 * For the settings form: the values, a stamp of the last change (send it back as `expectedStamp` so that a save over
 * someone else's newer change is a conflict), and the attachment limit the environment imposes, if any.
 */
export async function getEditableSettings(db: Reader = getDb()): Promise<{ settings: Settings; stamp: string; attachmentMaxMbOverride: number | null }> {
  return { ...(await readAll(db)), attachmentMaxMbOverride: attachmentMaxMbOverride() };
}

/** One setting, stored or default. */
export async function getSetting<K extends SettingKey>(key: K, db: Reader = getDb()): Promise<Settings[K]> {
  const row = await db.setting.findUnique({ where: { key }, select: { value: true } });
  return row ? readStoredSetting(key, row.value) : (structuredClone(SETTINGS[key].defaultValue) as Settings[K]);
}

/** Severity names, most severe first. Existing incidents may hold a name no longer on the scale: show it as it is. */
export async function getSeverityScale(db: Reader = getDb()): Promise<string[]> {
  return getSetting("severity.scale", db);
}

let warnedAboutEnv = false;

/** The limit in MB from HINDSIGHT_ATTACHMENT_MAX_MB, or null when unset. A value that is not a positive number is ignored, with a warning. */
export function attachmentMaxMbOverride(): number | null {
  const raw = env().HINDSIGHT_ATTACHMENT_MAX_MB;
  if (!raw) return null;
  const mb = Number(raw);
  if (Number.isFinite(mb) && mb > 0) return mb;
  if (!warnedAboutEnv) {
    warnedAboutEnv = true;
    log.warn(`${ATTACHMENT_MAX_MB_ENV}=${JSON.stringify(raw)} is not a positive number of megabytes; using the stored setting instead.`);
  }
  return null;
}

/** The largest attachment accepted, in bytes (1 MB = 1024 × 1024 bytes): the environment override, else the setting. */
export async function getAttachmentMaxBytes(db: Reader = getDb()): Promise<number> {
  const mb = attachmentMaxMbOverride() ?? (await getSetting("attachments.maxMb", db));
  return Math.floor(mb * 1024 * 1024);
}

/** The same limit from settings already read (getSettings). */
export function attachmentMaxBytesOf(settings: Settings): number {
  return Math.floor((attachmentMaxMbOverride() ?? settings["attachments.maxMb"]) * 1024 * 1024);
}

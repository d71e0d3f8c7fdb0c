// Unsaved work kept in this browser's localStorage, one entry per incident and version the edit started from, so a
// crash, a closed tab or a lost connection never costs what was typed. Storage can be full or switched off: then
// nothing is kept and the editor says so, but editing goes on.
import type { ReportDocument } from "@/lib/incidents/schema";

export type Draft = {
  incidentId: string;
  /** the stored version the edit started from */
  version: number;
  /** when the draft was last written (ISO) */
  savedAt: string;
  /** the version it started from, to tell later who changed what */
  base: ReportDocument;
  document: ReportDocument;
};

const PREFIX = "hindsight:report-draft:";
const keyFor = (incidentId: string, version: number) => `${PREFIX}${incidentId}:v${version}`;

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null;
  }
}

/** False when the draft could not be written (storage full or disabled). */
export function writeDraft(draft: Draft): boolean {
  try {
    storage()?.setItem(keyFor(draft.incidentId, draft.version), JSON.stringify(draft));
    return storage() !== null;
  } catch {
    return false;
  }
}

function isDraft(value: unknown, incidentId: string): value is Draft {
  const draft = value as Partial<Draft> | null;
  return Boolean(
    draft && draft.incidentId === incidentId && typeof draft.version === "number" && typeof draft.savedAt === "string" && draft.document && draft.base,
  );
}

/** Every draft kept for the incident, newest first. */
export function readDrafts(incidentId: string): Draft[] {
  const store = storage();
  if (!store) return [];
  const drafts: Draft[] = [];
  try {
    for (let index = 0; index < store.length; index++) {
      const key = store.key(index);
      if (!key?.startsWith(`${PREFIX}${incidentId}:`)) continue;
      const value: unknown = JSON.parse(store.getItem(key) ?? "null");
      if (isDraft(value, incidentId)) drafts.push(value);
    }
  } catch {
    return drafts;
  }
  return drafts.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

export function removeDraft(incidentId: string, version: number): void {
  try {
    storage()?.removeItem(keyFor(incidentId, version));
  } catch {
    // nothing to clean up where there is no storage
  }
}

/** After a successful save: drafts from that version and before are what was just saved, or older than it. */
export function removeDraftsUpTo(incidentId: string, version: number): void {
  for (const draft of readDrafts(incidentId)) if (draft.version <= version) removeDraft(incidentId, draft.version);
}

// Reads for tracker sync: the trackers an action item may get an issue in (no secrets).
import "server-only";
import { getDb } from "@/lib/db/client";
import type { TrackerKind, TrackerOption } from "@/lib/trackers/schema";

/** Active GitHub and Jira integrations, oldest first (the table's buttons keep their order). */
export async function listTrackerOptions(): Promise<TrackerOption[]> {
  const rows = await getDb().integration.findMany({
    where: { kind: { in: ["GITHUB", "JIRA"] }, revokedAt: null, sealedSecrets: { not: null } },
    select: { id: true, kind: true, name: true, config: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => {
    const config = (row.config ?? {}) as { repository?: unknown; projectKey?: unknown };
    const target = row.kind === "GITHUB" ? config.repository : config.projectKey;
    return { id: row.id, kind: row.kind as TrackerKind, name: row.name, target: typeof target === "string" ? target : "" };
  });
}

// A fingerprint of every table in the test database: each table's row count and a hash of its rows. Equal
// fingerprints before and after a request mean it changed nothing, which is what a refused request must leave behind.
// Test-only.
import { getDb } from "@/lib/db/client";

/** Columns that change on reads, not writes (a token's last use is recorded when a bearer request arrives). */
const READ_STAMPS: Record<string, string[]> = { ApiToken: ["lastUsedAt"] };

export type DatabaseFingerprint = Record<string, { rows: number; hash: string }>;

let tables: string[] | undefined;

export async function databaseFingerprint(): Promise<DatabaseFingerprint> {
  const db = getDb();
  tables ??= (
    await db.$queryRawUnsafe<{ name: string }[]>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations' ORDER BY tablename`,
    )
  ).map((row) => row.name);
  const parts = tables.map((table) => {
    const ignored = (READ_STAMPS[table] ?? []).map((column) => ` - '${column}'`).join("");
    const quoted = `"${table.replaceAll('"', '""')}"`;
    // md5 of each row's JSON, then of the sorted row hashes: independent of physical order
    return `SELECT '${table}' AS name, count(*)::int AS rows, md5(coalesce(string_agg(h, '' ORDER BY h), '')) AS hash FROM (SELECT md5((to_jsonb(t)${ignored})::text) AS h FROM ${quoted} t) r`;
  });
  const rows = await db.$queryRawUnsafe<{ name: string; rows: number; hash: string }[]>(parts.join(" UNION ALL "));
  return Object.fromEntries(rows.map((row) => [row.name, { rows: row.rows, hash: row.hash }]));
}

/** The tables whose rows differ between two fingerprints, with their counts: `{ Incident: "3 → 4 rows" }`. */
export function changedTables(before: DatabaseFingerprint, after: DatabaseFingerprint): Record<string, string> {
  const changed: Record<string, string> = {};
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[name];
    const b = after[name];
    if (a?.hash !== b?.hash || a?.rows !== b?.rows) changed[name] = `${a?.rows ?? 0} → ${b?.rows ?? 0} rows`;
  }
  return changed;
}

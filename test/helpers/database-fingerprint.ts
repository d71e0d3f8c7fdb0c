// A fingerprint of every table in the test database: each table's row count and a hash of its rows. Equal
// fingerprints before and after a request mean it changed nothing, which is what a refused request must leave behind.
// Test-only.
import { getDb } from "@/lib/db/client";

/**
 * Columns left out: those that change on reads, not writes (a token's last use is recorded when a bearer request
 * arrives), and the search document's vectors, which the database derives from the other columns and tables
 * (prisma/migrations/20261204173000_full_text_search): they change only when what they are made of does, which the
 * fingerprint sees there. Hashing them as JSON made each fingerprint cost about a second.
 */
const LEFT_OUT: Record<string, string[]> = { ApiToken: ["lastUsedAt"], Incident: ["rankVector"] };
/** Tables the database derives from others (the search document): see LEFT_OUT. */
const DERIVED_TABLES = new Set(["IncidentSearch"]);

export type DatabaseFingerprint = Record<string, { rows: number; hash: string }>;

let tables: string[] | undefined;

export async function databaseFingerprint(): Promise<DatabaseFingerprint> {
  const db = getDb();
  tables ??= (
    await db.$queryRawUnsafe<{ name: string }[]>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations' ORDER BY tablename`,
    )
  )
    .map((row) => row.name)
    .filter((name) => !DERIVED_TABLES.has(name));
  const parts = tables.map((table) => {
    const ignored = (LEFT_OUT[table] ?? []).map((column) => ` - '${column}'`).join("");
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

// Health: the database answers and every committed migration is applied (cheap: no schema engine involved).
import "server-only";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { getDb } from "@/lib/db/client";

export type Health = { ok: boolean; database: "up" | "down"; migrations: { expected: number; applied: number; pending: string[] }; error?: string };

let localMigrations: Promise<string[]> | undefined;

function listLocalMigrations(): Promise<string[]> {
  localMigrations ??= readdir(path.join(process.cwd(), "prisma", "migrations"), { withFileTypes: true }).then((entries) =>
    entries
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort(),
  );
  return localMigrations;
}

export async function checkHealth(): Promise<Health> {
  const expected = await listLocalMigrations();
  try {
    const rows = await getDb().$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    const applied = new Set(rows.map((row) => row.migration_name));
    const pending = expected.filter((name) => !applied.has(name));
    return { ok: pending.length === 0, database: "up", migrations: { expected: expected.length, applied: applied.size, pending } };
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { ok: false, database: "down", migrations: { expected: expected.length, applied: 0, pending: expected }, error: message };
  }
}

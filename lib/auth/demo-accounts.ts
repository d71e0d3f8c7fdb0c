// The sign-in page's hint on a demo instance: the demo accounts (prisma/demo-users.ts) that still open with their
// published passwords. A demo instance is one on the embedded database, which `npm start` fills with the demo data
// when it creates it; an instance on the operator's PostgreSQL never shows the hint, seeded or not. An account drops
// out of the hint when it is deactivated, deleted, or its password is changed.
import "server-only";
import { verifyPassword } from "@/lib/auth/password";
import { getDb, type Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { Role } from "@/lib/generated/prisma/enums";
import { DEMO_USERS } from "@/prisma/demo-users";

export type DemoAccount = { email: string; password: string; role: Role };

// Whether a published password opens a stored hash, kept per hash: argon2 runs once for each hash there is (a
// changed password is a new hash), not on every view of the sign-in page.
const checked = new Map<string, Promise<boolean>>();
const CHECKED_LIMIT = 64;

function publishedPasswordOpens(passwordHash: string, password: string): Promise<boolean> {
  const key = `${passwordHash}\n${password}`;
  let answer = checked.get(key);
  if (!answer) {
    if (checked.size >= CHECKED_LIMIT) checked.clear();
    answer = verifyPassword(passwordHash, password);
    checked.set(key, answer);
  }
  return answer;
}

/** The demo accounts to show on the sign-in page: none unless this is a demo instance. One indexed query. */
export async function demoAccountsToShow({ demoInstance = env().HINDSIGHT_EMBEDDED_DB, db }: { demoInstance?: boolean; db?: Db } = {}): Promise<DemoAccount[]> {
  if (!demoInstance) return [];
  const rows = await (db ?? getDb()).user.findMany({
    where: { email: { in: DEMO_USERS.map((user) => user.email) }, active: true, passwordHash: { not: null } },
    select: { email: true, role: true, passwordHash: true },
  });
  const shown = await Promise.all(
    DEMO_USERS.map(async (demo) => {
      const row = rows.find((candidate) => candidate.email === demo.email);
      if (!row?.passwordHash || !(await publishedPasswordOpens(row.passwordHash, demo.password))) return null;
      return { email: demo.email, password: demo.password, role: row.role };
    }),
  );
  return shown.filter((account) => account !== null);
}

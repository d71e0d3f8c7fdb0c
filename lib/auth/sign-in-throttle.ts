// A brake on password guessing, per email + client IP: after 5 failures in a row, wait 30 s; each further failure
// doubles the wait, up to 15 minutes. A success clears it; failures 30 minutes old are forgotten. It slows a guesser
// down; it is not a lockout (an attacker cannot lock a real user out from another address).
//
// Kept in the database (SignInThrottle rows), not in memory: every app instance behind a load balancer counts the
// same failures, and a restart does not forgive a guesser. Bookkeeping like a user's lastSignInAt, not a change
// anyone made, so not audited.
import { getDb, type Db } from "@/lib/db/client";

export const MAX_FAILURES_BEFORE_WAIT = 5;
export const FIRST_WAIT_MS = 30_000;
const MAX_WAIT_MS = 15 * 60_000;
/** A key with no failure for this long is forgotten. */
const FORGET_AFTER_MS = 30 * 60_000;

/** How long to wait after the `failures`-th failure in a row. */
export function waitAfter(failures: number): number {
  return failures < MAX_FAILURES_BEFORE_WAIT ? 0 : Math.min(FIRST_WAIT_MS * 2 ** (failures - MAX_FAILURES_BEFORE_WAIT), MAX_WAIT_MS);
}

export class SignInThrottle {
  constructor(
    private readonly now: () => number = Date.now,
    private readonly db: () => Db = getDb,
  ) {}

  static key(email: string, ip: string): string {
    return `${email.trim().toLowerCase()}|${ip}`;
  }

  /** Milliseconds the caller must still wait before trying again; 0 when they may try now. */
  async retryAfterMs(key: string): Promise<number> {
    const row = await this.db().signInThrottle.findUnique({ where: { key }, select: { blockedUntil: true } });
    return row?.blockedUntil ? Math.max(0, row.blockedUntil.getTime() - this.now()) : 0;
  }

  /** Counts a failure (atomically: concurrent guesses each count) and sets the wait it earns. */
  async recordFailure(key: string): Promise<void> {
    const now = this.now();
    const at = new Date(now);
    const forgetBefore = new Date(now - FORGET_AFTER_MS);
    const db = this.db();
    const [row] = await db.$queryRaw<{ failures: number }[]>`
      INSERT INTO "SignInThrottle" ("key", "failures", "lastFailureAt") VALUES (${key}, 1, ${at})
      ON CONFLICT ("key") DO UPDATE SET
        "failures" = CASE WHEN "SignInThrottle"."lastFailureAt" < ${forgetBefore} THEN 1 ELSE "SignInThrottle"."failures" + 1 END,
        "lastFailureAt" = ${at}
      RETURNING "failures"`;
    const wait = waitAfter(row!.failures);
    // Only this failure's row: a later concurrent failure sets its own, longer wait.
    await db.signInThrottle.updateMany({ where: { key, failures: row!.failures }, data: { blockedUntil: wait > 0 ? new Date(now + wait) : null } });
    // Forgotten keys go, so the table holds only recent guessing.
    await db.signInThrottle.deleteMany({ where: { lastFailureAt: { lt: forgetBefore }, OR: [{ blockedUntil: null }, { blockedUntil: { lte: at } }] } });
  }

  async recordSuccess(key: string): Promise<void> {
    await this.db().signInThrottle.deleteMany({ where: { key } });
  }
}

const shared = new SignInThrottle();
export function signInThrottle(): SignInThrottle {
  return shared;
}

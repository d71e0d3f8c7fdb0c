// Brakes on password guessing, counted twice for every failed sign-in:
//   - per account: the email as typed (trimmed, lower-cased), whether or not such a user exists, from any address.
//     After 5 failures in a row, wait 30 s; each further failure doubles the wait, up to 15 minutes.
//   - per client address (lib/auth/client-address.ts; an IPv6 client by its /64, which one subscriber usually
//     holds whole): the same waits after 20 failures, over all the emails tried from there, so one source cannot
//     try a few passwords on every account. Looser than per account because an office or a VPN exit shares one
//     address among many honest users with typos. A success does not clear it (an attacker with one real account
//     would sign into it between guesses); it is forgotten 30 minutes after its last failure.
// While a wait runs, attempts are refused without checking the password and without counting, so hammering does
// not lengthen the wait; a success clears the account's count; failures 30 minutes old are forgotten.
//
// Why a growing wait rather than a lock-out: the account count can be driven by anyone who knows an email, so it
// must not be a lock (an attacker would lock the CEO out with five requests, for as long as they liked, and an admin
// would have to unlock it). A wait is never longer than 15 minutes, ends by itself with nobody's help, and holds a
// guesser to ~100 guesses a day per account however many addresses they use, which the per-address count alone
// never does against a botnet. Someone who fails on purpose once every 15 minutes could still keep the account's
// wait running for ever; the owner is not held up by it from a browser that has signed in to the account before,
// whose attempts count under that browser instead (lib/auth/known-device.ts).
//
// Kept in the database (SignInThrottle rows), not in memory: every app instance behind a load balancer counts the
// same failures, and a restart does not forgive a guesser. Bookkeeping like a user's lastSignInAt, not a change
// anyone made, so not audited.
import "server-only";
import { isIP } from "node:net";
import { getDb, type Db } from "@/lib/db/client";

export const MAX_FAILURES_BEFORE_WAIT = 5;
export const MAX_ADDRESS_FAILURES_BEFORE_WAIT = 20;
export const FIRST_WAIT_MS = 30_000;
const MAX_WAIT_MS = 15 * 60_000;
/** A key with no failure for this long is forgotten. */
const FORGET_AFTER_MS = 30 * 60_000;

const ACCOUNT_PREFIX = "account:";
const ADDRESS_PREFIX = "address:";

/** How long to wait after the `failures`-th failure in a row. */
export function waitAfter(failures: number, freeFailures: number = MAX_FAILURES_BEFORE_WAIT): number {
  return failures < freeFailures ? 0 : Math.min(FIRST_WAIT_MS * 2 ** (failures - freeFailures), MAX_WAIT_MS);
}

function freeFailuresFor(key: string): number {
  return key.startsWith(ADDRESS_PREFIX) ? MAX_ADDRESS_FAILURES_BEFORE_WAIT : MAX_FAILURES_BEFORE_WAIT;
}

/** An IPv6 address's first 64 bits (its network); an IPv4 address as it is. Expects a normalized address. */
function addressBucket(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = "", tail] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return `${groups.slice(0, 4).join(":")}::/64`;
}

export class SignInThrottle {
  constructor(
    private readonly now: () => number = Date.now,
    private readonly db: () => Db = getDb,
  ) {}

  static accountKey(email: string): string {
    return ACCOUNT_PREFIX + email.trim().toLowerCase();
  }

  static addressKey(address: string): string {
    return ADDRESS_PREFIX + addressBucket(address);
  }

  /**
   * The counts a sign-in attempt for `email` from `address` (null: not known) falls under. First the account's, or
   * instead the browser's own when it proves an earlier sign-in to the account (`deviceKey`, lib/auth/known-device.ts).
   */
  static keys(email: string, address: string | null, deviceKey: string | null = null): string[] {
    const person = deviceKey ?? SignInThrottle.accountKey(email);
    return address === null ? [person] : [person, SignInThrottle.addressKey(address)];
  }

  /** Milliseconds the caller must still wait before trying again (the longest of the keys' waits); 0 when they may try now. */
  async retryAfterMs(keys: string[]): Promise<number> {
    const rows = await this.db().signInThrottle.findMany({ where: { key: { in: keys } }, select: { blockedUntil: true } });
    const now = this.now();
    return Math.max(0, ...rows.map((row) => (row.blockedUntil ? row.blockedUntil.getTime() - now : 0)));
  }

  /** Counts a failure under each key (atomically: concurrent guesses each count); returns the longest wait it earned. */
  async recordFailure(keys: string[]): Promise<number> {
    const now = this.now();
    const at = new Date(now);
    const forgetBefore = new Date(now - FORGET_AFTER_MS);
    const db = this.db();
    let longest = 0;
    for (const key of keys) {
      const [row] = await db.$queryRaw<{ failures: number }[]>`
        INSERT INTO "SignInThrottle" ("key", "failures", "lastFailureAt") VALUES (${key}, 1, ${at})
        ON CONFLICT ("key") DO UPDATE SET
          "failures" = CASE WHEN "SignInThrottle"."lastFailureAt" < ${forgetBefore} THEN 1 ELSE "SignInThrottle"."failures" + 1 END,
          "lastFailureAt" = ${at}
        RETURNING "failures"`;
      const wait = waitAfter(row!.failures, freeFailuresFor(key));
      // Only this failure's row: a later concurrent failure sets its own, longer wait.
      await db.signInThrottle.updateMany({ where: { key, failures: row!.failures }, data: { blockedUntil: wait > 0 ? new Date(now + wait) : null } });
      longest = Math.max(longest, wait);
    }
    // Forgotten keys go, so the table holds only recent guessing.
    await db.signInThrottle.deleteMany({ where: { lastFailureAt: { lt: forgetBefore }, OR: [{ blockedUntil: null }, { blockedUntil: { lte: at } }] } });
    return longest;
  }

  /**
   * A right password: the count it was tried under (the account's, or the known browser's) starts again. The
   * address's count stays (see the top of this file), and so does the account's when its owner signs in from a known
   * browser: a guesser elsewhere gets no fresh tries from that.
   */
  async recordSuccess(keys: string[]): Promise<void> {
    const [person] = keys;
    if (person) await this.db().signInThrottle.deleteMany({ where: { key: person } });
  }
}

const shared = new SignInThrottle();
export function signInThrottle(): SignInThrottle {
  return shared;
}

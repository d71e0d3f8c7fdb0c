// A small in-memory brake on password guessing, per email + client IP: after 5 failures in a row, wait 30 s; each
// further failure doubles the wait, up to 15 minutes. A success clears it. In memory on purpose: one process serves
// a self-hosted instance, and a restart forgiving everyone is acceptable. It slows a guesser down; it is not a
// lockout (an attacker cannot lock a real user out from another address).
export const MAX_FAILURES_BEFORE_WAIT = 5;
export const FIRST_WAIT_MS = 30_000;
const MAX_WAIT_MS = 15 * 60_000;
/** A key with no failure for this long is forgotten. */
const FORGET_AFTER_MS = 30 * 60_000;
const MAX_KEYS = 10_000;

type Entry = { failures: number; blockedUntil: number; lastFailureAt: number };

export class SignInThrottle {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly now: () => number = Date.now) {}

  static key(email: string, ip: string): string {
    return `${email.trim().toLowerCase()}|${ip}`;
  }

  /** Milliseconds the caller must still wait before trying again; 0 when they may try now. */
  retryAfterMs(key: string): number {
    const entry = this.current(key);
    return entry ? Math.max(0, entry.blockedUntil - this.now()) : 0;
  }

  recordFailure(key: string): void {
    const now = this.now();
    const entry = this.current(key) ?? { failures: 0, blockedUntil: 0, lastFailureAt: now };
    entry.failures += 1;
    entry.lastFailureAt = now;
    if (entry.failures >= MAX_FAILURES_BEFORE_WAIT) {
      const wait = Math.min(FIRST_WAIT_MS * 2 ** (entry.failures - MAX_FAILURES_BEFORE_WAIT), MAX_WAIT_MS);
      entry.blockedUntil = now + wait;
    }
    this.entries.delete(key); // re-insert: Map order doubles as least-recently-failed first
    this.entries.set(key, entry);
    this.prune();
  }

  recordSuccess(key: string): void {
    this.entries.delete(key);
  }

  private current(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.lastFailureAt > FORGET_AFTER_MS && entry.blockedUntil <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private prune(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= MAX_KEYS) break;
      this.entries.delete(key);
    }
  }
}

// One per process; kept on globalThis so Next's dev hot reload does not forgive everyone on each edit.
const globalStore = globalThis as unknown as { hindsightSignInThrottle?: SignInThrottle };
export function signInThrottle(): SignInThrottle {
  globalStore.hindsightSignInThrottle ??= new SignInThrottle();
  return globalStore.hindsightSignInThrottle;
}

// How often a delivery is tried. A failed send (SMTP down, refused) is retried after 5, 10, 20 and 40 minutes; the
// fifth failure marks it FAILED, listed for admins at /admin/outbox with its error and a "Retry now" button.

export const MAX_ATTEMPTS = 5;
export const FIRST_RETRY_DELAY_MS = 5 * 60_000;

/**
 * A claimed delivery is leased for this long: no other worker takes it meanwhile. If the worker dies mid-send, the
 * lease runs out and the next pass sends it (a send the SMTP server accepted just before the crash, but that was
 * not yet recorded, would then go out twice: no protocol can rule that out; the window is one send).
 */
export const CLAIM_LEASE_MS = 10 * 60_000;

/** When to try again after the `attempts`-th try failed, or null when that was the last try. */
export function nextAttemptAfterFailure(attempts: number, failedAt: Date): Date | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  return new Date(failedAt.getTime() + FIRST_RETRY_DELAY_MS * 2 ** Math.max(0, attempts - 1));
}

import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { getDb } from "@/lib/db/client";
import { FIRST_WAIT_MS, SignInThrottle } from "@/lib/auth/sign-in-throttle";

/** The rows live in the shared test database: every key of this run is its own. */
const unique = `${randomUUID().slice(0, 8)}-`;

function clock(start = Date.now()) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("sign-in throttle", async () => {
  it("lets four failures through and makes the fifth wait 30 seconds", async () => {
    const time = clock();
    const throttle = new SignInThrottle(time.now);
    const key = SignInThrottle.key(unique + "A@Example.com", "10.0.0.1");
    for (let i = 0; i < 4; i++) await throttle.recordFailure(key);
    expect(await throttle.retryAfterMs(key)).toBe(0);
    await throttle.recordFailure(key);
    expect(await throttle.retryAfterMs(key)).toBe(FIRST_WAIT_MS);
    expect(FIRST_WAIT_MS).toBe(30_000);
    time.advance(10_000);
    expect(await throttle.retryAfterMs(key)).toBe(20_000);
    time.advance(20_000);
    expect(await throttle.retryAfterMs(key)).toBe(0);
  });

  it("doubles the wait for each further failure", async () => {
    const time = clock();
    const throttle = new SignInThrottle(time.now);
    const key = SignInThrottle.key(unique + "b@example.com", "10.0.0.1");
    for (let i = 0; i < 6; i++) await throttle.recordFailure(key);
    expect(await throttle.retryAfterMs(key)).toBe(60_000);
  });

  it("clears after a success", async () => {
    const throttle = new SignInThrottle(clock().now);
    const key = SignInThrottle.key(unique + "c@example.com", "10.0.0.1");
    for (let i = 0; i < 5; i++) await throttle.recordFailure(key);
    await throttle.recordSuccess(key);
    expect(await throttle.retryAfterMs(key)).toBe(0);
  });

  it("counts per email and address, case-insensitively on the email", async () => {
    const throttle = new SignInThrottle(clock().now);
    for (let i = 0; i < 5; i++) await throttle.recordFailure(SignInThrottle.key(unique + "D@example.com", "10.0.0.1"));
    expect(await throttle.retryAfterMs(SignInThrottle.key(unique + "d@example.com", "10.0.0.1"))).toBeGreaterThan(0);
    expect(await throttle.retryAfterMs(SignInThrottle.key(unique + "d@example.com", "10.0.0.2"))).toBe(0);
    expect(await throttle.retryAfterMs(SignInThrottle.key(unique + "e@example.com", "10.0.0.1"))).toBe(0);
  });

  it("forgets old failures", async () => {
    const time = clock();
    const throttle = new SignInThrottle(time.now);
    const key = SignInThrottle.key(unique + "f@example.com", "10.0.0.1");
    for (let i = 0; i < 4; i++) await throttle.recordFailure(key);
    time.advance(31 * 60_000);
    await throttle.recordFailure(key);
    expect(await throttle.retryAfterMs(key)).toBe(0);
  });

  it("is one count for every app instance, and concurrent failures each count", async () => {
    const time = clock();
    const [first, second] = [new SignInThrottle(time.now), new SignInThrottle(time.now)];
    const key = SignInThrottle.key(unique + "g@example.com", "10.0.0.1");
    await Promise.all([first, second, first, second, first].map((throttle) => throttle.recordFailure(key)));
    expect(await second.retryAfterMs(key)).toBe(FIRST_WAIT_MS);
    expect((await getDb().signInThrottle.findUniqueOrThrow({ where: { key } })).failures).toBe(5);
    await first.recordSuccess(key);
    expect(await second.retryAfterMs(key)).toBe(0);
  });
});

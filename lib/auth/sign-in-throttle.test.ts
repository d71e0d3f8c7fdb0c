import { describe, expect, it } from "vitest";
import { FIRST_WAIT_MS, SignInThrottle } from "@/lib/auth/sign-in-throttle";

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("sign-in throttle", () => {
  it("lets four failures through and makes the fifth wait 30 seconds", () => {
    const time = clock();
    const throttle = new SignInThrottle(time.now);
    const key = SignInThrottle.key("A@Example.com", "10.0.0.1");
    for (let i = 0; i < 4; i++) throttle.recordFailure(key);
    expect(throttle.retryAfterMs(key)).toBe(0);
    throttle.recordFailure(key);
    expect(throttle.retryAfterMs(key)).toBe(FIRST_WAIT_MS);
    expect(FIRST_WAIT_MS).toBe(30_000);
    time.advance(10_000);
    expect(throttle.retryAfterMs(key)).toBe(20_000);
    time.advance(20_000);
    expect(throttle.retryAfterMs(key)).toBe(0);
  });

  it("doubles the wait for each further failure", () => {
    const time = clock();
    const throttle = new SignInThrottle(time.now);
    const key = SignInThrottle.key("b@example.com", "10.0.0.1");
    for (let i = 0; i < 6; i++) throttle.recordFailure(key);
    expect(throttle.retryAfterMs(key)).toBe(60_000);
  });

  it("clears after a success", () => {
    const throttle = new SignInThrottle(clock().now);
    const key = SignInThrottle.key("c@example.com", "10.0.0.1");
    for (let i = 0; i < 5; i++) throttle.recordFailure(key);
    throttle.recordSuccess(key);
    expect(throttle.retryAfterMs(key)).toBe(0);
  });

  it("counts per email and address, case-insensitively on the email", () => {
    const throttle = new SignInThrottle(clock().now);
    for (let i = 0; i < 5; i++) throttle.recordFailure(SignInThrottle.key("D@example.com", "10.0.0.1"));
    expect(throttle.retryAfterMs(SignInThrottle.key("d@example.com", "10.0.0.1"))).toBeGreaterThan(0);
    expect(throttle.retryAfterMs(SignInThrottle.key("d@example.com", "10.0.0.2"))).toBe(0);
    expect(throttle.retryAfterMs(SignInThrottle.key("e@example.com", "10.0.0.1"))).toBe(0);
  });

  it("forgets old failures", () => {
    const time = clock();
    const throttle = new SignInThrottle(time.now);
    const key = SignInThrottle.key("f@example.com", "10.0.0.1");
    for (let i = 0; i < 4; i++) throttle.recordFailure(key);
    time.advance(31 * 60_000);
    throttle.recordFailure(key);
    expect(throttle.retryAfterMs(key)).toBe(0);
  });
});

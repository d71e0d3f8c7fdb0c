import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { getDb } from "@/lib/db/client";
import { FIRST_WAIT_MS, MAX_ADDRESS_FAILURES_BEFORE_WAIT, SignInThrottle } from "@/lib/auth/sign-in-throttle";

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
    const key = [SignInThrottle.accountKey(unique + "A@Example.com")];
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
    const key = [SignInThrottle.accountKey(unique + "b@example.com")];
    for (let i = 0; i < 6; i++) await throttle.recordFailure(key);
    expect(await throttle.retryAfterMs(key)).toBe(60_000);
  });

  it("a success clears the account's count but not the address's", async () => {
    const throttle = new SignInThrottle(clock().now);
    const email = unique + "c@example.com";
    const address = `10.3.${Math.floor(Math.random() * 250)}.1`;
    for (let i = 0; i < MAX_ADDRESS_FAILURES_BEFORE_WAIT; i++) await throttle.recordFailure(SignInThrottle.keys(email, address));
    await throttle.recordSuccess(SignInThrottle.keys(email, address));
    expect(await throttle.retryAfterMs([SignInThrottle.accountKey(email)])).toBe(0);
    expect(await throttle.retryAfterMs([SignInThrottle.addressKey(address)])).toBe(FIRST_WAIT_MS);
  });

  it("counts per account whatever the address, case-insensitively on the email", async () => {
    const throttle = new SignInThrottle(clock().now);
    for (let i = 0; i < 5; i++) await throttle.recordFailure(SignInThrottle.keys(unique + "D@example.com", `10.0.0.${i + 1}`));
    expect(await throttle.retryAfterMs(SignInThrottle.keys(unique + "d@example.com", "10.0.0.99"))).toBe(FIRST_WAIT_MS);
    expect(await throttle.retryAfterMs(SignInThrottle.keys(unique + "d@example.com", null))).toBe(FIRST_WAIT_MS);
    expect(await throttle.retryAfterMs(SignInThrottle.keys(unique + "e@example.com", "10.0.0.1"))).toBe(0);
  });

  it("counts per address over every email tried from it, with more room than per account", async () => {
    const throttle = new SignInThrottle(clock().now);
    const address = `10.4.${Math.floor(Math.random() * 250)}.1`;
    for (let i = 0; i < MAX_ADDRESS_FAILURES_BEFORE_WAIT - 1; i++)
      await throttle.recordFailure(SignInThrottle.keys(`${unique}spray-${i}@example.com`, address));
    expect(await throttle.retryAfterMs(SignInThrottle.keys(unique + "next@example.com", address))).toBe(0);
    expect(await throttle.recordFailure(SignInThrottle.keys(unique + "next@example.com", address))).toBe(FIRST_WAIT_MS);
    expect(await throttle.retryAfterMs(SignInThrottle.keys(unique + "fresh@example.com", address))).toBe(FIRST_WAIT_MS);
    expect(await throttle.retryAfterMs(SignInThrottle.keys(unique + "fresh@example.com", "10.5.0.1"))).toBe(0);
  });

  it("counts an IPv6 client by its /64", () => {
    expect(SignInThrottle.addressKey("2001:db8:1:2:aaaa::1")).toBe(SignInThrottle.addressKey("2001:db8:1:2:bbbb:cccc:dddd:eeee"));
    expect(SignInThrottle.addressKey("2001:db8:1:2::1")).toBe("address:2001:db8:1:2::/64");
    expect(SignInThrottle.addressKey("2001:db8::1")).toBe("address:2001:db8:0:0::/64");
    expect(SignInThrottle.addressKey("2001:db8:1:3::1")).not.toBe(SignInThrottle.addressKey("2001:db8:1:2::1"));
    expect(SignInThrottle.addressKey("192.0.2.1")).toBe("address:192.0.2.1");
  });

  it("forgets old failures", async () => {
    const time = clock();
    const throttle = new SignInThrottle(time.now);
    const key = [SignInThrottle.accountKey(unique + "f@example.com")];
    for (let i = 0; i < 4; i++) await throttle.recordFailure(key);
    time.advance(31 * 60_000);
    await throttle.recordFailure(key);
    expect(await throttle.retryAfterMs(key)).toBe(0);
  });

  it("is one count for every app instance, and concurrent failures each count", async () => {
    const time = clock();
    const [first, second] = [new SignInThrottle(time.now), new SignInThrottle(time.now)];
    const email = unique + "g@example.com";
    const key = [SignInThrottle.accountKey(email)];
    await Promise.all([first, second, first, second, first].map((throttle) => throttle.recordFailure(key)));
    expect(await second.retryAfterMs(key)).toBe(FIRST_WAIT_MS);
    expect((await getDb().signInThrottle.findUniqueOrThrow({ where: { key: key[0] } })).failures).toBe(5);
    await first.recordSuccess(key);
    expect(await second.retryAfterMs(key)).toBe(0);
  });
});

import { describe, expect, it } from "vitest";
import { KNOWN_DEVICE_COOKIE, KNOWN_DEVICE_MAX_AGE_SECONDS, knownDeviceKey, knownDeviceToken } from "@/lib/auth/known-device";

const secret = "test-secret-for-known-devices";
const now = Date.UTC(2026, 11, 4, 12);
const cookie = (value: string) => `theme=dark; ${KNOWN_DEVICE_COOKIE}=${value}; other=1`;

describe("known-device cookie", () => {
  it("proves an earlier sign-in for the same email only, whatever its case", () => {
    const token = knownDeviceToken("Owner@Example.com", now, secret)!;
    expect(token).not.toContain("owner");
    const key = knownDeviceKey(cookie(token), "owner@example.com", now, secret);
    expect(key).toMatch(/^device:[\w-]{22}$/);
    expect(knownDeviceKey(cookie(token), " OWNER@example.com ", now, secret)).toBe(key);
    expect(knownDeviceKey(cookie(token), "someone-else@example.com", now, secret)).toBeNull();
  });

  it("refuses a forged, altered, expired or foreign-secret cookie, and none at all", () => {
    const token = knownDeviceToken("owner@example.com", now, secret)!;
    const [issuedAt, mac] = token.split(".");
    expect(knownDeviceKey(cookie(`${Number(issuedAt) + 1}.${mac}`), "owner@example.com", now, secret)).toBeNull();
    expect(knownDeviceKey(cookie(`${issuedAt}.${"A".repeat(43)}`), "owner@example.com", now, secret)).toBeNull();
    expect(knownDeviceKey(cookie(token), "owner@example.com", now + (KNOWN_DEVICE_MAX_AGE_SECONDS + 1) * 1000, secret)).toBeNull();
    expect(knownDeviceKey(cookie(token), "owner@example.com", now, "another-secret")).toBeNull();
    expect(knownDeviceKey(cookie(token), "owner@example.com", now, undefined)).toBeNull();
    expect(knownDeviceKey("theme=dark", "owner@example.com", now, secret)).toBeNull();
    expect(knownDeviceKey(null, "owner@example.com", now, secret)).toBeNull();
    expect(knownDeviceToken("owner@example.com", now, undefined)).toBeNull();
  });
});

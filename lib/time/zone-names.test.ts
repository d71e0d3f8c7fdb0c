import { describe, expect, it } from "vitest";
import { canonicalTimeZone, effectiveTimeZone } from "@/lib/time/zone-names";

describe("zone names", () => {
  it("gives every spelling of a zone its current IANA name", () => {
    expect(canonicalTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(canonicalTimeZone(" europe/berlin ")).toBe("Europe/Berlin");
    expect(canonicalTimeZone("US/Eastern")).toBe("America/New_York");
    expect(canonicalTimeZone("US/Pacific")).toBe("America/Los_Angeles");
    expect(canonicalTimeZone("Asia/Calcutta")).toBe("Asia/Kolkata");
    expect(canonicalTimeZone("Asia/Kolkata")).toBe("Asia/Kolkata");
    expect(canonicalTimeZone("Europe/Kiev")).toBe("Europe/Kyiv");
    expect(canonicalTimeZone("Asia/Saigon")).toBe("Asia/Ho_Chi_Minh");
    expect(canonicalTimeZone("America/Buenos_Aires")).toBe("America/Argentina/Buenos_Aires");
    expect(canonicalTimeZone("Australia/Lord_Howe")).toBe("Australia/Lord_Howe");
  });

  it("spells UTC one way", () => {
    for (const name of ["UTC", "utc", "GMT", "Etc/UTC", "Etc/GMT", "Zulu"]) expect(canonicalTimeZone(name)).toBe("UTC");
  });

  it("refuses what is not a zone, offsets included", () => {
    for (const name of ["", "Mars/Olympus_Mons", "+02:00", "-0500", "Berlin"]) expect(canonicalTimeZone(name)).toBeNull();
  });

  it("computes in UTC when a stored zone is unknown", () => {
    expect(effectiveTimeZone("Asia/Calcutta")).toBe("Asia/Calcutta");
    expect(effectiveTimeZone("Mars/Olympus_Mons")).toBe("UTC");
    expect(effectiveTimeZone(null)).toBe("UTC");
  });
});

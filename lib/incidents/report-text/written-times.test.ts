import { describe, expect, it } from "vitest";
import { localToUtc, normalizeTimeZone, zoneOfTimeZone } from "@/lib/incidents/report-text/written-times";

const at = (year: number, month: number, day: number, hour: number, minute: number, zone: string) =>
  new Date(localToUtc({ year, month, day }, hour, minute, 0, 0, zoneOfTimeZone(zone))).toISOString();

describe("times written in a report's zone", () => {
  it("read a repeated time as the earlier instant and a skipped one forward by the gap", () => {
    expect(at(2025, 10, 26, 2, 30, "Europe/Berlin")).toBe("2025-10-26T00:30:00.000Z");
    expect(at(2025, 3, 30, 2, 30, "Europe/Berlin")).toBe("2025-03-30T01:30:00.000Z");
    expect(at(2025, 11, 2, 1, 30, "America/New_York")).toBe("2025-11-02T05:30:00.000Z");
  });

  it("name a zone by its current IANA spelling", () => {
    expect(normalizeTimeZone("Asia/Calcutta")).toBe("Asia/Kolkata");
    expect(normalizeTimeZone("europe/berlin")).toBe("Europe/Berlin");
    expect(normalizeTimeZone("CET")).toBe("Europe/Berlin");
    expect(normalizeTimeZone("US/Pacific")).toBe("America/Los_Angeles");
    expect(normalizeTimeZone("IST")).toBe("Asia/Kolkata");
    expect(normalizeTimeZone("Etc/UTC")).toBe("UTC");
    expect(normalizeTimeZone("UTC+2")).toBeNull();
    expect(normalizeTimeZone("Nowhere")).toBeNull();
  });
});

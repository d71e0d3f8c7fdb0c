import { describe, expect, it } from "vitest";
import { atHourDaysLater, describeZone, formatWallDateTime, parseWallDateTime } from "@/lib/time/wall-input";

describe("a stored instant reads as one 24-hour format in the report's zone", () => {
  it("shows afternoon times as 14:23, not 2:23 PM, and in the zone asked for", () => {
    expect(formatWallDateTime("2024-11-27T14:23:00.000Z", "UTC")).toBe("2024-11-27 14:23");
    expect(formatWallDateTime("2024-11-27T14:23:00.000Z", "Europe/Berlin")).toBe("2024-11-27 15:23");
    expect(formatWallDateTime("2024-11-27T23:30:00.000Z", "America/New_York")).toBe("2024-11-27 18:30");
    expect(formatWallDateTime("2024-11-27T00:05:00.000Z", "UTC")).toBe("2024-11-27 00:05");
  });

  it("keeps seconds only where there are some, so nothing typed is hidden", () => {
    expect(formatWallDateTime("2024-11-27T14:32:30.000Z", "UTC")).toBe("2024-11-27 14:32:30");
  });

  it("is null for what is not an instant", () => {
    expect(formatWallDateTime("2024-13-45 10:00", "UTC")).toBeNull();
    expect(formatWallDateTime("", "UTC")).toBeNull();
  });
});

describe("what a person types or pastes becomes an instant", () => {
  const iso = (text: string, zone = "UTC") => {
    const result = parseWallDateTime(text, zone);
    return result?.ok ? result.iso : result;
  };

  it("reads the shown format, ISO with a T and seconds, in the report's zone", () => {
    expect(iso("2024-11-27 14:23")).toBe("2024-11-27T14:23:00.000Z");
    expect(iso("2024-11-27 14:23", "Europe/Berlin")).toBe("2024-11-27T13:23:00.000Z");
    expect(iso(" 2024-11-27T14:32:30 ")).toBe("2024-11-27T14:32:30.000Z");
    expect(iso("2024-11-27 9:05")).toBe("2024-11-27T09:05:00.000Z");
  });

  it("takes a pasted instant with its own offset as that instant, whatever the zone", () => {
    expect(iso("2024-11-27T14:23:00Z", "Europe/Berlin")).toBe("2024-11-27T14:23:00.000Z");
    expect(iso("2024-11-27T14:23:00.000+01:00", "America/New_York")).toBe("2024-11-27T13:23:00.000Z");
  });

  it("follows the daylight-saving rule of lib/time/wall-time", () => {
    expect(iso("2025-03-30 02:30", "Europe/Berlin")).toBe("2025-03-30T01:30:00.000Z");
    expect(iso("2025-10-26 02:30", "Europe/Berlin")).toBe("2025-10-26T00:30:00.000Z");
  });

  it("says what is wrong with text that is not a time", () => {
    expect(parseWallDateTime("", "UTC")).toBeNull();
    expect(parseWallDateTime("27/11/2024 2:23 PM", "UTC")).toEqual({ ok: false, message: expect.stringContaining("YYYY-MM-DD HH:MM, 24-hour") });
    expect(parseWallDateTime("2024-02-30 10:00", "UTC")).toEqual({ ok: false, message: "2024-02-30 is not a date that exists" });
    expect(parseWallDateTime("2024-11-27 24:10", "UTC")).toEqual({ ok: false, message: "24:10 is not a time of day: use 00:00 to 23:59" });
    expect(parseWallDateTime("1969-12-31 10:00", "UTC")).toEqual({ ok: false, message: "The year must be between 1970 and 2100 (inclusive)" });
    expect(parseWallDateTime("2024-11-27T14:23+15:00", "UTC")).toEqual({ ok: false, message: "+15:00 is not a UTC offset" });
  });
});

describe("the zone a form's times are in is named once", () => {
  it("names UTC plainly and other zones with their offset at that moment", () => {
    expect(describeZone("UTC", Date.UTC(2024, 10, 27))).toBe("UTC");
    expect(describeZone("Europe/Berlin", Date.UTC(2024, 10, 27))).toBe("Europe/Berlin (UTC+01:00)");
    expect(describeZone("Europe/Berlin", Date.UTC(2024, 6, 1))).toBe("Europe/Berlin (UTC+02:00)");
    expect(describeZone("America/St_Johns", Date.UTC(2024, 10, 27))).toBe("America/St_Johns (UTC-03:30)");
  });
});

describe("a default time is a round hour in the report's zone", () => {
  it("is 09:00 local four weeks out, across a daylight-saving change", () => {
    expect(atHourDaysLater(Date.UTC(2025, 2, 10, 20), 28, 9, "Europe/Berlin")).toBe("2025-04-07T07:00:00.000Z");
    expect(atHourDaysLater(Date.UTC(2025, 2, 10, 23, 30), 28, 9, "Europe/Berlin")).toBe("2025-04-08T07:00:00.000Z");
    expect(atHourDaysLater(Date.UTC(2025, 2, 10, 20), 28, 9, "UTC")).toBe("2025-04-07T09:00:00.000Z");
  });
});

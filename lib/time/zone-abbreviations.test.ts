import { describe, expect, it } from "vitest";
import {
  formatUtcOffset,
  instantFromAbbreviatedWallClock,
  pickZoneMeaning,
  zoneAbbreviationMeanings,
  zoneLongNameMeaning,
  zoneMeaningLabel,
} from "@/lib/time/zone-abbreviations";
import { utcFromParts } from "@/lib/time/zone";

/** The instant of a wall time written with `abbreviation`, read in its most likely meaning. */
function read(abbreviation: string, wall: string): { at: string; asWritten: boolean } {
  const [day, time] = wall.split(" ");
  const [year, month, date] = day.split("-").map(Number);
  const [hour, minute] = time.split(":").map(Number);
  const meaning = zoneAbbreviationMeanings(abbreviation)![0];
  const { at, asWritten } = instantFromAbbreviatedWallClock(utcFromParts(year, month, date, hour, minute), meaning, meaning.zones[0]);
  return { at: new Date(at).toISOString(), asWritten };
}

describe("zone abbreviations", () => {
  it("read standard and summer abbreviations at their own offsets", () => {
    expect(read("PST", "2024-01-15 09:12")).toEqual({ at: "2024-01-15T17:12:00.000Z", asWritten: true });
    expect(read("PDT", "2024-07-15 09:12")).toEqual({ at: "2024-07-15T16:12:00.000Z", asWritten: true });
    expect(read("CET", "2021-03-03 14:05")).toEqual({ at: "2021-03-03T13:05:00.000Z", asWritten: true });
    expect(read("CEST", "2024-07-19 06:09")).toEqual({ at: "2024-07-19T04:09:00.000Z", asWritten: true });
    expect(read("IST", "2022-06-21 11:57")).toEqual({ at: "2022-06-21T06:27:00.000Z", asWritten: true });
  });

  it("tell the two 01:30s apart on the night US clocks go back (PDT, then PST)", () => {
    expect(read("PDT", "2024-11-03 01:30")).toEqual({ at: "2024-11-03T08:30:00.000Z", asWritten: true });
    expect(read("PST", "2024-11-03 01:30")).toEqual({ at: "2024-11-03T09:30:00.000Z", asWritten: true });
  });

  it("tell the two 02:30s apart on the night Central Europe goes back (CEST, then CET)", () => {
    expect(read("CEST", "2024-10-27 02:30")).toEqual({ at: "2024-10-27T00:30:00.000Z", asWritten: true });
    expect(read("CET", "2024-10-27 02:30")).toEqual({ at: "2024-10-27T01:30:00.000Z", asWritten: true });
  });

  it("keep the written offset on the day clocks go forward, even for a time the local clock skips", () => {
    expect(read("CET", "2024-03-31 01:30")).toEqual({ at: "2024-03-31T00:30:00.000Z", asWritten: true });
    expect(read("CEST", "2024-03-31 03:30")).toEqual({ at: "2024-03-31T01:30:00.000Z", asWritten: true });
    expect(read("PST", "2024-03-10 01:59")).toEqual({ at: "2024-03-10T09:59:00.000Z", asWritten: true });
  });

  it("read an abbreviation written out of season as the local clock, and say it was not read as written", () => {
    expect(read("CET", "2024-07-10 14:05")).toEqual({ at: "2024-07-10T12:05:00.000Z", asWritten: false });
    expect(read("PST", "2024-08-01 09:00")).toEqual({ at: "2024-08-01T16:00:00.000Z", asWritten: false });
    expect(read("PDT", "2021-03-02 09:12")).toEqual({ at: "2021-03-02T17:12:00.000Z", asWritten: false });
    expect(read("BST", "2024-01-10 10:00")).toEqual({ at: "2024-01-10T10:00:00.000Z", asWritten: false });
  });

  it("follow the zone's clock for a name without an offset (PT, Pacific Time)", () => {
    expect(read("PT", "2024-01-15 09:00")).toEqual({ at: "2024-01-15T17:00:00.000Z", asWritten: true });
    expect(read("PT", "2024-07-15 09:00")).toEqual({ at: "2024-07-15T16:00:00.000Z", asWritten: true });
    expect(zoneLongNameMeaning("pacific time")).toEqual(zoneAbbreviationMeanings("PT")![0]);
    expect(zoneLongNameMeaning("India Standard Time")!.zones[0]).toBe("Asia/Kolkata");
    expect(zoneLongNameMeaning("Pacific Rim")).toBeNull();
  });

  it("count only capitals, and nothing that is not an abbreviation", () => {
    expect(zoneAbbreviationMeanings("cet")).toBeNull();
    expect(zoneAbbreviationMeanings("Eat")).toBeNull();
    expect(zoneAbbreviationMeanings("MIST")).toBeNull();
    expect(zoneAbbreviationMeanings("toString")).toBeNull();
  });

  it("list the places an ambiguous abbreviation may mean, most likely first", () => {
    expect(zoneAbbreviationMeanings("IST")!.map((m) => [m.place, m.minutes, m.zones[0]])).toEqual([
      ["India", 330, "Asia/Kolkata"],
      ["Ireland", 60, "Europe/Dublin"],
      ["Israel", 120, "Asia/Jerusalem"],
    ]);
    expect(zoneAbbreviationMeanings("CST")!.map((m) => m.zones[0])).toEqual(["America/Chicago", "Asia/Shanghai", "America/Havana"]);
    expect(zoneAbbreviationMeanings("BST")!.map((m) => m.zones[0])).toEqual(["Europe/London", "Asia/Dhaka"]);
  });

  it("take the meaning whose zones hold the zone chosen for the import, under any of its names", () => {
    const ist = zoneAbbreviationMeanings("IST")!;
    expect(pickZoneMeaning(ist, "Asia/Jerusalem")).toEqual({ meaning: ist[2], zone: "Asia/Jerusalem", preferred: true });
    expect(pickZoneMeaning(ist, "Asia/Calcutta")).toEqual({ meaning: ist[0], zone: "Asia/Kolkata", preferred: true });
    expect(pickZoneMeaning(ist, "Europe/London")).toEqual({ meaning: ist[0], zone: "Asia/Kolkata", preferred: false });
    expect(pickZoneMeaning(ist, null)).toEqual({ meaning: ist[0], zone: "Asia/Kolkata", preferred: false });
    const cet = zoneAbbreviationMeanings("CET")!;
    expect(pickZoneMeaning(cet, "Europe/Paris").zone).toBe("Europe/Paris");
  });

  it("name offsets and meanings for people", () => {
    expect([0, 120, -480, 330, -210, 345].map(formatUtcOffset)).toEqual(["UTC", "UTC+2", "UTC-8", "UTC+5:30", "UTC-3:30", "UTC+5:45"]);
    expect(zoneMeaningLabel(zoneAbbreviationMeanings("IST")![0], "IST")).toBe("India (IST, UTC+5:30)");
    expect(zoneMeaningLabel(zoneAbbreviationMeanings("PT")![0], "PT")).toBe("US Pacific (PT, local time)");
  });
});

import { describe, expect, it } from "vitest";
import { formatDuration, incidentDurations, parseDuration } from "@/lib/incidents/durations";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("formatDuration", () => {
  it.each([
    [47 * MINUTE, "47 minutes"],
    [MINUTE, "1 minute"],
    [HOUR + 5 * MINUTE, "1 hour 5 minutes"],
    [2 * HOUR, "2 hours"],
    [2 * DAY + 3 * HOUR + 7 * MINUTE, "2 days 3 hours"],
    [DAY + 30 * MINUTE, "1 day"],
    [90_000, "1 minute 30 seconds"],
    [45_000, "45 seconds"],
    [999, "0 minutes"],
  ])("writes %i ms as %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it("refuses negative and non-finite durations", () => {
    expect(() => formatDuration(-1)).toThrow(RangeError);
    expect(() => formatDuration(Number.NaN)).toThrow(RangeError);
  });
});

describe("parseDuration", () => {
  it.each([
    ["47 minutes", 47 * MINUTE],
    ["47 minutes (14:23 - 15:10 UTC)", 47 * MINUTE],
    ["1h 5m", HOUR + 5 * MINUTE],
    ["1 hour 5 minutes", HOUR + 5 * MINUTE],
    ["2 days 3 hours", 2 * DAY + 3 * HOUR],
    ["1.5 hours", 90 * MINUTE],
    ["90 min", 90 * MINUTE],
  ])("reads %s", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it("returns null for text without a duration", () => {
    expect(parseDuration("about an hour")).toBeNull();
  });

  it("reads back what formatDuration writes", () => {
    for (const ms of [47 * MINUTE, HOUR + 5 * MINUTE, 2 * DAY + 3 * HOUR]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});

describe("incidentDurations", () => {
  it("measures duration and time to detect, mitigate and resolve from the start", () => {
    const result = incidentDurations({
      startedAt: "2024-11-27T14:23:00.000Z",
      detectedAt: "2024-11-27T14:23:00.000Z",
      mitigatedAt: "2024-11-27T14:45:00.000Z",
      resolvedAt: new Date("2024-11-27T15:10:00.000Z"),
      endedAt: "2024-11-27T15:10:00.000Z",
    });
    expect(result).toEqual({
      duration: { ms: 47 * MINUTE, text: "47 minutes" },
      timeToDetect: { ms: 0, text: "0 minutes" },
      timeToMitigate: { ms: 22 * MINUTE, text: "22 minutes" },
      timeToResolve: { ms: 47 * MINUTE, text: "47 minutes" },
    });
  });

  it("uses the resolution when no end is recorded, and leaves unknown intervals empty", () => {
    const result = incidentDurations({ startedAt: "2024-11-27T14:00:00Z", resolvedAt: "2024-11-27T15:05:00Z", detectedAt: null });
    expect(result.duration).toEqual({ ms: HOUR + 5 * MINUTE, text: "1 hour 5 minutes" });
    expect(result.timeToDetect).toBeNull();
    expect(result.timeToMitigate).toBeNull();
    expect(incidentDurations({ startedAt: null, endedAt: "2024-11-27T15:05:00Z" }).duration).toBeNull();
  });

  it("shows nothing rather than a negative interval", () => {
    expect(incidentDurations({ startedAt: "2024-11-27T15:00:00Z", detectedAt: "2024-11-27T14:00:00Z" }).timeToDetect).toBeNull();
  });
});

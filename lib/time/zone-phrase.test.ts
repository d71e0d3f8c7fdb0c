import { describe, expect, it } from "vitest";
import { readZoneDescription, readZoneStatement, readZoneToken, readZoneValue, type ZonePhrase } from "@/lib/time/zone-phrase";

/** A phrase as "what it names": "iana Europe/Paris", "offset 120", "abbreviation CET (1 meaning)". */
function named(phrase: ZonePhrase | null): string | null {
  if (!phrase) return null;
  if (phrase.kind === "iana") return `iana ${phrase.zone}`;
  if (phrase.kind === "offset") return `offset ${phrase.minutes}`;
  return `abbreviation ${phrase.abbreviation} → ${phrase.meanings.map((m) => (m.minutes === null ? `${m.zones[0]} local` : `${m.zones[0]} ${m.minutes}`)).join(", ")}`;
}

describe("zone tokens beside a time", () => {
  it.each([
    ["UTC", "offset 0"],
    ["utc", "offset 0"],
    ["Z", "offset 0"],
    ["UTC+2", "offset 120"],
    ["GMT-05:00", "offset -300"],
    ["UTC−3", "offset -180"],
    ["+05:30", "offset 330"],
    ["-0800", "offset -480"],
    ["CET", "abbreviation CET → Europe/Berlin 60"],
    ["PDT", "abbreviation PDT → America/Los_Angeles -420"],
  ])("read %s", (token, expected) => {
    expect(named(readZoneToken(token))).toBe(expected);
  });

  it.each(["cet", "Eat", "MIST", "PST-123", "z", "+2", "UTC+15", "Europe/Paris", ""])("do not take %j for a zone", (token) => {
    expect(readZoneToken(token)).toBeNull();
  });
});

describe("zone values and statements", () => {
  it.each([
    ["Europe/Paris", "iana Europe/Paris"],
    ["europe/paris", "iana Europe/Paris"],
    ["US/Pacific", "iana America/Los_Angeles"],
    ["Asia/Calcutta", "iana Asia/Kolkata"],
    ["Etc/UTC", "offset 0"],
    ["Coordinated Universal Time", "offset 0"],
    ["Pacific Time", "abbreviation Pacific Time → America/Los_Angeles local"],
    ["Central European Time", "abbreviation Central European Time → Europe/Berlin 60"],
    ["CET/CEST", "abbreviation CET/CEST → Europe/Berlin local"],
    ["GMT/BST", "abbreviation GMT/BST → Europe/London local"],
    ["PST timezone", "abbreviation PST → America/Los_Angeles -480"],
    ["pst", "abbreviation PST → America/Los_Angeles -480"],
  ])("read the value %j", (value, expected) => {
    expect(named(readZoneValue(value))).toBe(expected);
  });

  it.each([
    ["Europe/Paris (times are local)", "iana Europe/Paris"],
    ["local time (Europe/Berlin)", "iana Europe/Berlin"],
    ["CET (Berlin office)", "abbreviation CET → Europe/Berlin 60"],
    ["UTC unless noted otherwise", "offset 0"],
    ["Times in PDT", "abbreviation PDT → America/Los_Angeles -420"],
  ])("read the zone line value %j", (value, expected) => {
    expect(named(readZoneDescription(value))).toBe(expected);
  });

  it.each([
    ["All times CET", "abbreviation CET → Europe/Berlin 60"],
    ["Times in PDT", "abbreviation PDT → America/Los_Angeles -420"],
    ["All times are UTC+2", "offset 120"],
    ["All times are UTC+2.", "offset 120"],
    ["*All times are in US/Pacific.*", "iana America/Los_Angeles"],
    ["(all times IST)", "abbreviation IST → Asia/Kolkata 330, Europe/Dublin 60, Asia/Jerusalem 120"],
    ["Note: timestamps are in Europe/Berlin", "iana Europe/Berlin"],
    ["All times below are CET.", "abbreviation CET → Europe/Berlin 60"],
    ["Times are local (Europe/Paris)", "iana Europe/Paris"],
    ["Timezone: US/Pacific", "iana America/Los_Angeles"],
    ["All times in this report are Eastern Time", "abbreviation Eastern Time → America/New_York local"],
  ])("read the statement %j", (line, expected) => {
    expect(named(readZoneStatement(line))).toBe(expected);
  });

  it.each([
    "All times are approximate",
    "Time in queue rose to 5 minutes (UTC)",
    "Times in the logs are UTC",
    "Time to detect: 4 minutes",
    "Timeline",
    "The MIST cluster was slow",
    "PST-123 was deployed",
    "Summary (CET)",
  ])("find no zone statement in %j", (line) => {
    expect(readZoneStatement(line)).toBeNull();
  });
});

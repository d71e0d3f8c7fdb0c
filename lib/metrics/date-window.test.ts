import { describe, expect, it } from "vitest";
import { dateMismatch, daysCovered, daysWithin, incidentDays } from "@/lib/metrics/date-window";

const incident = { startedAt: "2024-11-27T14:23:00Z", endedAt: "2024-11-27T15:10:00Z" };
const march = { start: Date.parse("2024-03-12T13:50:00Z"), end: Date.parse("2024-03-12T15:00:00Z") };
const november = { start: Date.parse("2024-11-27T13:50:00Z"), end: Date.parse("2024-11-27T15:10:00Z") };

describe("dateMismatch", () => {
  it("says which day an export from another day covers and which day the incident is on", () => {
    expect(dateMismatch([march], incident, "UTC")?.message).toBe("This export covers 12 Mar 2024; the incident is on 27 Nov 2024.");
  });

  it("is silent for data on the incident's day, even when it starts before the incident", () => {
    expect(dateMismatch([november], incident, "UTC")).toBeNull();
    expect(dateMismatch([{ start: Date.parse("2024-11-27T01:00:00Z"), end: Date.parse("2024-11-27T02:00:00Z") }], incident, "UTC")).toBeNull();
  });

  it("counts days in the zone it is given: 23:30 UTC the day before is the incident's day in Berlin", () => {
    const evening = { start: Date.parse("2024-11-26T23:30:00Z"), end: Date.parse("2024-11-26T23:50:00Z") };
    expect(dateMismatch([evening], incident, "UTC")?.message).toBe("This export covers 26 Nov 2024; the incident is on 27 Nov 2024.");
    expect(dateMismatch([evening], incident, "Europe/Berlin")).toBeNull();
  });

  it("names a range of days and an incident over several days", () => {
    const long = { startedAt: "2024-11-27T22:00:00Z", endedAt: "2024-11-28T03:00:00Z" };
    const mismatch = dateMismatch([march, { start: march.start + 86_400_000, end: march.end + 2 * 86_400_000 }], long, "UTC", "This chart's data");
    expect(mismatch?.message).toBe("This chart's data covers 12 Mar 2024 to 14 Mar 2024; the incident runs from 27 Nov 2024 to 28 Nov 2024.");
  });

  it("takes an incident without an end to be on the day it started, and one without a start as unknown", () => {
    expect(
      dateMismatch([{ start: november.start + 86_400_000, end: november.end + 86_400_000 }], { startedAt: incident.startedAt, endedAt: null }, "UTC")?.message,
    ).toBe("This export covers 28 Nov 2024; the incident is on 27 Nov 2024.");
    expect(dateMismatch([march], { startedAt: null, endedAt: null }, "UTC")).toBeNull();
    expect(dateMismatch([], incident, "UTC")).toBeNull();
  });
});

describe("days", () => {
  it("daysCovered spans every range; daysWithin compares day ranges", () => {
    const days = daysCovered([november, march], "UTC")!;
    expect(days).toEqual({ first: "2024-03-12", last: "2024-11-27" });
    expect(daysWithin({ first: "2024-11-27", last: "2024-11-27" }, incidentDays(incident, "UTC")!)).toBe(true);
    expect(daysWithin(days, incidentDays(incident, "UTC")!)).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { acceptedCalendarDay, acceptedDateTime, isAcceptedInstant } from "@/lib/time/accepted-range";
import { utcFromParts } from "@/lib/time/zone";
import { wallClockToUtc } from "@/lib/follow-ups/wall-clock";

const messageOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) => result.error?.issues.map((issue) => issue.message);

describe("the accepted years, 1970 to 2100 inclusive", () => {
  it("accepts the first and last instants and refuses one millisecond outside either end", () => {
    expect(isAcceptedInstant(Date.parse("1970-01-01T00:00:00.000Z"))).toBe(true);
    expect(isAcceptedInstant(Date.parse("2100-12-31T23:59:59.999Z"))).toBe(true);
    expect(isAcceptedInstant(Date.parse("1969-12-31T23:59:59.999Z"))).toBe(false);
    expect(isAcceptedInstant(Date.parse("2101-01-01T00:00:00.000Z"))).toBe(false);
    expect(isAcceptedInstant(Number.NaN)).toBe(false);
  });

  it("refuses date-times in year 1, 99 and 2101 saying the range, instead of storing 1901 or 1999", () => {
    const schema = acceptedDateTime();
    for (const value of ["0001-01-01T00:00:00Z", "0099-06-01T12:00:00Z", "2101-01-01T00:00:00Z", "1969-12-31T23:59:59Z"]) {
      expect(messageOf(schema.safeParse(value)), value).toEqual(["must be a time between 1970 and 2100 (inclusive)"]);
    }
    expect(schema.parse("2024-11-27T15:23:00+01:00")).toBe("2024-11-27T14:23:00.000Z");
    expect(schema.parse("2100-12-31T23:59:59Z")).toBe("2100-12-31T23:59:59.000Z");
    expect(messageOf(schema.safeParse("yesterday"))).toEqual(["must be an ISO-8601 date-time such as 2024-11-27T14:23:00Z"]);
  });

  it("refuses calendar days outside the range (a due date in year 1 is not reminded daily)", () => {
    const schema = acceptedCalendarDay();
    expect(messageOf(schema.safeParse("0001-01-01"))).toEqual(["must be a day between 1970 and 2100 (inclusive)"]);
    expect(schema.parse("1970-01-01")).toBe("1970-01-01");
    expect(schema.parse("2100-12-31")).toBe("2100-12-31");
  });

  it("turns written years 0 to 99 into those years, not 1900-1999 as Date.UTC does", () => {
    expect(new Date(Date.UTC(99, 0, 1)).getUTCFullYear()).toBe(1999);
    expect(new Date(utcFromParts(99, 1, 1)).getUTCFullYear()).toBe(99);
    expect(new Date(utcFromParts(1, 1, 1)).toISOString()).toBe("0001-01-01T00:00:00.000Z");
    expect(new Date(utcFromParts(0, 2, 29)).toISOString()).toBe("0000-02-29T00:00:00.000Z");
    expect(new Date(utcFromParts(99, 12, 32)).toISOString()).toBe("0100-01-01T00:00:00.000Z");
    expect(utcFromParts(2024, 11, 27, 14, 23)).toBe(Date.UTC(2024, 10, 27, 14, 23));
  });

  it("keeps a follow-up written for year 0099 in year 99, so the schema refuses it instead of booking 1999", () => {
    expect(wallClockToUtc("0099-01-15T10:00", "UTC")).toBe("0099-01-15T10:00:00.000Z");
    expect(acceptedDateTime().safeParse(wallClockToUtc("0099-01-15T10:00", "Europe/Berlin")).success).toBe(false);
  });
});

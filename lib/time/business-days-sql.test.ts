// dueDaySql must give the day addBusinessDays gives, on real Postgres: the reminder planner asks SQL, the pages ask
// TypeScript, and a person must not be told two different due days.
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { addBusinessDays } from "@/lib/time/business-days";
import { dueDaySql } from "@/lib/time/business-days-sql";
import { addCalendarDays, isoWeekday } from "@/lib/time/calendar-day";

// Three weeks from Monday 2024-12-23: every weekday as a start, across a year end.
const STARTS = Array.from({ length: 21 }, (_, index) => addCalendarDays("2024-12-23", index));

async function sqlDueDays(n: number): Promise<Record<string, string>> {
  const rows = await getDb().$queryRaw<{ start: string; due: string }[]>(Prisma.sql`
    SELECT to_char(d, 'YYYY-MM-DD') AS start, to_char(${dueDaySql(Prisma.sql`d`, n)}, 'YYYY-MM-DD') AS due
    FROM unnest(${STARTS}::date[]) AS t(d)`);
  return Object.fromEntries(rows.map((row) => [row.start, row.due]));
}

describe("dueDaySql", () => {
  it("agrees with addBusinessDays for every weekday start and 0 to 12 business days", async () => {
    expect(new Set(STARTS.map(isoWeekday)).size).toBe(7);
    for (let n = 0; n <= 12; n++) {
      const expected = Object.fromEntries(STARTS.map((start) => [start, addBusinessDays(start, n)]));
      expect(await sqlDueDays(n), `n = ${n}`).toEqual(expected);
    }
  });

  it("agrees for the largest setting, 60 business days", async () => {
    expect(await sqlDueDays(60)).toEqual(Object.fromEntries(STARTS.map((start) => [start, addBusinessDays(start, 60)])));
  });

  it("takes the local end day as an expression: a Friday 23:30 in Berlin is still Friday there", async () => {
    const endedAt = new Date("2025-03-28T22:30:00Z"); // Friday 23:30 CET; Saturday in UTC+2 and later zones
    const [row] = await getDb().$queryRaw<{ due: string; nothing: Date | null }[]>(Prisma.sql`
      SELECT to_char(${dueDaySql(Prisma.sql`(${endedAt}::timestamptz AT TIME ZONE 'Europe/Berlin')::date`, 5)}, 'YYYY-MM-DD') AS due,
             ${dueDaySql(Prisma.sql`NULL::date`, 5)} AS nothing`);
    expect(row).toEqual({ due: addBusinessDays("2025-03-28", 5), nothing: null });
    expect(row!.due).toBe("2025-04-04");
  });

  it("refuses a negative or fractional count", () => {
    expect(() => dueDaySql(Prisma.sql`current_date`, -1)).toThrow(RangeError);
    expect(() => dueDaySql(Prisma.sql`current_date`, 2.5)).toThrow(RangeError);
  });
});

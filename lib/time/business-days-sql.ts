// The business-day rule of lib/time/business-days.ts (addBusinessDays) as a Postgres expression, for set-based
// queries such as the reminder planner. lib/time/business-days-sql.test.ts checks both agree on real Postgres.
// server-only: it loads the Prisma client (for Prisma.sql), which the browser must never get.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * A Postgres `date` expression: `localEndDay` (a `date` expression, e.g. the author-zone day of the incident's end)
 * plus `businessDays` business days, exactly as addBusinessDays computes it: a Saturday or Sunday start counts from
 * the Monday after; every 5 business days span 7 calendar days.
 *
 * `localEndDay` is repeated in the expression, so pass something cheap (a column, a CTE value, one AT TIME ZONE).
 * NULL in, NULL out.
 */
export function dueDaySql(localEndDay: Prisma.Sql, businessDays: number): Prisma.Sql {
  if (!Number.isInteger(businessDays) || businessDays < 0) {
    throw new RangeError(`The number of business days must be a whole number, 0 or more (got ${businessDays}).`);
  }
  const weekday = Prisma.sql`extract(isodow FROM (${localEndDay})::date)::int`;
  // Days from the start to the first business day (Saturday +2, Sunday +1), and that business day's position in its
  // week (Monday 0 ... Friday 4; a weekend start lands on Monday, 0).
  const toBusinessDay = Prisma.sql`(CASE ${weekday} WHEN 6 THEN 2 WHEN 7 THEN 1 ELSE 0 END)`;
  const position = Prisma.sql`(CASE WHEN ${weekday} >= 6 THEN 0 ELSE ${weekday} - 1 END)`;
  const n = Prisma.sql`${businessDays}::int`;
  // Each weekend passed (one per 5 business days, counted from that Monday-based position) adds 2 calendar days.
  return Prisma.sql`((${localEndDay})::date + ${toBusinessDay} + ${n} + 2 * ((${position} + ${n}) / 5))`;
}

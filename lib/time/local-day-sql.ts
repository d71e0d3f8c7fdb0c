// The calendar day an instant falls on in a zone, as a Postgres `date` expression, for set-based queries (the
// reminder planner). The SQL twin of calendarDayAt in lib/time/calendar-day.ts: Postgres and the ICU data Node
// uses both follow the IANA database; a zone name Postgres does not know never reaches here (names are validated
// and canonicalised when saved: lib/time/zone-names.ts).
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";

/** `instant` (a timestamptz expression) → its local `date` in `zone` (a text expression naming an IANA zone). */
export function localDaySql(instant: Prisma.Sql, zone: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`((${instant}) AT TIME ZONE (${zone}))::date`;
}

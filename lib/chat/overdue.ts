// The daily "action items overdue" summary's numbers for one chat webhook's scope (every incident, or one
// service's): open or in-progress items due before the day. Items of private reports are only counted, never named:
// a channel is read by people who may not open those reports.
import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { overdueWhere } from "@/lib/action-items/overdue";
import { dayToDate, type CalendarDay } from "@/lib/time/calendar-day";

/** Items listed by name; the rest are counted ("and 4 more"). */
export const OVERDUE_LISTED = 10;

export type OverdueItem = {
  title: string;
  dueDate: Date;
  owner: string | null;
  /** the owner is a name the report gave, not a user here */
  ownerIsName: boolean;
  incident: { publicId: string; title: string };
};

export type OverdueSummary = {
  /** overdue items in reports that are not private */
  publicCount: number;
  /** overdue items in private reports: counted, never listed */
  privateCount: number;
  /** the most overdue of the public ones, up to OVERDUE_LISTED */
  items: OverdueItem[];
};

function scopeWhere(day: CalendarDay, serviceId: string | null): Prisma.ActionItemWhereInput {
  return { AND: [overdueWhere(dayToDate(day)), serviceId ? { incident: { services: { some: { serviceId } } } } : {}] };
}

/** Counts only: what the planner needs to decide whether there is anything to post. */
export async function countOverdue(db: Db | Tx, day: CalendarDay, serviceId: string | null): Promise<number> {
  return db.actionItem.count({ where: scopeWhere(day, serviceId) });
}

export async function overdueSummary(db: Db | Tx, day: CalendarDay, serviceId: string | null): Promise<OverdueSummary> {
  const scope = scopeWhere(day, serviceId);
  const open: Prisma.ActionItemWhereInput = { AND: [scope, { incident: { private: false } }] };
  // One after the other: inside a transaction (and on the embedded database) queries share one connection.
  const publicCount = await db.actionItem.count({ where: open });
  const privateCount = await db.actionItem.count({ where: { AND: [scope, { incident: { private: true } }] } });
  const rows = publicCount
    ? await db.actionItem.findMany({
        where: open,
        orderBy: [{ dueDate: "asc" }, { priority: "asc" }, { id: "asc" }],
        take: OVERDUE_LISTED,
        select: {
          title: true,
          dueDate: true,
          ownerName: true,
          owner: { select: { name: true } },
          incident: { select: { publicId: true, title: true } },
        },
      })
    : [];
  return {
    publicCount,
    privateCount,
    items: rows.map((row) => ({
      title: row.title,
      dueDate: row.dueDate!,
      owner: row.owner?.name ?? row.ownerName,
      ownerIsName: !row.owner && row.ownerName !== null,
      incident: row.incident,
    })),
  };
}

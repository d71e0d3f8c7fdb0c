// Test-only: the people, reports, action items, follow-ups, sign-offs and review requests reminders are about,
// written straight to the database (setup, not the thing under test). Unique per call.
import { randomUUID } from "node:crypto";
import { getDb } from "@/lib/db/client";
import type { ActionItemStatus, ReportState, Role } from "@/lib/generated/prisma/enums";
import { dayToDate, type CalendarDay } from "@/lib/reminders/calendar-days";
import { uniqueEmail } from "@/test/helpers/db";

const db = () => getDb();
const unique = () => randomUUID().slice(0, 8);

export type Person = { id: string; email: string; name: string; timeZone: string };

export async function createPerson(
  options: { timeZone?: string; active?: boolean; receiveDigests?: boolean; role?: Role; name?: string } = {},
): Promise<Person> {
  const email = uniqueEmail("reminders");
  return db().user.create({
    data: {
      email,
      name: options.name ?? `Person ${email.split("@")[0]}`,
      role: options.role ?? "SRE",
      active: options.active ?? true,
      timeZone: options.timeZone ?? "UTC",
      receiveDigests: options.receiveDigests ?? true,
    },
    select: { id: true, email: true, name: true, timeZone: true },
  });
}

export async function createReport(options: { authorId?: string | null; title?: string; reportState?: ReportState } = {}) {
  const suffix = unique();
  return db().incident.create({
    data: {
      publicId: `INC-T-${suffix}`,
      title: options.title ?? `Checkout outage ${suffix}`,
      severity: "High",
      authorId: options.authorId ?? null,
      reportState: options.reportState ?? "DRAFT",
    },
    select: { id: true, publicId: true, title: true },
  });
}

export async function createActionItem(options: {
  incidentId: string;
  ownerId?: string | null;
  /** an owner the report named who is not a user here */
  ownerName?: string | null;
  due: CalendarDay | null;
  status?: ActionItemStatus;
  title?: string;
}) {
  return db().actionItem.create({
    data: {
      incidentId: options.incidentId,
      ownerId: options.ownerId ?? null,
      ownerName: options.ownerName ?? null,
      dueDate: options.due ? dayToDate(options.due) : null,
      status: options.status ?? "OPEN",
      title: options.title ?? `Add a circuit breaker ${unique()}`,
    },
    select: { id: true, title: true },
  });
}

export async function createFollowUp(options: { incidentId: string; scheduledAt: Date; attendeeIds?: string[]; completed?: boolean }) {
  return db().followUpReview.create({
    data: {
      incidentId: options.incidentId,
      scheduledAt: options.scheduledAt,
      completedAt: options.completed ? options.scheduledAt : null,
      attendees: { create: (options.attendeeIds ?? []).map((userId) => ({ userId })) },
    },
    select: { id: true },
  });
}

/** A manager's sign-off of the report's current content. */
export async function signOff(incidentId: string, reviewerId: string) {
  const revision = await db().revision.create({
    data: { incidentId, number: Math.floor(Math.random() * 1_000_000_000), content: {}, contentHash: unique(), reason: "sign-off" },
    select: { id: true },
  });
  return db().signOff.create({ data: { incidentId, revisionId: revision.id, reviewerId }, select: { id: true } });
}

export async function requestReview(options: { incidentId: string; reviewerId: string; requestedAt: Date }) {
  return db().reviewAssignment.create({
    data: { incidentId: options.incidentId, reviewerId: options.reviewerId, requestedAt: options.requestedAt },
    select: { id: true },
  });
}

/** The deliveries recorded for these people, oldest first. */
export async function deliveriesFor(...people: Person[]) {
  return db().reminderDelivery.findMany({
    where: { recipientId: { in: people.map((person) => person.id) } },
    orderBy: [{ createdAt: "asc" }, { key: "asc" }],
  });
}

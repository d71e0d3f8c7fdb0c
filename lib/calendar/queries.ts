// The private calendar feed: whose it is (by its secret token) and what is in it — due dates of the action items
// the user owns (or, unowned, in reports they wrote) while still to do, as all-day events, and the follow-up reviews
// they attend or whose report they wrote, as timed events.
import "server-only";
import { getDb } from "@/lib/db/client";
import type { ActorUser } from "@/lib/auth/actor";
import { visibleIncidentsWhere } from "@/lib/incidents/access";
import { OPEN_STATUSES, addDays, isOverdue, todayIn } from "@/lib/action-items/overdue";
import type { IcsCalendar, IcsEvent } from "@/lib/calendar/ics";

/** Reviews have no end in the data model; a calendar needs one. */
export const REVIEW_MINUTES = 60;
const MAX_EVENTS = 2_000;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,200}$/;

const PRIORITY_WORDS = { CRITICAL: "Critical", HIGH: "High", MEDIUM: "Medium", LOW: "Low" } as const;
const STATUS_WORDS = { OPEN: "Open", IN_PROGRESS: "In progress", DONE: "Done", WONT_DO: "Won't do" } as const;

/** The active user whose feed this token opens; null for an unknown, revoked or malformed token. */
export async function findCalendarOwner(token: string): Promise<ActorUser | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const user = await getDb().user.findUnique({
    where: { calendarToken: token },
    select: { id: true, email: true, name: true, role: true, timeZone: true, active: true },
  });
  if (!user?.active) return null;
  const { active: _active, ...owner } = user;
  return owner;
}

/** The user's own feed token, for their account page only. */
export async function getCalendarToken(userId: string): Promise<string | null> {
  return (await getDb().user.findUnique({ where: { id: userId }, select: { calendarToken: true } }))?.calendarToken ?? null;
}

export function calendarFeedPath(token: string): string {
  return `/api/calendar/${token}.ics`;
}

const dayOf = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Said of an item in its author's feed when no user owns it: the name the report gave for someone who is not a user
 * here, or that nobody owns it yet. Nothing for the user's own items (the feed is theirs).
 */
function ownerNote(item: { ownerId: string | null; ownerName: string | null }): string {
  if (item.ownerId) return "";
  return item.ownerName ? ` · Owner: ${item.ownerName} (not a user)` : " · No owner yet";
}

export async function calendarFor(user: ActorUser, origin: string, now: Date = new Date()): Promise<IcsCalendar> {
  const db = getDb();
  const visible = { incident: visibleIncidentsWhere(user) };
  const items = await db.actionItem.findMany({
    where: {
      AND: [
        visible,
        { status: { in: [...OPEN_STATUSES] }, dueDate: { not: null } },
        { OR: [{ ownerId: user.id }, { ownerId: null, incident: { authorId: user.id } }] },
      ],
    },
    orderBy: [{ dueDate: "asc" }, { id: "asc" }],
    take: MAX_EVENTS,
    select: {
      id: true,
      title: true,
      description: true,
      dueDate: true,
      status: true,
      priority: true,
      trackerUrl: true,
      ownerId: true,
      ownerName: true,
      version: true,
      updatedAt: true,
      incident: { select: { publicId: true, title: true } },
    },
  });
  const reviews = await db.followUpReview.findMany({
    where: { AND: [visible, { OR: [{ attendees: { some: { userId: user.id } } }, { incident: { authorId: user.id } }] }] },
    orderBy: [{ scheduledAt: "asc" }, { id: "asc" }],
    take: MAX_EVENTS,
    select: {
      id: true,
      scheduledAt: true,
      note: true,
      outcome: true,
      completedAt: true,
      version: true,
      incident: { select: { publicId: true, title: true } },
      attendees: { select: { user: { select: { name: true } } } },
    },
  });

  const today = todayIn(user.timeZone, now);
  const incidentUrl = (publicId: string) => `${origin}/incidents/${encodeURIComponent(publicId)}`;

  const itemEvents: IcsEvent[] = items.map((item) => {
    const due = item.dueDate!;
    const overdue = isOverdue(item, today);
    return {
      uid: `action-item-${item.id}@hindsight`,
      summary: `${overdue ? "Overdue" : "Due"}: ${item.title}`,
      description: [
        `${item.incident.publicId} · ${item.incident.title}`,
        `Priority: ${PRIORITY_WORDS[item.priority]} · Status: ${STATUS_WORDS[item.status]}${ownerNote(item)}`,
        item.trackerUrl ? `Tracker: ${item.trackerUrl}` : null,
        item.description,
      ]
        .filter(Boolean)
        .join("\n"),
      url: incidentUrl(item.incident.publicId),
      start: { date: dayOf(due) },
      end: { date: dayOf(addDays(due, 1)) },
      transparent: true,
      sequence: item.version - 1,
      lastModified: item.updatedAt,
      categories: ["Action item"],
    };
  });

  const reviewEvents: IcsEvent[] = reviews.map((review) => ({
    uid: `follow-up-review-${review.id}@hindsight`,
    summary: `Follow-up review: ${review.incident.publicId} ${review.incident.title}`,
    description: [
      review.attendees.length ? `Attendees: ${review.attendees.map((attendee) => attendee.user.name).join(", ")}` : null,
      review.note,
      review.completedAt && review.outcome ? `Outcome: ${review.outcome}` : null,
    ]
      .filter(Boolean)
      .join("\n\n"),
    url: incidentUrl(review.incident.publicId),
    start: { dateTime: review.scheduledAt },
    end: { dateTime: new Date(review.scheduledAt.getTime() + REVIEW_MINUTES * 60_000) },
    status: "CONFIRMED",
    sequence: review.version - 1,
    categories: ["Follow-up review"],
  }));

  return {
    name: `Hindsight — ${user.name}`,
    description: "Due dates of your action items and your follow-up reviews",
    stamp: now,
    refreshInterval: "PT1H",
    events: [...itemEvents, ...reviewEvents],
  };
}

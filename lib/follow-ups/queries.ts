// Reads for a report's follow-up reviews: the review still to happen with its agenda (the report's open action items
// and its preventive measures), and the reviews already held with what they found.
import "server-only";
import { getDb, type Db, type Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { visibleIncidentsWhere, type Viewer } from "@/lib/incidents/access";
import type { ActionItemStatus } from "@/lib/incidents/schema";
import { OPEN_STATUSES, isOverdue, todayIn } from "@/lib/action-items/overdue";

export type Person = { id: string; name: string; email: string };

export type FollowUpReviewView = {
  id: string;
  /** ISO instant */
  scheduledAt: string;
  note: string | null;
  outcome: string | null;
  completedAt: string | null;
  furtherReviewNeeded: boolean;
  previousReviewId: string | null;
  version: number;
  attendees: Person[];
  measureOutcomes: { preventiveMeasureId: string; text: string; effective: boolean; note: string | null }[];
};

export type AgendaActionItem = { id: string; title: string; status: ActionItemStatus; dueDate: string | null; overdue: boolean; owner: string | null };

export type FollowUpPanelData = {
  incidentId: string;
  publicId: string;
  /** the next review still to happen, if any */
  current: FollowUpReviewView | null;
  /** reviews held, latest first */
  held: FollowUpReviewView[];
  agenda: { actionItems: AgendaActionItem[]; preventiveMeasures: { id: string; text: string }[] };
};

export const followUpReviewSelect = {
  id: true,
  scheduledAt: true,
  note: true,
  outcome: true,
  completedAt: true,
  furtherReviewNeeded: true,
  previousReviewId: true,
  version: true,
  attendees: { select: { user: { select: { id: true, name: true, email: true } } } },
  measureOutcomes: { select: { preventiveMeasureId: true, effective: true, note: true, preventiveMeasure: { select: { text: true, position: true } } } },
} as const satisfies Prisma.FollowUpReviewSelect;

type SelectedReview = Prisma.FollowUpReviewGetPayload<{ select: typeof followUpReviewSelect }>;

export function toReviewView(review: SelectedReview): FollowUpReviewView {
  return {
    id: review.id,
    scheduledAt: review.scheduledAt.toISOString(),
    note: review.note,
    outcome: review.outcome,
    completedAt: review.completedAt?.toISOString() ?? null,
    furtherReviewNeeded: review.furtherReviewNeeded,
    previousReviewId: review.previousReviewId,
    version: review.version,
    attendees: review.attendees.map((attendee) => attendee.user).sort((a, b) => a.name.localeCompare(b.name)),
    measureOutcomes: [...review.measureOutcomes]
      .sort((a, b) => a.preventiveMeasure.position - b.preventiveMeasure.position)
      .map((outcome) => ({
        preventiveMeasureId: outcome.preventiveMeasureId,
        text: outcome.preventiveMeasure.text,
        effective: outcome.effective,
        note: outcome.note,
      })),
  };
}

/** One review with its attendees and outcomes. */
export async function getFollowUpReview(id: string, db: Db | Tx = getDb()): Promise<FollowUpReviewView | null> {
  const review = await db.followUpReview.findUnique({ where: { id }, select: followUpReviewSelect });
  return review ? toReviewView(review) : null;
}

/** The follow-up panel of a report `viewer` may see; null when the incident is not there for them. */
export async function getFollowUpPanel(viewer: Viewer & { timeZone: string }, idOrPublicId: string, now: Date = new Date()): Promise<FollowUpPanelData | null> {
  const incident = await getDb().incident.findFirst({
    where: { AND: [{ OR: [{ id: idOrPublicId }, { publicId: idOrPublicId }] }, visibleIncidentsWhere(viewer)] },
    select: {
      id: true,
      publicId: true,
      followUpReviews: { orderBy: [{ scheduledAt: "asc" }, { createdAt: "asc" }], select: followUpReviewSelect },
      actionItems: {
        where: { status: { in: [...OPEN_STATUSES] } },
        orderBy: [{ dueDate: { sort: "asc", nulls: "last" } }, { position: "asc" }],
        select: { id: true, title: true, status: true, dueDate: true, owner: { select: { name: true } } },
      },
      preventiveMeasures: { orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, text: true } },
    },
  });
  if (!incident) return null;
  const today = todayIn(viewer.timeZone, now);
  const reviews = incident.followUpReviews.map(toReviewView);
  return {
    incidentId: incident.id,
    publicId: incident.publicId,
    current: reviews.find((review) => !review.completedAt) ?? null,
    held: reviews.filter((review) => review.completedAt).reverse(),
    agenda: {
      actionItems: incident.actionItems.map((item) => ({
        id: item.id,
        title: item.title,
        status: item.status,
        dueDate: item.dueDate ? item.dueDate.toISOString().slice(0, 10) : null,
        overdue: isOverdue(item, today),
        owner: item.owner?.name ?? null,
      })),
      preventiveMeasures: incident.preventiveMeasures,
    },
  };
}

/** Active people, for the attendee picker. */
export async function listAttendeeOptions(): Promise<Person[]> {
  return getDb().user.findMany({
    where: { active: true },
    orderBy: [{ name: "asc" }, { email: "asc" }],
    select: { id: true, name: true, email: true },
    take: 1_000,
  });
}

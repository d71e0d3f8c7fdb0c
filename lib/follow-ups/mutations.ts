// Writing follow-up reviews: scheduling one, changing it, and recording its outcome (per preventive measure:
// effective or not, with a note; an overall note; whether a further review is needed, which schedules it, linked
// through previousReviewId). Each export is a guarded action: call it as `action(rawInput, actor)`.
//
// A report has at most one review still to happen (the report editor edits that one's date and note). Changes name
// the review's version; a stale one is a conflict. Each write also bumps the incident's version, so that a report
// editor opened before it gets a conflict on save instead of cancelling or overwriting the review.
//
// Attendees are reminded of the review, which names its report: for a private report, only people who can open it
// may be invited (lib/incidents/access.ts). One invited before the report turned private stays on the list and is
// not reminded.
import "server-only";
import { defineAction, type ActionAudit } from "@/lib/actions/define-action";
import { actingUser, type AnyActor } from "@/lib/auth/actor";
import { changesBetween } from "@/lib/audit/record";
import type { Tx } from "@/lib/db/client";
import { ConflictError, InvalidInputError, NotFoundError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { refuseWhoCannotSee, visibleIncidentsWhere } from "@/lib/incidents/access";
import { getFollowUpReview, type FollowUpReviewView } from "@/lib/follow-ups/queries";
import { recordOutcomeInput, scheduleFollowUpInput, updateFollowUpInput } from "@/lib/follow-ups/schema";

type Incident = { id: string; publicId: string };
type ReviewResult = { review: FollowUpReviewView; incident: Incident };

const incidentPath = (incident: Incident) => `/incidents/${incident.publicId}`;

function visibleTo(actor: AnyActor): Prisma.IncidentWhereInput {
  const user = actingUser(actor);
  return user ? visibleIncidentsWhere(user) : {};
}

async function findIncident(tx: Tx, actor: AnyActor, idOrPublicId: string): Promise<Incident> {
  const incident = await tx.incident.findFirst({
    where: { AND: [{ OR: [{ id: idOrPublicId }, { publicId: idOrPublicId }] }, visibleTo(actor)] },
    select: { id: true, publicId: true },
  });
  if (!incident) throw new NotFoundError("The incident");
  return incident;
}

async function findReview(tx: Tx, actor: AnyActor, id: string) {
  const review = await tx.followUpReview.findFirst({
    where: { id, incident: visibleTo(actor) },
    select: { id: true, version: true, completedAt: true, scheduledAt: true, note: true, incident: { select: { id: true, publicId: true } } },
  });
  if (!review) throw new NotFoundError("The follow-up review");
  return review;
}

/**
 * Attendees must be active people, and those newly invited (not in `invited` already) must be able to open the
 * report; returns them without duplicates.
 */
async function checkAttendees(tx: Tx, incidentId: string, ids: string[], invited: string[] = [], path = "attendeeIds"): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return unique;
  const found = await tx.user.count({ where: { id: { in: unique }, active: true } });
  if (found !== unique.length) throw new InvalidInputError(`${path}: someone picked is not an active user`, [{ path, message: "Pick active people only" }]);
  const added = unique.filter((userId) => !invited.includes(userId));
  await refuseWhoCannotSee(
    tx,
    incidentId,
    added.map((userId) => ({ userId, path })),
    "attendee",
  );
  return unique;
}

async function claimVersion(tx: Tx, id: string, version: number): Promise<void> {
  const claimed = await tx.followUpReview.updateMany({ where: { id, version }, data: { version: { increment: 1 } } });
  if (claimed.count !== 1) {
    const current = await getFollowUpReview(id, tx);
    throw new ConflictError(
      `Someone else changed this follow-up review since you opened it (it is now version ${current?.version ?? "?"}). Nothing was saved: reload and try again.`,
      { currentVersion: current?.version ?? null, current },
    );
  }
}

const touchIncident = (tx: Tx, incidentId: string) => tx.incident.update({ where: { id: incidentId }, data: { version: { increment: 1 } } });

async function reviewView(tx: Tx, id: string): Promise<FollowUpReviewView> {
  const review = await getFollowUpReview(id, tx);
  if (!review) throw new NotFoundError("The follow-up review");
  return review;
}

const attendeeIdsOf = (review: FollowUpReviewView) => review.attendees.map((person) => person.id);

// ---------------------------------------------------------------------------------------------------------------

export const scheduleFollowUp = defineAction({
  name: "follow-up.schedule",
  permission: "follow-up:edit",
  input: scheduleFollowUpInput,
  run: async ({ tx, actor, input }): Promise<ReviewResult> => {
    const incident = await findIncident(tx, actor, input.incident);
    const pending = await tx.followUpReview.findFirst({ where: { incidentId: incident.id, completedAt: null }, select: { id: true } });
    if (pending) throw new ConflictError("A follow-up review is already scheduled for this report: change that one, or record its outcome first.");
    const attendeeIds = await checkAttendees(tx, incident.id, input.attendeeIds);
    const created = await tx.followUpReview.create({
      data: {
        incidentId: incident.id,
        scheduledAt: new Date(input.scheduledAt),
        note: input.note,
        attendees: { create: attendeeIds.map((userId) => ({ userId })) },
      },
      select: { id: true },
    });
    await touchIncident(tx, incident.id);
    return { review: await reviewView(tx, created.id), incident };
  },
  audit: ({ review, incident }) => ({
    entityType: "FollowUpReview",
    entityId: review.id,
    incidentId: incident.id,
    changes: { scheduledAt: { after: review.scheduledAt }, note: { after: review.note }, attendeeIds: { after: attendeeIdsOf(review) } },
  }),
  revalidate: ({ incident }) => [incidentPath(incident)],
});

export const updateFollowUp = defineAction({
  name: "follow-up.update",
  permission: "follow-up:edit",
  input: updateFollowUpInput,
  run: async ({ tx, actor, input }): Promise<ReviewResult & { before: FollowUpReviewView }> => {
    const stored = await findReview(tx, actor, input.id);
    if (stored.completedAt) throw new ConflictError("This follow-up review has been held; its outcome is recorded and it is no longer changed.");
    const before = await reviewView(tx, stored.id);
    const attendeeIds = await checkAttendees(tx, stored.incident.id, input.attendeeIds, attendeeIdsOf(before));
    await claimVersion(tx, stored.id, input.version);
    await tx.followUpReview.update({ where: { id: stored.id }, data: { scheduledAt: new Date(input.scheduledAt), note: input.note } });
    await tx.followUpAttendee.deleteMany({ where: { followUpReviewId: stored.id, userId: { notIn: attendeeIds } } });
    await tx.followUpAttendee.createMany({ data: attendeeIds.map((userId) => ({ followUpReviewId: stored.id, userId })), skipDuplicates: true });
    await touchIncident(tx, stored.incident.id);
    return { review: await reviewView(tx, stored.id), incident: stored.incident, before };
  },
  audit: ({ review, incident, before }) => ({
    entityType: "FollowUpReview",
    entityId: review.id,
    incidentId: incident.id,
    changes: changesBetween(
      { scheduledAt: before.scheduledAt, note: before.note, attendeeIds: attendeeIdsOf(before).sort() },
      { scheduledAt: review.scheduledAt, note: review.note, attendeeIds: attendeeIdsOf(review).sort() },
      ["scheduledAt", "note", "attendeeIds"],
    ),
    meta: { version: review.version },
  }),
  revalidate: ({ incident }) => [incidentPath(incident)],
});

export const recordFollowUpOutcome = defineAction({
  name: "follow-up.record-outcome",
  permission: "follow-up:edit",
  input: recordOutcomeInput,
  run: async ({ tx, actor, input }): Promise<ReviewResult & { next: FollowUpReviewView | null }> => {
    const stored = await findReview(tx, actor, input.id);
    if (stored.completedAt) throw new ConflictError("The outcome of this follow-up review is already recorded.");
    if (input.nextScheduledAt && input.furtherReviewNeeded && Date.parse(input.nextScheduledAt) <= stored.scheduledAt.getTime()) {
      throw new InvalidInputError("The next review must come after this one.", [{ path: "nextScheduledAt", message: "must be after this review" }]);
    }

    // every preventive measure of the report gets a verdict, and only those
    const measures = await tx.preventiveMeasure.findMany({ where: { incidentId: stored.incident.id }, orderBy: { position: "asc" }, select: { id: true } });
    const given = new Map(input.measures.map((measure) => [measure.preventiveMeasureId, measure]));
    const issues = [
      ...input.measures.flatMap((measure, index) =>
        measures.some((known) => known.id === measure.preventiveMeasureId)
          ? []
          : [{ path: `measures.${index}.preventiveMeasureId`, message: "is not one of this report's preventive measures" }],
      ),
      ...measures.flatMap((measure, index) => (given.has(measure.id) ? [] : [{ path: `measures.${index}.effective`, message: "Say whether it worked" }])),
    ];
    if (issues.length) throw new InvalidInputError("Say for each preventive measure whether it worked (the list may have changed: reload to see it).", issues);

    await claimVersion(tx, stored.id, input.version);
    await tx.followUpReview.update({
      where: { id: stored.id },
      data: { outcome: input.outcome, completedAt: new Date(), furtherReviewNeeded: input.furtherReviewNeeded },
    });
    await tx.preventiveMeasureOutcome.createMany({
      data: measures.map(({ id }) => ({
        followUpReviewId: stored.id,
        preventiveMeasureId: id,
        effective: given.get(id)!.effective,
        note: given.get(id)!.note,
      })),
    });

    let next: FollowUpReviewView | null = null;
    if (input.furtherReviewNeeded && input.nextScheduledAt) {
      // the same people are expected again; they can be changed on the new review
      const attendees = await tx.followUpAttendee.findMany({ where: { followUpReviewId: stored.id, user: { active: true } }, select: { userId: true } });
      const created = await tx.followUpReview.create({
        data: {
          incidentId: stored.incident.id,
          scheduledAt: new Date(input.nextScheduledAt),
          previousReviewId: stored.id,
          attendees: { create: attendees.map(({ userId }) => ({ userId })) },
        },
        select: { id: true },
      });
      next = await reviewView(tx, created.id);
    }
    await touchIncident(tx, stored.incident.id);
    return { review: await reviewView(tx, stored.id), incident: stored.incident, next };
  },
  audit: ({ review, incident, next }): ActionAudit[] => [
    {
      entityType: "FollowUpReview",
      entityId: review.id,
      incidentId: incident.id,
      changes: {
        outcome: { before: null, after: review.outcome },
        completedAt: { before: null, after: review.completedAt },
        furtherReviewNeeded: { before: false, after: review.furtherReviewNeeded },
        measureOutcomes: { after: review.measureOutcomes.map(({ preventiveMeasureId, effective, note }) => ({ preventiveMeasureId, effective, note })) },
      },
    },
    ...(next
      ? [
          {
            action: "follow-up.schedule",
            entityType: "FollowUpReview",
            entityId: next.id,
            incidentId: incident.id,
            changes: { scheduledAt: { after: next.scheduledAt }, attendeeIds: { after: attendeeIdsOf(next) } },
            meta: { previousReviewId: review.id },
          },
        ]
      : []),
  ],
  revalidate: ({ incident }) => [incidentPath(incident)],
});

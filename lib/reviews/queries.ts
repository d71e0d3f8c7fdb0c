// Reads for the review workflow: a manager's queue, an author's own reports, and everything the report page shows
// about the review (reviewers, comment threads, who may be asked, the latest sign-off and whether it still holds).
import "server-only";
import { getDb } from "@/lib/db/client";
import type { Prisma, ReportState, ReviewDecision, Role } from "@/lib/generated/prisma/client";
import { visibleIncidentsWhere, type Viewer } from "@/lib/incidents/access";
import { getSetting } from "@/lib/settings/queries";
import { assessSignOff, checkLatestSignOff, recordedSignOffHash, SIGN_OFF_AUDIT_ACTION, signOffCheckSelect } from "@/lib/reviews/revisions";
import type { ReportDocument } from "@/lib/incidents/schema";
import { loadReport } from "@/lib/incidents/store";
import type { Person, SignOffCheck } from "@/lib/reviews/schema";
import { commentSectionLabel } from "@/lib/reviews/schema";
import { REVIEWER_ROLES } from "@/lib/reviews/state-machine";
import { latestSubmissionNote, REOPEN_AUDIT_ACTION, SUBMIT_AUDIT_ACTION, type SubmissionNote } from "@/lib/reviews/submission-note";

const person = { select: { id: true, name: true, email: true } } as const;

// ---------------------------------------------------------------------------------------------------------------
// The queue and "my reports"

export type QueueRow = {
  id: string;
  publicId: string;
  title: string;
  severity: string;
  reportState: ReportState;
  /** when this reviewer was asked (a resubmission asks again) */
  requestedAt: Date;
  author: Person | null;
  openComments: number;
  /** what the author wrote to the reviewers when submitting */
  submissionNote: SubmissionNote | null;
};

/** The submissions and reopenings a note is looked for in (lib/reviews/submission-note). */
const noteEvents = {
  where: { action: { in: [SUBMIT_AUDIT_ACTION, REOPEN_AUDIT_ACTION] } },
  orderBy: { id: "desc" },
  take: 10,
  select: { action: true, at: true, meta: true, actor: { select: { name: true } } },
} satisfies Prisma.Incident$auditEventsArgs;

/** Reports waiting for `reviewerId`'s decision, the longest-waiting first. */
export async function listReviewQueue(reviewerId: string): Promise<QueueRow[]> {
  const assignments = await getDb().reviewAssignment.findMany({
    where: { reviewerId, decision: "PENDING", incident: { reportState: "IN_REVIEW" } },
    orderBy: [{ requestedAt: "asc" }, { id: "asc" }],
    select: {
      requestedAt: true,
      incident: {
        select: {
          id: true,
          publicId: true,
          title: true,
          severity: true,
          reportState: true,
          author: person,
          _count: { select: { reviewComments: { where: { parentId: null, resolvedAt: null } } } },
          auditEvents: noteEvents,
        },
      },
    },
  });
  return assignments.map(({ requestedAt, incident: { _count, auditEvents, ...incident } }) => ({
    ...incident,
    requestedAt,
    openComments: _count.reviewComments,
    submissionNote: latestSubmissionNote(auditEvents),
  }));
}

export type MyReportRow = {
  id: string;
  publicId: string;
  title: string;
  severity: string;
  reportState: ReportState;
  updatedAt: Date;
  reviewers: { name: string; decision: ReviewDecision; decidedAt: Date | null; requestedAt: Date }[];
  openComments: number;
  lastSignOff: { reviewer: string | null; signedAt: Date } | null;
};

/** The reports `authorId` wrote, most recently changed first, with where each stands in review. */
export async function listMyReports(authorId: string): Promise<MyReportRow[]> {
  const incidents = await getDb().incident.findMany({
    where: { authorId },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    take: 200,
    select: {
      id: true,
      publicId: true,
      title: true,
      severity: true,
      reportState: true,
      updatedAt: true,
      reviewAssignments: {
        orderBy: { requestedAt: "asc" },
        select: { decision: true, decidedAt: true, requestedAt: true, reviewer: { select: { name: true } } },
      },
      signOffs: { orderBy: { signedAt: "desc" }, take: 1, select: { signedAt: true, reviewer: { select: { name: true } } } },
      _count: { select: { reviewComments: { where: { parentId: null, resolvedAt: null } } } },
    },
  });
  return incidents.map(({ reviewAssignments, signOffs, _count, ...incident }) => ({
    ...incident,
    reviewers: reviewAssignments.map(({ reviewer, ...assignment }) => ({ name: reviewer.name, ...assignment })),
    openComments: _count.reviewComments,
    lastSignOff: signOffs[0] ? { reviewer: signOffs[0].reviewer?.name ?? null, signedAt: signOffs[0].signedAt } : null,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// The report page's review panel

export type CommentView = {
  id: string;
  section: string;
  sectionLabel: string;
  body: string;
  author: Person | null;
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedBy: Person | null;
};
export type CommentThread = CommentView & { replies: CommentView[] };

export type ReviewerStatus = Person & { decision: ReviewDecision; requestedAt: Date; decidedAt: Date | null };

export type ReviewPanelData = {
  incidentId: string;
  publicId: string;
  state: ReportState;
  /** the content version the page shows: an approval names it, so an edit since is a conflict, not a blind sign-off */
  version: number;
  author: Person | null;
  reviewers: ReviewerStatus[];
  threads: CommentThread[];
  unresolvedCount: number;
  /** active managers and admins who may be asked (the author only when self-approval is allowed) */
  eligibleReviewers: (Person & { role: Role })[];
  allowSelfApproval: boolean;
  signOff: SignOffCheck | null;
  lastReopen: { by: string | null; at: Date; reason: string | null } | null;
  revisionCount: number;
  /** what the author wrote to the reviewers when submitting this round */
  submissionNote: SubmissionNote | null;
};

function commentView(row: {
  id: string;
  section: string;
  body: string;
  author: Person | null;
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedBy: Person | null;
}): CommentView {
  return { ...row, sectionLabel: commentSectionLabel(row.section) };
}

/** What the panel needs of others, when the page has it already (lib/incidents/report-page.ts): no second read. */
export type ReviewPanelContext = {
  allowSelfApproval: boolean;
  /** every active user with their role: the panel keeps the managers and admins */
  activeUsers: (Person & { role: Role })[];
  /** the report as it is now, to check the latest sign-off against */
  current: ReportDocument | null;
};

/**
 * How many of an incident's latest review audit events are read with the panel: enough to find the latest sign-off's
 * (a review round is a submission or two, a reopening and a sign-off) and the round's submission note.
 */
const REVIEW_EVENTS_READ = 20;

/**
 * Null when the incident does not exist or `viewer` may not see it. One statement for the incident's review (its
 * reviewers, comment threads, latest sign-off, latest reopening); with `context`, nothing more, else also the
 * reviewers who may be asked, the self-approval setting and the current report.
 */
export async function getReviewPanel(viewer: Viewer, idOrPublicId: string, context?: ReviewPanelContext): Promise<ReviewPanelData | null> {
  const db = getDb();
  const commentSelect = { id: true, section: true, body: true, createdAt: true, resolvedAt: true, author: person, resolvedBy: person } as const;
  const incident = await db.incident.findFirst({
    where: { AND: [{ OR: [{ id: idOrPublicId }, { publicId: idOrPublicId }] }, visibleIncidentsWhere(viewer)] },
    select: {
      id: true,
      publicId: true,
      reportState: true,
      version: true,
      authorId: true,
      author: person,
      reviewAssignments: { orderBy: { requestedAt: "asc" }, select: { decision: true, requestedAt: true, decidedAt: true, reviewer: person } },
      _count: { select: { revisions: true } },
      reviewComments: {
        where: { parentId: null },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { ...commentSelect, replies: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: commentSelect } },
      },
      signOffs: { orderBy: [{ signedAt: "desc" }, { id: "desc" }], take: 1, select: signOffCheckSelect },
      auditEvents: {
        where: { action: { in: [REOPEN_AUDIT_ACTION, SIGN_OFF_AUDIT_ACTION, SUBMIT_AUDIT_ACTION] } },
        orderBy: { id: "desc" },
        take: REVIEW_EVENTS_READ,
        select: { action: true, entityType: true, entityId: true, at: true, meta: true, actor: { select: { name: true } } },
      },
    },
  });
  if (!incident) return null;
  const allowSelfApproval = context ? context.allowSelfApproval : await getSetting("reviews.allowSelfApproval");
  const activeUsers =
    context?.activeUsers ??
    (await db.user.findMany({
      where: { active: true, role: { in: [...REVIEWER_ROLES] } },
      orderBy: [{ name: "asc" }, { email: "asc" }],
      select: { id: true, name: true, email: true, role: true },
      take: 500,
    }));
  const candidates = activeUsers
    .filter((user) => REVIEWER_ROLES.includes(user.role) && (allowSelfApproval || !incident.authorId || user.id !== incident.authorId))
    .slice(0, 500);

  const [latest] = incident.signOffs;
  let signOff: SignOffCheck | null = null;
  if (latest) {
    const recorded = incident.auditEvents.find(
      (event) => event.action === SIGN_OFF_AUDIT_ACTION && event.entityType === "SignOff" && event.entityId === latest.id,
    );
    const current = context ? context.current : await loadReport(db, incident.id);
    // the sign-off's own audit event is among the latest unless many reviews followed it: then ask for it alone
    signOff =
      recorded || incident.auditEvents.length < REVIEW_EVENTS_READ
        ? assessSignOff(latest, recordedSignOffHash(recorded?.meta ?? null), current)
        : await checkLatestSignOff(incident.id, db);
  }
  const reopen = incident.auditEvents.find((event) => event.action === REOPEN_AUDIT_ACTION);
  const threads = incident.reviewComments.map(({ replies, ...root }) => ({ ...commentView(root), replies: replies.map(commentView) }));
  return {
    incidentId: incident.id,
    publicId: incident.publicId,
    state: incident.reportState,
    version: incident.version,
    author: incident.author,
    reviewers: incident.reviewAssignments.map(({ reviewer, ...assignment }) => ({ ...reviewer, ...assignment })),
    threads,
    unresolvedCount: threads.filter((thread) => !thread.resolvedAt).length,
    eligibleReviewers: candidates,
    allowSelfApproval,
    signOff,
    lastReopen: reopen
      ? {
          by: reopen.actor?.name ?? null,
          at: reopen.at,
          reason: typeof (reopen.meta as { reason?: unknown }).reason === "string" ? (reopen.meta as { reason: string }).reason : null,
        }
      : null,
    revisionCount: incident._count.revisions,
    submissionNote: latestSubmissionNote(incident.auditEvents),
  };
}

// What the report editor shows of the review: who asked for changes and when, and the open comment threads, each
// with whether this user may resolve it. One statement; the editor page has already checked that the user may edit
// the report, and reads this only for the incident it loaded.
import "server-only";
import { getDb } from "@/lib/db/client";
import type { ReportState } from "@/lib/generated/prisma/client";
import type { Viewer } from "@/lib/incidents/access";
import { commentSectionLabel } from "@/lib/reviews/schema";
import { decideResolve } from "@/lib/reviews/state-machine";

export type EditorCommentReply = { id: string; authorName: string | null; body: string; createdAt: string };

export type EditorComment = {
  id: string;
  /** the report field it is about (rootCause, impact.metrics, ...) or "general" */
  section: string;
  sectionLabel: string;
  body: string;
  authorName: string | null;
  createdAt: string;
  replies: EditorCommentReply[];
  canResolve: boolean;
};

export type EditorReview = {
  state: ReportState;
  /** the latest reviewer who requested changes, while the report is sent back to its author */
  changesRequested: { by: string | null; at: string } | null;
  /** open threads, oldest first */
  openComments: EditorComment[];
};

/** Null when there is no such incident. */
export async function getEditorReview(viewer: Viewer, incidentId: string): Promise<EditorReview | null> {
  const author = { select: { id: true, name: true } } as const;
  const incident = await getDb().incident.findUnique({
    where: { id: incidentId },
    select: {
      reportState: true,
      authorId: true,
      reviewAssignments: {
        orderBy: [{ decidedAt: "desc" }, { id: "asc" }],
        select: { reviewerId: true, decision: true, decidedAt: true, reviewer: { select: { name: true } } },
      },
      reviewComments: {
        where: { parentId: null, resolvedAt: null },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: {
          id: true,
          section: true,
          body: true,
          createdAt: true,
          author,
          replies: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, body: true, createdAt: true, author } },
        },
      },
    },
  });
  if (!incident) return null;
  const requested = incident.reviewAssignments.find((assignment) => assignment.decision === "CHANGES_REQUESTED" && assignment.decidedAt);
  const context = {
    state: incident.reportState,
    actor: viewer,
    authorId: incident.authorId,
    reviewerIds: incident.reviewAssignments.map((assignment) => assignment.reviewerId),
  };
  return {
    state: incident.reportState,
    changesRequested:
      incident.reportState === "CHANGES_REQUESTED" && requested?.decidedAt ? { by: requested.reviewer.name, at: requested.decidedAt.toISOString() } : null,
    openComments: incident.reviewComments.map((comment) => ({
      id: comment.id,
      section: comment.section,
      sectionLabel: commentSectionLabel(comment.section),
      body: comment.body,
      authorName: comment.author?.name ?? null,
      createdAt: comment.createdAt.toISOString(),
      replies: comment.replies.map((reply) => ({
        id: reply.id,
        authorName: reply.author?.name ?? null,
        body: reply.body,
        createdAt: reply.createdAt.toISOString(),
      })),
      canResolve: decideResolve({ ...context, commentAuthorId: comment.author?.id ?? null, resolved: false }).ok,
    })),
  };
}

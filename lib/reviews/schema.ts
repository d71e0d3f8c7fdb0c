// What crosses a boundary in the review workflow: the inputs of its actions (forms and the REST API send the same
// shapes) and the sections a comment can be about.
import { z } from "zod";
import type { Json } from "@/lib/api/json";
import type { AuditEventView } from "@/lib/audit/schema";
import type { ReportState } from "@/lib/generated/prisma/enums";
import type { ReportDocument } from "@/lib/incidents/schema";
import type { ReportField } from "@/lib/incidents/report-diff";

import { COMMENT_SECTIONS, GENERAL_SECTION } from "@/lib/reviews/sections";
export { COMMENT_SECTIONS, GENERAL_SECTION, commentSectionLabel, isCommentSection, type CommentSection } from "@/lib/reviews/sections";

/** Forms send "" for a field left empty: that is "not given". */
const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
/** A form's checkbox group sends one value or several; the API sends a list. */
const toList = (value: unknown) => (value === undefined || value === null || value === "" ? [] : Array.isArray(value) ? value : [value]);

const incidentId = z.string({ error: "must name the incident" }).trim().min(1, "must name the incident").max(100);
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max.toLocaleString("en-US")} characters`);
const requiredText = (max: number, missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .max(max, `must be at most ${max.toLocaleString("en-US")} characters`);

export const commentSectionSchema = z.preprocess(
  blankToUndefined,
  z.enum(COMMENT_SECTIONS, { error: "must be one of the report's sections" }).default(GENERAL_SECTION),
);

export const submitForReviewInput = z.object({
  incidentId,
  /** emails or user ids; empty on a resubmission asks the reviewers of the previous round again */
  reviewers: z.preprocess(
    toList,
    z.array(z.string({ error: "must be an email address or a user id" }).trim().min(1, "must not be empty").max(320)).max(20, "ask at most 20 reviewers"),
  ),
  note: z.preprocess(blankToUndefined, text(5_000).optional()),
});

export const approveReportInput = z.object({
  incidentId,
  comment: z.preprocess(blankToUndefined, text(10_000).optional()),
  /** the report version the reviewer read; when given, a report edited since is a conflict rather than signed unseen */
  expectedVersion: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).optional()),
});

export const requestChangesInput = z.object({
  incidentId,
  comment: requiredText(10_000, "Say what needs to change."),
  section: commentSectionSchema,
});

export const reopenReportInput = z.object({
  incidentId,
  reason: z.preprocess(blankToUndefined, text(5_000).optional()),
});

export const addCommentInput = z.object({
  incidentId,
  section: commentSectionSchema,
  body: requiredText(10_000, "Write a comment first."),
  /** a reply to this thread */
  parentId: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()),
});

export const resolveCommentInput = z.object({
  incidentId,
  commentId: z.string({ error: "must name the comment" }).trim().min(1).max(100),
});

export type SubmitForReviewInput = z.input<typeof submitForReviewInput>;
export type ApproveReportInput = z.input<typeof approveReportInput>;
export type RequestChangesInput = z.input<typeof requestChangesInput>;
export type ReopenReportInput = z.input<typeof reopenReportInput>;

// ---------------------------------------------------------------------------------------------------------------
// What the review pages and the review API read

export type Person = { id: string; name: string; email: string };

export type RevisionSummary = {
  number: number;
  reason: string;
  contentHash: string;
  createdAt: Date;
  createdBy: Person | null;
  signOffs: { reviewer: Person | null; signedAt: Date; comment: string | null }[];
};

export type SignOffCheck = {
  revisionNumber: number;
  reviewer: Person | null;
  signedAt: Date;
  comment: string | null;
  contentHash: string;
  /** the signed revision's stored content still hashes to its hash, and that hash is the one the audit trail recorded */
  revisionIntact: boolean;
  /** the report as stored now hashes to the signed hash */
  matchesCurrent: boolean;
  /** what differs from the signed revision, in report order */
  changedFields: { field: ReportField; label: string }[];
  /**
   * the only differences are follow-through, which moves on after sign-off by design (action items' status, the next
   * follow-up review), not a rewrite of what was signed
   */
  progressOnly: boolean;
};

/** What every transition endpoint answers with. */
export type ReviewTransitionResponse = {
  id: string;
  publicId: string;
  /** the state before */
  from: ReportState;
  reportState: ReportState;
  /** the revision the transition froze, if it froze one */
  revision: { number: number; contentHash: string } | null;
};

/** POST /api/v1/incidents/{id}/submit */
export type SubmitResponse = ReviewTransitionResponse & { reviewers: Person[] };
/** POST /api/v1/incidents/{id}/approve */
export type ApproveResponse = ReviewTransitionResponse & { signOffId: string };
/** POST /api/v1/incidents/{id}/request-changes */
export type RequestChangesResponse = ReviewTransitionResponse & { commentId: string };

/** GET /api/v1/incidents/{id}/revisions[?include=content]: with content, each revision carries it and its check. */
export type RevisionsPayload = {
  incident: { id: string; publicId: string; reportState: ReportState };
  revisions: (RevisionSummary & { content?: ReportDocument; intact?: boolean })[];
  signOff: SignOffCheck | null;
};
/** What the client reads: the payload with its dates as ISO strings. */
export type RevisionsResponse = Json<RevisionsPayload>;

/** GET /api/v1/incidents/{id}/history[?before=]: newest first; `nextBefore` is the cursor of the next (older) page. */
export type HistoryPayload = {
  incident: { id: string; publicId: string };
  events: (AuditEventView & { label: string })[];
  nextBefore: string | null;
};
export type HistoryResponse = Json<HistoryPayload>;

// What crosses a boundary in the review workflow: the inputs of its actions (forms and the REST API send the same
// shapes) and the sections a comment can be about.
import { z } from "zod";
import type { Json } from "@/lib/api/json";
import { instantSchema, personSchema, type SameShape } from "@/lib/api/schema";
import type { AuditEventView } from "@/lib/audit/schema";
import type { ReportState } from "@/lib/generated/prisma/enums";
import { REPORT_STATES } from "@/lib/incidents/enums";
import { reportDocumentSchema, type ReportDocument } from "@/lib/incidents/schema";
import { REPORT_FIELDS, type ReportField } from "@/lib/incidents/report-diff";

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

// ---------------------------------------------------------------------------------------------------------------
// The REST API's answers as zod schemas, for the OpenAPI document (lib/api/openapi.ts); SameShape keeps them the
// shape of the types above.

const reportState = z.enum(REPORT_STATES);

export const reviewTransitionResponseSchema = z
  .object({
    id: z.string(),
    publicId: z.string(),
    from: reportState.meta({ description: "The state before" }),
    reportState,
    revision: z
      .object({ number: z.number().int(), contentHash: z.string().meta({ description: "SHA-256 (hex) of the frozen content's canonical JSON" }) })
      .nullable()
      .meta({ description: "The revision the transition froze, if it froze one" }),
  })
  .meta({ id: "ReviewTransition" });
true satisfies SameShape<ReviewTransitionResponse, z.output<typeof reviewTransitionResponseSchema>>;

export const submitResponseSchema = reviewTransitionResponseSchema.extend({ reviewers: z.array(personSchema) });
true satisfies SameShape<SubmitResponse, z.output<typeof submitResponseSchema>>;
export const approveResponseSchema = reviewTransitionResponseSchema.extend({ signOffId: z.string() });
true satisfies SameShape<ApproveResponse, z.output<typeof approveResponseSchema>>;
export const requestChangesResponseSchema = reviewTransitionResponseSchema.extend({ commentId: z.string() });
true satisfies SameShape<RequestChangesResponse, z.output<typeof requestChangesResponseSchema>>;

const signOffCheckSchema = z.object({
  revisionNumber: z.number().int(),
  reviewer: personSchema.nullable(),
  signedAt: instantSchema,
  comment: z.string().nullable(),
  contentHash: z.string(),
  revisionIntact: z.boolean().meta({ description: "The signed revision still hashes to the hash recorded at signing" }),
  matchesCurrent: z.boolean().meta({ description: "The report as stored now hashes to the signed hash" }),
  changedFields: z.array(z.object({ field: z.enum(REPORT_FIELDS), label: z.string() })),
  progressOnly: z.boolean().meta({ description: "The only differences are follow-through (action items' status, the next follow-up review)" }),
});

export const revisionsResponseSchema = z.object({
  incident: z.object({ id: z.string(), publicId: z.string(), reportState }),
  revisions: z.array(
    z.object({
      number: z.number().int(),
      reason: z.string(),
      contentHash: z.string(),
      createdAt: instantSchema,
      createdBy: personSchema.nullable(),
      signOffs: z.array(z.object({ reviewer: personSchema.nullable(), signedAt: instantSchema, comment: z.string().nullable() })),
      content: reportDocumentSchema.optional().meta({ description: "With ?include=content: the frozen report" }),
      intact: z.boolean().optional().meta({ description: "With ?include=content: the content still hashes to contentHash" }),
    }),
  ),
  signOff: signOffCheckSchema.nullable().meta({ description: "The latest sign-off and whether the report still holds what was signed" }),
});
true satisfies SameShape<RevisionsResponse, z.output<typeof revisionsResponseSchema>>;

const auditEventShape = {
  id: z.string(),
  at: instantSchema,
  actorType: z.enum(["USER", "API_TOKEN", "SYSTEM"]),
  actor: personSchema.nullable(),
  action: z.string().meta({ example: "incident.update" }),
  entityType: z.string(),
  entityId: z.string().nullable(),
  incidentId: z.string().nullable(),
  label: z.string().meta({ example: "Edited the report" }),
};
/** Any JSON value (the audit's JSON columns). */
const jsonValue = z.unknown();
export const historyResponseSchema = z.object({
  incident: z.object({ id: z.string(), publicId: z.string() }),
  events: z.array(
    z.object({
      ...auditEventShape,
      changes: jsonValue.meta({ description: "{ field: { before, after } }" }),
      meta: jsonValue,
    }),
  ),
  nextBefore: z.string().nullable().meta({ description: "The `before` of the next (older) page; null on the last" }),
});
// The audit's JSON columns are Prisma's JsonValue, which zod's JSON type is not spelled as: compared without them.
type WithoutJson<T extends { events: object[] }> = Omit<T, "events"> & { events: Omit<T["events"][number], "changes" | "meta">[] };
true satisfies SameShape<WithoutJson<HistoryResponse>, WithoutJson<z.output<typeof historyResponseSchema>>>;

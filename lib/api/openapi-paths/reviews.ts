// The OpenAPI description of the review workflow: the transitions, the frozen revisions and the audit trail.
import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { authErrors, bodyOf, incidentPath, json, ok, operation, TAGS } from "@/lib/api/openapi-paths/common";
import {
  approveReportInput,
  approveResponseSchema,
  historyResponseSchema,
  reopenReportInput,
  requestChangesInput,
  requestChangesResponseSchema,
  reviewTransitionResponseSchema,
  revisionsResponseSchema,
  submitForReviewInput,
  submitResponseSchema,
} from "@/lib/reviews/schema";

const TRANSITION_ERRORS = authErrors(403, 404, 409, 415, 422);

export const reviewPaths: ZodOpenApiPathsObject = {
  "/api/v1/incidents/{id}/submit": {
    post: operation(TAGS.reviews, "submitForReview", "Submit a report for review", {
      description:
        "Draft or Changes requested → In review; freezes a revision and emails each reviewer (emails or user ids of managers and admins). On a resubmission the list may be empty to ask the previous reviewers again.",
      requestParams: { path: incidentPath },
      requestBody: { required: true, ...json(bodyOf(submitForReviewInput, "incidentId")) },
      responses: { 200: ok("The new state", submitResponseSchema), ...TRANSITION_ERRORS },
    }),
  },
  "/api/v1/incidents/{id}/approve": {
    post: operation(TAGS.reviews, "approveReport", "Sign a report off", {
      description:
        "In review → Approved, by a reviewer the author asked: freezes the content as a revision with its SHA-256 and emails the author. With `expectedVersion`, a report edited since is a 409 rather than signed unseen.",
      requestParams: { path: incidentPath },
      requestBody: { ...json(bodyOf(approveReportInput, "incidentId")) },
      responses: { 200: ok("The new state and the sign-off's id", approveResponseSchema), ...TRANSITION_ERRORS },
    }),
  },
  "/api/v1/incidents/{id}/request-changes": {
    post: operation(TAGS.reviews, "requestChanges", "Request changes", {
      description: "In review → Changes requested, with the comment as an open thread on the section (default: the whole report); emails the author.",
      requestParams: { path: incidentPath },
      requestBody: { required: true, ...json(bodyOf(requestChangesInput, "incidentId")) },
      responses: { 200: ok("The new state and the comment's id", requestChangesResponseSchema), ...TRANSITION_ERRORS },
    }),
  },
  "/api/v1/incidents/{id}/reopen": {
    post: operation(TAGS.reviews, "reopenReport", "Reopen an approved report", {
      description: "Approved → Draft (managers and admins). The signed revision stays; a new one starts.",
      requestParams: { path: incidentPath },
      requestBody: { ...json(bodyOf(reopenReportInput, "incidentId")) },
      responses: { 200: ok("The new state", reviewTransitionResponseSchema), ...TRANSITION_ERRORS },
    }),
  },
  "/api/v1/incidents/{id}/revisions": {
    get: operation(TAGS.reviews, "listRevisions", "The report's frozen revisions", {
      description: "Oldest first, each with its SHA-256 and sign-offs, and the check of the latest sign-off against the current content.",
      requestParams: {
        path: incidentPath,
        query: z.object({ include: z.enum(["content"]).optional().meta({ description: "content: each revision with its frozen report" }) }),
      },
      responses: { 200: ok("The revisions", revisionsResponseSchema), ...authErrors(403, 404) },
    }),
  },
  "/api/v1/incidents/{id}/history": {
    get: operation(TAGS.reviews, "listHistory", "The report's audit trail", {
      description: "Newest first, 50 a page: who, when, what, and each field's before and after. Managers and admins.",
      requestParams: {
        path: incidentPath,
        query: z.object({ before: z.string().optional().meta({ description: "`nextBefore` of the previous page" }) }),
      },
      responses: { 200: ok("One page of the audit trail", historyResponseSchema), ...authErrors(403, 404, 422) },
    }),
  },
};

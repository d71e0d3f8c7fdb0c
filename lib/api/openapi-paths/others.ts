// The OpenAPI description of the rest of /api/v1: the caller, action items, services, insights, the inbound webhooks
// (each with its own credential instead of an API token) and this document itself.
import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { authErrors, bodyOf, errors, incidentPath, json, locationHeader, ok, operation, TAGS } from "@/lib/api/openapi-paths/common";
import type { SameShape } from "@/lib/api/schema";
import {
  ACTION_ITEM_COLUMNS,
  ACTION_ITEM_STATUSES,
  actionItemListResponseSchema,
  actionItemSchema,
  createActionItemInput,
  MAX_DUE_WITHIN_DAYS,
  PAGE_SIZES,
  SORTABLE_COLUMNS,
  updateActionItemInput,
} from "@/lib/action-items/schema";
import { alertmanagerWebhookSchema } from "@/lib/alerts/alertmanager";
import { pagerdutyWebhookSchema } from "@/lib/alerts/pagerduty";
import { alertWebhookResponseSchema } from "@/lib/alerts/schema";
import { insightsResponseSchema } from "@/lib/insights/schema";
import { createServiceInput, serviceEntrySchema, serviceListResponseSchema, updateServiceInput } from "@/lib/services/schema";
import {
  createTrackerIssueInput,
  githubIssuesWebhookSchema,
  jiraIssueWebhookSchema,
  TRACKER_KINDS,
  type TrackerLink,
  type TrackerWebhookResponse,
} from "@/lib/trackers/schema";
import { meResponseSchema } from "@/lib/users/schema";

// lib/trackers declares these answers as types only; described here, and held to those types by SameShape.
const trackerLinkSchema = z
  .object({
    actionItemId: z.string(),
    integrationId: z.string(),
    kind: z.enum(TRACKER_KINDS),
    trackerKey: z.string().meta({ description: '"owner/repo#12" (GitHub), "OPS-12" (Jira)' }),
    trackerUrl: z.string().meta({ description: "The issue's page" }),
    version: z.number().int().meta({ description: "The action item's version after linking" }),
  })
  .meta({ id: "TrackerLink" });
true satisfies SameShape<TrackerLink, z.output<typeof trackerLinkSchema>>;

const trackerWebhookResponseSchema = z
  .object({
    outcome: z.enum(["applied", "unchanged", "replayed", "ignored", "pong"]).meta({
      description:
        "applied: the linked item's status changed; unchanged: it already had it; replayed: this delivery was applied before; ignored: nothing Hindsight acts on; pong: GitHub's ping",
    }),
    message: z.string(),
  })
  .meta({ id: "TrackerWebhookResponse" });
true satisfies SameShape<TrackerWebhookResponse, z.output<typeof trackerWebhookResponseSchema>>;

const itemPath = z.object({ id: z.string().meta({ description: "The action item's id" }) });
const servicePath = z.object({ id: z.string().meta({ description: "The service's id" }) });

const actionItemQuery = z.object({
  owner: z.string().optional().meta({ description: "me, unassigned or a user id" }),
  status: z
    .string()
    .optional()
    .meta({ description: `Statuses, comma-separated: ${ACTION_ITEM_STATUSES.join(", ")}` }),
  overdue: z.enum(["1", "0", "true", "false"]).optional().meta({ description: "Only items past their due date (the caller's today)" }),
  dueWithin: z.number().int().min(1).max(MAX_DUE_WITHIN_DAYS).optional().meta({ description: "Still to do and due within this many days" }),
  severity: z.string().optional(),
  service: z.string().optional().meta({ description: "A service name" }),
  incident: z.string().optional().meta({ description: "An incident's public id" }),
  sort: z.enum(SORTABLE_COLUMNS).optional().meta({ description: "Default: dueDate" }),
  order: z.enum(["asc", "desc"]).optional(),
  page: z.number().int().min(1).optional(),
  size: z
    .enum(PAGE_SIZES.map(String) as [string, ...string[]])
    .optional()
    .meta({ description: "Items a page (default 25)" }),
  cols: z
    .string()
    .optional()
    .meta({ description: `The page's columns (${ACTION_ITEM_COLUMNS.join(", ")}); the API answers every field whatever it says` }),
});

const insightsQuery = z.object({
  from: z.iso
    .date()
    .optional()
    .meta({ description: "First day (YYYY-MM-DD, the caller's zone), on the incident's start; default: 11 months before `to`'s month" }),
  to: z.iso.date().optional().meta({ description: "Last day, included; default today" }),
  service: z.string().optional(),
  severity: z.string().optional(),
});

/** A webhook: no API token; the sender's own credential (`scheme`, in components.securitySchemes). */
function webhook(operationId: string, summary: string, description: string, scheme: string, body: z.ZodType, answer: z.ZodType, created: boolean) {
  return {
    post: operation(TAGS.webhooks, operationId, summary, {
      description,
      security: [{ [scheme]: [] }],
      requestBody: { required: true, ...json(body) },
      responses: {
        200: ok("Received", answer),
        ...(created ? { 201: ok("Received; a draft report was created", answer) } : {}),
        ...errors(400, 401, 413, 415, 422),
      },
    }),
  };
}

export const otherPaths: ZodOpenApiPathsObject = {
  "/api/v1/me": {
    get: operation(TAGS.account, "getMe", "Who the token acts as", {
      description: "A quick check that an API token works: the user, their role and what it may do.",
      responses: { 200: ok("The caller", meResponseSchema), ...authErrors() },
    }),
  },
  "/api/v1/action-items": {
    get: operation(TAGS.actionItems, "listActionItems", "List the action items the caller may see", {
      description: "The /action-items page's filters, sort and paging. A bad parameter is a 422 naming it.",
      requestParams: { query: actionItemQuery },
      responses: { 200: ok("One page of action items", actionItemListResponseSchema), ...authErrors(403, 422) },
    }),
  },
  "/api/v1/action-items/{id}": {
    get: operation(TAGS.actionItems, "getActionItem", "Read an action item", {
      requestParams: { path: itemPath },
      responses: { 200: ok("The item, with the version a change must name", actionItemSchema), ...authErrors(403, 404) },
    }),
    patch: operation(TAGS.actionItems, "updateActionItem", "Change an action item", {
      description:
        "As the table's inline edits: the item's owner, the report's author, managers and admins. `wontDoReason` goes with status WONT_DO. A stale `version` is a 409 carrying the stored item.",
      requestParams: { path: itemPath },
      requestBody: { required: true, ...json(bodyOf(updateActionItemInput, "id")) },
      responses: { 200: ok("The item as saved", actionItemSchema), ...authErrors(403, 404, 409, 415, 422) },
    }),
  },
  "/api/v1/action-items/{id}/tracker": {
    post: operation(TAGS.actionItems, "createTrackerIssue", "Open a GitHub or Jira issue for an action item", {
      description:
        "Creates the issue in that tracker integration (Admin > Integrations) and links the item to it. An item of a private report publishes only its title, priority and due date.",
      requestParams: { path: itemPath },
      requestBody: { required: true, ...json(bodyOf(createTrackerIssueInput, "itemId")) },
      responses: { 201: ok("The link", trackerLinkSchema), ...authErrors(403, 404, 409, 415, 422, 502) },
    }),
  },
  "/api/v1/incidents/{id}/action-items": {
    post: operation(TAGS.actionItems, "createActionItem", "Add an action item to a report", {
      description:
        "As Add action item on the action-items page. An owner must be an active user who can open the report. The list is GET /api/v1/action-items?incident=<public id>.",
      requestParams: { path: incidentPath },
      requestBody: { required: true, ...json(bodyOf(createActionItemInput, "incident")) },
      responses: { 201: ok("The item", actionItemSchema, locationHeader), ...authErrors(403, 404, 415, 422) },
    }),
  },
  "/api/v1/services": {
    get: operation(TAGS.services, "listServices", "The services catalog", {
      description: "By name, each with the figures of the incidents the caller may see.",
      responses: { 200: ok("The catalog", serviceListResponseSchema), ...authErrors(403) },
    }),
    post: operation(TAGS.services, "createService", "Add a service", {
      description: "Admins. Names are unique regardless of case.",
      requestBody: { required: true, ...json(createServiceInput) },
      responses: { 201: ok("The service", serviceEntrySchema, locationHeader), ...authErrors(403, 409, 415, 422) },
    }),
  },
  "/api/v1/services/{id}": {
    get: operation(TAGS.services, "getService", "One service of the catalog", {
      requestParams: { path: servicePath },
      responses: { 200: ok("The service", serviceEntrySchema), ...authErrors(403, 404) },
    }),
    patch: operation(TAGS.services, "updateService", "Rename or describe a service", {
      description:
        "Admins, as Admin > Services saves a row: the fields sent change, the others keep their values; an empty or null `team` or `description` clears it. A rename shows in every report that lists the service. Names are unique regardless of case (409).",
      requestParams: { path: servicePath },
      requestBody: { required: true, ...json(updateServiceInput.omit({ id: true })) },
      responses: { 200: ok("The service as saved", serviceEntrySchema), ...authErrors(403, 404, 409, 415, 422) },
    }),
    delete: operation(TAGS.services, "deleteService", "Delete a service", {
      description:
        "Admins, as Admin > Services. Only a service no incident lists can go: otherwise a 409 saying how many do (rename it instead). A 409 too while a chat webhook of its own is active (revoke it first).",
      requestParams: { path: servicePath },
      responses: { 204: { description: "Deleted" }, ...authErrors(403, 404, 409) },
    }),
  },
  "/api/v1/insights": {
    get: operation(TAGS.insights, "getInsights", "The numbers the Insights page charts", {
      description: "Over the incidents the caller may see, by month in the caller's time zone; up to a minute old (`asOf`).",
      requestParams: { query: insightsQuery },
      responses: { 200: ok("The numbers", insightsResponseSchema), ...authErrors(403, 422) },
    }),
  },
  "/api/v1/webhooks/alertmanager": webhook(
    "receiveAlertmanagerWebhook",
    "Prometheus Alertmanager's webhook",
    "Point an Alertmanager webhook_config at this address with the integration's secret as its bearer credential. A firing group opens a draft report; later notifications of the same group add to its timeline.",
    "alertmanagerSecret",
    alertmanagerWebhookSchema,
    alertWebhookResponseSchema,
    true,
  ),
  "/api/v1/webhooks/pagerduty": webhook(
    "receivePagerdutyWebhook",
    "PagerDuty's V3 webhooks",
    "A PagerDuty webhook subscription (Generic Webhooks v3) signed with the integration's signing secret. One draft report per PagerDuty incident; each event adds to its timeline.",
    "pagerdutySignature",
    pagerdutyWebhookSchema,
    alertWebhookResponseSchema,
    true,
  ),
  "/api/v1/webhooks/github": webhook(
    "receiveGithubWebhook",
    "GitHub's issues webhook",
    "A repository webhook (application/json, the integration's signing secret, the Issues event): an issue closed or reopened closes or reopens the linked action item.",
    "githubSignature",
    githubIssuesWebhookSchema,
    trackerWebhookResponseSchema,
    false,
  ),
  "/api/v1/webhooks/jira": webhook(
    "receiveJiraWebhook",
    "Jira's issue webhook",
    "A Jira Cloud admin webhook (Issue updated, with the integration's signing secret): a status change into or out of the done category closes or reopens the linked action item.",
    "jiraSignature",
    jiraIssueWebhookSchema,
    trackerWebhookResponseSchema,
    false,
  ),
  "/api/v1/openapi.json": {
    get: operation(TAGS.meta, "getOpenApiDocument", "This document", {
      description: "The OpenAPI 3.1 description of /api/v1, public: generate a client from it.",
      security: [],
      responses: { 200: ok("The OpenAPI document", z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) })) },
    }),
  },
};

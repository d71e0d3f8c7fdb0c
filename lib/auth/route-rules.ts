// Who may call each route handler and each server action: the declared rule, one entry per `METHOD /path` (route
// groups left out) and per `module#export` (path from the repository root). test/authorization-matrix.test.ts finds
// every route and action on disk, fails for any without an entry here, and runs each as anonymous, viewer, SRE,
// manager, admin and an outsider of a private report, comparing what the code does with what is declared.
//
// The rule names a permission of lib/auth/permissions.ts (the one list of what a role may do); this file adds only
// what that list cannot say: which calls need no one signed in, which concern one incident (so that a private
// report answers as if it did not exist to whoever cannot open it), and the row rules that narrow a permission to
// some rows (an action item's owner, the reviewers an author asked). The code enforces; this declares, so that the
// test can tell a missing check from an intended one.
import type { Permission, Role } from "@/lib/auth/permissions";

export type Access =
  /**
   * Anyone, signed in or not; `why` says what protects it instead. `ownCredential`: the request carries its own
   * credential (an integration's bearer secret or signature), which no signed-in user or API token stands in for:
   * without it every caller gets a 401.
   */
  | { kind: "public"; why: string; ownCredential?: boolean }
  /** Any signed-in user, whatever the role. */
  | { kind: "signed-in" }
  /** Roles holding the permission. */
  | { kind: "permission"; permission: Permission }
  /** Roles holding the permission (a `self` one), and only ever on the caller's own account. */
  | { kind: "self"; permission: Permission };

/**
 * Rules narrowing a permission to some rows. Each names the people it lets through; `denial` is how a refused
 * caller is answered: 403, or 404 where even the row's existence is not confirmed to them.
 */
export const ROW_RULES = {
  "action-item-editor": {
    description: "the item's owner, the report's author, managers and admins (other SREs see it read-only)",
    denial: 403,
    allows: (role: Role, relation: RowRelation) => role === "MANAGER" || role === "ADMIN" || relation.ownsActionItem || relation.authoredReport,
  },
  "asked-reviewer": {
    description: "only a reviewer the author asked (not the author, unless self-approval is on)",
    denial: 403,
    allows: (_role: Role, relation: RowRelation) => relation.askedToReview && !relation.authoredReport,
  },
  "comment-resolver": {
    description: "the comment's writer, the report's author or an asked reviewer",
    denial: 403,
    allows: (_role: Role, relation: RowRelation) => relation.wroteComment || relation.authoredReport || relation.askedToReview,
  },
  "own-token-or-any-token": {
    description: "one's own API tokens; anyone's with token:manage-any (others' token ids are not confirmed)",
    denial: 404,
    allows: (role: Role, relation: RowRelation) => relation.ownsToken || role === "ADMIN",
  },
} as const satisfies Record<string, { description: string; denial: 403 | 404; allows: (role: Role, relation: RowRelation) => boolean }>;

export type RowRule = keyof typeof ROW_RULES;

/** How the caller stands to the row a call is about. */
export type RowRelation = {
  ownsActionItem: boolean;
  authoredReport: boolean;
  askedToReview: boolean;
  wroteComment: boolean;
  ownsToken: boolean;
};

export type AccessRule = {
  access: Access;
  /**
   * About one incident (named in the path or the input): a private incident answers to someone who cannot open it
   * exactly as an incident that does not exist would, once their role has passed the permission check.
   */
  incident?: boolean;
  row?: RowRule;
};

const publicRoute = (why: string): AccessRule => ({ access: { kind: "public", why } });
/** An inbound webhook: public, and a 401 for any caller without the sender's secret or signature. */
const webhookRoute = (why: string): AccessRule => ({ access: { kind: "public", why, ownCredential: true } });
const needs = (permission: Permission, extra: Omit<AccessRule, "access"> = {}): AccessRule => ({ access: { kind: "permission", permission }, ...extra });
const aboutIncident = (permission: Permission, extra: Omit<AccessRule, "access" | "incident"> = {}): AccessRule =>
  needs(permission, { incident: true, ...extra });
const own = (permission: Permission, extra: Omit<AccessRule, "access"> = {}): AccessRule => ({ access: { kind: "self", permission }, ...extra });

/** Route handlers: `METHOD /path` as the browser asks for it, dynamic segments as in the folder name. */
export const ROUTE_RULES: Record<string, AccessRule> = {
  "GET /api/health": publicRoute("says only whether the database answers, migrations are current and a job worker runs, for load balancers"),
  "GET /api/metrics": publicRoute(
    "Prometheus scrape target: counts only, no names or text; open unless HINDSIGHT_METRICS_TOKEN is set, then its bearer token (never a session) is required",
  ),
  "GET /api/auth/[...nextauth]": publicRoute("Auth.js: sign-in pages, providers, CSRF token, the caller's own session"),
  "POST /api/auth/[...nextauth]": publicRoute("Auth.js: sign-in and sign-out, guarded by its own CSRF token"),
  "GET /api/calendar/[file]": publicRoute("the secret token in the path is the credential; anything else is a 404"),
  "POST /api/unsubscribe/[token]": publicRoute(
    "a reminder mail's one-click unsubscribe (RFC 8058, also POST /unsubscribe/[token] through proxy.ts): the secret token in the path is the credential, an unknown one is a 404; it only ever turns mail off",
  ),
  "POST /api/v1/webhooks/alertmanager": webhookRoute(
    "Alertmanager's webhook: the integration's bearer secret (Authorization: Bearer) is the credential; anything else is a 401",
  ),
  "POST /api/v1/webhooks/pagerduty": webhookRoute(
    "PagerDuty's V3 webhook: the HMAC signature of the body with an integration's signing secret (X-PagerDuty-Signature) is the credential; anything else is a 401",
  ),
  "POST /api/v1/webhooks/github": webhookRoute(
    "GitHub's issues webhook: the HMAC-SHA256 signature of the body with a GitHub integration's signing secret (X-Hub-Signature-256) is the credential; anything else is a 401 and changes nothing",
  ),
  "POST /api/v1/webhooks/jira": webhookRoute(
    "Jira's admin webhook: the HMAC-SHA256 signature of the body with a Jira integration's signing secret (X-Hub-Signature) is the credential; anything else is a 401 and changes nothing",
  ),
  "GET /api/v1/openapi.json": publicRoute(
    "the API's description (OpenAPI 3.1): its shape, which the source publishes anyway, and no data of this instance; tools fetch it without a token",
  ),
  "GET /api/v1/me": { access: { kind: "signed-in" } },

  "GET /api/v1/incidents": needs("incident:read"),
  "POST /api/v1/incidents": needs("incident:create"),
  "POST /api/v1/incidents/import": needs("incident:import"),
  "GET /api/v1/incidents/[id]": aboutIncident("incident:read"),
  "PATCH /api/v1/incidents/[id]": aboutIncident("incident:edit"),
  "GET /api/v1/incidents/[id]/timeline": aboutIncident("incident:read"),
  "POST /api/v1/incidents/[id]/timeline": aboutIncident("incident:edit"),
  "PATCH /api/v1/incidents/[id]/timeline/[eventId]": aboutIncident("incident:edit"),
  "DELETE /api/v1/incidents/[id]/timeline/[eventId]": aboutIncident("incident:edit"),
  "POST /api/v1/incidents/[id]/action-items": aboutIncident("action-item:edit"),
  "GET /incidents/[id]/export": aboutIncident("incident:export"),
  "GET /api/v1/incidents/[id]/history": aboutIncident("audit:read"),
  "GET /api/v1/incidents/[id]/revisions": aboutIncident("incident:read"),

  "POST /api/v1/incidents/[id]/submit": aboutIncident("review:submit"),
  "POST /api/v1/incidents/[id]/approve": aboutIncident("review:approve", { row: "asked-reviewer" }),
  "POST /api/v1/incidents/[id]/request-changes": aboutIncident("review:approve", { row: "asked-reviewer" }),
  "POST /api/v1/incidents/[id]/reopen": aboutIncident("review:reopen"),

  "GET /api/v1/incidents/[id]/attachments": aboutIncident("incident:read"),
  "POST /api/v1/incidents/[id]/attachments": aboutIncident("attachment:upload"),
  "GET /api/v1/incidents/[id]/attachments/[attachmentId]": aboutIncident("incident:read"),
  "DELETE /api/v1/incidents/[id]/attachments/[attachmentId]": aboutIncident("attachment:upload"),

  "GET /api/v1/incidents/[id]/metrics": aboutIncident("incident:read"),
  "POST /api/v1/incidents/[id]/metrics": aboutIncident("attachment:upload"),
  "GET /api/v1/incidents/[id]/metrics/[seriesId]": aboutIncident("incident:read"),
  "GET /api/v1/incidents/[id]/charts": aboutIncident("incident:read"),
  "POST /api/v1/incidents/[id]/charts": aboutIncident("metric:edit"),
  "PATCH /api/v1/incidents/[id]/charts/[chartId]": aboutIncident("metric:edit"),
  "DELETE /api/v1/incidents/[id]/charts/[chartId]": aboutIncident("metric:edit"),

  "GET /api/v1/action-items": needs("incident:read"),
  "GET /api/v1/insights": needs("incident:read"),
  "GET /api/v1/action-items/[id]": aboutIncident("incident:read"),
  "PATCH /api/v1/action-items/[id]": aboutIncident("action-item:edit", { row: "action-item-editor" }),
  // Creating the item's GitHub or Jira issue is changing the item (its tracker link): the same people.
  "POST /api/v1/action-items/[id]/tracker": aboutIncident("action-item:edit", { row: "action-item-editor" }),

  // The catalog's figures count only the incidents the caller may open (lib/services/queries.ts).
  "GET /api/v1/services": needs("incident:read"),
  "POST /api/v1/services": needs("service:manage"),
  "GET /api/v1/services/[id]": needs("incident:read"),
  "PATCH /api/v1/services/[id]": needs("service:manage"),
  "DELETE /api/v1/services/[id]": needs("service:manage"),
};

/** Server actions: `path/to/module.ts#exportName`. */
export const ACTION_RULES: Record<string, AccessRule> = {
  "lib/auth/sign-in.ts#signInWithPassword": publicRoute("the sign-in form: the password is the credential, throttled per account and address"),
  "lib/auth/sign-in.ts#signInWithOidc": publicRoute("starts single sign-on at the identity provider"),
  "lib/auth/sign-in.ts#signOutAction": publicRoute("ends the caller's own session, if any"),
  "app/(auth)/setup/actions.ts#createFirstAdminAction": publicRoute("first run only: refused (409) once any user exists"),

  "app/(app)/account/actions.ts#updateProfileAction": own("profile:edit-own"),
  "app/(app)/account/actions.ts#changePasswordAction": own("profile:edit-own"),
  "app/(app)/account/actions.ts#endAllSessionsAction": own("profile:edit-own"),
  "app/(app)/account/actions.ts#createTokenAction": own("token:manage-own"),
  "app/(app)/account/actions.ts#revokeTokenAction": own("token:manage-own", { row: "own-token-or-any-token" }),
  "app/(app)/account/calendar-actions.ts#regenerateCalendarTokenAction": own("profile:edit-own"),

  "app/(app)/incidents/new/actions.ts#createReportAction": needs("incident:create"),
  "app/(app)/incidents/import/actions.ts#previewImportAction": needs("incident:import"),
  "app/(app)/incidents/import/actions.ts#createImportAction": needs("incident:import"),
  "app/(app)/incidents/[id]/edit/actions.ts#saveReportAction": aboutIncident("incident:edit"),
  "app/(app)/incidents/[id]/follow-up-actions.ts#scheduleFollowUpAction": aboutIncident("follow-up:edit"),
  "app/(app)/incidents/[id]/follow-up-actions.ts#updateFollowUpAction": aboutIncident("follow-up:edit"),
  "app/(app)/incidents/[id]/follow-up-actions.ts#recordFollowUpOutcomeAction": aboutIncident("follow-up:edit"),

  "app/(app)/reviews/actions.ts#submitForReviewAction": aboutIncident("review:submit"),
  "app/(app)/reviews/actions.ts#approveReportAction": aboutIncident("review:approve", { row: "asked-reviewer" }),
  "app/(app)/reviews/actions.ts#requestChangesAction": aboutIncident("review:approve", { row: "asked-reviewer" }),
  "app/(app)/reviews/actions.ts#reopenReportAction": aboutIncident("review:reopen"),
  "app/(app)/reviews/actions.ts#addCommentAction": aboutIncident("review:comment"),
  "app/(app)/reviews/actions.ts#resolveCommentAction": aboutIncident("review:comment", { row: "comment-resolver" }),

  "app/(app)/action-items/actions.ts#createActionItemAction": aboutIncident("action-item:edit"),
  "app/(app)/action-items/actions.ts#updateActionItemAction": aboutIncident("action-item:edit", { row: "action-item-editor" }),

  "app/(app)/admin/users/actions.ts#createUserAction": needs("user:manage"),
  "app/(app)/admin/users/actions.ts#updateUserRoleAction": needs("user:manage"),
  "app/(app)/admin/users/actions.ts#setUserActiveAction": needs("user:manage"),
  "app/(app)/admin/services/actions.ts#createServiceAction": needs("service:manage"),
  "app/(app)/admin/services/actions.ts#updateServiceAction": needs("service:manage"),
  "app/(app)/admin/services/actions.ts#deleteServiceAction": needs("service:manage"),
  "app/(app)/admin/templates/actions.ts#createTemplateAction": needs("template:manage"),
  "app/(app)/admin/templates/actions.ts#updateTemplateAction": needs("template:manage"),
  "app/(app)/admin/templates/actions.ts#setDefaultTemplateAction": needs("template:manage"),
  "app/(app)/admin/templates/actions.ts#deleteTemplateAction": needs("template:manage"),
  "app/(app)/admin/settings/actions.ts#updateSettingsAction": needs("settings:manage"),
  "app/(app)/admin/integrations/actions.ts#createIntegrationAction": needs("integration:manage"),
  "app/(app)/admin/integrations/actions.ts#revokeIntegrationAction": needs("integration:manage"),
  // Retrying a failed reminder runs the reminder machinery, which is the settings' owners' (lib/reminders/mutations).
  "app/(app)/admin/outbox/actions.ts#retryDeliveryAction": needs("settings:manage"),
  // Retrying a failed chat message or tracker update calls an integration: theirs who manage integrations (lib/outbound).
  "app/(app)/admin/outbox/actions.ts#retryHookDeliveryAction": needs("integration:manage"),
};

/** The permission a rule requires, or null when it needs none (public, any signed-in user). */
export function requiredPermission(rule: AccessRule): Permission | null {
  return rule.access.kind === "permission" || rule.access.kind === "self" ? rule.access.permission : null;
}

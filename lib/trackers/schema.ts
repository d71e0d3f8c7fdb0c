// Shapes that cross a boundary in tracker sync: creating an issue from an action item, the webhooks GitHub and Jira
// send when an issue changes, and what queued tracker updates carry. Pure: safe for client components.
import { z } from "zod";

export const TRACKER_KINDS = ["GITHUB", "JIRA"] as const;
export type TrackerKind = (typeof TRACKER_KINDS)[number];

export const TRACKER_KIND_LABELS: Record<TrackerKind, string> = { GITHUB: "GitHub", JIRA: "Jira" };

/** POST /api/v1/action-items/{id}/tracker, and the table's "Create GitHub issue" button. */
export const createTrackerIssueInput = z.object({
  itemId: z.string({ error: "Missing id." }).trim().min(1, "Missing id.").max(64),
  /**
   * a GITHUB or JIRA integration (Admin > Integrations). Optional here only so that whether the caller may change the
   * item is answered first (lib/trackers/mutations.ts): a missing one is then refused naming it.
   */
  integrationId: z.string({ error: "Name the tracker integration." }).trim().max(64).optional(),
});
export type CreateTrackerIssueInput = z.input<typeof createTrackerIssueInput>;

/** The link stored on the item: what the API answers after creating an issue. */
export type TrackerLink = {
  actionItemId: string;
  integrationId: string;
  kind: TrackerKind;
  /** "owner/repo#12" (GitHub), "OPS-12" (Jira) */
  trackerKey: string;
  /** the issue's page for people */
  trackerUrl: string;
  /** the item's version after linking */
  version: number;
};

/** A tracker people may create issues in, as the action-item table offers it (no secrets). */
export type TrackerOption = {
  id: string;
  kind: TrackerKind;
  name: string;
  /** where issues go: "owner/repo" or the Jira project key */
  target: string;
};

/** What a queued "tracker.close" / "tracker.reopen" HookDelivery carries: which item, linked to which issue. */
export const trackerUpdatePayload = z.object({ itemId: z.string().min(1), trackerKey: z.string().min(1) });
export type TrackerUpdatePayload = z.output<typeof trackerUpdatePayload>;

// ---------------------------------------------------------------------------------------------------------------
// Incoming webhooks: only the fields Hindsight reads; everything else in the payloads is left alone.

/**
 * GitHub's `issues` webhook event (X-GitHub-Event: issues), as documented at
 * https://docs.github.com/en/webhooks/webhook-events-and-payloads#issues. Hindsight acts on `closed` and `reopened`.
 */
export const githubIssuesWebhookSchema = z
  .object({
    action: z.string().meta({ description: "closed and reopened are acted on; other actions are acknowledged and ignored" }),
    issue: z.object({
      number: z.number().int().positive(),
      html_url: z.string(),
      state: z.enum(["open", "closed"]),
      /** completed, not_planned, duplicate, reopened, or null */
      state_reason: z.string().nullish(),
    }),
    repository: z.object({ full_name: z.string().meta({ description: "owner/name" }) }),
  })
  .meta({
    id: "GithubIssuesWebhook",
    description:
      "GitHub `issues` event, signed with X-Hub-Signature-256 (sha256= HMAC-SHA256 of the body with the integration's signing secret); X-GitHub-Delivery is the replay id.",
  });
export type GithubIssuesWebhook = z.output<typeof githubIssuesWebhookSchema>;

/**
 * Jira Cloud's `jira:issue_updated` admin webhook, as documented at
 * https://developer.atlassian.com/cloud/jira/platform/webhooks/. A change of the `status` field is acted on.
 */
export const jiraIssueWebhookSchema = z
  .object({
    webhookEvent: z.string().meta({ description: "jira:issue_updated is acted on; other events are acknowledged and ignored" }),
    timestamp: z.number().int().optional(),
    issue: z.object({
      id: z.string(),
      key: z.string(),
      fields: z.object({
        status: z.object({
          name: z.string(),
          statusCategory: z.object({ key: z.string().meta({ description: "new, indeterminate or done" }) }),
        }),
      }),
    }),
    changelog: z
      .object({
        id: z.string().optional(),
        items: z.array(z.object({ field: z.string() })),
      })
      .optional(),
  })
  .meta({
    id: "JiraIssueWebhook",
    description:
      "Jira `jira:issue_updated` event from an admin webhook with a secret, signed with X-Hub-Signature (sha256= HMAC-SHA256 of the body); X-Atlassian-Webhook-Identifier is the replay id.",
  });
export type JiraIssueWebhook = z.output<typeof jiraIssueWebhookSchema>;

/** What the webhooks answer (200) once the signature matched. */
export type TrackerWebhookResponse = {
  /**
   * applied: the linked item's status changed; unchanged: it already had that status; replayed: this delivery was
   * applied before; ignored: an event or issue Hindsight does not act on (no linked item); pong: GitHub's ping.
   */
  outcome: "applied" | "unchanged" | "replayed" | "ignored" | "pong";
  message: string;
};

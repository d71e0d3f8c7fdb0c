// Shapes of integration input and of each kind's settings. Pure: safe for client components (the admin form).
import { z } from "zod";
import { oneLine } from "@/lib/text/schema";

// Not lib/users/schema's idSchema: that module loads the password hasher, which cannot go to the browser.
const idSchema = z.string({ error: "Missing id." }).trim().min(1, "Missing id.").max(64);

export const INTEGRATION_KINDS = ["ALERTMANAGER", "PAGERDUTY", "CHAT", "GITHUB", "JIRA"] as const;
export type IntegrationKindName = (typeof INTEGRATION_KINDS)[number];

export const INTEGRATION_KIND_LABELS: Record<IntegrationKindName, string> = {
  ALERTMANAGER: "Prometheus Alertmanager",
  PAGERDUTY: "PagerDuty",
  CHAT: "Chat webhook (Slack, Mattermost, Teams)",
  GITHUB: "GitHub issues",
  JIRA: "Jira issues",
};

/** The inbound webhook path of each kind that receives one (under the app's base URL). */
export const INTEGRATION_WEBHOOK_PATHS: Partial<Record<IntegrationKindName, string>> = {
  ALERTMANAGER: "/api/v1/webhooks/alertmanager",
  PAGERDUTY: "/api/v1/webhooks/pagerduty",
  GITHUB: "/api/v1/webhooks/github",
  JIRA: "/api/v1/webhooks/jira",
};

/** Each kind's webhook URL on this instance; null for a kind that receives none. */
export type IntegrationWebhookUrls = Record<IntegrationKindName, string | null>;

/** Events a chat webhook can post. */
export const CHAT_EVENTS = ["review.submitted", "review.approved", "action-items.overdue"] as const;
export type ChatEvent = (typeof CHAT_EVENTS)[number];
export const CHAT_EVENT_LABELS: Record<ChatEvent, string> = {
  "review.submitted": "Report submitted for review",
  "review.approved": "Report approved",
  "action-items.overdue": "Action items overdue (daily summary)",
};
/** slack: Slack and Mattermost incoming webhooks ({ text, blocks }); teams: a Microsoft Teams workflow webhook (Adaptive Card). */
export const CHAT_FORMATS = ["slack", "teams"] as const;
export type ChatFormat = (typeof CHAT_FORMATS)[number];

const httpsUrl = (what: string) =>
  z
    .string({ error: `Enter ${what}.` })
    .trim()
    .min(1, `Enter ${what}.`)
    .max(2_000, `Shorten ${what}: at most 2,000 characters.`)
    .refine((value) => /^https?:\/\/[^/\s]/i.test(value) && URL.canParse(value), `Enter ${what} as an http(s):// URL.`)
    .transform((value) => value.replace(/\/+$/, ""));

const secretText = (what: string) =>
  z
    .string({ error: `Enter ${what}.` })
    .trim()
    .min(1, `Enter ${what}.`)
    .max(4_000, `Shorten ${what}: at most 4,000 characters.`);

/** A form's empty field means "not given", so that a setting's default applies (a form sends "" for it). */
const emptyAsUnset = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/** Checkbox groups: a form sends one value as a string, none as nothing at all. */
const asList = (value: unknown) => (value === undefined ? [] : typeof value === "string" ? [value] : value);

const name = oneLine(
  z.string({ error: "Give the integration a name." }).trim().min(1, "Give the integration a name.").max(100, "A name has at most 100 characters."),
);

/** Settings kept in Integration.config, by kind (never secret). */
export const chatConfig = z.object({
  format: z.enum(CHAT_FORMATS, { error: "Choose slack (Slack, Mattermost) or teams." }),
  events: z.array(z.enum(CHAT_EVENTS, { error: `An event is one of ${CHAT_EVENTS.join(", ")}.` })).min(1, "Choose at least one event."),
});
export const githubConfig = z.object({
  /** "owner/name" */
  repository: z
    .string({ error: "Enter the repository as owner/name." })
    .trim()
    .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "Enter the repository as owner/name."),
  /** https://api.github.com, or a GitHub Enterprise Server's https://HOST/api/v3 */
  apiUrl: z.preprocess(emptyAsUnset, httpsUrl("the API URL").default("https://api.github.com")),
});
export const jiraConfig = z.object({
  /** https://your-site.atlassian.net */
  baseUrl: httpsUrl("the Jira site URL"),
  /** the Atlassian account the API token belongs to (basic auth user) */
  email: z.string({ error: "Enter the Atlassian account's email." }).trim().email("Enter the Atlassian account's email."),
  projectKey: z
    .string({ error: "Enter the project key." })
    .trim()
    .regex(/^[A-Z][A-Z0-9_]{0,19}$/, "Enter the project key, e.g. OPS."),
  issueType: z.preprocess(
    emptyAsUnset,
    z.string({ error: "Enter the issue type." }).trim().max(100, "An issue type has at most 100 characters.").default("Task"),
  ),
  /** the status category an issue counts as closed in; its transition is used to close */
  doneStatus: z.preprocess(emptyAsUnset, z.string({ error: "Enter the done status." }).trim().max(100, "A status has at most 100 characters.").default("Done")),
});
export type ChatConfig = z.output<typeof chatConfig>;
export type GithubConfig = z.output<typeof githubConfig>;
export type JiraConfig = z.output<typeof jiraConfig>;

/** Secrets kept sealed (lib/integrations/sealed.ts), by kind. */
export type SealedSecrets = { signingSecret?: string; apiToken?: string; webhookUrl?: string };

export const createIntegrationInput = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("ALERTMANAGER"), name }),
    // PagerDuty issues the signing secret when its webhook subscription is created: the admin pastes it here.
    z.object({ kind: z.literal("PAGERDUTY"), name, signingSecret: secretText("PagerDuty's signing secret") }),
    z.object({
      kind: z.literal("CHAT"),
      name,
      webhookUrl: httpsUrl("the webhook URL"),
      serviceId: z.preprocess(emptyAsUnset, idSchema.optional()),
      ...chatConfig.shape,
      events: z.preprocess(asList, chatConfig.shape.events),
    }),
    z.object({ kind: z.literal("GITHUB"), name, apiToken: secretText("a GitHub token"), ...githubConfig.shape }),
    z.object({ kind: z.literal("JIRA"), name, apiToken: secretText("a Jira API token"), ...jiraConfig.shape }),
  ],
  { error: `Choose a kind: ${INTEGRATION_KINDS.join(", ")}.` },
);
export type CreateIntegrationInput = z.input<typeof createIntegrationInput>;

/** What the admin page shows once after creating an integration: where the sender posts, and the generated secret. */
export type CreatedIntegrationNotice = { kind: IntegrationKindName; name: string; webhookUrl: string | null; secret: string | null };

export const revokeIntegrationInput = z.object({ integrationId: idSchema });
export type RevokeIntegrationInput = z.input<typeof revokeIntegrationInput>;

// Tracker -> Hindsight: GitHub's and Jira's webhooks telling that an issue was closed or reopened. Each request is
// checked before anything is read from it: its signature (HMAC-SHA256 of the raw body with the signing secret Hindsight
// generated for the integration) must match one active integration of that kind, else a 401, logged in one line that
// names no secret, and nothing changes. Then the change is applied once per delivery id (a replay changes nothing) to
// the item linked to that issue, as SYSTEM, and is not sent back to the tracker.
import "server-only";
import { createHash } from "node:crypto";
import type { z } from "zod";
import { readBodyWithLimit } from "@/lib/api/http";
import { systemActor } from "@/lib/auth/actor";
import { InvalidInputError, PayloadTooLargeError } from "@/lib/errors";
import { activeIntegrations, markIntegrationUsed, type OpenIntegration } from "@/lib/integrations/queries";
import { refuseWebhook } from "@/lib/integrations/refuse";
import { hmacSha256Hex, safeEqual } from "@/lib/integrations/secrets";
import { applyTrackerIssueState, type TrackerIssueStateResult } from "@/lib/trackers/mutations";
import { githubIssuesWebhookSchema, jiraIssueWebhookSchema, type TrackerWebhookResponse } from "@/lib/trackers/schema";
import { githubKey } from "@/lib/trackers/github";

/** Issue events are a few kB; Jira sends every field of the issue, so leave room. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

async function readBody(request: Request): Promise<Uint8Array> {
  return readBodyWithLimit(request, MAX_BODY_BYTES, () => new PayloadTooLargeError("The webhook body is over 5 MB; Hindsight reads issue events only."));
}

/** The active integration of `kind` whose signing secret signed `body`, or a 401. */
async function signer(kind: "GITHUB" | "JIRA", header: string, request: Request, body: Uint8Array): Promise<OpenIntegration> {
  const tracker = kind === "GITHUB" ? "GitHub" : "Jira";
  const presented = /^sha256=([0-9a-f]{64})$/i.exec(request.headers.get(header)?.trim() ?? "")?.[1]?.toLowerCase();
  if (!presented)
    refuseWebhook(
      tracker,
      request,
      `no ${header} signature`,
      `Sign the webhook: the ${header} header (sha256=<hex>) is missing or malformed. Set the secret in ${tracker}'s webhook.`,
    );
  for (const integration of await activeIntegrations(kind)) {
    const secret = integration.secrets.signingSecret;
    if (secret && safeEqual(hmacSha256Hex(secret, body), presented)) {
      await markIntegrationUsed(integration.id);
      return integration;
    }
  }
  refuseWebhook(
    tracker,
    request,
    `the ${header} signature matches no active integration`,
    `The ${header} signature matches no active ${tracker} integration's signing secret. Nothing was changed.`,
  );
}

function parsePayload<S extends z.ZodType>(schema: S, body: Uint8Array, what: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new InvalidInputError(`The ${what} body is not valid JSON.`, [{ path: "(body)", message: "Not valid JSON" }]);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw InvalidInputError.fromZod(parsed.error, `Not a ${what} Hindsight reads`);
  return parsed.data;
}

function answer(result: TrackerIssueStateResult, key: string, state: "closed" | "open"): TrackerWebhookResponse {
  switch (result.outcome) {
    case "ignored":
      return { outcome: "ignored", message: `No action item is linked to ${key}.` };
    case "replayed":
      return { outcome: "replayed", message: "This delivery was applied before; nothing changed." };
    case "unchanged":
      return { outcome: "unchanged", message: `The action item linked to ${key} is already ${state === "closed" ? "closed" : "open"}.` };
    case "applied":
      return { outcome: "applied", message: `The action item linked to ${key} is now ${state === "closed" ? "closed" : "open"}.` };
  }
}

const ignored = (message: string): TrackerWebhookResponse => ({ outcome: "ignored", message });

/** POST /api/v1/webhooks/github: `issues` closed or reopened; `ping` (sent when the webhook is added) is answered. */
export async function receiveGithubWebhook(request: Request): Promise<TrackerWebhookResponse> {
  const body = await readBody(request);
  const integration = await signer("GITHUB", "x-hub-signature-256", request, body);
  const event = request.headers.get("x-github-event");
  if (event === "ping") return { outcome: "pong", message: `Hindsight's integration "${integration.name}" received GitHub's ping.` };
  if (event !== "issues") return ignored(`Hindsight acts on "issues" events only, not "${event ?? "(none)"}".`);
  const payload = parsePayload(githubIssuesWebhookSchema, body, "GitHub issues event");
  if (payload.action !== "closed" && payload.action !== "reopened") return ignored(`Hindsight acts on issues closed or reopened, not "${payload.action}".`);
  const delivery = request.headers.get("x-github-delivery")?.trim();
  if (!delivery) throw new InvalidInputError("The X-GitHub-Delivery header is missing.", [{ path: "X-GitHub-Delivery", message: "is required" }]);

  const key = githubKey(payload.repository.full_name, payload.issue.number);
  const state = payload.action === "closed" ? "closed" : "open";
  const result = await applyTrackerIssueState(
    {
      integrationId: integration.id,
      integrationName: integration.name,
      trackerKey: key,
      eventId: `github:${delivery}`,
      state,
      notPlanned: state === "closed" && payload.issue.state_reason === "not_planned",
      tracker: "GitHub",
    },
    systemActor(`webhook:github:${integration.id}`),
  );
  return answer(result, key, state);
}

/** POST /api/v1/webhooks/jira: `jira:issue_updated` whose changelog changes the status. */
export async function receiveJiraWebhook(request: Request): Promise<TrackerWebhookResponse> {
  const body = await readBody(request);
  const integration = await signer("JIRA", "x-hub-signature", request, body);
  const payload = parsePayload(jiraIssueWebhookSchema, body, "Jira issue event");
  if (payload.webhookEvent !== "jira:issue_updated") return ignored(`Hindsight acts on jira:issue_updated only, not "${payload.webhookEvent}".`);
  if (!payload.changelog?.items.some((item) => item.field.toLowerCase() === "status")) return ignored("The update does not change the issue's status.");

  // Unique per delivery and the same on Jira's retries; without it, the change itself identifies the event.
  const identifier = request.headers.get("x-atlassian-webhook-identifier")?.trim();
  const eventId = identifier
    ? `jira:${identifier}`
    : payload.changelog.id
      ? `jira:${payload.timestamp ?? ""}:${payload.issue.id}:${payload.changelog.id}`
      : `jira-body:${createHash("sha256").update(body).digest("hex")}`;
  const state = payload.issue.fields.status.statusCategory.key === "done" ? "closed" : "open";
  const result = await applyTrackerIssueState(
    { integrationId: integration.id, integrationName: integration.name, trackerKey: payload.issue.key, eventId, state, tracker: "Jira" },
    systemActor(`webhook:jira:${integration.id}`),
  );
  return answer(result, payload.issue.key, state);
}

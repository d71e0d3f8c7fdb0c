// PagerDuty's V3 webhooks (a webhook subscription, "Generic Webhooks (v3)"), as documented at
// https://developer.pagerduty.com/docs/webhooks/v3-overview/ and "Verifying Signatures": one event per request,
// signed with X-PagerDuty-Signature. Each PagerDuty incident has one draft; its events are the draft's timeline. Pure.
import { z } from "zod";
import { acceptedDateTime } from "@/lib/time/accepted-range";
import { InvalidInputError } from "@/lib/errors";
import type { DraftChange, DraftEvent } from "@/lib/alerts/schema";
import type { TimelineEventKind } from "@/lib/incidents/enums";
import { hmacSha256Hex, safeEqual } from "@/lib/integrations/secrets";
import { clipLine, clipText } from "@/lib/alerts/text";

/** A reference to a PagerDuty object (user, service, priority, escalation policy): its id, name and page. */
const reference = z.object({
  id: z.string().max(200).optional(),
  summary: z.string().max(2_000).nullish(),
  html_url: z.string().max(2_000).nullish(),
});

/** `event.data` of the incident events (triggered, acknowledged, escalated, resolved, ...): the incident. */
export const pagerdutyIncidentSchema = z
  .object({
    id: z.string().min(1, "must not be empty").max(200),
    number: z.number().int().optional(),
    title: z.string().max(10_000).default(""),
    status: z.string().max(100).optional(),
    urgency: z.string().max(100).nullish(),
    priority: reference.nullish(),
    service: reference.nullish(),
    html_url: z.string().max(2_000).nullish(),
    created_at: acceptedDateTime().optional(),
    assignees: z.array(reference).max(100).optional(),
    escalation_policy: reference.nullish(),
    resolve_reason: z.unknown().optional(),
  })
  .meta({ id: "PagerdutyIncident" });
export type PagerdutyIncident = z.output<typeof pagerdutyIncidentSchema>;

const incidentReference = reference.extend({ id: z.string().min(1, "must not be empty").max(200) });

/** `event.data` of incident.annotated: the note. */
export const pagerdutyIncidentNoteSchema = z.object({ incident: incidentReference, content: z.string().max(100_000) }).meta({ id: "PagerdutyIncidentNote" });
/** `event.data` of incident.status_update_published. */
export const pagerdutyStatusUpdateSchema = z.object({ incident: incidentReference, message: z.string().max(100_000) }).meta({ id: "PagerdutyStatusUpdate" });
/** `event.data` of incident.responder.added and .replied. */
export const pagerdutyResponderSchema = z
  .object({ incident: incidentReference, user: reference.nullish(), message: z.string().max(100_000).nullish(), state: z.string().max(100).nullish() })
  .meta({ id: "PagerdutyResponder" });

export const pagerdutyWebhookSchema = z
  .object({
    event: z.object({
      id: z.string().min(1, "must not be empty").max(200).meta({ description: "Unique per event: a replay of it changes nothing" }),
      event_type: z.string().min(1, "must not be empty").max(100).meta({ description: "incident.triggered, incident.acknowledged, ..." }),
      resource_type: z.string().max(100).optional(),
      occurred_at: acceptedDateTime(),
      agent: reference.nullish().meta({ description: "Who or what initiated the event" }),
      data: z.looseObject({ type: z.string().max(100).optional() }).meta({
        description:
          "By event_type: the incident (incident.triggered, .acknowledged, .unacknowledged, .escalated, .reassigned, .delegated, .priority_updated, .resolved, .reopened), the note (incident.annotated), the status update (incident.status_update_published) or the responder request (incident.responder.*). Other events are acknowledged and ignored.",
      }),
    }),
  })
  .meta({
    id: "PagerdutyWebhook",
    description:
      "A PagerDuty V3 webhook event, signed with X-PagerDuty-Signature (v1=<hex HMAC-SHA256 of the raw body with the subscription's signing secret>, several comma-separated during a rotation). One draft report per PagerDuty incident; each event adds to its timeline.",
  });
export type PagerdutyWebhook = z.output<typeof pagerdutyWebhookSchema>;

/** At most this many signatures are read from one header (PagerDuty sends two during a secret rotation). */
const MAX_SIGNATURES = 10;

/** The `v1=` signatures of an X-PagerDuty-Signature header, lower-cased hex; other versions and junk are left out. */
export function pagerdutySignatures(header: string | null): string[] {
  return (header ?? "")
    .split(",")
    .slice(0, MAX_SIGNATURES)
    .map((part) => /^v1=([0-9a-f]{64})$/i.exec(part.trim())?.[1]?.toLowerCase())
    .filter((signature): signature is string => signature !== undefined);
}

/** Whether any of `signatures` is the body's HMAC-SHA256 under `secret` (compared in constant time). */
export function signedWith(secret: string, body: Uint8Array, signatures: string[]): boolean {
  const expected = hmacSha256Hex(secret, body);
  // every signature is compared, matched or not: how many there were to try is not hidden, which one matched is
  return signatures.map((signature) => safeEqual(expected, signature)).includes(true);
}

type EventShape = { kind: TimelineEventKind; text: string; milestone?: DraftEvent["milestone"]; opens?: boolean; state?: DraftChange["state"] };

/** What the incident events say, and how each shows on the timeline. */
const INCIDENT_EVENTS: Record<string, (incident: PagerdutyIncident, by: string) => EventShape> = {
  "incident.triggered": (incident) => ({
    kind: "ALERT",
    text: `Triggered in PagerDuty: ${describeIncident(incident)}`,
    milestone: "DETECTED",
    opens: true,
    state: "firing",
  }),
  "incident.acknowledged": (_incident, by) => ({ kind: "ACTION", text: `Acknowledged in PagerDuty${by}.` }),
  "incident.unacknowledged": () => ({ kind: "OBSERVATION", text: "Unacknowledged in PagerDuty: the acknowledgement timed out." }),
  "incident.escalated": (incident) => ({ kind: "PAGE", text: `Escalated in PagerDuty${assignedTo(incident)}.` }),
  "incident.reassigned": (incident, by) => ({ kind: "PAGE", text: `Reassigned in PagerDuty${by}${assignedTo(incident)}.` }),
  "incident.delegated": (incident, by) => ({
    kind: "PAGE",
    text: `Delegated in PagerDuty${by}${incident.escalation_policy?.summary ? ` to the escalation policy ${clipLine(incident.escalation_policy.summary, 200)}` : ""}.`,
  }),
  "incident.priority_updated": (incident, by) => ({
    kind: "OBSERVATION",
    text: `Priority ${incident.priority?.summary ? `set to ${clipLine(incident.priority.summary, 100)}` : "removed"} in PagerDuty${by}.`,
  }),
  "incident.resolved": (_incident, by) => ({ kind: "MILESTONE", text: `Resolved in PagerDuty${by}.`, milestone: "RESOLVED", state: "resolved" }),
  "incident.reopened": (_incident, by) => ({ kind: "ALERT", text: `Reopened in PagerDuty${by}.`, opens: true, state: "firing" }),
};

function describeIncident(incident: PagerdutyIncident): string {
  const facts = [
    incident.service?.summary ? `service ${clipLine(incident.service.summary, 200)}` : null,
    incident.urgency ? `urgency ${clipLine(incident.urgency, 50)}` : null,
    incident.priority?.summary ? `priority ${clipLine(incident.priority.summary, 100)}` : null,
  ].filter(Boolean);
  const name = `${incident.number !== undefined ? `#${incident.number} ` : ""}${clipLine(incident.title || incident.id, 1_000)}`;
  return `${name}${facts.length ? ` (${facts.join(", ")})` : ""}${link(incident.html_url)}`;
}

function assignedTo(incident: PagerdutyIncident): string {
  const names = (incident.assignees ?? []).flatMap((user) => (user.summary ? [clipLine(user.summary, 200)] : []));
  return names.length ? ` to ${names.join(", ")}` : "";
}

/** " [Open in PagerDuty](https://...)" for an https page address; nothing for anything else. */
function link(url: string | null | undefined): string {
  return url && /^https:\/\/[^\s()<>]+$/.test(url) ? ` [Open in PagerDuty](${url})` : "";
}

function parseData<S extends z.ZodType>(schema: S, data: unknown, eventType: string): z.output<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ path: ["event", "data", ...issue.path.map(String)].join("."), message: issue.message }));
  throw new InvalidInputError(`Not a PagerDuty ${eventType} event Hindsight reads: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues);
}

/** The PagerDuty incident an event is about, and what it adds; null for events about anything else (a ping, a service). */
function readEvent(
  event: PagerdutyWebhook["event"],
  by: string,
): { incident: { id: string; title: string; full?: PagerdutyIncident }; shape: EventShape } | null {
  const type = event.event_type;
  const describe = INCIDENT_EVENTS[type];
  if (describe) {
    const incident = parseData(pagerdutyIncidentSchema, event.data, type);
    return { incident: { id: incident.id, title: incident.title, full: incident }, shape: describe(incident, by) };
  }
  if (type === "incident.annotated") {
    const note = parseData(pagerdutyIncidentNoteSchema, event.data, type);
    return {
      incident: { id: note.incident.id, title: note.incident.summary ?? "" },
      shape: { kind: "OBSERVATION", text: `Note in PagerDuty${by}: ${note.content}` },
    };
  }
  if (type === "incident.status_update_published") {
    const update = parseData(pagerdutyStatusUpdateSchema, event.data, type);
    return {
      incident: { id: update.incident.id, title: update.incident.summary ?? "" },
      shape: { kind: "OBSERVATION", text: `Status update in PagerDuty${by}: ${update.message}` },
    };
  }
  if (type === "incident.responder.added" || type === "incident.responder.replied") {
    const responder = parseData(pagerdutyResponderSchema, event.data, type);
    const who = responder.user?.summary ? clipLine(responder.user.summary, 200) : "a responder";
    const text =
      type === "incident.responder.added"
        ? `Responder requested in PagerDuty${by}: ${who}${responder.message ? ` (${clipLine(responder.message, 2_000)})` : ""}.`
        : `${who} answered the responder request in PagerDuty${responder.state ? `: ${clipLine(responder.state, 100)}` : ""}.`;
    return {
      incident: { id: responder.incident.id, title: responder.incident.summary ?? "" },
      shape: { kind: type === "incident.responder.added" ? "PAGE" : "OBSERVATION", text },
    };
  }
  return null;
}

/** The words that place a PagerDuty incident on the severity scale: its priority (P1, SEV-2), else its urgency. */
function severityLabel(incident: PagerdutyIncident | undefined): string | null {
  if (incident?.priority?.summary) return incident.priority.summary;
  if (incident?.urgency === "high") return "critical";
  if (incident?.urgency === "low") return "info";
  return null;
}

/** What one PagerDuty event adds to the draft of its incident; null when it is about no incident. */
export function pagerdutyDraftChange(payload: PagerdutyWebhook, integration: { id: string; name: string }): DraftChange | null {
  const { event } = payload;
  const by = event.agent?.summary ? ` by ${clipLine(event.agent.summary, 200)}` : "";
  const read = readEvent(event, by);
  if (!read) return null;
  const { incident, shape } = read;
  const full = incident.full;
  const occurredAt = new Date(event.occurred_at).toISOString();
  const created = full?.created_at ? new Date(full.created_at).toISOString() : occurredAt;
  const title = clipLine(incident.title || `PagerDuty incident ${full?.number !== undefined ? `#${full.number}` : incident.id}`, 300);
  return {
    integration: { id: integration.id, name: integration.name, kind: "PAGERDUTY" },
    externalKey: `incident:${incident.id}`,
    draft: {
      title,
      severityLabels: [severityLabel(full)],
      serviceNames: full?.service?.summary ? [clipLine(full.service.summary, 200)] : [],
      startedAt: created < occurredAt ? created : occurredAt,
      detection: clipText(
        `Opened from PagerDuty incident ${full?.number !== undefined ? `#${full.number} ` : ""}${clipLine(incident.id, 200)} (integration "${integration.name}").${link(full?.html_url)}`,
        10_000,
      ),
    },
    events: [
      {
        externalId: `pagerduty:${event.id}`,
        occurredAt,
        text: clipText(shape.text, 10_000),
        kind: shape.kind,
        milestone: shape.milestone ?? null,
        opens: shape.opens ?? false,
      },
    ],
    state: shape.state ?? null,
    endedAt: shape.state === "resolved" ? occurredAt : null,
  };
}

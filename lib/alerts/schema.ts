// Drafts from alerts: what an Alertmanager notification or a PagerDuty event becomes before it touches the database
// (lib/alerts/alertmanager.ts and pagerduty.ts make it, lib/alerts/drafts.ts applies it), and what the webhooks
// answer. Pure.
import { z } from "zod";
import { TIMELINE_EVENT_KINDS } from "@/lib/incidents/enums";

export const DRAFT_SOURCES = ["ALERTMANAGER", "PAGERDUTY"] as const;
export type DraftSource = (typeof DRAFT_SOURCES)[number];

export const DRAFT_SOURCE_LABELS: Record<DraftSource, string> = { ALERTMANAGER: "Prometheus Alertmanager", PAGERDUTY: "PagerDuty" };

/** One thing that happened, as a timeline event of the draft. */
export const draftEventSchema = z.object({
  /** Unique per integration and never the same for two different happenings: a replay of it is recognised by it. */
  externalId: z.string().min(1).max(500),
  occurredAt: z.iso.datetime(),
  text: z.string().trim().min(1).max(10_000),
  kind: z.enum(TIMELINE_EVENT_KINDS),
  /**
   * DETECTED on what first alerted (an alert firing, a page triggered), RESOLVED on what ended it: applied only to a
   * draft nobody has edited (a person's milestones are theirs), DETECTED only when the draft has none yet.
   */
  milestone: z.enum(["DETECTED", "RESOLVED"]).nullable(),
  /** Something starting (an alert firing, an incident triggered or reopened): after the report was approved, or was
   *  submitted once its alerts had ended, this opens a new draft instead of adding to that report. */
  opens: z.boolean(),
});
export type DraftEvent = z.output<typeof draftEventSchema>;

export const draftChangeSchema = z.object({
  integration: z.object({ id: z.string().min(1), name: z.string().min(1), kind: z.enum(DRAFT_SOURCES) }),
  /** the alert group (Alertmanager `groupKey`, or its hash when long) or the PagerDuty incident id */
  externalKey: z.string().min(1).max(500),
  /** What a new draft is made of; a draft that exists keeps its title and text. */
  draft: z.object({
    title: z.string().trim().min(1).max(300),
    /** the senders' severity words (a `severity` label, a priority), mapped to the instance's scale; null: not said */
    severityLabels: z.array(z.string().max(200).nullable()).max(1_000),
    /** names to match to the service catalog (case-insensitively); the others are only mentioned */
    serviceNames: z.array(z.string().max(200)).max(1_000),
    startedAt: z.iso.datetime(),
    /** the report's "Detection" section: where the draft came from */
    detection: z.string().max(10_000),
  }),
  events: z.array(draftEventSchema).min(1).max(5_000),
  /**
   * resolved: everything the source reported has ended (at `endedAt`); firing: something is going on again; null: the
   * change says nothing about the state (an acknowledgement, a note).
   */
  state: z.enum(["firing", "resolved"]).nullable(),
  endedAt: z.iso.datetime().nullable(),
});
export type DraftChange = z.input<typeof draftChangeSchema>;

/**
 * What both webhooks answer: the draft the notification went to (the database id), or null when it concerned none
 * (a PagerDuty ping, an event about something else). Nothing more: the sender is a machine outside, and a draft may
 * be made private later.
 */
export const alertWebhookResponseSchema = z
  .object({ incidentId: z.string().nullable().meta({ description: "The draft report the notification was added to; null when it concerned none" }) })
  .meta({ id: "AlertWebhookResponse" });
export type AlertWebhookResponse = z.output<typeof alertWebhookResponseSchema>;

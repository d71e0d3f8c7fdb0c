// Prometheus Alertmanager's webhook notification (webhook_config, payload version 4), as documented at
// https://prometheus.io/docs/alerting/latest/configuration/#webhook_config, and what a draft report gets from it.
// Alertmanager sends the whole group each time (the alerts firing and the ones resolved since the last
// notification), again after group_interval when it changed and after repeat_interval when not: each alert state
// is one timeline event, recognised when it comes again. Pure.
import { createHash } from "node:crypto";
import { z } from "zod";
import { acceptedDateTime, isAcceptedInstant, outsideAcceptedYearsMessage } from "@/lib/time/accepted-range";
import type { DraftChange, DraftEvent } from "@/lib/alerts/schema";
import { clipLine, clipText } from "@/lib/alerts/text";

const labelSet = z.record(z.string(), z.string()).meta({ description: "Label name to value" });

export const alertmanagerAlertSchema = z
  .object({
    status: z.enum(["firing", "resolved"]),
    labels: labelSet,
    annotations: labelSet.default({}),
    startsAt: acceptedDateTime(),
    /** "0001-01-01T00:00:00Z" (Go's zero time) while an alert fires without an end; when it resolved once resolved */
    endsAt: z.iso.datetime({ offset: true, error: "must be an RFC 3339 time such as 2024-11-27T14:23:00Z" }).optional(),
    generatorURL: z.string().optional(),
    /** Alertmanager 0.19 and later: a hash of the labels */
    fingerprint: z.string().max(200).optional(),
  })
  .superRefine((alert, context) => {
    if (alert.status !== "resolved") return;
    const ended = alert.endsAt === undefined ? NaN : Date.parse(alert.endsAt);
    if (!isAcceptedInstant(ended)) {
      context.addIssue({ code: "custom", path: ["endsAt"], message: `a resolved alert's end ${outsideAcceptedYearsMessage("a time")}` });
    }
  });
export type AlertmanagerAlert = z.output<typeof alertmanagerAlertSchema>;

export const alertmanagerWebhookSchema = z
  .object({
    version: z.literal("4", { error: 'must be "4": Hindsight reads Alertmanager\'s webhook payload version 4' }),
    groupKey: z.string().min(1, "must not be empty").max(20_000),
    truncatedAlerts: z.number().int().min(0).default(0).meta({ description: "Alerts left out because of the receiver's max_alerts" }),
    status: z.enum(["firing", "resolved"]).meta({ description: "resolved when every alert of the group has resolved" }),
    receiver: z.string(),
    groupLabels: labelSet.default({}),
    commonLabels: labelSet.default({}),
    commonAnnotations: labelSet.default({}),
    externalURL: z.string().optional(),
    alerts: z.array(alertmanagerAlertSchema).min(1, "must list at least one alert").max(2_000, "must list at most 2,000 alerts: set max_alerts lower"),
  })
  .meta({
    id: "AlertmanagerWebhook",
    description:
      "Prometheus Alertmanager's webhook notification, payload version 4, sent with `Authorization: Bearer <the integration's secret>` (webhook_config http_config.authorization.credentials). A firing group opens a draft report; later notifications of the same groupKey add timeline events to it.",
  });
export type AlertmanagerWebhook = z.output<typeof alertmanagerWebhookSchema>;

/** Labels that name where an alert is, in the order a title mentions them when the group is not grouped by any. */
const KEY_LABELS = ["service", "job", "cluster", "namespace", "env", "environment", "instance"];
/** At most this many labels are listed in an event's text. */
const LISTED_LABELS = 12;
/** Longer group keys (many group_by labels) are stored as their hash: they are in unique indexes. */
const LONGEST_KEY = 400;

const sha256 = (value: string) => createHash("sha256").update(value, "utf8").digest("hex");

/** The group's key as stored (IncidentSource.externalKey). */
export function alertGroupKey(groupKey: string): string {
  return groupKey.length <= LONGEST_KEY ? groupKey : `sha256:${sha256(groupKey)}`;
}

function fingerprintOf(alert: AlertmanagerAlert): string {
  if (alert.fingerprint) return alert.fingerprint;
  const labels = Object.entries(alert.labels).sort(([a], [b]) => a.localeCompare(b));
  return `labels:${sha256(JSON.stringify(labels))}`;
}

/** One id per alert state: the same alert firing since the same moment (or resolved at the same moment) again is the same event. */
function stateId(groupKey: string, alert: AlertmanagerAlert, state: "firing" | "resolved"): string {
  const parts = [groupKey, fingerprintOf(alert), state, new Date(alert.startsAt).toISOString()];
  if (state === "resolved") parts.push(new Date(alert.endsAt!).toISOString());
  return `alertmanager:${sha256(JSON.stringify(parts))}`;
}

const unique = (values: string[]) => [...new Set(values)];

function labelList(labels: Record<string, string>, leaveOut: string[] = ["alertname"]): string {
  const entries = Object.entries(labels)
    .filter(([name]) => !leaveOut.includes(name))
    .sort(([a], [b]) => a.localeCompare(b));
  const listed = entries.slice(0, LISTED_LABELS).map(([name, value]) => `${name}=${clipLine(value, 120)}`);
  if (entries.length > LISTED_LABELS) listed.push(`${entries.length - LISTED_LABELS} more`);
  return listed.join(", ");
}

/** "HighErrorRate (service=checkout, cluster=eu-1)": the alert name(s) and the labels the group is keyed by. */
export function alertGroupTitle(payload: AlertmanagerWebhook): string {
  const names = unique(payload.alerts.map((alert) => alert.labels.alertname ?? "").filter(Boolean));
  const name = payload.groupLabels.alertname ?? payload.commonLabels.alertname ?? (names.slice(0, 3).join(", ") || "Alert");
  let keys = Object.entries(payload.groupLabels).filter(([label]) => label !== "alertname");
  if (!keys.length)
    keys = KEY_LABELS.flatMap((label) => (payload.commonLabels[label] ? [[label, payload.commonLabels[label]] as [string, string]] : [])).slice(0, 3);
  const detail = keys.map(([label, value]) => `${label}=${value}`).join(", ");
  return clipLine(detail ? `${name} (${detail})` : name, 300);
}

function alertText(alert: AlertmanagerAlert, state: "firing" | "resolved"): string {
  const name = alert.labels.alertname ?? "Alert";
  const labels = labelList(alert.labels);
  const summary = alert.annotations.summary?.trim();
  const description = alert.annotations.description?.trim();
  const head = `${state === "firing" ? "Firing" : "Resolved"}: ${clipLine(name, 200)}${labels ? ` (${labels})` : ""}${summary ? ` — ${clipLine(summary, 1_000)}` : ""}`;
  return clipText(description && description !== summary ? `${head}\n\n${description}` : head, 10_000);
}

/** The services an alert names: its `service` label, else its `job`. */
function serviceNameOf(alert: AlertmanagerAlert): string | null {
  const name = (alert.labels.service ?? alert.labels.job)?.trim();
  return name ? clipLine(name, 200) : null;
}

/**
 * What the notification adds to the group's draft: for each alert, its firing (at startsAt) and, once resolved, its
 * resolution (at endsAt); when the whole group has resolved, a closing event at the last end. The first firing is
 * the moment of detection.
 */
export function alertmanagerDraftChange(payload: AlertmanagerWebhook, integration: { id: string; name: string }): DraftChange {
  const events: DraftEvent[] = [];
  const byStart = [...payload.alerts].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  for (const alert of byStart) {
    events.push({
      externalId: stateId(payload.groupKey, alert, "firing"),
      occurredAt: new Date(alert.startsAt).toISOString(),
      text: alertText(alert, "firing"),
      kind: "ALERT",
      milestone: "DETECTED",
      opens: true,
    });
  }
  const resolved = byStart.filter((alert) => alert.status === "resolved").sort((a, b) => Date.parse(a.endsAt!) - Date.parse(b.endsAt!));
  for (const alert of resolved) {
    events.push({
      externalId: stateId(payload.groupKey, alert, "resolved"),
      occurredAt: new Date(alert.endsAt!).toISOString(),
      text: alertText(alert, "resolved"),
      kind: "ALERT",
      milestone: null,
      opens: false,
    });
  }
  const allResolved = payload.status === "resolved" && resolved.length === payload.alerts.length;
  const endedAt = allResolved ? new Date(Math.max(...resolved.map((alert) => Date.parse(alert.endsAt!)))).toISOString() : null;
  if (endedAt) {
    const count = payload.alerts.length + payload.truncatedAlerts;
    events.push({
      externalId: `alertmanager:${sha256(JSON.stringify([payload.groupKey, "group-resolved", endedAt]))}`,
      occurredAt: endedAt,
      text: count === 1 ? "The alert resolved." : `All ${count} alerts of the group resolved.`,
      kind: "MILESTONE",
      milestone: "RESOLVED",
      opens: false,
    });
  }
  const groupKey = alertGroupKey(payload.groupKey);
  const truncated = payload.truncatedAlerts ? ` ${payload.truncatedAlerts} more alerts of the group were left out of the notification (max_alerts).` : "";
  return {
    integration: { id: integration.id, name: integration.name, kind: "ALERTMANAGER" },
    externalKey: groupKey,
    draft: {
      title: alertGroupTitle(payload),
      severityLabels: payload.alerts.map((alert) => alert.labels.severity ?? null),
      serviceNames: unique(payload.alerts.flatMap((alert) => serviceNameOf(alert) ?? [])),
      startedAt: new Date(byStart[0]!.startsAt).toISOString(),
      detection: clipText(
        `Opened from Alertmanager alert group \`${clipLine(payload.groupKey, 500)}\` (receiver "${clipLine(payload.receiver, 200)}", integration "${integration.name}").${truncated}`,
        10_000,
      ),
    },
    events,
    state: endedAt ? "resolved" : payload.status === "firing" ? "firing" : null,
    endedAt,
  };
}

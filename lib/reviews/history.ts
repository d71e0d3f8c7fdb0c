// A report's history: its rows of the append-only audit trail (lib/audit), told the way people read them — who did
// what, when, and each field before and after.
import "server-only";
import { listAuditEvents } from "@/lib/audit/queries";
import type { AuditEventView } from "@/lib/audit/schema";
import { displayFilename } from "@/lib/attachments/schema";
import { getDb } from "@/lib/db/client";
import { visibleIncidentsWhere, type Viewer } from "@/lib/incidents/access";
import { describeFieldValue, REPORT_FIELD_LABELS, REPORT_FIELDS, type ReportField } from "@/lib/incidents/report-diff";
import { commentSectionLabel } from "@/lib/reviews/schema";
import { REPORT_STATE_LABELS } from "@/lib/reviews/state-machine";
import type { ReportState } from "@/lib/generated/prisma/enums";

export const HISTORY_PAGE_SIZE = 50;

const ACTION_LABELS: Record<string, string> = {
  "incident.create": "Created the report",
  "incident.import": "Imported the report",
  "incident.update": "Edited the report",
  "incident.delete": "Deleted the report",
  "incident.timeline.add": "Added a timeline event",
  "incident.timeline.update": "Changed a timeline event",
  "incident.timeline.delete": "Removed a timeline event",
  "attachment.upload": "Uploaded an attachment",
  "attachment.delete": "Deleted an attachment",
  "action-item.create": "Added an action item",
  "action-item.update": "Updated an action item",
  "action-item.tracker-issue.create": "Created the action item's tracker issue",
  "action-item.tracker-sync": "Updated an action item from its tracker issue",
  "follow-up.schedule": "Scheduled a follow-up review",
  "follow-up.update": "Changed the follow-up review",
  "follow-up.record-outcome": "Recorded the follow-up outcome",
  "metric.import": "Imported a monitoring export",
  "metric.chart.create": "Added a metric chart",
  "metric.chart.update": "Changed a metric chart",
  "metric.chart.delete": "Deleted a metric chart",
  "review.submit": "Submitted for review",
  "review.approve": "Approved and signed off",
  "review.request-changes": "Requested changes",
  "review.reopen": "Reopened the report",
  "review.comment": "Commented",
  "review.resolve-comment": "Resolved a comment",
};

const OTHER_FIELD_LABELS: Record<string, string> = {
  reportState: "Review state",
  reviewers: "Reviewers",
  body: "Comment",
  resolved: "Resolved",
  filename: "File",
  ownerId: "Owner",
  dueDate: "Due date",
  trackerUrl: "Tracker link",
  trackerKey: "Tracker issue",
  wontDoReason: "Reason for won't do",
  completedAt: "Completed at",
};

export type HistoryChange = { field: string; label: string; before: string | null; after: string | null };

export type HistoryEntry = {
  id: string;
  at: Date;
  /** the person, "Hindsight" for the system, or "A deleted user" */
  actor: string;
  actorEmail: string | null;
  /** "API token" when a person acted through one; the integration when the system acted on its webhook */
  via: string | null;
  action: string;
  label: string;
  /** a line of context: the comment, the reason, the revision signed */
  detail: string | null;
  changes: HistoryChange[];
};

export function fieldLabel(field: string): string {
  if (field in REPORT_FIELD_LABELS) return REPORT_FIELD_LABELS[field as ReportField];
  if (field in OTHER_FIELD_LABELS) return OTHER_FIELD_LABELS[field]!;
  const words = field
    .replace(/[._-]+/g, " ")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function fieldRank(field: string): number {
  if (field === "reportState") return -1;
  const index = (REPORT_FIELDS as readonly string[]).indexOf(field);
  return index >= 0 ? index : REPORT_FIELDS.length;
}

function describeValue(field: string, value: unknown): string {
  if (field === "reportState" && typeof value === "string" && value in REPORT_STATE_LABELS) return REPORT_STATE_LABELS[value as ReportState];
  if (field === "reviewers" && Array.isArray(value)) return value.length ? value.join(", ") : "(none)";
  if (field === "filename" && typeof value === "string") return displayFilename(value);
  return describeFieldValue(value);
}

function metaString(meta: Record<string, unknown>, key: string): string | null {
  const value = meta[key];
  return typeof value === "string" && value.trim() ? value : null;
}

function detailOf(event: AuditEventView, meta: Record<string, unknown>): string | null {
  const revision = typeof meta.revision === "number" ? `revision ${meta.revision}` : null;
  const section = metaString(meta, "section");
  switch (event.action) {
    case "review.submit":
      return [revision ? `Froze ${revision}` : null, metaString(meta, "note")].filter(Boolean).join(" · ") || null;
    case "review.approve":
      return [
        revision ? `Signed ${revision}` : null,
        typeof meta.contentHash === "string" ? `SHA-256 ${meta.contentHash.slice(0, 12)}…` : null,
        metaString(meta, "comment"),
      ]
        .filter(Boolean)
        .join(" · ");
    case "review.reopen":
      return [revision ? `Started ${revision}` : null, metaString(meta, "reason")].filter(Boolean).join(" · ") || null;
    case "review.request-changes":
    case "review.comment":
    case "review.resolve-comment":
      return section ? `On ${commentSectionLabel(section)}` : null;
    default:
      return null;
  }
}

/** A change the system made on an integration's webhook (an alert draft) names it: "Integration: Prometheus". */
function integrationOf(meta: Record<string, unknown>): string | null {
  const name = metaString(meta, "integration");
  return name ? `Integration: ${name}` : null;
}

/** One audit row as a history entry. */
export function describeAuditEvent(event: AuditEventView): HistoryEntry {
  const meta = (event.meta && typeof event.meta === "object" && !Array.isArray(event.meta) ? event.meta : {}) as Record<string, unknown>;
  const raw = (event.changes && typeof event.changes === "object" && !Array.isArray(event.changes) ? event.changes : {}) as Record<string, unknown>;
  const changes: HistoryChange[] = Object.entries(raw).map(([field, change]) => {
    const pair = (change && typeof change === "object" ? change : {}) as { before?: unknown; after?: unknown };
    return {
      field,
      label: fieldLabel(field),
      before: "before" in pair ? describeValue(field, pair.before) : null,
      after: "after" in pair ? describeValue(field, pair.after) : null,
    };
  });
  // JSONB keeps keys in its own order: show the state first, then the report's fields in report order, then the rest.
  changes.sort((a, b) => fieldRank(a.field) - fieldRank(b.field) || a.field.localeCompare(b.field));
  let label = ACTION_LABELS[event.action] ?? event.action;
  const state = raw.reportState as { before?: unknown } | undefined;
  if (event.action === "review.submit" && state?.before === "CHANGES_REQUESTED") label = "Resubmitted for review";
  const actor = event.actorType === "SYSTEM" ? "Hindsight" : (event.actor?.name ?? "A deleted user");
  return {
    id: event.id,
    at: event.at,
    actor,
    actorEmail: event.actor?.email ?? null,
    via: event.actorType === "API_TOKEN" ? "API token" : event.actorType === "SYSTEM" ? integrationOf(meta) : null,
    action: event.action,
    label,
    detail: detailOf(event, meta),
    changes,
  };
}

/** Newest first, a page at a time (`before`: the id of the last entry of the previous page). Null when not visible. */
export async function listReportHistory(viewer: Viewer, idOrPublicId: string, { before }: { before?: string } = {}) {
  const incident = await getDb().incident.findFirst({
    where: { AND: [{ OR: [{ id: idOrPublicId }, { publicId: idOrPublicId }] }, visibleIncidentsWhere(viewer)] },
    select: { id: true, publicId: true, title: true },
  });
  if (!incident) return null;
  const events = await listAuditEvents({ incidentId: incident.id, before, limit: HISTORY_PAGE_SIZE + 1 });
  const page = events.slice(0, HISTORY_PAGE_SIZE);
  return {
    incident,
    entries: page.map(describeAuditEvent),
    events: page,
    nextBefore: events.length > HISTORY_PAGE_SIZE ? page.at(-1)!.id : null,
  };
}

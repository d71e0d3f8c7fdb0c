// Applying what an alert source reported (lib/alerts/schema.ts DraftChange) to the draft report of its alert group or
// PagerDuty incident, as SYSTEM, in one transaction with its audit record:
//   - the first time a key is seen, a DRAFT report is created the way every report is (insertReport: public id,
//     services, timeline), authored by nobody, and linked to the key (IncidentSource);
//   - later, new events are appended to that draft, never to a second one. A report nobody has edited also follows
//     the source: its start, severity, services, end and detected/resolved milestones. Once a person has edited it,
//     only events are added. Every change bumps the version, so an editor open on it gets a conflict, not an overwrite;
//   - each event is applied once (IntegrationEvent): a replayed notification adds nothing.
// Two instances receiving the same group at once: a transaction-scoped advisory lock on the key makes the second wait
// for the first and then find its draft; IncidentSource's unique key backs that up.
import "server-only";
import type { z } from "zod";
import { defineAction, type ActionAudit } from "@/lib/actions/define-action";
import type { Tx } from "@/lib/db/client";
import { InvalidInputError } from "@/lib/errors";
import { claimIntegrationEvent } from "@/lib/integrations/events";
import { applyMilestones } from "@/lib/incidents/milestones";
import { creationAuditChanges, reportAuditChanges } from "@/lib/incidents/report-diff";
import { reportDocumentSchema, type ReportDocument } from "@/lib/incidents/schema";
import { insertReport, loadReport } from "@/lib/incidents/store";
import { getSeverityScale } from "@/lib/settings/queries";
import { draftChangeSchema, type DraftEvent } from "@/lib/alerts/schema";
import { mostSevere, severityFromLabel } from "@/lib/alerts/severity";
import { clipText } from "@/lib/alerts/text";
import { log } from "@/lib/log/logger";

/** A report holds at most this many timeline events (the report document's limit): past it, events are dropped. */
const MAX_TIMELINE_EVENTS = 10_000;
const INCIDENTS_PATH = "/incidents";

type Change = z.output<typeof draftChangeSchema>;

export type DraftOutcome =
  /** a new draft */
  | "created"
  /** events added to the key's draft */
  | "appended"
  /** every event was applied before: nothing changed */
  | "replayed"
  /** the key's report is approved (read-only) and nothing new started: recorded, not applied */
  | "read-only";

export type DraftResult = { outcome: DraftOutcome; incidentId: string | null; publicId: string | null; audit: ActionAudit | null };

type Source = { id: string; incidentId: string; incident: { reportState: string; status: string; endedAt: Date | null; publicId: string } };

async function lockKey(tx: Tx, integrationId: string, externalKey: string): Promise<void> {
  // Held until the transaction ends; a hash collision only makes two keys wait for each other.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`alert-draft\n${integrationId}\n${externalKey}`}, 0))`;
}

async function findSource(tx: Tx, integrationId: string, externalKey: string): Promise<Source | null> {
  return tx.incidentSource.findUnique({
    where: { integrationId_externalKey: { integrationId, externalKey } },
    select: { id: true, incidentId: true, incident: { select: { reportState: true, status: true, endedAt: true, publicId: true } } },
  });
}

/**
 * Whether what just started belongs in a new draft: the key's report is approved (read-only), or it was submitted for
 * review after everything had ended (a group firing again next week is another incident).
 */
function startsAnew(source: Source, fresh: DraftEvent[]): boolean {
  if (!fresh.some((event) => event.opens)) return false;
  const { reportState, status, endedAt } = source.incident;
  const ended = endedAt !== null || status === "RESOLVED" || status === "CLOSED";
  return reportState === "APPROVED" || (reportState !== "DRAFT" && ended);
}

async function claimAll(tx: Tx, integrationId: string, events: DraftEvent[], incidentId: string): Promise<void> {
  for (const event of events) await claimIntegrationEvent(tx, integrationId, event.externalId, incidentId);
}

/** The catalog's spelling of each name it holds (matched case-insensitively), and the names it does not hold. */
async function catalogServices(tx: Tx, names: string[]): Promise<{ matched: string[]; unknown: string[] }> {
  const distinct = [...new Map(names.filter((name) => name.trim()).map((name) => [name.trim().toLowerCase(), name.trim()])).values()].slice(0, 100);
  if (!distinct.length) return { matched: [], unknown: [] };
  const rows = await tx.service.findMany({
    where: { OR: distinct.map((name) => ({ name: { equals: name, mode: "insensitive" as const } })) },
    select: { name: true },
  });
  const byLower = new Map(rows.map((row) => [row.name.toLowerCase(), row.name]));
  return {
    matched: distinct.flatMap((name) => byLower.get(name.toLowerCase()) ?? []),
    unknown: distinct.filter((name) => !byLower.has(name.toLowerCase())),
  };
}

const byTime = (a: DraftEvent, b: DraftEvent) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt);

/**
 * The milestones the events may set: none on a report a person edited; DETECTED on the earliest event offering it,
 * when the report has none; RESOLVED only when the change says everything ended.
 */
function milestonesFor(fresh: DraftEvent[], change: Change, { edited, detected }: { edited: boolean; detected: boolean }): DraftEvent[] {
  const firstDetection = detected || edited ? null : [...fresh].sort(byTime).find((event) => event.milestone === "DETECTED");
  return fresh.map((event) => {
    if (edited || event.milestone === null) return { ...event, milestone: null };
    if (event.milestone === "DETECTED") return { ...event, milestone: event === firstDetection ? "DETECTED" : null };
    return { ...event, milestone: change.state === "resolved" ? "RESOLVED" : null };
  });
}

function auditMeta(change: Change, events: number): Record<string, unknown> {
  return {
    integration: change.integration.name,
    integrationId: change.integration.id,
    integrationKind: change.integration.kind,
    externalKey: change.externalKey,
    events,
  };
}

async function createDraft(tx: Tx, change: Change, fresh: DraftEvent[]): Promise<DraftResult> {
  const scale = await getSeverityScale(tx);
  const services = await catalogServices(tx, change.draft.serviceNames);
  const events = milestonesFor(fresh, change, { edited: false, detected: false }).sort(byTime).slice(0, MAX_TIMELINE_EVENTS);
  const timeline = events.map((event) => ({ occurredAt: event.occurredAt, text: event.text, kind: event.kind, milestone: event.milestone }));
  if (services.unknown.length && timeline[0]) {
    const note = `Not in the service catalog, so not linked to this report: ${services.unknown.join(", ")}.`;
    timeline[0] = { ...timeline[0], text: clipText(`${timeline[0].text}\n\n${note}`, 10_000) };
  }
  const earliest = [change.draft.startedAt, ...events.map((event) => event.occurredAt)].reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
  const resolved = change.state === "resolved" && change.endedAt !== null;
  const parsed = reportDocumentSchema.safeParse({
    title: change.draft.title,
    severity: mostSevere(
      change.draft.severityLabels.map((label) => severityFromLabel(label, scale)),
      scale,
    ),
    status: resolved ? "RESOLVED" : "INVESTIGATING",
    startedAt: earliest,
    endedAt: resolved ? change.endedAt : null,
    services: services.matched,
    timeline,
    detection: change.draft.detection,
  });
  if (!parsed.success) throw InvalidInputError.fromZod(parsed.error, "The draft report could not be made from this notification");
  const document = applyMilestones(parsed.data, []);
  const created = await insertReport(tx, document, { authorId: null });
  await tx.incidentSource.create({ data: { integrationId: change.integration.id, externalKey: change.externalKey, incidentId: created.id } });
  await claimAll(tx, change.integration.id, fresh, created.id);
  return {
    outcome: "created",
    incidentId: created.id,
    publicId: created.publicId,
    audit: {
      action: "incident.create",
      entityType: "Incident",
      entityId: created.id,
      incidentId: created.id,
      changes: creationAuditChanges(document),
      meta: auditMeta(change, fresh.length),
    },
  };
}

/** Whether a person (signed in or through an API token) has changed the report: then the source only adds events. */
async function editedByPeople(tx: Tx, incidentId: string): Promise<boolean> {
  const edits = await tx.auditEvent.count({ where: { incidentId, actorType: { not: "SYSTEM" }, action: { startsWith: "incident." } } });
  return edits > 0;
}

/** The columns a report nobody edited takes from the source; the rest of it stays. */
async function followSource(tx: Tx, change: Change, before: ReportDocument, reopened: boolean): Promise<Partial<ReportDocument>> {
  const scale = await getSeverityScale(tx);
  const updates: Partial<ReportDocument> = {};
  const severity = mostSevere(
    change.draft.severityLabels.map((label) => severityFromLabel(label, scale)),
    scale,
  );
  const rank = (level: string) => scale.indexOf(level);
  if (rank(before.severity) >= 0 && rank(severity) < rank(before.severity)) updates.severity = severity;
  if (before.startedAt === null || Date.parse(change.draft.startedAt) < Date.parse(before.startedAt)) updates.startedAt = change.draft.startedAt;
  if (change.state === "resolved" && change.endedAt) {
    updates.status = "RESOLVED";
    updates.endedAt = change.endedAt;
  } else if (reopened) {
    updates.status = "INVESTIGATING";
    updates.endedAt = null;
  }
  const services = await catalogServices(tx, change.draft.serviceNames);
  const known = new Set(before.services.map((name) => name.toLowerCase()));
  const added = services.matched.filter((name) => !known.has(name.toLowerCase()));
  if (added.length) {
    const ids = await tx.service.findMany({ where: { name: { in: added } }, select: { id: true } });
    await tx.incidentService.createMany({
      data: ids.map((service, index) => ({ incidentId: before.id!, serviceId: service.id, position: before.services.length + index })),
      skipDuplicates: true,
    });
  }
  return updates;
}

async function appendToDraft(tx: Tx, change: Change, fresh: DraftEvent[], source: Source): Promise<DraftResult> {
  const incidentId = source.incidentId;
  const readOnly = async (): Promise<DraftResult> => {
    await claimAll(tx, change.integration.id, fresh, incidentId);
    return { outcome: "read-only", incidentId, publicId: source.incident.publicId, audit: null };
  };
  // The row lock and the new version first: an editor's save from the old version now gets a conflict, and an
  // approval that happened meanwhile is respected.
  const claimed = await tx.incident.updateMany({ where: { id: incidentId, reportState: { not: "APPROVED" } }, data: { version: { increment: 1 } } });
  if (claimed.count !== 1) return readOnly();
  const before = await loadReport(tx, incidentId);
  if (!before) return readOnly();
  const edited = await editedByPeople(tx, incidentId);

  const room = MAX_TIMELINE_EVENTS - before.timeline.length;
  if (room < fresh.length) {
    log.warn(
      `Alert draft ${before.publicId}: the timeline is full (${MAX_TIMELINE_EVENTS} events); ${fresh.length - Math.max(room, 0)} events were not added.`,
    );
  }
  const events = milestonesFor(fresh, change, { edited, detected: before.timeline.some((entry) => entry.milestone === "DETECTED") })
    .sort(byTime)
    .slice(0, Math.max(room, 0));
  const ended = before.endedAt !== null || before.status === "RESOLVED" || before.status === "CLOSED";
  const reopened = !edited && ended && change.state === "firing" && fresh.some((event) => event.opens);
  // The newest end is the end: an earlier resolution of this draft (it fired again since) no longer is.
  if (!edited && (reopened || events.some((event) => event.milestone === "RESOLVED"))) {
    await tx.timelineEvent.updateMany({ where: { incidentId, milestone: "RESOLVED" }, data: { milestone: null } });
  }
  const last = await tx.timelineEvent.aggregate({ where: { incidentId }, _max: { position: true } });
  const position = (last._max.position ?? -1) + 1;
  await tx.timelineEvent.createMany({
    data: events.map((event, index) => ({
      incidentId,
      occurredAt: new Date(event.occurredAt),
      text: event.text,
      kind: event.kind,
      milestone: event.milestone,
      position: position + index,
    })),
  });

  if (!edited) {
    const updates = await followSource(tx, change, before, reopened);
    const timeline = await tx.timelineEvent.findMany({ where: { incidentId }, select: { occurredAt: true, text: true, kind: true, milestone: true } });
    const moments = applyMilestones(
      {
        timeline: timeline.map((entry) => ({ ...entry, occurredAt: entry.occurredAt.toISOString() })),
        detectedAt: before.detectedAt,
        mitigatedAt: before.mitigatedAt,
        resolvedAt: before.resolvedAt,
      },
      before.timeline,
    );
    const toDate = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? null : new Date(value));
    await tx.incident.update({
      where: { id: incidentId },
      data: {
        severity: updates.severity,
        status: updates.status,
        startedAt: toDate(updates.startedAt),
        endedAt: toDate(updates.endedAt),
        detectedAt: toDate(moments.detectedAt),
        mitigatedAt: toDate(moments.mitigatedAt),
        resolvedAt: toDate(moments.resolvedAt),
      },
    });
  }
  await claimAll(tx, change.integration.id, fresh, incidentId);
  const after = await loadReport(tx, incidentId);
  return {
    outcome: "appended",
    incidentId,
    publicId: source.incident.publicId,
    audit: after
      ? {
          action: "incident.update",
          entityType: "Incident",
          entityId: incidentId,
          incidentId,
          changes: reportAuditChanges(before, after),
          meta: auditMeta(change, fresh.length),
        }
      : null,
  };
}

/**
 * Applies an alert source's change (run it as systemActor("webhook:<kind>:<integration id>")). Answers which report it
 * went to; the audit record names the integration.
 */
export const applyDraftChange = defineAction({
  name: "incident.update",
  permission: "incident:create",
  input: draftChangeSchema,
  run: async ({ tx, input }): Promise<DraftResult> => {
    const { integration, externalKey } = input;
    await lockKey(tx, integration.id, externalKey);
    const events = [...new Map(input.events.map((event) => [event.externalId, event])).values()];
    const known = await tx.integrationEvent.findMany({
      where: { integrationId: integration.id, externalId: { in: events.map((event) => event.externalId) } },
      select: { externalId: true, incidentId: true },
    });
    const knownIds = new Set(known.map((event) => event.externalId));
    const fresh = events.filter((event) => !knownIds.has(event.externalId));
    let source = await findSource(tx, integration.id, externalKey);
    if (!fresh.length) {
      const incidentId = known.find((event) => event.incidentId)?.incidentId ?? source?.incidentId ?? null;
      return { outcome: "replayed", incidentId, publicId: null, audit: null };
    }
    if (source && startsAnew(source, fresh)) {
      // The key moves on to the new draft; the old report keeps its link under a key of its own.
      await tx.incidentSource.update({ where: { id: source.id }, data: { externalKey: `${externalKey} (${source.incidentId})` } });
      source = null;
    }
    if (!source) return createDraft(tx, input, fresh);
    return appendToDraft(tx, input, fresh, source);
  },
  audit: (result) => result.audit,
  revalidate: ({ publicId, audit }) => (audit && publicId ? [INCIDENTS_PATH, `${INCIDENTS_PATH}/${publicId}`] : []),
});

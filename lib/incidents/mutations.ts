// Writing reports. Each export is a guarded action: call it as `action(rawInput, actor)`.
//
// A save sends the whole structured report with the version it was based on. The version is compared and set in one
// statement inside the transaction, so of two concurrent saves from the same version exactly one wins; the other gets
// a ConflictError carrying the stored report, and writes nothing.
import "server-only";
import { z } from "zod";
import { defineAction, type ActionAudit } from "@/lib/actions/define-action";
import { actingUser, type AnyActor } from "@/lib/auth/actor";
import type { Db, Tx } from "@/lib/db/client";
import { getDb } from "@/lib/db/client";
import { ConflictError, InvalidInputError, NotFoundError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { refuseWhoCannotSee, visibleIncidentsWhere, type Viewer } from "@/lib/incidents/access";
import { applyMilestones } from "@/lib/incidents/milestones";
import { creationAuditChanges, reportAuditChanges, sameValue } from "@/lib/incidents/report-diff";
import {
  reportDocumentSchema,
  reportPatchSchema,
  type ActionItem,
  type EditableReport,
  type LastEditor,
  type ReportConflictDetails,
  type ReportDocument,
  type SavedReport,
} from "@/lib/incidents/schema";
import { ownerColumns, resolveOwners } from "@/lib/incidents/owner-matching";
import { incidentData, insertReport, loadReport, serviceIds } from "@/lib/incidents/store";
import { queueTrackerUpdate } from "@/lib/trackers/sync";

export const createReportInput = z.object({
  /** the template the report was started from; unknown ids are ignored */
  templateId: z.string().trim().min(1).max(100).nullish(),
  document: reportDocumentSchema,
});

export const updateReportInput = z.object({
  /** database id or public id */
  id: z.string().trim().min(1).max(100),
  expectedVersion: z.number().int().min(1),
  document: reportDocumentSchema,
});

/** PATCH /api/v1/incidents/{id}: the body (lib/incidents/schema.ts) and the incident it names. */
export const patchReportInput = reportPatchSchema.extend({ id: z.string().trim().min(1).max(100) });

// The editor and this module share these shapes through schema.ts; re-exported for the callers that import them here.
export { isReportConflictDetails, type EditableReport, type LastEditor, type ReportConflictDetails, type SavedReport } from "@/lib/incidents/schema";

const INCIDENTS_PATH = "/incidents";
const REPORT_ACTIONS = [
  "incident.create",
  "incident.update",
  "incident.import",
  "incident.timeline.add",
  "incident.timeline.update",
  "incident.timeline.delete",
];

// ---------------------------------------------------------------------------------------------------------------
// Reads a save is checked against (also what the edit page opens).

/** `viewer` null: the system, which sees everything. */
function whereVisible(viewer: Viewer | null, idOrPublicId: string): Prisma.IncidentWhereInput {
  const match: Prisma.IncidentWhereInput = { OR: [{ id: idOrPublicId }, { publicId: idOrPublicId }] };
  return viewer ? { AND: [match, visibleIncidentsWhere(viewer)] } : match;
}

async function lastEditor(db: Db | Tx, incidentId: string): Promise<LastEditor | undefined> {
  const event = await db.auditEvent.findFirst({
    where: { incidentId, action: { in: REPORT_ACTIONS }, actorId: { not: null } },
    orderBy: { id: "desc" },
    select: { actor: { select: { name: true, email: true } } },
  });
  return event?.actor ?? undefined;
}

async function readEditable(db: Db | Tx, where: Prisma.IncidentWhereInput): Promise<EditableReport | null> {
  const row = await db.incident.findFirst({
    where,
    select: { id: true, publicId: true, version: true, reportState: true, templateId: true, updatedAt: true },
  });
  if (!row) return null;
  // One after the other: inside a transaction both would share one connection.
  const document = await loadReport(db, row.id);
  const updatedBy = await lastEditor(db, row.id);
  if (!document) return null;
  return { ...row, updatedAt: row.updatedAt.toISOString(), updatedBy, document };
}

/** The report with its version, when `viewer` may see it; null when it does not exist or is not visible. */
export async function loadEditableReport(viewer: Viewer, idOrPublicId: string): Promise<EditableReport | null> {
  return readEditable(getDb(), whereVisible(viewer, idOrPublicId));
}

// ---------------------------------------------------------------------------------------------------------------
// Creating

export const createReport = defineAction({
  name: "incident.create",
  permission: "incident:create",
  input: createReportInput,
  run: async ({ tx, input, actor }) => {
    const author = actingUser(actor);
    const document = applyMilestones(input.document, []);
    const created = await insertReport(tx, document, { authorId: author?.id ?? null, fieldPrefix: "document." });
    const template = input.templateId ? await tx.template.findUnique({ where: { id: input.templateId }, select: { id: true } }) : null;
    if (template) await tx.incident.update({ where: { id: created.id }, data: { templateId: template.id } });
    return { ...created, templateId: template?.id ?? null, document };
  },
  audit: ({ id, templateId, document }) => ({
    entityType: "Incident",
    entityId: id,
    incidentId: id,
    changes: creationAuditChanges(document),
    meta: templateId ? { templateId } : {},
  }),
  revalidate: () => [INCIDENTS_PATH],
});

// ---------------------------------------------------------------------------------------------------------------
// Updating: keeps the ids of entries that are still there, so reminders and tracking that hang off them survive.

/**
 * Writes a list section: entries whose id is already one of this incident's rows are updated (only when their
 * content or place changed), the others created, rows no longer listed deleted. Ids from elsewhere are never
 * trusted: an unknown id makes a new row.
 */
async function syncRows<Entry extends { id?: string }, Row extends { id: string; position: number }>(
  entries: Entry[],
  existing: Row[],
  previous: Entry[],
  table: {
    create: (entry: Entry, position: number) => Promise<unknown>;
    update: (id: string, entry: Entry, position: number, before: Entry | undefined) => Promise<unknown>;
    remove: (ids: string[]) => Promise<unknown>;
  },
): Promise<void> {
  const rows = new Map(existing.map((row) => [row.id, row]));
  const before = new Map(previous.flatMap((entry) => (entry.id ? [[entry.id, entry] as const] : [])));
  const kept = new Set<string>();
  for (const [position, entry] of entries.entries()) {
    const row = entry.id && !kept.has(entry.id) ? rows.get(entry.id) : undefined;
    if (!row) {
      await table.create(entry, position);
      continue;
    }
    kept.add(row.id);
    const old = before.get(row.id);
    if (row.position !== position || !old || !sameValue(old, entry)) await table.update(row.id, entry, position, old);
  }
  const removed = existing.filter((row) => !kept.has(row.id)).map((row) => row.id);
  if (removed.length) await table.remove(removed);
}

type TextRow = { id: string; position: number; text: string };

/**
 * Plain text lists (contributing factors, steps, measures) carry no ids in the document. Rows are matched by
 * identical text first (a reorder keeps every row), then by place (an edited text keeps its row), so that what
 * hangs off a preventive measure (follow-up outcomes) survives an edit.
 */
async function syncTextRows(
  texts: string[],
  existing: TextRow[],
  table: {
    create: (data: { position: number; text: string }[]) => Promise<unknown>;
    update: (id: string, data: { position: number; text: string }) => Promise<unknown>;
    remove: (ids: string[]) => Promise<unknown>;
  },
): Promise<void> {
  const sorted = [...existing].sort((a, b) => a.position - b.position);
  const assigned: (TextRow | undefined)[] = texts.map(() => undefined);
  const used = new Set<string>();
  texts.forEach((text, index) => {
    const row = sorted.find((candidate) => !used.has(candidate.id) && candidate.text === text);
    if (row) {
      assigned[index] = row;
      used.add(row.id);
    }
  });
  texts.forEach((_text, index) => {
    if (assigned[index]) return;
    const row = sorted.find((candidate) => !used.has(candidate.id));
    if (row) {
      assigned[index] = row;
      used.add(row.id);
    }
  });
  const created: { position: number; text: string }[] = [];
  for (const [position, text] of texts.entries()) {
    const row = assigned[position];
    if (!row) created.push({ position, text });
    else if (row.text !== text || row.position !== position) await table.update(row.id, { position, text });
  }
  if (created.length) await table.create(created);
  const removed = sorted.filter((row) => !used.has(row.id)).map((row) => row.id);
  if (removed.length) await table.remove(removed);
}

const positionSelect = { id: true, position: true } as const;

async function writeTimeline(tx: Tx, incidentId: string, doc: ReportDocument, before: ReportDocument): Promise<void> {
  // The order written is time order; `position` keeps entries at the same moment in the order they were listed.
  const entries = doc.timeline
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => Date.parse(a.entry.occurredAt) - Date.parse(b.entry.occurredAt) || a.index - b.index)
    .map(({ entry }) => entry);
  const data = (entry: ReportDocument["timeline"][number], position: number) => ({
    occurredAt: new Date(entry.occurredAt),
    text: entry.text,
    kind: entry.kind,
    milestone: entry.milestone,
    position,
  });
  await syncRows(entries, await tx.timelineEvent.findMany({ where: { incidentId }, select: positionSelect }), before.timeline, {
    create: (entry, position) => tx.timelineEvent.create({ data: { incidentId, ...data(entry, position) } }),
    update: (id, entry, position) => tx.timelineEvent.update({ where: { id }, data: data(entry, position) }),
    remove: (ids) => tx.timelineEvent.deleteMany({ where: { incidentId, id: { in: ids } } }),
  });
}

async function writeTextLists(tx: Tx, incidentId: string, doc: ReportDocument): Promise<void> {
  const select = { id: true, position: true, text: true } as const;
  const where = { incidentId };
  await syncTextRows(doc.contributingFactors, await tx.contributingFactor.findMany({ where, select }), {
    create: (data) => tx.contributingFactor.createMany({ data: data.map((row) => ({ incidentId, ...row })) }),
    update: (id, data) => tx.contributingFactor.update({ where: { id }, data }),
    remove: (ids) => tx.contributingFactor.deleteMany({ where: { incidentId, id: { in: ids } } }),
  });
  await syncTextRows(doc.resolutionSteps, await tx.resolutionStep.findMany({ where, select }), {
    create: (data) => tx.resolutionStep.createMany({ data: data.map((row) => ({ incidentId, ...row })) }),
    update: (id, data) => tx.resolutionStep.update({ where: { id }, data }),
    remove: (ids) => tx.resolutionStep.deleteMany({ where: { incidentId, id: { in: ids } } }),
  });
  await syncTextRows(doc.preventiveMeasures, await tx.preventiveMeasure.findMany({ where, select }), {
    create: (data) => tx.preventiveMeasure.createMany({ data: data.map((row) => ({ incidentId, ...row })) }),
    update: (id, data) => tx.preventiveMeasure.update({ where: { id }, data }),
    remove: (ids) => tx.preventiveMeasure.deleteMany({ where: { incidentId, id: { in: ids } } }),
  });
}

async function writeTables(tx: Tx, incidentId: string, doc: ReportDocument, before: ReportDocument): Promise<void> {
  const where = { incidentId };
  await syncRows(doc.impact.metrics, await tx.impactMetric.findMany({ where, select: positionSelect }), before.impact.metrics, {
    create: ({ id: _id, ...metric }, position) => tx.impactMetric.create({ data: { incidentId, position, ...metric } }),
    update: (id, { id: _id, ...metric }, position) => tx.impactMetric.update({ where: { id }, data: { position, ...metric } }),
    remove: (ids) => tx.impactMetric.deleteMany({ where: { incidentId, id: { in: ids } } }),
  });
  await syncRows(doc.lessonsLearned, await tx.lessonLearned.findMany({ where, select: positionSelect }), before.lessonsLearned, {
    create: ({ id: _id, ...lesson }, position) => tx.lessonLearned.create({ data: { incidentId, position, ...lesson } }),
    update: (id, { id: _id, ...lesson }, position) => tx.lessonLearned.update({ where: { id }, data: { position, ...lesson } }),
    remove: (ids) => tx.lessonLearned.deleteMany({ where: { incidentId, id: { in: ids } } }),
  });
  await syncRows(doc.configuration, await tx.configurationEntry.findMany({ where, select: positionSelect }), before.configuration, {
    create: ({ id: _id, ...entry }, position) => tx.configurationEntry.create({ data: { incidentId, position, ...entry } }),
    update: (id, { id: _id, ...entry }, position) => tx.configurationEntry.update({ where: { id }, data: { position, ...entry } }),
    remove: (ids) => tx.configurationEntry.deleteMany({ where: { incidentId, id: { in: ids } } }),
  });
  await syncRows(doc.deploymentChanges, await tx.deploymentChange.findMany({ where, select: positionSelect }), before.deploymentChanges, {
    create: ({ id: _id, ...change }, position) => tx.deploymentChange.create({ data: { incidentId, position, ...change } }),
    update: (id, { id: _id, ...change }, position) => tx.deploymentChange.update({ where: { id }, data: { position, ...change } }),
    remove: (ids) => tx.deploymentChange.deleteMany({ where: { incidentId, id: { in: ids } } }),
  });
}

async function writeServices(tx: Tx, incidentId: string, doc: ReportDocument, before: ReportDocument): Promise<void> {
  if (sameValue(doc.services, before.services)) return;
  const ids = await serviceIds(tx, doc.services);
  await tx.incidentService.deleteMany({ where: { incidentId } });
  await tx.incidentService.createMany({ data: ids.map((serviceId, position) => ({ incidentId, serviceId, position })) });
}

/**
 * A new owner of an item of a private report must be able to open it; an owner the item already had is kept (the
 * report may have turned private after they got it: they keep the item and are not reminded of it). Runs after the
 * incident row is written, so a report made private in this same save counts as private.
 */
async function refuseHiddenOwners(
  tx: Tx,
  incidentId: string,
  doc: ReportDocument,
  before: ReportDocument,
  ownerOf: (item: ActionItem) => string | null,
  fieldPrefix: string,
): Promise<void> {
  const previousOwner = new Map(before.actionItems.flatMap((item) => (item.id ? [[item.id, item.ownerEmail?.toLowerCase() ?? null] as const] : [])));
  const changed = doc.actionItems.flatMap((item, index) => {
    const userId = ownerOf(item);
    const kept = item.id !== undefined && previousOwner.has(item.id) && previousOwner.get(item.id) === (item.ownerEmail?.toLowerCase() ?? null);
    return userId && !kept ? [{ userId, path: `${fieldPrefix}actionItems.${index}.ownerEmail` }] : [];
  });
  await refuseWhoCannotSee(tx, incidentId, changed, "owner");
}

async function writeActionItems(tx: Tx, incidentId: string, doc: ReportDocument, before: ReportDocument, actor: AnyActor, fieldPrefix: string): Promise<void> {
  // In the editor a user is chosen, not guessed: a name stays a name until someone picks a user for it (which sends
  // the user's email and no name). An email that is nobody's is kept as a name, as on import.
  const owners = new Map(
    (await resolveOwners(tx, doc.actionItems, { private: doc.private, authorId: null }, { matchNames: false })).map(
      (owner, index) => [doc.actionItems[index]!, owner] as const,
    ),
  );
  const ownerOf = (item: ActionItem) => {
    const owner = owners.get(item);
    return owner?.kind === "user" ? owner.userId : null;
  };
  await refuseHiddenOwners(tx, incidentId, doc, before, ownerOf, fieldPrefix);
  const now = new Date();
  const fields = (item: ActionItem, position: number) => ({
    position,
    title: item.title,
    description: item.description,
    ...ownerColumns(owners.get(item) ?? { kind: "none" }),
    dueDate: item.dueDate ? new Date(`${item.dueDate}T00:00:00.000Z`) : null,
    priority: item.priority,
    status: item.status,
  });
  const existing = await tx.actionItem.findMany({
    where: { incidentId },
    select: { ...positionSelect, status: true, trackerIntegrationId: true, trackerKey: true },
  });
  const stored = new Map(existing.map((row) => [row.id, row]));
  await syncRows(doc.actionItems, existing, before.actionItems, {
    create: (item, position) =>
      tx.actionItem.create({
        data: { incidentId, ...fields(item, position), completedAt: item.status === "DONE" ? now : null, createdById: actingUser(actor)?.id ?? null },
      }),
    update: async (id, item, position, old) => {
      const row = stored.get(id)!;
      const wasDone = row.status === "DONE";
      const contentChanged = !old || !sameValue({ ...old, id: undefined }, { ...item, id: undefined });
      const { version } = await tx.actionItem.update({
        where: { id },
        data: {
          ...fields(item, position),
          ...(item.status === "DONE" && !wasDone ? { completedAt: now } : {}),
          ...(item.status !== "DONE" && wasDone ? { completedAt: null } : {}),
          // Only a change of content is a new version of the item (the action-items page saves against it).
          ...(contentChanged ? { version: { increment: 1 } } : {}),
        },
        select: { version: true },
      });
      // closed or reopened in the editor: the linked GitHub or Jira issue follows (lib/trackers/sync.ts)
      await queueTrackerUpdate(tx, {
        itemId: id,
        trackerIntegrationId: row.trackerIntegrationId,
        trackerKey: row.trackerKey,
        before: row.status,
        after: item.status,
        version,
      });
    },
    remove: (ids) => tx.actionItem.deleteMany({ where: { incidentId, id: { in: ids } } }),
  });
}

async function writeFollowUp(tx: Tx, incidentId: string, doc: ReportDocument): Promise<void> {
  const reviews = await tx.followUpReview.findMany({ where: { incidentId }, select: { id: true, completedAt: true } });
  const followUp = doc.followUp;
  if (!followUp) {
    // Held reviews are history; only one still to happen is cancelled.
    const pending = reviews.filter((review) => !review.completedAt).map((review) => review.id);
    if (pending.length) await tx.followUpReview.deleteMany({ where: { incidentId, id: { in: pending } } });
    return;
  }
  const data = { scheduledAt: new Date(followUp.scheduledAt), note: followUp.note };
  const target = reviews.find((review) => review.id === followUp.id) ?? reviews.find((review) => !review.completedAt);
  if (target) await tx.followUpReview.update({ where: { id: target.id }, data });
  else await tx.followUpReview.create({ data: { incidentId, ...data } });
}

function staleConflict(current: EditableReport): ConflictError {
  const who = current.updatedBy ? ` by ${current.updatedBy.name}` : "";
  const details: ReportConflictDetails = {
    currentVersion: current.version,
    current: current.document,
    updatedAt: current.updatedAt,
    ...(current.updatedBy ? { updatedBy: current.updatedBy } : {}),
  };
  return new ConflictError(
    `This report was changed${who} since you opened it (it is now version ${current.version}). Nothing was saved: compare the versions and choose what to keep.`,
    details,
  );
}

/** What a save of the report answers: the stored report and, for the audit record, what changed. */
export type ReportSave = SavedReport & { changes: Record<string, { before: unknown; after: unknown }> };

/**
 * Saves the report `next` makes of the stored one, if it is still at `expectedVersion` (null: whatever version it is
 * at now, for a change that cannot clash with another, such as adding a timeline event), and not approved. The
 * editor's save, the REST API's PATCH and the timeline calls all go through here, so that they keep the same rules:
 * the compare-and-set on the version, approved reports read-only, the milestone rule, the ids of entries kept.
 * `fieldPrefix` is how the caller's input names the document in error paths ("document." for the editor's save).
 */
export async function saveReport(
  tx: Tx,
  actor: AnyActor,
  target: { id: string; expectedVersion: number | null; fieldPrefix: string },
  next: (before: ReportDocument) => ReportDocument,
): Promise<ReportSave> {
  const incident = await tx.incident.findFirst({
    where: whereVisible(actingUser(actor), target.id),
    select: { id: true, publicId: true, reportState: true, version: true },
  });
  if (!incident) throw new NotFoundError("The incident");
  const readOnly = () => new ConflictError(`${incident.publicId} is approved and therefore read-only. A manager can reopen it if it needs changes.`);
  if (incident.reportState === "APPROVED") throw readOnly();
  // Compare-and-set: the row lock taken here also makes a concurrent save from the same version wait, then fail.
  // The state is part of it: an approval committed since the read above must not be followed by this save.
  const claimed = await tx.incident.updateMany({
    where: { id: incident.id, version: target.expectedVersion ?? incident.version, reportState: { not: "APPROVED" } },
    data: { version: { increment: 1 } },
  });
  if (claimed.count !== 1) {
    const current = await readEditable(tx, { id: incident.id });
    if (!current) throw new NotFoundError("The incident");
    if (current.reportState === "APPROVED") throw readOnly();
    throw staleConflict(current);
  }

  const before = await loadReport(tx, incident.id);
  if (!before) throw new NotFoundError("The incident");
  // The editor applies the milestone rule as the user types; other clients (REST API, scripts) get it here.
  const doc = applyMilestones(next(before), before.timeline);
  const publicId = doc.publicId ?? incident.publicId;
  if (publicId !== incident.publicId) {
    const taken = await tx.incident.findUnique({ where: { publicId }, select: { id: true } });
    if (taken)
      throw new InvalidInputError(`The id ${publicId} is already used by another incident.`, [
        { path: `${target.fieldPrefix}publicId`, message: `${publicId} is already used by another incident` },
      ]);
  }
  const { authorId: _keepAuthor, ...columns } = incidentData(doc, null);
  const row = await tx.incident.update({ where: { id: incident.id }, data: { ...columns, publicId }, select: { version: true, updatedAt: true } });

  await writeTimeline(tx, incident.id, doc, before);
  await writeTextLists(tx, incident.id, doc);
  await writeTables(tx, incident.id, doc, before);
  await writeServices(tx, incident.id, doc, before);
  await writeActionItems(tx, incident.id, doc, before, actor, target.fieldPrefix);
  await writeFollowUp(tx, incident.id, doc);

  const after = await loadReport(tx, incident.id);
  if (!after) throw new NotFoundError("The incident");
  return {
    id: incident.id,
    publicId,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
    document: after,
    changes: reportAuditChanges(before, after),
  };
}

const reportAudit = ({ id, changes, version }: ReportSave): ActionAudit => ({
  entityType: "Incident",
  entityId: id,
  incidentId: id,
  changes,
  meta: { version },
});

export const updateReport = defineAction({
  name: "incident.update",
  permission: "incident:edit",
  input: updateReportInput,
  run: ({ tx, input, actor }) =>
    saveReport(tx, actor, { id: input.id, expectedVersion: input.expectedVersion, fieldPrefix: "document." }, () => input.document),
  audit: reportAudit,
  // Not the edit page itself: its client state is the truth there, and a renamed id would make its old URL a 404.
  revalidate: ({ publicId }) => [INCIDENTS_PATH, `${INCIDENTS_PATH}/${publicId}`],
});

/**
 * PATCH /api/v1/incidents/{id}: the fields sent replace the stored ones (a list replaces the whole list; entries keep
 * their rows by id, as in the editor), the rest stays; then the whole report is checked as a save from the editor
 * is. Same permission, version rule and audit action as the editor's save: it is the same change.
 */
export const patchReport = defineAction({
  name: "incident.update",
  permission: "incident:edit",
  input: patchReportInput,
  run: ({ tx, input: { id, version, reportState: _readOnly, signOff: _alsoReadOnly, ...changes }, actor }) =>
    saveReport(tx, actor, { id, expectedVersion: version, fieldPrefix: "" }, (before) => {
      const merged = reportDocumentSchema.safeParse({ ...before, ...changes });
      if (!merged.success) throw InvalidInputError.fromZod(merged.error);
      return merged.data;
    }),
  audit: reportAudit,
  revalidate: ({ publicId }) => [INCIDENTS_PATH, `${INCIDENTS_PATH}/${publicId}`],
});

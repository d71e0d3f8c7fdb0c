// The structured report in the database: the incident row and one table per report section. `insertReport` writes
// a whole report inside the caller's transaction; `loadReport` reads it back in the same shape.
import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import { ConflictError } from "@/lib/errors";
import { Prisma, type ReportState } from "@/lib/generated/prisma/client";
import { refuseWhoCannotSee, visibleIncidentsWhere, type Viewer } from "@/lib/incidents/access";
import { ownerColumns, resolveOwners } from "@/lib/incidents/owner-matching";
import { generatePublicId } from "@/lib/incidents/public-id";
import type { ExtraSection, FollowUp, ReportDocument } from "@/lib/incidents/schema";

const PUBLIC_ID_ATTEMPTS = 20;

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

const toDate = (iso: string | null) => (iso === null ? null : new Date(iso));

/**
 * A failed insert aborts a PostgreSQL transaction; a savepoint lets the caller's transaction go on after a
 * public id turned out to be taken by a concurrent import.
 */
async function withSavepoint<T>(tx: Tx, work: () => Promise<T>): Promise<T> {
  await tx.$executeRawUnsafe("SAVEPOINT hindsight_incident_insert");
  try {
    const result = await work();
    await tx.$executeRawUnsafe("RELEASE SAVEPOINT hindsight_incident_insert");
    return result;
  } catch (error) {
    await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT hindsight_incident_insert");
    throw error;
  }
}

/** The incident row's columns for a report (children are separate tables). Shared with updateReport. */
export function incidentData(doc: ReportDocument, authorId: string | null) {
  return {
    title: doc.title,
    severity: doc.severity,
    impactSummary: doc.impactSummary,
    status: doc.status,
    private: doc.private,
    timeZone: doc.timeZone,
    startedAt: toDate(doc.startedAt),
    endedAt: toDate(doc.endedAt),
    detectedAt: toDate(doc.detectedAt),
    mitigatedAt: toDate(doc.mitigatedAt),
    resolvedAt: toDate(doc.resolvedAt),
    summary: doc.summary,
    rootCause: doc.rootCause,
    trigger: doc.trigger,
    detection: doc.detection,
    supportingInfo: doc.supportingInfo,
    usersAffected: doc.impact.usersAffected,
    errorRate: doc.impact.errorRate,
    dataLoss: doc.impact.dataLoss,
    dataLossNote: doc.impact.dataLossNote,
    preparedBy: doc.preparedBy,
    reviewedBy: doc.reviewedBy,
    extraSections: doc.extraSections.map(({ heading, body }) => ({ heading, body })) as Prisma.InputJsonValue,
    attachmentsListed: doc.attachmentsListed,
    authorId,
  };
}

async function createIncident(tx: Tx, doc: ReportDocument, authorId: string | null): Promise<{ id: string; publicId: string }> {
  const data = incidentData(doc, authorId);
  const select = { id: true, publicId: true } as const;
  if (doc.publicId) {
    const publicId = doc.publicId;
    try {
      return await withSavepoint(tx, () => tx.incident.create({ data: { ...data, publicId }, select }));
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`An incident with the id ${publicId} already exists.`, { publicId });
      throw error;
    }
  }
  // INC-YYYY-MMDD-NNN for the day the incident started, NNN one more than the incidents already numbered that day.
  const startedAt = doc.startedAt ?? new Date().toISOString();
  const prefix = generatePublicId(startedAt, 1, doc.timeZone).slice(0, -"001".length);
  let sequence = (await tx.incident.count({ where: { publicId: { startsWith: prefix } } })) + 1;
  for (let attempt = 0; attempt < PUBLIC_ID_ATTEMPTS; attempt++, sequence++) {
    const publicId = generatePublicId(startedAt, sequence, doc.timeZone);
    try {
      return await withSavepoint(tx, () => tx.incident.create({ data: { ...data, publicId }, select }));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new ConflictError(`No free incident id was found for ${prefix}NNN; try again.`);
}

/** Catalog ids for service names, matched case-insensitively; unknown names become new catalog entries. */
export async function serviceIds(tx: Tx, names: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names) {
    // the catalog is by name; "payments api" is the existing "Payments API", not a new service
    const existing = await tx.service.findFirst({ where: { name: { equals: name, mode: "insensitive" } }, select: { id: true } });
    const service = existing ?? (await tx.service.upsert({ where: { name }, create: { name }, update: {}, select: { id: true } }));
    ids.push(service.id);
  }
  return ids;
}

/**
 * Writes a whole report: the incident and every section table. Services are added to the catalog when new; an
 * action item's owner is the user with that email or that exact name (lib/incidents/owner-matching.ts), or, when
 * there is none, kept as the name written (ActionItem.ownerName: shown, never reminded). A private report's owners
 * given by email must be able to open it (else a 422 naming them, fields under `fieldPrefix`). A missing public id is
 * generated (INC-YYYY-MMDD-NNN). Call inside a transaction.
 */
export async function insertReport(
  tx: Tx,
  doc: ReportDocument,
  { authorId, fieldPrefix = "" }: { authorId: string | null; fieldPrefix?: string },
): Promise<{ id: string; publicId: string }> {
  const incident = await createIncident(tx, doc, authorId);
  const incidentId = incident.id;
  // Events at the same moment keep the order they were written in: position breaks the tie.
  await tx.timelineEvent.createMany({
    data: doc.timeline.map((event, position) => ({
      incidentId,
      occurredAt: new Date(event.occurredAt),
      text: event.text,
      kind: event.kind,
      milestone: event.milestone,
      position,
    })),
  });
  await tx.contributingFactor.createMany({ data: doc.contributingFactors.map((text, position) => ({ incidentId, position, text })) });
  await tx.resolutionStep.createMany({ data: doc.resolutionSteps.map((text, position) => ({ incidentId, position, text })) });
  await tx.preventiveMeasure.createMany({ data: doc.preventiveMeasures.map((text, position) => ({ incidentId, position, text })) });
  await tx.impactMetric.createMany({
    data: doc.impact.metrics.map((metric, position) => ({
      incidentId,
      position,
      kind: metric.kind,
      label: metric.label,
      value: metric.value,
      unit: metric.unit,
      baseline: metric.baseline,
      baselineUnit: metric.baselineUnit,
      qualifier: metric.qualifier,
      statement: metric.statement,
      note: metric.note,
    })),
  });
  await tx.lessonLearned.createMany({
    data: doc.lessonsLearned.map((lesson, position) => ({ incidentId, position, category: lesson.category, text: lesson.text })),
  });
  await tx.configurationEntry.createMany({
    data: doc.configuration.map((entry, position) => ({
      incidentId,
      position,
      scope: entry.scope,
      key: entry.key,
      value: entry.value,
      previousValue: entry.previousValue,
      statement: entry.statement,
      note: entry.note,
    })),
  });
  await tx.deploymentChange.createMany({
    data: doc.deploymentChanges.map((change, position) => ({
      incidentId,
      position,
      component: change.component,
      fromVersion: change.fromVersion,
      toVersion: change.toVersion,
      statement: change.statement,
      note: change.note,
    })),
  });
  const services = await serviceIds(tx, doc.services);
  await tx.incidentService.createMany({ data: services.map((serviceId, position) => ({ incidentId, serviceId, position })) });

  const owners = await resolveOwners(tx, doc.actionItems, { private: doc.private, authorId });
  // An owner given by email must be able to open a private report (else a 422 naming them); a name is only matched
  // to someone who can (resolveOwners), else it stays a name.
  await refuseWhoCannotSee(
    tx,
    incidentId,
    owners.flatMap((owner, index) =>
      owner.kind === "user" && owner.by === "email" ? [{ userId: owner.userId, path: `${fieldPrefix}actionItems.${index}.ownerEmail` }] : [],
    ),
    "owner",
  );
  const now = new Date();
  await tx.actionItem.createMany({
    data: doc.actionItems.map((item, position) => ({
      incidentId,
      position,
      title: item.title,
      description: item.description,
      ...ownerColumns(owners[position]!),
      dueDate: item.dueDate ? new Date(`${item.dueDate}T00:00:00.000Z`) : null,
      priority: item.priority,
      status: item.status,
      completedAt: item.status === "DONE" ? now : null,
      createdById: authorId,
    })),
  });
  if (doc.followUp) {
    await tx.followUpReview.create({
      data: { incidentId, scheduledAt: new Date(doc.followUp.scheduledAt), note: doc.followUp.note },
    });
  }
  return incident;
}

function readExtraSections(value: Prisma.JsonValue): ExtraSection[] {
  const sections: ExtraSection[] = [];
  for (const entry of Array.isArray(value) ? value : []) {
    if (!entry || typeof entry !== "object" || Array.isArray(entry)) continue;
    const section = entry as Partial<ExtraSection>;
    if (typeof section.heading === "string") sections.push({ heading: section.heading, body: typeof section.body === "string" ? section.body : "" });
  }
  return sections;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** The next review still to happen, else the last one held. */
function currentFollowUp(reviews: { id: string; scheduledAt: Date; note: string | null; completedAt: Date | null }[]): FollowUp | null {
  const sorted = [...reviews].sort((a, b) => a.scheduledAt.getTime() - b.scheduledAt.getTime());
  const review = sorted.find((r) => !r.completedAt) ?? sorted.at(-1);
  return review ? { id: review.id, scheduledAt: review.scheduledAt.toISOString(), note: review.note } : null;
}

/** The whole report by internal id or public id (INC-...); null when there is none. Children in report order. */
export async function loadReport(db: Db | Tx, idOrPublicId: string): Promise<ReportDocument | null> {
  return (await readReport(db, { OR: [{ id: idOrPublicId }, { publicId: idOrPublicId }] }))?.report ?? null;
}

/**
 * The whole report when `viewer` may see it, in one statement (the relations are joined in the database: the
 * `relationJoins` preview feature), with its author's time zone (a postmortem's due day is counted in it).
 */
export async function loadVisibleReport(db: Db | Tx, viewer: Viewer, idOrPublicId: string): Promise<LoadedReport | null> {
  return readReport(db, { AND: [{ OR: [{ id: idOrPublicId }, { publicId: idOrPublicId }] }, visibleIncidentsWhere(viewer)] });
}

/**
 * What the read view shows of an action item beyond the document (which names a user owner by email only): the
 * owning user's name (null when the owner is no user: the document's `ownerName` then says who) and the tracker
 * link, by the item's id.
 */
export type ActionItemExtras = { ownerName: string | null; trackerUrl: string | null };

type LoadedReport = {
  report: ReportDocument;
  authorTimeZone: string | null;
  actionItemExtras: Record<string, ActionItemExtras>;
  /** read in the same statement as the report, so they belong to this very content */
  version: number;
  reportState: ReportState;
};

async function readReport(db: Db | Tx, where: Prisma.IncidentWhereInput): Promise<LoadedReport | null> {
  const byPosition = [{ position: "asc" as const }, { id: "asc" as const }];
  const incident = await db.incident.findFirst({
    where,
    include: {
      author: { select: { timeZone: true } },
      services: { orderBy: { position: "asc" }, include: { service: { select: { name: true } } } },
      timelineEvents: { orderBy: [{ occurredAt: "asc" }, { position: "asc" }, { id: "asc" }] },
      contributingFactors: { orderBy: byPosition },
      impactMetrics: { orderBy: byPosition },
      resolutionSteps: { orderBy: byPosition },
      preventiveMeasures: { orderBy: byPosition },
      lessonsLearned: { orderBy: byPosition },
      configurationEntries: { orderBy: byPosition },
      deploymentChanges: { orderBy: byPosition },
      actionItems: { orderBy: byPosition, include: { owner: { select: { email: true, name: true } } } },
      followUpReviews: { select: { id: true, scheduledAt: true, note: true, completedAt: true } },
    },
  });
  if (!incident) return null;
  const extraSections = readExtraSections(incident.extraSections);
  const attachmentsListed = incident.attachmentsListed;
  const report: ReportDocument = {
    id: incident.id,
    publicId: incident.publicId,
    title: incident.title,
    severity: incident.severity,
    impactSummary: incident.impactSummary,
    status: incident.status,
    private: incident.private,
    timeZone: incident.timeZone,
    startedAt: iso(incident.startedAt),
    endedAt: iso(incident.endedAt),
    detectedAt: iso(incident.detectedAt),
    mitigatedAt: iso(incident.mitigatedAt),
    resolvedAt: iso(incident.resolvedAt),
    summary: incident.summary,
    rootCause: incident.rootCause,
    trigger: incident.trigger,
    detection: incident.detection,
    supportingInfo: incident.supportingInfo,
    timeline: incident.timelineEvents.map((event) => ({
      id: event.id,
      occurredAt: event.occurredAt.toISOString(),
      text: event.text,
      kind: event.kind,
      milestone: event.milestone,
    })),
    contributingFactors: incident.contributingFactors.map((row) => row.text),
    impact: {
      usersAffected: incident.usersAffected,
      errorRate: incident.errorRate,
      dataLoss: incident.dataLoss,
      dataLossNote: incident.dataLossNote,
      metrics: incident.impactMetrics.map((metric) => ({
        id: metric.id,
        kind: metric.kind,
        label: metric.label,
        value: metric.value,
        unit: metric.unit,
        baseline: metric.baseline,
        baselineUnit: metric.baselineUnit,
        qualifier: metric.qualifier,
        statement: metric.statement,
        note: metric.note,
      })),
    },
    resolutionSteps: incident.resolutionSteps.map((row) => row.text),
    preventiveMeasures: incident.preventiveMeasures.map((row) => row.text),
    lessonsLearned: incident.lessonsLearned.map((lesson) => ({ id: lesson.id, category: lesson.category, text: lesson.text })),
    services: incident.services.map((link) => link.service.name),
    configuration: incident.configurationEntries.map((entry) => ({
      id: entry.id,
      scope: entry.scope,
      key: entry.key,
      value: entry.value,
      previousValue: entry.previousValue,
      statement: entry.statement,
      note: entry.note,
    })),
    deploymentChanges: incident.deploymentChanges.map((change) => ({
      id: change.id,
      component: change.component,
      fromVersion: change.fromVersion,
      toVersion: change.toVersion,
      statement: change.statement,
      note: change.note,
    })),
    actionItems: incident.actionItems.map((item) => ({
      id: item.id,
      title: item.title,
      description: item.description,
      ownerEmail: item.owner?.email ?? null,
      // a name only while no user is chosen (choosing one clears it; a deleted user's item has neither)
      ...(!item.owner && item.ownerName ? { ownerName: item.ownerName } : {}),
      dueDate: item.dueDate ? item.dueDate.toISOString().slice(0, 10) : null,
      priority: item.priority,
      status: item.status,
    })),
    followUp: currentFollowUp(incident.followUpReviews),
    attachmentsListed,
    preparedBy: incident.preparedBy,
    reviewedBy: incident.reviewedBy,
    extraSections,
  };
  const actionItemExtras = Object.fromEntries(
    incident.actionItems.map((item) => [item.id, { ownerName: item.owner?.name ?? null, trackerUrl: item.trackerUrl }]),
  );
  return { report, authorTimeZone: incident.author?.timeZone ?? null, actionItemExtras, version: incident.version, reportState: incident.reportState };
}

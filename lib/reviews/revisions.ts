// Revisions: the report's content frozen at a moment (submission, sign-off, reopening), numbered per incident, with
// the SHA-256 of its canonical JSON. A sign-off points at one; the report page checks that the content now stored
// still hashes to what was signed, and that the signed revision itself was not altered.
//
// Canonical JSON is lib/incidents/report-diff's `canonicalJson`: keys sorted, `undefined` dropped, and every `id`
// left out (database ids of list entries change when rows are rewritten with the same content). The stored content
// is that same canonical form, so hashing it again must give the stored hash.
import "server-only";
import type { RevisionSummary, SignOffCheck } from "@/lib/reviews/schema";
import { createHash } from "node:crypto";
import { getDb, type Db, type Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { visibleIncidentsWhere, type Viewer } from "@/lib/incidents/access";
import { canonicalJson, diffReports, type ReportFieldChange } from "@/lib/incidents/report-diff";
import type { ReportDocument } from "@/lib/incidents/schema";
import { loadReport } from "@/lib/incidents/store";
import { ownerEmails } from "@/lib/reviews/readable-diff";

type Reader = Db | Tx;

export const SIGN_OFF_AUDIT_ACTION = "review.approve";

/** Hex SHA-256 of the value's canonical JSON. */
export function contentHash(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value), "utf8").digest("hex");
}

/** What a revision stores: the document in canonical form, without database ids. */
export function revisionContent(doc: ReportDocument): Prisma.InputJsonObject {
  return JSON.parse(canonicalJson(doc)) as Prisma.InputJsonObject;
}

/** Freezes the report as it is in `tx` now as the next revision. */
export async function freezeRevision(
  tx: Tx,
  { incidentId, reason, createdById }: { incidentId: string; reason: string; createdById: string | null },
): Promise<{ id: string; number: number; contentHash: string }> {
  const doc = await loadReport(tx, incidentId);
  if (!doc) throw new Error(`incident ${incidentId} vanished inside its own transaction`);
  const content = revisionContent(doc);
  const last = await tx.revision.aggregate({ where: { incidentId }, _max: { number: true } });
  // The caller has claimed the incident row (its state change), so concurrent freezes of one report queue up here.
  return tx.revision.create({
    data: { incidentId, number: (last._max.number ?? 0) + 1, content, contentHash: contentHash(content), reason, createdById },
    select: { id: true, number: true, contentHash: true },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

const personSelect = { select: { id: true, name: true, email: true } } as const;

async function visibleIncident(db: Reader, viewer: Viewer, idOrPublicId: string) {
  return db.incident.findFirst({
    where: { AND: [{ OR: [{ id: idOrPublicId }, { publicId: idOrPublicId }] }, visibleIncidentsWhere(viewer)] },
    select: { id: true, publicId: true, title: true, reportState: true },
  });
}

/** Oldest first; null when the incident does not exist or `viewer` may not see it. */
export async function listRevisions(viewer: Viewer, idOrPublicId: string) {
  const db = getDb();
  const incident = await visibleIncident(db, viewer, idOrPublicId);
  if (!incident) return null;
  const rows = await db.revision.findMany({
    where: { incidentId: incident.id },
    orderBy: { number: "asc" },
    select: {
      number: true,
      reason: true,
      contentHash: true,
      createdAt: true,
      createdBy: personSelect,
      signOffs: { orderBy: { signedAt: "asc" }, select: { reviewer: personSelect, signedAt: true, comment: true } },
    },
  });
  return { incident, revisions: rows satisfies RevisionSummary[] };
}

export type RevisionDetail = RevisionSummary & {
  content: ReportDocument;
  /** the stored content still hashes to the stored hash */
  intact: boolean;
};

async function readRevision(db: Reader, incidentId: string, number: number): Promise<RevisionDetail | null> {
  const row = await db.revision.findUnique({
    where: { incidentId_number: { incidentId, number } },
    select: {
      number: true,
      reason: true,
      content: true,
      contentHash: true,
      createdAt: true,
      createdBy: personSelect,
      signOffs: { orderBy: { signedAt: "asc" }, select: { reviewer: personSelect, signedAt: true, comment: true } },
    },
  });
  if (!row) return null;
  return { ...row, content: row.content as unknown as ReportDocument, intact: contentHash(row.content) === row.contentHash };
}

export async function getRevision(viewer: Viewer, idOrPublicId: string, number: number) {
  const db = getDb();
  const incident = await visibleIncident(db, viewer, idOrPublicId);
  if (!incident) return null;
  const revision = await readRevision(db, incident.id, number);
  return revision ? { incident, revision } : null;
}

/** One side of a comparison: a revision by number, or the report as it is now. */
export type RevisionRef = number | "current";

/** `?compare=2..5`, `?compare=3..current`: null when it does not read as two sides. */
export function parseCompare(value: string | null | undefined): { from: RevisionRef; to: RevisionRef } | null {
  const match = /^\s*(\d{1,6}|current)\s*\.\.\s*(\d{1,6}|current)\s*$/i.exec(value ?? "");
  if (!match) return null;
  const side = (text: string): RevisionRef => (text.toLowerCase() === "current" ? "current" : Number(text));
  const from = side(match[1]!);
  const to = side(match[2]!);
  if (from === 0 || to === 0) return null;
  return { from, to };
}

export type ComparisonSide = { ref: RevisionRef; label: string; document: ReportDocument; revision: RevisionDetail | null };
export type RevisionComparison = {
  from: ComparisonSide;
  to: ComparisonSide;
  changes: ReportFieldChange[];
  /** the names of the action-item owners either side names, by lower-case email: the diff shows names, not emails */
  people: Record<string, string>;
};

async function namesByEmail(db: Reader, emails: string[]): Promise<Record<string, string>> {
  if (emails.length === 0) return {};
  const users = await db.user.findMany({ where: { email: { in: emails } }, select: { email: true, name: true } });
  return Object.fromEntries(users.map((user) => [user.email.toLowerCase(), user.name]));
}

/** The fields that differ between two revisions (or a revision and the current report); null when a side is missing. */
export async function compareRevisions(viewer: Viewer, idOrPublicId: string, from: RevisionRef, to: RevisionRef) {
  const db = getDb();
  const incident = await visibleIncident(db, viewer, idOrPublicId);
  if (!incident) return null;
  const side = async (ref: RevisionRef): Promise<ComparisonSide | null> => {
    if (ref === "current") {
      const document = await loadReport(db, incident.id);
      return document ? { ref, label: "Current report", document, revision: null } : null;
    }
    const revision = await readRevision(db, incident.id, ref);
    return revision ? { ref, label: `Revision ${ref}`, document: revision.content, revision } : null;
  };
  const left = await side(from);
  const right = await side(to);
  if (!left || !right) return { incident, comparison: null };
  const changes = diffReports(left.document, right.document);
  const people = await namesByEmail(db, ownerEmails(changes));
  return { incident, comparison: { from: left, to: right, changes, people } satisfies RevisionComparison };
}

// ---------------------------------------------------------------------------------------------------------------
// The latest sign-off and whether the report still matches it

function withoutProgress(doc: ReportDocument): ReportDocument {
  return { ...doc, actionItems: (doc.actionItems ?? []).map((item) => ({ ...item, status: "OPEN" as const })), followUp: null };
}

/** What a sign-off check reads of a SignOff row (lib/reviews/queries.ts reads it with the rest of the review panel). */
export const signOffCheckSelect = {
  id: true,
  signedAt: true,
  comment: true,
  reviewer: personSelect,
  revision: { select: { number: true, content: true, contentHash: true } },
} as const satisfies Prisma.SignOffSelect;

export type SignOffForCheck = Prisma.SignOffGetPayload<{ select: typeof signOffCheckSelect }>;

/**
 * Whether a sign-off still holds: its revision intact (content, stored hash and the hash the append-only audit trail
 * recorded at signing all agree) and whether the report as it is now (`current`) is what was signed, or differs in
 * progress only. `recordedHash` is the contentHash in the sign-off's audit event (undefined when there is none).
 */
export function assessSignOff(signOff: SignOffForCheck, recordedHash: unknown, current: ReportDocument | null): SignOffCheck {
  const { revision } = signOff;
  const revisionIntact = contentHash(revision.content) === revision.contentHash && (recordedHash === undefined || recordedHash === revision.contentHash);
  const signed = revision.content as unknown as ReportDocument;
  const matchesCurrent = current !== null && contentHash(current) === revision.contentHash;
  const changedFields = current && !matchesCurrent ? diffReports(signed, current).map(({ field, label }) => ({ field, label })) : [];
  const progressOnly = current !== null && !matchesCurrent && diffReports(withoutProgress(signed), withoutProgress(current)).length === 0;
  return {
    revisionNumber: revision.number,
    reviewer: signOff.reviewer,
    signedAt: signOff.signedAt,
    comment: signOff.comment,
    contentHash: revision.contentHash,
    revisionIntact,
    matchesCurrent,
    changedFields,
    progressOnly,
  };
}

/** The contentHash the audit trail recorded for a sign-off: the reference even if someone rewrote the revision and its hash. */
export function recordedSignOffHash(meta: unknown): unknown {
  return (meta as { contentHash?: unknown } | null)?.contentHash;
}

/**
 * The latest sign-off of an incident and whether it still holds; null when it was never signed off. `current`: the
 * report as stored now, when the caller has it already.
 */
export async function checkLatestSignOff(incidentId: string, db: Reader = getDb(), current?: ReportDocument | null): Promise<SignOffCheck | null> {
  const signOff = await db.signOff.findFirst({ where: { incidentId }, orderBy: [{ signedAt: "desc" }, { id: "desc" }], select: signOffCheckSelect });
  if (!signOff) return null;
  // The audit trail is append-only (a database trigger refuses changes), so the hash it recorded at signing is the
  // reference even if someone rewrote both the revision's content and its hash column.
  const recorded = await db.auditEvent.findFirst({
    where: { incidentId, action: SIGN_OFF_AUDIT_ACTION, entityType: "SignOff", entityId: signOff.id },
    select: { meta: true },
  });
  return assessSignOff(signOff, recordedSignOffHash(recorded?.meta ?? null), current === undefined ? await loadReport(db, incidentId) : current);
}

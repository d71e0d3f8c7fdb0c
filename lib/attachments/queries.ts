// Reads of attachments, always through the incident's visibility: a file of an incident the viewer may not see
// does not exist for them. Lists never read the bytes.
import "server-only";
import { getDb, type Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { visibleIncidentsWhere, type Viewer } from "@/lib/incidents/access";
import type { AttachmentView } from "@/lib/attachments/schema";
import { readAttachmentBytes } from "@/lib/attachments/chunks";
import { openObject } from "@/lib/storage/object-storage";

export const attachmentViewSelect = {
  id: true,
  incidentId: true,
  filename: true,
  contentType: true,
  size: true,
  sha256: true,
  description: true,
  createdAt: true,
  uploadedBy: { select: { id: true, name: true, email: true } },
} as const satisfies Prisma.AttachmentSelect;

type AttachmentViewRow = Prisma.AttachmentGetPayload<{ select: typeof attachmentViewSelect }>;

export function toAttachmentView(row: AttachmentViewRow): AttachmentView {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

/** The incident (by database id or public id) when `viewer` may see it; a viewer of null is the system. */
export async function findVisibleIncident(db: Tx | ReturnType<typeof getDb>, viewer: Viewer | null, idOrPublicId: string) {
  return db.incident.findFirst({
    where: { AND: [{ OR: [{ id: idOrPublicId }, { publicId: idOrPublicId }] }, viewer ? visibleIncidentsWhere(viewer) : {}] },
    select: { id: true, publicId: true },
  });
}

/** Newest first; null when the incident does not exist or is not visible to `viewer`. */
export async function listAttachments(viewer: Viewer, incidentIdOrPublicId: string): Promise<AttachmentView[] | null> {
  const incident = await findVisibleIncident(getDb(), viewer, incidentIdOrPublicId);
  return incident ? listAttachmentsOfIncident(incident.id) : null;
}

/** An incident's files, newest first, by database id, with no visibility check: for a page that has already found the incident visible. */
export async function listAttachmentsOfIncident(incidentId: string): Promise<AttachmentView[]> {
  const rows = await getDb().attachment.findMany({ where: { incidentId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: attachmentViewSelect });
  return rows.map(toAttachmentView);
}

/**
 * One file for download, its bytes as a stream read as its reader takes them (from the bucket when the row has an
 * objectKey, else 1 MiB chunk rows a query), so that a large file is never whole in memory; null when it or its
 * incident is not there for `viewer`. A file in the bucket is opened before this returns: a missing object is a
 * StoredObjectMissingError (502), an unreachable storage a StorageUnavailableError (503), before any byte is sent.
 */
export async function getAttachmentFile(
  viewer: Viewer,
  incidentIdOrPublicId: string,
  attachmentId: string,
): Promise<(AttachmentView & { body: ReadableStream<Uint8Array> }) | null> {
  const db = getDb();
  const incident = await findVisibleIncident(db, viewer, incidentIdOrPublicId);
  if (!incident) return null;
  const row = await db.attachment.findFirst({ where: { id: attachmentId, incidentId: incident.id }, select: { ...attachmentViewSelect, objectKey: true } });
  if (!row) return null;
  const { objectKey, ...view } = row;
  const body = objectKey ? await openObject(objectKey, row.size) : readAttachmentBytes(row.id, row.size);
  return { ...toAttachmentView(view), body };
}

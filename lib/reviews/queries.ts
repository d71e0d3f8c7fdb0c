// Reads for the review pages: what waits for a manager, and an author's own reports.
import { getDb } from "@/lib/db/client";

export type ReviewRow = { id: string; publicId: string; title: string; reportState: string; severity: string; since: Date };

export async function listReviewQueue(reviewerId: string): Promise<ReviewRow[]> {
  const assignments = await getDb().reviewAssignment.findMany({
    where: { reviewerId, decision: "PENDING", incident: { reportState: "IN_REVIEW" } },
    orderBy: { requestedAt: "asc" },
    select: { requestedAt: true, incident: { select: { id: true, publicId: true, title: true, reportState: true, severity: true } } },
  });
  return assignments.map((a) => ({ ...a.incident, since: a.requestedAt }));
}

export async function listMyReports(authorId: string): Promise<ReviewRow[]> {
  const incidents = await getDb().incident.findMany({
    where: { authorId },
    orderBy: { updatedAt: "desc" },
    take: 100,
    select: { id: true, publicId: true, title: true, reportState: true, severity: true, updatedAt: true },
  });
  return incidents.map(({ updatedAt, ...incident }) => ({ ...incident, since: updatedAt }));
}

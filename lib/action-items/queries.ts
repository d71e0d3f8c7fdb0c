// Reads for action items across incidents, limited to incidents the viewer may see.
import { getDb } from "@/lib/db/client";
import { visibleIncidentsWhere, type Viewer } from "@/lib/incidents/access";

export type ActionItemRow = {
  id: string;
  title: string;
  status: string;
  priority: string;
  dueDate: Date | null;
  ownerName: string | null;
  incident: { publicId: string; title: string };
};

/** `today` is the viewer's calendar day at midnight UTC (due dates are stored as dates). */
export function isOverdue(item: { status: string; dueDate: Date | null }, today: Date): boolean {
  return item.dueDate !== null && (item.status === "OPEN" || item.status === "IN_PROGRESS") && item.dueDate.getTime() < today.getTime();
}

export async function listActionItems(viewer: Viewer, opts: { mine?: boolean; limit?: number } = {}): Promise<ActionItemRow[]> {
  const items = await getDb().actionItem.findMany({
    where: { incident: visibleIncidentsWhere(viewer), ...(opts.mine ? { ownerId: viewer.id } : {}) },
    orderBy: [{ dueDate: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
    take: opts.limit ?? 200,
    select: {
      id: true,
      title: true,
      status: true,
      priority: true,
      dueDate: true,
      owner: { select: { name: true } },
      incident: { select: { publicId: true, title: true } },
    },
  });
  return items.map(({ owner, ...item }) => ({ ...item, ownerName: owner?.name ?? null }));
}

// Reads for action items across incidents: the table's page of rows for a view (filter, sort, page in the
// database), one item, and the choices the table offers. Only items of incidents the viewer may see.
import "server-only";
import { getDb, type Db, type Tx } from "@/lib/db/client";
import { StaleWhileRevalidateCache } from "@/lib/cache/stale-while-revalidate";
import { getSeverityScale } from "@/lib/settings/queries";
import type { Prisma } from "@/lib/generated/prisma/client";
import { visibleIncidentsWhere, type Viewer } from "@/lib/incidents/access";
import { mayEditActionItem } from "@/lib/action-items/edit-rights";
import { dueWithinWhere, isOverdue, overdueWhere, todayIn } from "@/lib/action-items/overdue";
import type { ActionItemPage, ActionItemRow, ActionItemView, IncidentOption, PersonOption, SortableColumn } from "@/lib/action-items/schema";

/** Who is looking: visibility, "me", edit rights, and the time zone "overdue" is judged in. */
export type ActionItemViewer = Viewer & { timeZone: string };

export const actionItemRowSelect = {
  id: true,
  title: true,
  description: true,
  status: true,
  priority: true,
  dueDate: true,
  trackerUrl: true,
  trackerKey: true,
  wontDoReason: true,
  completedAt: true,
  createdAt: true,
  version: true,
  ownerId: true,
  ownerName: true,
  owner: { select: { id: true, name: true, email: true } },
  incident: {
    select: {
      id: true,
      publicId: true,
      title: true,
      severity: true,
      authorId: true,
      services: { orderBy: { position: "asc" }, select: { service: { select: { name: true } } } },
    },
  },
} as const satisfies Prisma.ActionItemSelect;

type SelectedItem = Prisma.ActionItemGetPayload<{ select: typeof actionItemRowSelect }>;

export function toActionItemRow(item: SelectedItem, viewer: ActionItemViewer, today: Date): ActionItemRow {
  return {
    id: item.id,
    title: item.title,
    description: item.description,
    status: item.status,
    priority: item.priority,
    dueDate: item.dueDate ? item.dueDate.toISOString().slice(0, 10) : null,
    trackerUrl: item.trackerUrl,
    trackerKey: item.trackerKey,
    wontDoReason: item.wontDoReason,
    completedAt: item.completedAt?.toISOString() ?? null,
    createdAt: item.createdAt.toISOString(),
    version: item.version,
    owner: item.owner,
    ownerName: item.owner ? null : item.ownerName,
    incident: {
      id: item.incident.id,
      publicId: item.incident.publicId,
      title: item.incident.title,
      severity: item.incident.severity,
      services: item.incident.services.map((link) => link.service.name),
    },
    overdue: isOverdue(item, today),
    editable: mayEditActionItem(viewer, { ownerId: item.ownerId, authorId: item.incident.authorId }),
  };
}

/** The database filter for a view, seen by `viewer` on `today` (their local day). */
export function actionItemWhere(viewer: ActionItemViewer, view: ActionItemView, today: Date): Prisma.ActionItemWhereInput {
  const and: Prisma.ActionItemWhereInput[] = [{ incident: visibleIncidentsWhere(viewer) }];
  if (view.owner === "me") and.push({ ownerId: viewer.id });
  else if (view.owner === "unassigned") and.push({ ownerId: null });
  else if (view.owner) and.push({ ownerId: view.owner });
  if (view.status.length) and.push({ status: { in: view.status } });
  if (view.overdue) and.push(overdueWhere(today));
  if (view.dueWithin !== null) and.push(dueWithinWhere(today, view.dueWithin));
  if (view.severity) and.push({ incident: { severity: { equals: view.severity, mode: "insensitive" } } });
  if (view.service) and.push({ incident: { services: { some: { service: { name: { equals: view.service, mode: "insensitive" } } } } } });
  if (view.incident) and.push({ incident: { publicId: view.incident } });
  return { AND: and };
}

function orderBy(sort: SortableColumn, order: "asc" | "desc"): Prisma.ActionItemOrderByWithRelationInput[] {
  // Items without a due date come last whichever way the column is sorted: they are the gaps, not the ends.
  const primary: Record<SortableColumn, Prisma.ActionItemOrderByWithRelationInput | Prisma.ActionItemOrderByWithRelationInput[]> = {
    title: { title: order },
    incident: { incident: { publicId: order } },
    // users by name, then the owners who are no user by the name the report gave
    owner: [{ owner: { name: order } }, { ownerName: { sort: order, nulls: "last" } }],
    dueDate: { dueDate: { sort: order, nulls: "last" } },
    // enum order: critical first ascending, open first ascending
    priority: { priority: order },
    status: { status: order },
    createdAt: { createdAt: order },
  };
  // then a stable order, so that pages neither repeat nor skip rows
  return [
    ...[primary[sort]].flat(),
    ...(sort === "dueDate" ? [] : [{ dueDate: { sort: "asc" as const, nulls: "last" as const } }]),
    { createdAt: "asc" },
    { id: "asc" },
  ];
}

/** One page of the items `viewer` may see, filtered and sorted by the database. A page past the end shows the last. */
export async function listActionItems(viewer: ActionItemViewer, view: ActionItemView, now: Date = new Date()): Promise<ActionItemPage> {
  const db = getDb();
  const today = todayIn(viewer.timeZone, now);
  const where = actionItemWhere(viewer, view, today);
  // The page's ids (the order's index: 25 entries) and the total at once, then those items with their owner, incident
  // and services joined in one statement. Joined in the same statement as the sort, the owner and incident of EVERY
  // matching item were built before the LIMIT (270-400 ms over 100,000 items).
  const idsOf = (page: number) =>
    db.actionItem.findMany({ where, orderBy: orderBy(view.sort, view.order), skip: (page - 1) * view.size, take: view.size, select: { id: true } });
  const [total, requested] = await Promise.all([db.actionItem.count({ where }), idsOf(view.page)]);
  const pageCount = Math.max(1, Math.ceil(total / view.size));
  // past the end (an old link, or items that went away): the last page, one more statement only then
  const page = Math.min(view.page, pageCount);
  const ids = page === view.page ? requested : await idsOf(page);
  const found = ids.length ? await db.actionItem.findMany({ where: { id: { in: ids.map((row) => row.id) } }, select: actionItemRowSelect }) : [];
  const byId = new Map(found.map((item) => [item.id, item]));
  // an item deleted between the two reads is left out
  const items = ids.flatMap(({ id }) => byId.get(id) ?? []);
  return { rows: items.map((item) => toActionItemRow(item, viewer, today)), total, page, pageSize: view.size, pageCount };
}

/** One item, when `viewer` may see its incident; null otherwise. */
export async function getActionItem(viewer: ActionItemViewer, id: string, db: Db | Tx = getDb(), now: Date = new Date()): Promise<ActionItemRow | null> {
  const item = await db.actionItem.findFirst({ where: { id, incident: visibleIncidentsWhere(viewer) }, select: actionItemRowSelect });
  return item ? toActionItemRow(item, viewer, todayIn(viewer.timeZone, now)) : null;
}

/**
 * The choices the table offers (owners, services), read at most once a minute per process: a person or service added
 * shows up in the pickers within a minute; the rows themselves are always current.
 */
const tableChoices = new StaleWhileRevalidateCache<{ people: PersonOption[]; services: string[] }>({ freshMs: 60_000, staleMs: 10 * 60_000, maxEntries: 1 });

async function readTableChoices() {
  const [people, services] = await Promise.all([listOwnerOptions(), getDb().service.findMany({ select: { name: true }, orderBy: { name: "asc" } })]);
  return { people, services: services.map((service) => service.name) };
}

/**
 * Everything the action-item page shows: the settings' severity scale (one statement), the page's ids and its total
 * (two), the items themselves (one), and the cached choices. With the session's own lookup: 5 statements.
 */
export async function loadActionItemsPage(viewer: ActionItemViewer, view: ActionItemView, now: Date = new Date()) {
  const [page, choices, severities] = await Promise.all([listActionItems(viewer, view, now), tableChoices.get("all", readTableChoices), getSeverityScale()]);
  return { page, severities, ...choices };
}

/** Active people, for the owner pickers. */
export async function listOwnerOptions(): Promise<PersonOption[]> {
  return getDb().user.findMany({
    where: { active: true },
    orderBy: [{ name: "asc" }, { email: "asc" }],
    select: { id: true, name: true, email: true },
    take: 1_000,
  });
}

/** Incidents `viewer` may see, newest first: where "Add action item" may put a new item and what the filter offers. */
export async function listIncidentOptions(viewer: Viewer): Promise<IncidentOption[]> {
  return getDb().incident.findMany({
    where: visibleIncidentsWhere(viewer),
    orderBy: [{ startedAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
    select: { id: true, publicId: true, title: true },
    take: 500,
  });
}

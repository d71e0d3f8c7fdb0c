// Reading the services catalog.
import "server-only";
import { getDb, type Db, type Tx } from "@/lib/db/client";
import { serviceSearchSchema } from "@/lib/services/schema";

export type ServiceView = {
  id: string;
  name: string;
  team: string | null;
  description: string | null;
  /** how many incidents list this service */
  incidentCount: number;
};

export type ServiceSuggestion = { id: string; name: string; team: string | null };

export async function listServices(db: Db | Tx = getDb()): Promise<ServiceView[]> {
  const rows = await db.service.findMany({
    select: { id: true, name: true, team: true, description: true, _count: { select: { incidents: true } } },
    orderBy: { name: "asc" },
  });
  return rows
    .map(({ _count, ...service }) => ({ ...service, incidentCount: _count.incidents }))
    .sort((a, b) => a.name.localeCompare(b.name, "en", { sensitivity: "base" }));
}

export async function getService(id: string, db: Db | Tx = getDb()): Promise<ServiceView | null> {
  const row = await db.service.findUnique({
    where: { id },
    select: { id: true, name: true, team: true, description: true, _count: { select: { incidents: true } } },
  });
  if (!row) return null;
  const { _count, ...service } = row;
  return { ...service, incidentCount: _count.incidents };
}

/**
 * Suggestions while typing a service into a report: names starting with `prefix`, ignoring case, most used first.
 * An empty prefix suggests the most used services.
 */
export async function searchServices(prefix: string, options: { limit?: number } = {}, db: Db | Tx = getDb()): Promise<ServiceSuggestion[]> {
  const { prefix: start, limit } = serviceSearchSchema.parse({ prefix, limit: options.limit });
  return db.service.findMany({
    where: start ? { name: { startsWith: start, mode: "insensitive" } } : {},
    select: { id: true, name: true, team: true },
    orderBy: [{ incidents: { _count: "desc" } }, { name: "asc" }],
    take: limit,
  });
}

// Writing the services catalog (admins). Each export is a guarded action: call it as `action(rawInput, actor)`.
import "server-only";
import { defineAction } from "@/lib/actions/define-action";
import { changesBetween } from "@/lib/audit/record";
import type { Tx } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { getService, type ServiceView } from "@/lib/services/queries";
import { createServiceInput, serviceIdInput, updateServiceInput } from "@/lib/services/schema";

const SERVICES_PATH = "/admin/services";
// Any constant bigint, distinct from the other advisory locks in this database.
const SERVICE_NAMES_LOCK = 0x4853_7302n;

/** Serialises catalog writes, so two admins adding "Payments" and "payments" at once cannot both succeed. */
async function lockServiceNames(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SERVICE_NAMES_LOCK})`;
}

async function assertNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.service.findFirst({
    where: { name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { name: true },
  });
  if (clash) throw new ConflictError(`A service named “${clash.name}” already exists (names are compared ignoring case).`);
}

async function loadService(tx: Tx, id: string): Promise<ServiceView> {
  const service = await getService(id, tx);
  if (!service) throw new NotFoundError("The service");
  return service;
}

const auditFields = ["name", "team", "description"] as const;

// ---------------------------------------------------------------------------------------------------------------

export const createService = defineAction({
  name: "service.create",
  permission: "service:manage",
  input: createServiceInput,
  run: async ({ tx, input }) => {
    await lockServiceNames(tx);
    await assertNameFree(tx, input.name);
    const { id } = await tx.service.create({ data: input, select: { id: true } });
    return loadService(tx, id);
  },
  audit: (service) => ({
    entityType: "Service",
    entityId: service.id,
    changes: { name: { after: service.name }, team: { after: service.team }, description: { after: service.description } },
  }),
  revalidate: () => [SERVICES_PATH],
});

/**
 * Renames and describes: the fields given change, the others keep their values. A rename shows in every report that
 * lists the service: reports refer to it, not copy it.
 */
export const updateService = defineAction({
  name: "service.update",
  permission: "service:manage",
  input: updateServiceInput,
  run: async ({ tx, input }) => {
    await lockServiceNames(tx);
    const { id, ...given } = input;
    // Only the fields given are written (a key set to undefined counts as left out): two changes of different fields
    // never undo each other, as they would if a caller sent back the rest as it had read it.
    const data = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as typeof given;
    const before = await loadService(tx, id);
    const changes = changesBetween(before, data, auditFields);
    if (Object.keys(changes).length === 0) return { service: before, changes };
    // a change of case only ("payments api" -> "Payments API") is the same service, not a clash
    if (changes.name && data.name !== undefined) await assertNameFree(tx, data.name, id);
    await tx.service.update({ where: { id }, data });
    return { service: await loadService(tx, id), changes };
  },
  audit: ({ service, changes }) => (Object.keys(changes).length ? { entityType: "Service", entityId: service.id, changes } : null),
  revalidate: () => [SERVICES_PATH],
});

/** Only a service no incident lists can go; otherwise those reports would lose it. */
export const deleteService = defineAction({
  name: "service.delete",
  permission: "service:manage",
  input: serviceIdInput,
  run: async ({ tx, input }) => {
    await lockServiceNames(tx);
    const service = await loadService(tx, input.id);
    const inUse = (count: number) =>
      new ConflictError(`“${service.name}” is listed in ${count === 1 ? "1 incident" : `${count} incidents`}, so it cannot be deleted. Rename it instead.`);
    if (service.incidentCount > 0) throw inUse(service.incidentCount);
    // A chat webhook scoped to the service would go with it (the row cascades), silently and unaudited.
    const webhooks = await tx.integration.findMany({ where: { serviceId: service.id, revokedAt: null }, select: { name: true }, orderBy: { name: "asc" } });
    if (webhooks.length) {
      const names = webhooks.map((webhook) => `“${webhook.name}”`).join(", ");
      throw new ConflictError(
        `“${service.name}” has ${webhooks.length === 1 ? "a chat webhook" : `${webhooks.length} chat webhooks`} of its own (${names}), so it cannot be deleted. Revoke ${webhooks.length === 1 ? "it" : "them"} in Admin › Integrations first, or rename the service.`,
      );
    }
    try {
      await tx.service.delete({ where: { id: service.id } });
    } catch (error) {
      // a report saved meanwhile started listing it (the foreign key restricts the delete)
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003") throw inUse(1);
      throw error;
    }
    return service;
  },
  audit: (service) => ({
    entityType: "Service",
    entityId: service.id,
    changes: { name: { before: service.name }, team: { before: service.team }, description: { before: service.description } },
  }),
  revalidate: () => [SERVICES_PATH],
});

// Test-only helpers: an incident with action items, written straight to the database (setup, not the thing under
// test). Public ids, severities and service names are unique per call, so filters can isolate a test's own rows.
import { randomUUID } from "node:crypto";
import { getDb } from "@/lib/db/client";
import type { ActionItemStatus, Priority } from "@/lib/incidents/schema";

export type TestItem = {
  title: string;
  ownerId?: string | null;
  /** an owner who is not a user (a name from an imported report) */
  ownerName?: string | null;
  dueDate?: string | null;
  status?: ActionItemStatus;
  priority?: Priority;
  createdAt?: Date;
};

export async function createTestIncident(options: {
  authorId?: string | null;
  items?: TestItem[];
  private?: boolean;
  preventiveMeasures?: string[];
  title?: string;
}) {
  const suffix = randomUUID().slice(0, 8);
  const service = await getDb().service.create({ data: { name: `svc-${suffix}` } });
  const incident = await getDb().incident.create({
    data: {
      publicId: `INC-AI-${suffix}`,
      title: options.title ?? `Incident ${suffix}`,
      severity: `Sev-${suffix}`,
      private: options.private ?? false,
      authorId: options.authorId ?? null,
      services: { create: [{ serviceId: service.id }] },
      preventiveMeasures: { create: (options.preventiveMeasures ?? []).map((text, position) => ({ text, position })) },
    },
    select: { id: true, publicId: true, severity: true, version: true },
  });
  const items = [];
  for (const [position, item] of (options.items ?? []).entries()) {
    items.push(
      await getDb().actionItem.create({
        data: {
          incidentId: incident.id,
          position,
          title: item.title,
          ownerId: item.ownerId ?? null,
          ownerName: item.ownerName ?? null,
          dueDate: item.dueDate ? new Date(`${item.dueDate}T00:00:00.000Z`) : null,
          status: item.status ?? "OPEN",
          priority: item.priority ?? "MEDIUM",
          completedAt: item.status === "DONE" ? new Date() : null,
          ...(item.createdAt ? { createdAt: item.createdAt } : {}),
        },
      }),
    );
  }
  return { ...incident, service: service.name, items };
}

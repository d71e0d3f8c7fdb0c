// The audit trail as it crosses a boundary: the history page and GET /api/v1/incidents/{id}/history read these.
import type { ActorType, Prisma } from "@/lib/generated/prisma/client";

export type AuditEventView = {
  /** the bigint primary key as a string, so the row crosses JSON and the RSC boundary */
  id: string;
  at: Date;
  actorType: ActorType;
  actor: { id: string; name: string; email: string } | null;
  action: string;
  entityType: string;
  entityId: string | null;
  incidentId: string | null;
  changes: Prisma.JsonValue;
  meta: Prisma.JsonValue;
};

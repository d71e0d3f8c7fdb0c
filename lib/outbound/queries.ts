// Reading the webhook deliveries for Admin > Outbox: failed ones first, then those waiting, then the latest sent.
// Never the webhook URL (it is the secret) nor the payload itself: the event in words.
import "server-only";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { describeChatPayload } from "@/lib/chat/schema";
import { HOOK_DELIVERY_KIND_LABELS, HOOK_DELIVERY_KINDS, type HookDeliveryKindName, type HookDeliveryRow } from "@/lib/outbound/schema";

const select = {
  id: true,
  kind: true,
  payload: true,
  status: true,
  attempts: true,
  lastError: true,
  nextAttemptAt: true,
  sentAt: true,
  createdAt: true,
  integration: { select: { name: true, revokedAt: true } },
} as const satisfies Prisma.HookDeliverySelect;

type Selected = Prisma.HookDeliveryGetPayload<{ select: typeof select }>;

const isKnownKind = (kind: string): kind is HookDeliveryKindName => (HOOK_DELIVERY_KINDS as readonly string[]).includes(kind);

function toRow(row: Selected): HookDeliveryRow {
  const about = row.kind === "chat" ? describeChatPayload(row.payload) : null;
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: isKnownKind(row.kind) ? HOOK_DELIVERY_KIND_LABELS[row.kind] : row.kind,
    about,
    integrationName: row.integration.name,
    integrationRevoked: row.integration.revokedAt !== null,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    nextAttemptAt: row.nextAttemptAt,
    sentAt: row.sentAt,
    createdAt: row.createdAt,
  };
}

export type HookDeliveryList = { deliveries: HookDeliveryRow[]; failed: number; waiting: number; sent: number };

/** Up to `limit` failed and waiting deliveries (oldest waiting first), then the latest sent, up to `sentLimit`. */
export async function listHookDeliveries({ limit = 100, sentLimit = 20 }: { limit?: number; sentLimit?: number } = {}): Promise<HookDeliveryList> {
  const db = getDb();
  const [failedRows, waitingRows, sentRows, failed, waiting, sent] = await Promise.all([
    db.hookDelivery.findMany({ where: { status: "FAILED" }, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: limit, select }),
    db.hookDelivery.findMany({ where: { status: "PENDING" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: limit, select }),
    db.hookDelivery.findMany({ where: { status: "SENT" }, orderBy: [{ sentAt: "desc" }, { id: "asc" }], take: sentLimit, select }),
    db.hookDelivery.count({ where: { status: "FAILED" } }),
    db.hookDelivery.count({ where: { status: "PENDING" } }),
    db.hookDelivery.count({ where: { status: "SENT" } }),
  ]);
  return { deliveries: [...failedRows, ...waitingRows, ...sentRows].map(toRow), failed, waiting, sent };
}

// Reading the outbox (admins, /admin/outbox).
import "server-only";
import { getDb } from "@/lib/db/client";

export type OutboxMessageRow = {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  createdAt: Date;
  deliveryId: string | null;
};

export async function listOutboxMessages({ limit = 50 }: { limit?: number } = {}): Promise<{ messages: OutboxMessageRow[]; total: number }> {
  const db = getDb();
  const [messages, total] = await Promise.all([
    db.outboxMessage.findMany({
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit,
      select: { id: true, to: true, subject: true, text: true, html: true, createdAt: true, deliveryId: true },
    }),
    db.outboxMessage.count(),
  ]);
  return { messages, total };
}

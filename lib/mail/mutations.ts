// Keeping mail in the outbox table (no SMTP configured). A guarded action like every write; the system sends mail,
// so callers pass systemActor(...) (see sendMail in lib/mail/send.ts).
import { defineAction } from "@/lib/actions/define-action";
import { mailMessageSchema } from "@/lib/mail/schema";

export const recordOutboxMessage = defineAction({
  name: "mail.outbox",
  // Only the system writes mail; people never do. A person holding this permission (admins) could, harmlessly.
  permission: "settings:manage",
  input: mailMessageSchema,
  run: async ({ tx, input }) => tx.outboxMessage.create({ data: input, select: { id: true, to: true, subject: true } }),
  audit: (message) => ({ entityType: "OutboxMessage", entityId: message.id, meta: { to: message.to, subject: message.subject } }),
  revalidate: () => ["/admin/outbox"],
});

// What a queued chat delivery (HookDelivery kind "chat") holds: the event and the ids it is about, not the message.
// The message is written when it is sent (lib/chat/messages.ts), from the report as it is then: a report made private
// after the event, or deleted, is never named in a channel, however long the delivery waited.
import { z } from "zod";
import { CHAT_EVENT_LABELS, type ChatEvent } from "@/lib/integrations/schema";

const id = z.string().min(1).max(200);
const name = z.string().max(300);

export const chatDeliveryPayload = z.discriminatedUnion("event", [
  z.object({
    event: z.literal("review.submitted"),
    incidentId: id,
    /** the revision frozen at submission */
    revisionId: id,
    /** who submitted it */
    by: name,
    reviewers: z.array(name).max(100),
    resubmission: z.boolean(),
  }),
  z.object({
    event: z.literal("review.approved"),
    incidentId: id,
    /** the signed revision */
    revisionId: id,
    /** who signed it off */
    by: name,
  }),
  z.object({
    event: z.literal("action-items.overdue"),
    /** the UTC day the summary is for: items due before it are overdue */
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  }),
]);
export type ChatDeliveryPayload = z.output<typeof chatDeliveryPayload>;

/** A short description of a queued chat delivery for Admin > Outbox; null when its payload is not one this reads. */
export function describeChatPayload(payload: unknown): string | null {
  const parsed = chatDeliveryPayload.safeParse(payload);
  if (!parsed.success) return null;
  const label = CHAT_EVENT_LABELS[parsed.data.event satisfies ChatEvent];
  return parsed.data.event === "action-items.overdue" ? `${label}, ${parsed.data.day}` : label;
}

/**
 * The neutral message every format is rendered from (lib/chat/format.ts). All text is plain: each format escapes it
 * for its own markup.
 */
export type ChatMessage = {
  /** one line saying what happened ("Postmortem approved") */
  heading: string;
  /** the report it is about, linked */
  subject?: { text: string; url: string };
  facts: { label: string; value: string }[];
  /** a list of linked entries (the overdue action items), each with a plain detail after it */
  items?: { text: string; url: string; detail: string }[];
  /** plain lines after the list ("and 3 more", "2 in private reports") */
  notes?: string[];
  /** the button (Teams) or closing link (Slack) */
  action: { title: string; url: string };
};

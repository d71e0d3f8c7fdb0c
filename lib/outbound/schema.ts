// Shapes that cross the outbound deliveries' boundaries: the actions' inputs, what a pass reports, and the rows
// Admin > Outbox lists (a client component renders them). Never the webhook URL or any other secret.
import { z } from "zod";
import type { DeliveryStatus } from "@/lib/generated/prisma/enums";

export const HOOK_DELIVERY_KINDS = ["chat", "tracker.close", "tracker.reopen"] as const;
export type HookDeliveryKindName = (typeof HOOK_DELIVERY_KINDS)[number];

export const HOOK_DELIVERY_KIND_LABELS: Record<HookDeliveryKindName, string> = {
  chat: "Chat message",
  "tracker.close": "Close tracker issue",
  "tracker.reopen": "Reopen tracker issue",
};

const ids = z.array(z.string().min(1)).max(5_000);

export const claimHookDeliveriesInput = z.object({
  at: z.date(),
  limit: z.number().int().min(1).max(500),
  /** only these deliveries (an admin's "Retry now") */
  ids: ids.optional(),
  /** only these integrations' deliveries */
  integrationIds: ids.optional(),
});

export const hookDeliveryResultsInput = z.object({
  at: z.date(),
  sent: ids.default([]),
  failed: z
    .array(
      z.object({
        id: z.string().min(1),
        /** the attempt count the claim gave the row: a row another worker has taken since is left alone */
        attempts: z.number().int().min(1),
        error: z.string().max(2_000),
        /** when the other side asked to be called again (Retry-After); else the backoff decides */
        retryAt: z.date().nullable().default(null),
        /** no point trying again (integration revoked, nothing to send to): FAILED at once */
        final: z.boolean().default(false),
      }),
    )
    .max(5_000)
    .default([]),
  /** no longer to be sent (the report became private or was deleted): removed unsent */
  dropped: ids.default([]),
});

export const retryHookDeliveryInput = z.object({ id: z.string({ error: "Choose a delivery." }).min(1, "Choose a delivery.") });

/** What happened to one delivery in a pass. */
export type HookDeliveryOutcome = {
  id: string;
  key: string;
  kind: string;
  integrationId: string;
  status: "sent" | "retrying" | "failed" | "dropped";
  attempts: number;
  error?: string;
  nextAttemptAt?: Date | null;
};

/** A webhook delivery as Admin > Outbox lists it. */
export type HookDeliveryRow = {
  id: string;
  kind: string;
  kindLabel: string;
  /** what it is about, in words ("Report approved", "Action items overdue, 2024-12-01"), never a secret */
  about: string | null;
  integrationName: string;
  integrationRevoked: boolean;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  createdAt: Date;
};

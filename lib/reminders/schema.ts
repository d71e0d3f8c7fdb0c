// Shapes that cross the reminders' boundaries: action inputs and what a pass reports.
import { z } from "zod";
import type { ReminderKind } from "@/lib/generated/prisma/enums";

/** Review events mailed as they happen, one mail each, at any hour (every other kind is a reminder). */
export const NOTIFICATION_KINDS = ["REVIEW_REQUESTED", "CHANGES_REQUESTED", "REPORT_APPROVED"] as const satisfies readonly ReminderKind[];
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const planInput = z.object({ at: z.date() });

export const claimInput = z.object({
  at: z.date(),
  limit: z.number().int().min(1).max(5_000),
  /** only these deliveries (an admin's "Retry now") */
  ids: z.array(z.string().min(1)).max(5_000).optional(),
});

export const deliveryResultsInput = z.object({
  at: z.date(),
  sent: z.array(z.string().min(1)).max(5_000).default([]),
  failed: z
    .array(z.object({ id: z.string().min(1), attempts: z.number().int().min(1), error: z.string().max(2_000) }))
    .max(5_000)
    .default([]),
  /** no longer due (item done, person deactivated...): removed unsent */
  dropped: z.array(z.string().min(1)).max(5_000).default([]),
});

export const retryDeliveryInput = z.object({ id: z.string().min(1, "Choose a delivery.") });

/** How many reminders a pass recorded, in all and per kind. */
export type PlanCounts = { total: number; byKind: Partial<Record<ReminderKind, number>> };

/** What happened to one delivery in a pass (or, in a dry run, what would). */
export type DeliveryOutcome = {
  id: string | null;
  key: string;
  kind: ReminderKind;
  to: string;
  subject: string | null;
  status: "sent" | "retrying" | "failed" | "dropped" | "would-send" | "would-drop";
  attempts: number;
  via: "smtp" | "outbox" | null;
  error?: string;
  nextAttemptAt?: Date | null;
};

/** One mail of a pass: to whom, its subject, and the deliveries it carries (a dry run also has the text). */
export type PassMail = { to: string; subject: string; keys: string[]; text?: string };

export type ReminderPassResult = {
  at: Date;
  dryRun: boolean;
  /** deliveries this pass recorded (dry run: would record) */
  planned: number;
  plannedByKind: Partial<Record<ReminderKind, number>>;
  deliveries: DeliveryOutcome[];
  /** the mails sent (dry run: that would be), each grouping one recipient's reminders */
  mails: PassMail[];
  durationMs: number;
  /** of which recording (or, in a dry run, finding) the reminders due */
  planMs: number;
  /** of which judging and rendering the mails (batches rendered at the same time count once; claiming and storing or sending are the rest) */
  renderMs: number;
};

// The recurring jobs. Each is a pg-boss queue with a cron schedule (UTC) and a handler.
import { deliverDue, runReminderPass, summarizeDeliveries, summarizePass } from "@/lib/reminders/pass";
import { runOverdueSummaryJob } from "@/lib/chat/overdue-job";
import { deliverDueHookDeliveries } from "@/lib/outbound/deliver";
import { deleteQueuedObjects } from "@/lib/storage/deletions";

export type RecurringJob = {
  name: string;
  cron: string;
  description: string;
  /** returns a short summary (kept as the job's output), or null when there was nothing to do */
  run: (log: (line: string) => void) => Promise<string | null>;
};

export const REMINDERS_PASS = "reminders-pass";
export const REMINDERS_DELIVER = "reminders-deliver";
export const HOOKS_DELIVER = "hooks-deliver";
export const CHAT_OVERDUE_SUMMARY = "chat-overdue-summary";
export const STORED_OBJECTS_DELETE = "stored-objects-delete";

export const RECURRING_JOBS: RecurringJob[] = [
  {
    name: REMINDERS_PASS,
    cron: "*/15 * * * *",
    description: "record and send the reminders due now",
    run: async (log) => {
      const result = await runReminderPass();
      if (result.planned === 0 && result.deliveries.length === 0) return null;
      const summary = summarizePass(result);
      log(`reminders: ${summary}`);
      return summary;
    },
  },
  {
    // Retries come due minutes apart (lib/reminders/backoff.ts): this cheap query sends them on time.
    name: REMINDERS_DELIVER,
    cron: "* * * * *",
    description: "send reminder retries that are due",
    run: async (log) => {
      const deliveries = await deliverDue();
      if (deliveries.length === 0) return null;
      const summary = `${deliveries.length} due: ${summarizeDeliveries(deliveries)}`;
      log(`reminders: ${summary}`);
      return summary;
    },
  },
  {
    // Chat messages and tracker updates (lib/outbound): new ones within a minute, retries when their time comes.
    name: HOOKS_DELIVER,
    cron: "* * * * *",
    description: "send chat messages and tracker updates that are due",
    run: async (log) => {
      const deliveries = await deliverDueHookDeliveries();
      if (deliveries.length === 0) return null;
      const sent = deliveries.filter((delivery) => delivery.status === "sent").length;
      const summary = `${sent} of ${deliveries.length} due webhook deliveries sent`;
      log(`outbound: ${summary}`);
      return summary;
    },
  },
  {
    // Objects in the bucket (HINDSIGHT_STORAGE=s3) that no attachment holds any more (lib/storage/deletions.ts).
    name: STORED_OBJECTS_DELETE,
    cron: "*/5 * * * *",
    description: "delete stored files of deleted attachments from object storage",
    run: async (log) => {
      const { deleted, failed } = await deleteQueuedObjects();
      if (deleted === 0 && failed === 0) return null;
      const summary = `${deleted} stored objects deleted${failed ? `, ${failed} failed (tried again later)` : ""}`;
      log(`storage: ${summary}`);
      return summary;
    },
  },
  {
    name: CHAT_OVERDUE_SUMMARY,
    cron: "0 9 * * *",
    description: "post the daily overdue action items summary to chat webhooks",
    run: async (log) => {
      const summary = await runOverdueSummaryJob();
      if (summary === null) return null;
      log(`chat: ${summary}`);
      return summary;
    },
  },
];

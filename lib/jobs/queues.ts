// The recurring jobs. Each is a pg-boss queue with a cron schedule (UTC) and a handler.
import { deliverDue, runReminderPass, summarizePass } from "@/lib/reminders/pass";

export type RecurringJob = {
  name: string;
  cron: string;
  description: string;
  /** returns a short summary (kept as the job's output), or null when there was nothing to do */
  run: (log: (line: string) => void) => Promise<string | null>;
};

export const REMINDERS_PASS = "reminders-pass";
export const REMINDERS_DELIVER = "reminders-deliver";

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
      const sent = deliveries.filter((delivery) => delivery.status === "sent").length;
      const summary = `${sent} of ${deliveries.length} due deliveries sent`;
      log(`reminders: ${summary}`);
      return summary;
    },
  },
];

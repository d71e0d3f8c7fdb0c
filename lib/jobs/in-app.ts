// Starting the job worker inside the app's server process (instrumentation.ts). Not awaited by the server: a
// database that is not reachable yet must not keep Next from serving, so failures are logged and retried.
import "server-only";
import { startWorker } from "@/lib/jobs/worker";
import { env, parseEnvironment } from "@/lib/env";
import { log as logger } from "@/lib/log/logger";

const RETRY_MS = 60_000;

/** HINDSIGHT_WORKER=off (or false, 0, no) keeps the worker out of this process: run `npm run worker` instead. */
export function workerEnabled(source?: Record<string, string | undefined>): boolean {
  return (source ? parseEnvironment(source) : env()).HINDSIGHT_WORKER;
}

export function startWorkerInApp({ log = (line: string) => logger.info(line) } = {}): Promise<void> {
  if (!workerEnabled()) {
    log("HINDSIGHT_WORKER=off: no job worker in this process (reminders are sent by `npm run worker`).");
    return Promise.resolve();
  }
  if (!env().DATABASE_URL) {
    log("DATABASE_URL is not set: the job worker is not started. Start the app with `npm start`.");
    return Promise.resolve();
  }
  const attempt = async (): Promise<void> => {
    try {
      await startWorker({ log });
    } catch (error) {
      logger.error({ err: error }, "The job worker could not start; trying again in a minute.");
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS).unref());
      return attempt();
    }
  };
  return attempt();
}

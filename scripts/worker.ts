// npm run worker: the job worker (reminders) as its own process, for installs that run several app instances or
// want mail sending apart from web requests. Run the app with HINDSIGHT_WORKER=off then. Needs DATABASE_URL: the
// embedded database belongs to the app's process, which runs the worker itself.
// A long-running service, not a command a person reads: it logs JSON lines (lib/log/logger.ts) as the app does.
import { prepareDatabase } from "@/lib/db/bootstrap";
import { disconnectDb } from "@/lib/db/client";
import { startWorker, stopWorker } from "@/lib/jobs/worker";
import { env } from "@/lib/env";
import { routeConsoleToLog } from "@/lib/log/console";
import { configureLogging, log as logger } from "@/lib/log/logger";
import { describeSmtpUrl, smtpUrl } from "@/lib/mail/config";
import { loadDotEnvFile } from "@/scripts/launcher-settings";

const log = (line: string) => logger.info(line);

async function main(): Promise<void> {
  loadDotEnvFile(); // .env as `npm start` reads it (variables set in the environment win over it)
  configureLogging({ level: env().LOG_LEVEL });
  routeConsoleToLog(); // the libraries' console output as JSON lines too
  if (!env().DATABASE_URL) {
    logger.fatal("npm run worker needs DATABASE_URL (a PostgreSQL server). With the embedded database, the job worker runs inside the app (`npm start`).");
    process.exit(2);
  }
  const database = await prepareDatabase({ log });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("stopping the job worker (a running job may finish first)...");
    await stopWorker().catch((error: unknown) => logger.error({ err: error }, "the job worker did not stop cleanly"));
    await disconnectDb();
    await database.close();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(130));
  process.on("SIGTERM", () => void stop(143));
  await startWorker({ log });
  const url = smtpUrl();
  log(`mail goes to ${url ? `SMTP ${describeSmtpUrl(url)}` : "the outbox (no SMTP_URL): admins read it at /admin/outbox"}`);
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, "the job worker stopped");
  process.exit(1);
});

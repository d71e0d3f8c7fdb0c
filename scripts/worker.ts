// npm run worker: the job worker (reminders) as its own process, for installs that run several app instances or
// want mail sending apart from web requests. Run the app with HINDSIGHT_WORKER=off then. Needs DATABASE_URL: the
// embedded database belongs to the app's process, which runs the worker itself.
import { prepareDatabase } from "@/lib/db/bootstrap";
import { disconnectDb } from "@/lib/db/client";
import { startWorker, stopWorker } from "@/lib/jobs/worker";
import { env } from "@/lib/env";
import { describeSmtpUrl, smtpUrl } from "@/lib/mail/config";
import { loadDotEnvFile } from "@/scripts/launcher-settings";

const log = (line: string) => console.log(`[hindsight] ${line}`);

async function main(): Promise<void> {
  loadDotEnvFile(); // .env as `npm start` reads it (variables set in the environment win over it)
  if (!env().DATABASE_URL) {
    console.error(
      "[hindsight] npm run worker needs DATABASE_URL (a PostgreSQL server). With the embedded database, the job worker runs inside the app (`npm start`).",
    );
    process.exit(2);
  }
  const database = await prepareDatabase({ log });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("stopping the job worker (a running job may finish first)...");
    await stopWorker().catch((error: unknown) => console.error(error));
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
  console.error(`[hindsight] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

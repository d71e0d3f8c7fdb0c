// Offline Prisma Migrate for the database at DATABASE_URL (see lib/db/migrate.ts):
//   tsx --conditions=react-server scripts/db.ts deploy                  apply pending migrations            (npm run db:migrate)
//   tsx --conditions=react-server scripts/db.ts dev --name add_x        create a migration from the schema and apply it (npm run db:migrate:dev -- --name add_x)
//                         [--accept-data-loss] even when it drops data
//   tsx --conditions=react-server scripts/db.ts status                  exits 1 unless every migration is applied and nothing is wrong (npm run db:status)
//   tsx --conditions=react-server scripts/db.ts diff                    SQL that would bring the database to prisma/schema.prisma
import { parseArgs } from "node:util";
import { env } from "@/lib/env";
import { diffSchemaAgainstDatabase, migrateDeploy, migrateDev, migrationStatus, parseDatabaseUrl } from "@/lib/db/migrate";
import { loadDotEnvFile } from "@/scripts/launcher-settings";

/** The one place that decides which database the commands work on. */
function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  return url;
}

const usage = "Usage: tsx --conditions=react-server scripts/db.ts deploy | dev --name <name> [--accept-data-loss] | status | diff";
const log = (line: string) => console.log(line);

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: "string", short: "n" }, "accept-data-loss": { type: "boolean" } },
  });
  const [command, ...rest] = positionals;
  if (rest.length > 0) throw new Error(usage);

  switch (command) {
    case "deploy": {
      const { applied } = await migrateDeploy(parseDatabaseUrl(databaseUrl()), { log });
      if (applied.length > 0) console.log(`${applied.length} migration(s) applied.`);
      return 0;
    }
    case "dev": {
      if (!values.name) throw new Error(`dev needs a migration name: --name <name>\n${usage}`);
      const conn = parseDatabaseUrl(databaseUrl());
      const { created } = await migrateDev(conn, values.name, { log, acceptDataLoss: values["accept-data-loss"] });
      console.log(created ? `The database is now in sync with the schema.` : "No migration created.");
      return 0;
    }
    case "status": {
      const status = await migrationStatus(parseDatabaseUrl(databaseUrl()));
      console.log(`${status.applied.length} migration(s) applied.`);
      if (status.pending.length > 0) console.log(`Not yet applied:\n${status.pending.map((name) => `  ${name}`).join("\n")}`);
      for (const problem of status.problems) console.log(`Problem: ${problem}`);
      console.log(status.upToDate ? "Database schema is up to date." : "Database schema is NOT up to date.");
      return status.upToDate ? 0 : 1;
    }
    case "diff": {
      const script = await diffSchemaAgainstDatabase(parseDatabaseUrl(databaseUrl()));
      console.log(script || "-- No difference: the database matches prisma/schema.prisma.");
      return 0;
    }
    default:
      throw new Error(usage);
  }
}

loadDotEnvFile(); // .env as `npm start` reads it (variables set in the environment win over it)
// exitCode rather than exit(): the process must end by itself, which also proves no connection was left open.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);

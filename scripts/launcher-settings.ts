// What the launcher (scripts/start.ts) and the worker (scripts/worker.ts) decide before anything starts, as plain
// functions: reading .env, which database and why, which address to listen on and why.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";
import { withoutPassword } from "@/lib/format/redact-url";

export type DotEnv = { file: string; found: boolean; loaded: string[] };

/**
 * Reads `file` (default .env in the working directory) into `environment`, as `.env.example` tells people to copy it:
 * a variable already set in the environment wins over the file. Returns the names it set (never the values).
 */
export function loadDotEnvFile(file = ".env", environment: Record<string, string | undefined> = process.env): DotEnv {
  const absolute = path.resolve(file);
  if (!existsSync(absolute)) return { file: absolute, found: false, loaded: [] };
  const loaded: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(readFileSync(absolute, "utf8")))) {
    if (environment[name] !== undefined || value === undefined) continue;
    environment[name] = value;
    loaded.push(name);
  }
  return { file: absolute, found: true, loaded };
}

/** One line saying which database the launcher uses and why. */
export function describeDatabaseChoice({ url, dotEnv, dataDir }: { url: string | undefined; dotEnv: DotEnv; dataDir: string }): string {
  if (url) {
    const source = dotEnv.loaded.includes("DATABASE_URL") ? `from ${path.basename(dotEnv.file)}` : "from the environment";
    return `Database: PostgreSQL at ${withoutPassword(url, "(a DATABASE_URL that is not a URL)")} (DATABASE_URL ${source}).`;
  }
  const where = dotEnv.found ? `in the environment or in ${path.basename(dotEnv.file)}` : "in the environment and there is no .env file";
  return `Database: the embedded one (PGlite) in ${dataDir}, because DATABASE_URL is not set ${where}. For your own PostgreSQL, set DATABASE_URL (see .env.example).`;
}

/**
 * Where `npm start` listens: HOST when set; otherwise every interface, except with the embedded database, which holds
 * the demo accounts whose passwords are published in the README: then only this machine.
 */
export function chooseListenAddress({ host, embedded }: { host: string | undefined; embedded: boolean }): { host: string; reason: string } {
  if (host) return { host, reason: "HOST is set" };
  if (embedded) {
    return {
      host: "127.0.0.1",
      reason: "only this machine can connect: the embedded database's demo accounts have published passwords (set HOST=0.0.0.0 to listen on every interface)",
    };
  }
  return { host: "0.0.0.0", reason: "every interface (HOST is not set)" };
}

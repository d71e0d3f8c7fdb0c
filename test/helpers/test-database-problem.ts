// What a test run says when its PostgreSQL (TEST_DATABASE_URL) cannot be used, instead of a bare ECONNREFUSED: what it
// needs, where it looked, and how to get one. Used by the browser tests' setup (e2e/global-setup.ts), which needs a
// real server, and by Vitest's (test/global-setup.ts), which falls back to the embedded database only when none answers.
// relative: e2e/global-setup.ts loads this file too, and the browser tests do not resolve the "@/" alias
import { withoutPassword } from "../../lib/format/redact-url";

export const DEFAULT_TEST_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

const NOT_ANSWERING = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENOTFOUND", "ETIMEDOUT", "EAI_AGAIN"]);

/** True when nothing answered at all (as opposed to a server that answered and refused). */
export function nothingAnswered(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (code !== undefined && NOT_ANSWERING.has(code)) || /timeout/i.test(String(error));
}

/** "npm run test:e2e needs PostgreSQL: nothing answered at ... (ECONNREFUSED)." and what to do about it. */
export function testDatabaseProblem(command: string, url: string, error: unknown): string {
  const where = withoutPassword(url, "(TEST_DATABASE_URL is not a URL)");
  const detail = (error as NodeJS.ErrnoException | undefined)?.code ?? (error instanceof Error ? error.message : String(error));
  const problem = nothingAnswered(error)
    ? `${command} needs a PostgreSQL server (14 or later), and nothing answered at ${where} (${detail}).`
    : `${command} could not use the PostgreSQL server at ${where}: ${error instanceof Error ? error.message : String(error)}`;
  return [
    problem,
    `It creates a fresh database for the run there and drops it afterwards, so the user in TEST_DATABASE_URL must be allowed to create databases.`,
    `Set TEST_DATABASE_URL to such a server (default ${DEFAULT_TEST_DATABASE_URL}), or start one on this machine, e.g.`,
    `  docker run -d --name hindsight-test-postgres -p 127.0.0.1:5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres:17`,
    `or Debian's: apt-get install postgresql, then let the postgres user connect from 127.0.0.1 (pg_hba.conf).`,
  ].join("\n");
}

// A connection URL as logs and messages may show it: everything but the password. No server-only: the browser tests' setup
// (e2e/global-setup.ts, through test/helpers/test-database-problem.ts) loads it outside Next.

/** postgresql://user:***@host:5432/db. `unparsable` stands in for a value that is not a URL at all. */
export function withoutPassword(url: string, unparsable = "(a database URL that is not a URL)"): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return unparsable;
  }
}

// Names for server-side prepared statements. With a name, node-postgres parses a statement once per connection and
// then only binds and executes it, and PostgreSQL keeps its plan: after five runs it may reuse a generic plan instead
// of planning again (plan_cache_mode = auto, which still replans when a generic plan would cost more). Prisma's
// relation queries are long and many-joined: on the report page of a 10,000-incident database, parsing and planning
// its nine statements took ~40 ms of PostgreSQL's time in a logged view against ~5 ms to run them (bench/pages.bench.ts
// prints PostgreSQL's CPU time per page).
//
// The name is a digest of the SQL text, so one text always has one name (node-postgres refuses a name reused for
// another text). Texts differ with the length of an IN list, so the kinds a process may name are bounded: PostgreSQL
// keeps every statement prepared on a connection until the connection closes, and an unbounded set would grow the
// server's memory. Past the bound a text runs unnamed, as every query did before.
import "server-only";
import { createHash } from "node:crypto";

/** Distinct SQL texts one process names; the app has a few hundred kinds of query. */
export const MAX_NAMED_STATEMENTS = 500;

/** "" is node-postgres's (and the protocol's) unnamed statement: parsed and planned each time. */
export type StatementNamer = (query: { sql: string }) => string;

export function statementNamer(limit = MAX_NAMED_STATEMENTS): StatementNamer {
  const names = new Map<string, string>();
  return ({ sql }) => {
    const known = names.get(sql);
    if (known !== undefined) return known;
    if (names.size >= limit) return "";
    const name = `h_${createHash("sha256").update(sql).digest("base64url").slice(0, 32)}`;
    names.set(sql, name);
    return name;
  };
}

// Counting the SQL statements a piece of code sends: every statement of this process goes through pg's
// Client.prototype.query (Prisma's driver adapter and pg.Pool both end there), so wrapping it for the duration of
// `work` counts them all, transactions' BEGIN/COMMIT included. Run nothing else in parallel while counting.
import pg from "pg";

export type CountedQueries = { count: number; statements: string[] };

/** pg's `query` is overloaded; the wrapper only reads the first argument and passes every argument on unchanged. */
type AnyQuery = (this: pg.Client, ...args: unknown[]) => unknown;

export async function countQueries<T>(work: () => Promise<T>): Promise<{ result: T } & CountedQueries> {
  const statements: string[] = [];
  const prototype = pg.Client.prototype as unknown as { query: AnyQuery };
  const original = prototype.query;
  prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text?: string } | undefined;
    statements.push(typeof config === "string" ? config : (config?.text ?? "?"));
    return original.apply(this, args);
  };
  try {
    const result = await work();
    return { result, count: statements.length, statements };
  } finally {
    prototype.query = original;
  }
}

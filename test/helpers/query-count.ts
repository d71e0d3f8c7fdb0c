// Counting the SQL statements a piece of code sends: every statement of this process goes through pg's
// Client.prototype.query (Prisma's driver adapter and pg.Pool both end there), so wrapping it for the duration of
// `work` counts them all, transactions' BEGIN/COMMIT included. Run nothing else in parallel while counting.
import pg from "pg";

export type CountedQueries = { count: number; statements: string[] };

export async function countQueries<T>(work: () => Promise<T>): Promise<{ result: T } & CountedQueries> {
  const statements: string[] = [];
  const original = pg.Client.prototype.query;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  pg.Client.prototype.query = function (this: pg.Client, ...args: any[]) {
    const config = args[0] as string | { text?: string } | undefined;
    statements.push(typeof config === "string" ? config : (config?.text ?? "?"));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return (original as any).apply(this, args);
  } as typeof original;
  try {
    const result = await work();
    return { result, count: statements.length, statements };
  } finally {
    pg.Client.prototype.query = original;
  }
}

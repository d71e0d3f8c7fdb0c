// The safety net of toErrorResponse: a value PostgreSQL refuses as data is the client's error (4xx), while other
// database failures stay a logged 500. Runs real queries on the test database.
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { toErrorResponse } from "@/lib/errors";
import { captureLogs } from "@/lib/log/logger";

async function failureOf(work: () => Promise<unknown>): Promise<unknown> {
  return work().then(
    () => {
      throw new Error("expected the query to fail");
    },
    (error: unknown) => error,
  );
}

describe("toErrorResponse for database refusals", () => {
  it("answers 400 with a message for a NUL byte in a query (PostgreSQL 22021), and still logs it", async () => {
    const logs = captureLogs();
    const error = await failureOf(() => getDb().user.findFirst({ where: { name: "a\u0000b" } }));
    const { status, body } = toErrorResponse(error);
    logs.restore();
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "unstorable_value", message: expect.stringContaining("NUL byte") });
    expect(logs.lines()).toEqual([
      expect.objectContaining({
        level: "warn",
        msg: "Database refused a value that validation let through",
        err: expect.objectContaining({ message: expect.any(String) }),
      }),
    ]);
  });

  it("answers 400 for a number out of the column's range (22003) and for a date PostgreSQL cannot hold (22008)", async () => {
    const logs = captureLogs();
    const bigint = await failureOf(() => getDb().auditEvent.findMany({ where: { id: { lt: 2n ** 63n } } }));
    expect(toErrorResponse(bigint).status).toBe(400);
    const date = await failureOf(() => getDb().$queryRaw`SELECT '294277-01-01T00:00:00Z'::timestamptz`);
    expect(toErrorResponse(date)).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining("1970 and 2100") } } });
    logs.restore();
    expect(logs.lines().map((line) => line.level)).toEqual(["warn", "warn"]);
  });

  it("keeps other database failures a 500 that hides the details", async () => {
    const logs = captureLogs();
    const error = await failureOf(() => getDb().$queryRaw`SELECT * FROM "NoSuchTable"`);
    expect(toErrorResponse(error)).toEqual({ status: 500, body: { error: { code: "internal", message: expect.stringContaining("our side") } } });
    logs.restore();
    // the details are in the log, as one JSON line with the error serialized
    expect(logs.lines()).toEqual([
      expect.objectContaining({ level: "error", msg: "Unexpected error", err: expect.objectContaining({ message: expect.stringContaining("NoSuchTable") }) }),
    ]);
  });
});

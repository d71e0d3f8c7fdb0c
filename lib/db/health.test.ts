// /api/health on a database of its own: the job part reads pg-boss's bookkeeping, which a worker writes for the whole
// database, so the file must not see another file's workers.
import { afterAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { createPrismaClient, getDb, poolOf } from "@/lib/db/client";
import { checkHealth, WORKER_STALE_AFTER_SECONDS } from "@/lib/db/health";
import { createBoss } from "@/lib/jobs/boss";
import { countQueries } from "@/test/helpers/query-count";
import { ownDatabaseForThisFile } from "@/test/helpers/own-database";

ownDatabaseForThisFile();

const LONG_RUNNING = WORKER_STALE_AFTER_SECONDS + 60;

describe("health", () => {
  it("is healthy in a process's first minutes before any worker ran, and says the jobs are starting", async () => {
    const health = await checkHealth({ uptimeSeconds: 5 });
    expect(health).toMatchObject({ ok: true, failed: [], database: "up", jobs: { status: "starting", workerSeenSecondsAgo: null } });
    expect(health.migrations.pending).toEqual([]);
    expect(health.migrations.applied).toBe(health.migrations.expected);
    const response = await GET();
    expect(response.status).toBe(200);
  });

  it("answers 503 naming the jobs when no worker was ever seen once the process has run a while", async () => {
    const health = await checkHealth({ uptimeSeconds: LONG_RUNNING });
    expect(health).toMatchObject({ ok: false, failed: ["jobs"], database: "up", jobs: { status: "down", workerSeenSecondsAgo: null } });
  });

  it("is up while a worker runs, and 503 naming the jobs once none was seen for longer than the threshold", async () => {
    const boss = createBoss(poolOf(getDb()));
    await boss.start();
    try {
      // pg-boss's clock writes its first beat just after start
      for (let tries = 0; tries < 50; tries++) {
        if ((await checkHealth({ uptimeSeconds: LONG_RUNNING })).jobs.status === "up") break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const { result: up, count, statements } = await countQueries(() => checkHealth({ uptimeSeconds: LONG_RUNNING }));
      expect(up).toMatchObject({ ok: true, failed: [], jobs: { status: "up", workerSeenSecondsAgo: expect.any(Number) } });
      expect(up.jobs.workerSeenSecondsAgo).toBeLessThan(10);
      // what load balancers poll every few seconds, and the page benchmark's baseline: one statement
      expect(count, statements.join("\n")).toBe(1);
    } finally {
      await boss.stop({ graceful: false, close: false });
    }
    // the worker stopped three and a half minutes ago (pg-boss's own row, moved back in time)
    await getDb().$executeRawUnsafe(`UPDATE pgboss.version SET cron_on = now() - interval '210 seconds'`);
    const stale = await checkHealth({ uptimeSeconds: LONG_RUNNING });
    expect(stale).toMatchObject({ ok: false, failed: ["jobs"], database: "up", jobs: { status: "down" } });
    expect(stale.jobs.workerSeenSecondsAgo).toBeGreaterThanOrEqual(210);
    // within the threshold it is still up
    await getDb().$executeRawUnsafe(`UPDATE pgboss.version SET cron_on = now() - interval '150 seconds'`);
    expect((await checkHealth({ uptimeSeconds: LONG_RUNNING })).jobs.status).toBe("up");
  });

  it("names the migrations when one is not applied", async () => {
    const [latest] = await getDb().$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1`,
    );
    await getDb().$executeRawUnsafe(`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1`, latest!.migration_name);
    try {
      const health = await checkHealth({ uptimeSeconds: 5 });
      expect(health).toMatchObject({ ok: false, failed: ["migrations"], migrations: { pending: [latest!.migration_name] } });
      const response = await GET();
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ ok: false, failed: expect.arrayContaining(["migrations"]) });
    } finally {
      await getDb().$executeRawUnsafe(`UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE migration_name = $1`, latest!.migration_name);
    }
  });

  describe("without a database", () => {
    const unreachable = createPrismaClient("postgresql://postgres@127.0.0.1:9/none?connect_timeout=2", { embedded: false });
    afterAll(() => unreachable.$disconnect());

    it("names the database, and does not claim to know about the jobs", async () => {
      const health = await checkHealth({ db: unreachable, uptimeSeconds: LONG_RUNNING });
      expect(health).toMatchObject({ ok: false, failed: ["database"], database: "down", jobs: { status: "unknown" }, error: expect.any(String) });
    });
  });
});

import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/db/embedded";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("embedded database (PGlite behind pglite-socket)", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hindsight-embedded-"));
  let database: EmbeddedDatabase;
  let db: ReturnType<typeof createPrismaClient>;

  beforeAll(async () => {
    database = await startEmbeddedDatabase({ dataDir });
    db = createPrismaClient(database.url, { embedded: true });
    await db.$executeRawUnsafe("CREATE TABLE note (id int PRIMARY KEY, body text NOT NULL)");
    await db.$executeRawUnsafe("CREATE TABLE counter (id int PRIMARY KEY, value int NOT NULL)");
    await db.$executeRawUnsafe("INSERT INTO counter VALUES (1, 0)");
  });

  afterAll(async () => {
    await db?.$disconnect();
    await database?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("reports a directory it has just initialised as new", () => {
    expect(database.isNew).toBe(true);
    expect(database.url).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
  });

  it("never lets a second transaction see the first one's uncommitted write", async () => {
    const transactionA = db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("INSERT INTO note VALUES (1, 'draft')");
      await sleep(300); // B starts meanwhile
      await tx.$executeRawUnsafe("UPDATE note SET body = 'final' WHERE id = 1");
    });
    await sleep(50);
    const transactionB = db.$transaction(async (tx) => tx.$queryRawUnsafe<{ body: string }[]>("SELECT body FROM note WHERE id = 1"));
    const [, seenByB] = await Promise.all([transactionA, transactionB]);
    expect(seenByB).toEqual([{ body: "final" }]);
  });

  it("runs 20 concurrent read-modify-write transactions one after another", async () => {
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.$transaction(async (tx) => {
          const [{ value }] = await tx.$queryRawUnsafe<{ value: number }[]>("SELECT value FROM counter WHERE id = 1");
          await sleep(5); // an interleaved transaction would read the same value here and lose an increment
          await tx.$executeRawUnsafe("UPDATE counter SET value = $1 WHERE id = 1", value + 1);
        }),
      ),
    );
    const [{ value }] = await db.$queryRawUnsafe<{ value: number }[]>("SELECT value FROM counter WHERE id = 1");
    expect(value).toBe(20);
  });

  it("lets a client that connects while another is leaving wait for the one connection", async () => {
    await db.$disconnect();
    const waiting = new pg.Client(database.url);
    const first = new pg.Client(database.url);
    await first.connect();
    const connected = waiting.connect();
    setTimeout(() => void first.end(), 300);
    await connected;
    expect((await waiting.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    await waiting.end();
  });

  it("refuses a second client while the first stays connected, saying why", async () => {
    const first = new pg.Client(database.url);
    await first.connect();
    try {
      await expect(new pg.Client(database.url).connect()).rejects.toThrow("serves one connection at a time");
    } finally {
      await first.end();
    }
  });

  it("refuses a second opening of the same directory at once, naming the process that holds it", async () => {
    const started = performance.now();
    await expect(startEmbeddedDatabase({ dataDir })).rejects.toThrow(`is in use by this process (pid ${process.pid})`);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, "postgres.lock"), "utf8")).pid).toBe(process.pid); // still held
  });

  it("keeps its data across a close and a restart, and is then no longer new", async () => {
    await db.$disconnect();
    await database.close();
    database = await startEmbeddedDatabase({ dataDir });
    db = createPrismaClient(database.url, { embedded: true });
    expect(database.isNew).toBe(false);
    expect(await db.$queryRawUnsafe("SELECT body FROM note")).toEqual([{ body: "final" }]);
  });

  it("refuses a directory locked by another running process", async () => {
    await db.$disconnect();
    await database.close();
    const other = spawn("sleep", ["30"]);
    try {
      fs.writeFileSync(path.join(dataDir, "postgres.lock"), JSON.stringify({ pid: other.pid, started: null }));
      await expect(startEmbeddedDatabase({ dataDir })).rejects.toThrow(`is in use by process ${other.pid}`);
    } finally {
      other.kill();
    }
  });

  it.skipIf(!fs.existsSync("/proc/self/stat"))("takes over a lock whose pid now belongs to a different process (as after a container restart)", async () => {
    fs.writeFileSync(path.join(dataDir, "postgres.lock"), JSON.stringify({ pid: process.pid, started: "1" }));
    database = await startEmbeddedDatabase({ dataDir });
    await database.close();
  });

  it("takes over a lock left by a process that has died", async () => {
    const deadPid = spawnSync("true").pid;
    fs.writeFileSync(path.join(dataDir, "postgres.lock"), JSON.stringify({ pid: deadPid, started: null }));
    database = await startEmbeddedDatabase({ dataDir });
    db = createPrismaClient(database.url, { embedded: true });
    expect(await db.$queryRawUnsafe("SELECT value FROM counter")).toEqual([{ value: 20 }]);
  });
});

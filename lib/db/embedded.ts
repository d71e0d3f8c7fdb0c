// The embedded database: PGlite (PostgreSQL compiled to WebAssembly) persisted on disk and served on 127.0.0.1 by
// pglite-socket, so that adapter-pg and the job queue talk to it as to any PostgreSQL server.
//
// PGlite is ONE Postgres session and has no lock of its own against a second process opening the same directory
// (two writers corrupt it). Hence: one connection at a time (every client pool max 1) and an exclusive lock file
// beside the data, taken before PGlite opens it.
import "server-only";
import fs from "node:fs";
import type { Socket } from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export type EmbeddedDatabase = { url: string; isNew: boolean; close(): Promise<void> };

export async function startEmbeddedDatabase({ dataDir }: { dataDir: string }): Promise<EmbeddedDatabase> {
  fs.mkdirSync(dataDir, { recursive: true });
  const releaseLock = acquireLock(path.join(dataDir, "postgres.lock"), dataDir);
  const pgData = path.join(dataDir, "postgres");
  const isNew = !fs.existsSync(path.join(pgData, "PG_VERSION"));
  let db: PGlite | undefined;
  try {
    const pglite = (db = await PGlite.create({ dataDir: pgData }));
    // The library's limit only keeps Node from dropping connections that wait for the one session: see below.
    const server = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port: 0, maxConnections: 64 });
    admitOneConnectionAtATime(server);
    await server.start();
    const url = `postgresql://postgres@${server.getServerConn()}/postgres`;
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        await server.stop();
        await pglite.close();
        releaseLock();
      })());
    return { url, isNew, close };
  } catch (error) {
    await db?.close().catch(() => {});
    releaseLock();
    throw error;
  }
}

/**
 * One connection at a time, the next one waiting up to 2 s for it. pglite-socket's own `maxConnections: 1` drops a
 * connection over the limit at once (Node's server.maxConnections), and a client frees its slot on the server a few
 * milliseconds after its own close has resolved (pg's pool.end() does not wait for the socket), so the app connecting
 * right after the migrations would be dropped with "Connection terminated unexpectedly". Hence the library's limit
 * is raised and this gate admits connections: the next one when the slot frees, or a clear error after the wait.
 */
function admitOneConnectionAtATime(server: PGLiteSocketServer): void {
  const target = server as unknown as { handleConnection?: (socket: Socket) => Promise<void> };
  if (typeof target.handleConnection !== "function") throw new Error("@electric-sql/pglite-socket changed: cannot patch handleConnection");
  const admit = target.handleConnection.bind(server);
  const busy = () => server.getStats().activeConnections > 0;
  let previous = Promise.resolve();
  target.handleConnection = (socket) =>
    (previous = previous
      .then(async () => {
        const deadline = Date.now() + 2_000;
        while (busy() && Date.now() < deadline && !socket.destroyed) await new Promise((resolve) => setTimeout(resolve, 5));
        if (socket.destroyed) return; // the client gave up meanwhile: it must not take the slot
        // Destroyed once written: a refused socket left open would keep server.stop() waiting for ever.
        if (busy()) socket.end(postgresFatalError("53300", tooManyConnections), () => socket.destroy());
        else await admit(socket);
      })
      .catch(() => {}));
}

const tooManyConnections =
  "The embedded database (PGlite) is one session and serves one connection at a time, and another client holds it. " +
  "Share the app's client (getDb(), pool max 1), or set DATABASE_URL to use a PostgreSQL server.";

/** A wire-protocol ErrorResponse, so that the client reports the reason instead of a dropped connection. */
function postgresFatalError(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`, "utf8");
  const header = Buffer.alloc(5);
  header.write("E", 0);
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

type LockHolder = { pid: number; started: string | null };

/** Takes the lock file or throws a message naming the process that holds it. Returns the release function. */
function acquireLock(lockPath: string, dataDir: string): () => void {
  const me: LockHolder = { pid: process.pid, started: processStartTime(process.pid) };
  // Written aside and hard-linked into place: link() fails if the lock exists, and the lock never appears half-written.
  const draft = `${lockPath}.${process.pid}.${Date.now()}`;
  fs.writeFileSync(draft, JSON.stringify(me));
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        fs.linkSync(draft, lockPath);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        const holder = readHolder(lockPath);
        if (attempt > 0 || (holder && isRunning(holder))) {
          const who = holder?.pid === process.pid ? `this process (pid ${holder.pid})` : `process ${holder?.pid ?? "unknown"}`;
          throw new Error(
            `The embedded database in ${dataDir} is in use by ${who}. Only one process may open it: stop that process, ` +
              `or set DATABASE_URL to use a PostgreSQL server. (Lock file: ${lockPath})`,
          );
        }
        fs.rmSync(lockPath, { force: true }); // left by a process that died without closing the database
      }
    }
  } finally {
    fs.rmSync(draft, { force: true });
  }
  const release = () => {
    process.off("exit", release);
    const holder = readHolder(lockPath);
    if (holder?.pid === me.pid && holder.started === me.started) fs.rmSync(lockPath, { force: true });
  };
  process.on("exit", release); // a process.exit() without close() must not leave the lock behind
  return release;
}

function readHolder(lockPath: string): LockHolder | null {
  try {
    return JSON.parse(fs.readFileSync(lockPath, "utf8")) as LockHolder;
  } catch {
    return null;
  }
}

function isRunning(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
  }
  // After a container restart the same pid often belongs to another process: compare start times where /proc has them.
  const started = processStartTime(holder.pid);
  return holder.started === null || started === null || started === holder.started;
}

/** The process start time in clock ticks since boot (Linux), or null where /proc is not available. */
function processStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22 of stat; the command name (field 2) may contain spaces, so count from the closing parenthesis.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

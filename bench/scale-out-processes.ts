// The processes the scale-out run starts (two `next start`, two `npm run worker`, `npm run reminders` twice,
// `npm run integration:create`): each in a process group of its own, so that stopping it stops whatever it started
// (npm -> sh -> tsx -> node, next -> next-server); their output kept line by line (and echoed with a label when asked),
// so the run can tell which process did what from what it printed.
import { spawn, type ChildProcess } from "node:child_process";

export type Managed = {
  label: string;
  child: ChildProcess;
  /** every line printed so far, stdout and stderr */
  lines: string[];
  stdout: string[];
  stderr: string[];
  /** resolves with the exit code (null after a signal) */
  exited: Promise<number | null>;
};

const running = new Set<Managed>();

/**
 * What a line says: the app and the worker log JSON lines (lib/log/logger.ts), whose `msg` (with `err.message` when an
 * error came with it) is the sentence; any other line as it is.
 */
export function messageOf(line: string): string {
  if (!line.startsWith("{")) return line;
  try {
    const entry = JSON.parse(line) as { msg?: unknown; err?: { message?: unknown } };
    const message = typeof entry.msg === "string" ? entry.msg : line;
    const error = entry.err?.message;
    return typeof error === "string" && !message.includes(error) ? `${message}: ${error}` : message;
  } catch {
    return line;
  }
}

export function startManaged(label: string, command: string, args: string[], env: NodeJS.ProcessEnv, { echo = true } = {}): Managed {
  const child = spawn(command, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const managed: Managed = {
    label,
    child,
    lines: [],
    stdout: [],
    stderr: [],
    exited: new Promise((resolve) => child.once("exit", (code) => resolve(code))),
  };
  running.add(managed);
  void managed.exited.then(() => running.delete(managed));
  const collect = (stream: NodeJS.ReadableStream, into: string[]) => {
    let rest = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      rest += chunk;
      const parts = rest.split("\n");
      rest = parts.pop() ?? "";
      for (const line of parts) {
        into.push(line);
        managed.lines.push(line);
        if (echo) console.log(`  [${label}] ${messageOf(line)}`);
      }
    });
  };
  collect(child.stdout!, managed.stdout);
  collect(child.stderr!, managed.stderr);
  return managed;
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** SIGTERM to the process group; SIGKILL to what is left of it after `graceMs`. Waits until the whole group is gone. */
export async function stopManaged(managed: Managed, graceMs = 10_000): Promise<void> {
  const pid = managed.child.pid;
  if (!pid) return;
  if (groupAlive(pid)) signalGroup(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (groupAlive(pid)) {
    console.log(`scale-out: ${managed.label} still running ${graceMs / 1000} s after SIGTERM; SIGKILL`);
    signalGroup(pid, "SIGKILL");
    // bounded: a zombie nobody reaps (no init in a container) still answers kill(0)
    const killDeadline = Date.now() + 5_000;
    while (groupAlive(pid) && Date.now() < killDeadline) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  running.delete(managed);
}

/** Stops every process started here that is still running (all at once: each has its own grace period). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((managed) => stopManaged(managed)));
}

/** Resolves with the first line (already printed or still to come) that matches; throws after `timeoutMs` or when the process exits first. */
export async function waitForLine(managed: Managed, pattern: RegExp, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void managed.exited.then((code) => (exitCode = code));
  for (;;) {
    const line = managed.lines.find((candidate) => pattern.test(candidate));
    if (line !== undefined) return line;
    if (exitCode !== undefined) throw new Error(`${managed.label} exited (code ${exitCode}) before printing ${pattern}`);
    if (Date.now() > deadline) throw new Error(`${managed.label} did not print ${pattern} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { DomainError, InvalidInputError } from "@/lib/errors";
import { workerRunner, type WorkerJob } from "@/lib/workers/run-in-worker";

/** A worker from source text: it gets the posted message as `message` and answers what `body` returns. */
function job(body: string, overrides: Partial<WorkerJob> = {}, heapMb = 64): WorkerJob {
  const source = `const { parentPort } = require("node:worker_threads");
    parentPort.once("message", async (message) => { const reply = await (async () => { ${body} })(); if (reply) parentPort.postMessage(reply); });`;
  return {
    spawn: () => new Worker(source, { eval: true, resourceLimits: { maxOldGenerationSizeMb: heapMb } }),
    message: { value: 21 },
    transfer: [],
    tooSlow: () => new InvalidInputError("took too long", []),
    tooLarge: () => new InvalidInputError("needs too much memory", []),
    ...overrides,
  };
}

describe("workerRunner", () => {
  const run = workerRunner({ name: "test work", maxParallel: 1, timeoutMs: 2_000 });

  it("answers the worker's result", async () => {
    await expect(run<{ doubled: number }>(job("return { ok: true, doubled: message.value * 2 };"))).resolves.toMatchObject({ ok: true, doubled: 42 });
  });

  it("gives back a refusal as the error it was: 422 as invalid input with its issues, another status as itself", async () => {
    const invalid = run(
      job(`return { ok: false, refused: { status: 422, code: "invalid_input", message: "no time column", issues: [{ path: "file", message: "x" }] } };`),
    );
    await expect(invalid).rejects.toBeInstanceOf(InvalidInputError);
    await expect(invalid).rejects.toMatchObject({ message: "no time column", issues: [{ path: "file", message: "x" }] });
    const tooLarge = run(job(`return { ok: false, refused: { status: 413, code: "payload_too_large", message: "over 1 MB", issues: [] } };`));
    await expect(tooLarge).rejects.toBeInstanceOf(DomainError);
    await expect(tooLarge).rejects.toMatchObject({ status: 413, message: "over 1 MB" });
  });

  it("turns a crash into a plain error (a 500), not the worker's message", async () => {
    await expect(run(job(`return { ok: false, crashed: "TypeError: x is undefined" };`))).rejects.toThrow("The test work failed");
  });

  it("stops a worker that takes longer than the timeout and says so", async () => {
    const quick = workerRunner({ name: "test work", maxParallel: 1, timeoutMs: 200 });
    await expect(quick(job("for (;;);"))).rejects.toThrow("took too long");
  });

  it("stops a worker that needs more than its heap and says so", async () => {
    await expect(run(job("const kept = []; for (;;) kept.push(new Array(100000).fill({ a: 1 }));", {}, 16))).rejects.toThrow("needs too much memory");
  }, 20_000);

  it("runs at most maxParallel at once: the next job starts when one ends", async () => {
    const slow = "const started = Date.now(); await new Promise((r) => setTimeout(r, 300)); return { ok: true, started, ended: Date.now() };";
    const [first, second] = await Promise.all([run<{ started: number; ended: number }>(job(slow)), run<{ started: number; ended: number }>(job(slow))]);
    expect(second.started).toBeGreaterThanOrEqual(first.ended);
  });
});

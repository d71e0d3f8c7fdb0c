// The container image's HEALTHCHECK command, read from the Dockerfile and run with Node as Docker runs it, against a
// local server answering as /api/health does: the container is healthy while it serves, whatever the job worker does
// (a worker in its own container that stops must not make Swarm restart every app container, nor Traefik drop them).
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let answer: { status: number; body: unknown } = { status: 200, body: {} };
let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url !== "/api/health") return void response.writeHead(404).end();
    response.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function healthcheckCommand(): Promise<string[]> {
  const dockerfile = (await readFile(path.join(import.meta.dirname, "..", "Dockerfile"), "utf8")).replace(/\\\n/g, " ");
  const line = dockerfile.split("\n").find((entry) => entry.trim().startsWith("HEALTHCHECK"));
  const command = /\bCMD\s+(\[.*\])\s*$/.exec(line ?? "")?.[1];
  if (!command) throw new Error("The Dockerfile has no HEALTHCHECK ... CMD [...] line");
  return JSON.parse(command) as string[];
}

/** The check's exit code, run as Docker runs it in the image (PORT set, no shell). */
async function check(status: number, body: unknown): Promise<number | null> {
  answer = { status, body };
  const [program, ...args] = await healthcheckCommand();
  const child = spawn(program === "node" ? process.execPath : program!, args, { env: { ...process.env, PORT: String(port) }, stdio: "ignore" });
  return new Promise((resolve) => child.on("exit", (code) => resolve(code)));
}

const health = (failed: string[]) => ({ ok: failed.length === 0, failed });

describe("the image's HEALTHCHECK", () => {
  it("passes while the app serves, including when only the job worker is missing", async () => {
    expect(await check(200, health([]))).toBe(0);
    expect(await check(503, health(["jobs"]))).toBe(0);
  });

  it("fails when the database does not answer or a migration is not applied, or the app does not answer as itself", async () => {
    expect(await check(503, health(["database"]))).toBe(1);
    expect(await check(503, health(["migrations"]))).toBe(1);
    expect(await check(503, health(["database", "jobs"]))).toBe(1);
    expect(await check(502, "Bad Gateway")).toBe(1);
  });
});

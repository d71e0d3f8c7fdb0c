import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chooseListenAddress, describeDatabaseChoice, loadDotEnvFile } from "@/scripts/launcher-settings";

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), "hindsight-dotenv-"));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("loadDotEnvFile", () => {
  it("sets what .env holds, but a variable already in the environment keeps its value", async () => {
    const file = path.join(directory, ".env");
    await writeFile(
      file,
      '# copied from .env.example\nDATABASE_URL=postgresql://hindsight:secret@db:5432/hindsight\nPORT=4000\nMAIL_FROM="Ops <ops@example.com>"\n',
    );
    const environment: Record<string, string | undefined> = { PORT: "3000" };
    const result = loadDotEnvFile(file, environment);
    expect(environment).toEqual({ PORT: "3000", DATABASE_URL: "postgresql://hindsight:secret@db:5432/hindsight", MAIL_FROM: "Ops <ops@example.com>" });
    expect(result).toEqual({ file, found: true, loaded: ["DATABASE_URL", "MAIL_FROM"] });
  });

  it("changes nothing when there is no .env", () => {
    const environment: Record<string, string | undefined> = {};
    expect(loadDotEnvFile(path.join(directory, ".env"), environment)).toMatchObject({ found: false, loaded: [] });
    expect(environment).toEqual({});
  });
});

describe("describeDatabaseChoice", () => {
  const dataDir = "/srv/hindsight/.data";

  it("names PostgreSQL from .env, without its password", () => {
    const dotEnv = { file: "/srv/hindsight/.env", found: true, loaded: ["DATABASE_URL"] };
    const line = describeDatabaseChoice({ url: "postgresql://hindsight:s3cret@db:5432/hindsight", dotEnv, dataDir });
    expect(line).toBe("Database: PostgreSQL at postgresql://hindsight:***@db:5432/hindsight (DATABASE_URL from .env).");
    expect(line).not.toContain("s3cret");
  });

  it("names PostgreSQL from the environment when .env did not set it", () => {
    const dotEnv = { file: "/srv/hindsight/.env", found: true, loaded: ["PORT"] };
    expect(describeDatabaseChoice({ url: "postgresql://postgres@127.0.0.1/hindsight", dotEnv, dataDir })).toContain("(DATABASE_URL from the environment)");
  });

  it("says the embedded database is used, where, and why", () => {
    const none = { file: "/srv/hindsight/.env", found: false, loaded: [] };
    expect(describeDatabaseChoice({ url: undefined, dotEnv: none, dataDir })).toBe(
      "Database: the embedded one (PGlite) in /srv/hindsight/.data, because DATABASE_URL is not set in the environment and there is no .env file. For your own PostgreSQL, set DATABASE_URL (see .env.example).",
    );
    const without = { file: "/srv/hindsight/.env", found: true, loaded: ["PORT"] };
    expect(describeDatabaseChoice({ url: undefined, dotEnv: without, dataDir })).toContain("because DATABASE_URL is not set in the environment or in .env.");
  });
});

describe("chooseListenAddress", () => {
  it("keeps the demo database on this machine unless HOST says otherwise", () => {
    expect(chooseListenAddress({ host: undefined, embedded: true })).toMatchObject({
      host: "127.0.0.1",
      reason: expect.stringContaining("published passwords"),
    });
    expect(chooseListenAddress({ host: "0.0.0.0", embedded: true })).toEqual({ host: "0.0.0.0", reason: "HOST is set" });
  });

  it("listens on every interface with the operator's own PostgreSQL", () => {
    expect(chooseListenAddress({ host: undefined, embedded: false })).toEqual({ host: "0.0.0.0", reason: "every interface (HOST is not set)" });
    expect(chooseListenAddress({ host: "10.0.0.5", embedded: false }).host).toBe("10.0.0.5");
  });
});

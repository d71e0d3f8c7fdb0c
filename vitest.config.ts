import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";
import net from "node:net";

/** Whether the test PostgreSQL (TEST_DATABASE_URL) takes connections; without it, tests run on the embedded fallback. */
function postgresListens(): Promise<boolean> {
  const url = new URL(process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname.replace(/^\[|\]$/g, ""), port: Number(url.port || 5432), timeout: 2_000 });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.once("timeout", () => done(false));
  });
}

// Two files at a time, each worker on its own copy of the migrated database (test/global-setup.ts): the suite waits on
// PostgreSQL and on sockets as much as on the CPU. The embedded fallback takes one connection at a time: one file then.
const parallel = await postgresListens();

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // `server-only` throws unless resolved with the "react-server" condition, which Next sets for server code and
      // Vitest does not. Tests are server code: give them the package's own empty module (the same Next uses).
      "server-only": fileURLToPath(new URL("node_modules/server-only/empty.js", import.meta.url)),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "components/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["node_modules", "e2e", ".next"],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup-db.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    fileParallelism: parallel,
    maxWorkers: parallel ? 2 : 1,
    // next-auth imports "next/server" without an extension, which Node's ESM resolver refuses; transformed by Vite it
    // resolves. Only test/authorization-matrix.test.ts loads the real Auth.js (to call its route handlers).
    server: { deps: { inline: ["next-auth"] } },
  },
});

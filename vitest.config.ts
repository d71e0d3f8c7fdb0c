import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

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
    // Integration tests share one freshly migrated database per run; files run one after another to keep
    // the 2-core CI machine and the single-session embedded fallback predictable.
    fileParallelism: false,
    // next-auth imports "next/server" without an extension, which Node's ESM resolver refuses; transformed by Vite it
    // resolves. Only test/authorization-matrix.test.ts loads the real Auth.js (to call its route handlers).
    server: { deps: { inline: ["next-auth"] } },
  },
});

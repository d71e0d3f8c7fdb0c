// The command-line entry points for the container image, bundled into the standalone output (run after `next build`):
//   tsx docker/bundle.ts            writes .next/standalone/scripts/{db,worker,user-create,token-create,reminders}.mjs
//
// Next's standalone output (.next/standalone) holds the server and the node_modules its pages need, but neither tsx
// nor scripts/: the migrations (`node scripts/db.mjs deploy`) and the job worker (`node scripts/worker.mjs`) would not
// run in the image. esbuild (installed with tsx) bundles each script with what it imports, under the same
// react-server condition the npm scripts use. Left out of the bundles and loaded from node_modules at run time: native
// and WebAssembly packages that load files beside their own code (the same list as next.config.ts's
// serverExternalPackages). The standalone trace already carries pg and @node-rs/argon2 (the app uses them); the
// schema engine (migrations only) is copied in here. The embedded database (PGlite, 27 MB) is left out of the image:
// the container always has DATABASE_URL, and a script started without it says so.
import { cp, mkdir, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { build, type Plugin } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const standalone = path.join(root, ".next", "standalone");
const outdir = path.join(standalone, "scripts");

const IMAGE_SCRIPTS = ["db", "worker", "user-create", "token-create", "reminders"] as const;

/** Loaded from node_modules at run time, never bundled; each must be in the standalone node_modules (checked below). */
const RUNTIME_PACKAGES = ["pg", "@node-rs/argon2", "@prisma/schema-engine-wasm"];
/** Not in the trace because the app never loads them: copied from node_modules. */
const COPIED_PACKAGES = ["@prisma/schema-engine-wasm"];

const noEmbeddedDatabase: Plugin = {
  name: "no-embedded-database",
  setup(builder) {
    builder.onResolve({ filter: /^@\/lib\/db\/embedded$/ }, () => ({ path: "embedded", namespace: "hindsight-image" }));
    builder.onLoad({ filter: /.*/, namespace: "hindsight-image" }, () => ({
      loader: "js",
      contents: `export async function startEmbeddedDatabase() {
  throw new Error("DATABASE_URL is not set. The container image has no embedded database: set DATABASE_URL to your PostgreSQL.");
}`,
    }));
  },
};

async function main(): Promise<void> {
  if (!existsSync(path.join(standalone, "server.js"))) {
    throw new Error(`No standalone build in ${standalone}: run \`npm run build\` first (next.config.ts sets output: "standalone").`);
  }
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const started = performance.now();
  await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(IMAGE_SCRIPTS.map((name) => [name, path.join(root, "scripts", `${name}.ts`)])),
    outdir,
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // `server-only` is an empty module under react-server (as with `tsx --conditions=react-server` in package.json).
    conditions: ["react-server"],
    external: [...RUNTIME_PACKAGES, "pg-native"],
    plugins: [noEmbeddedDatabase],
    // CommonJS packages inside an ES module bundle call require() for Node's own modules.
    banner: { js: 'import { createRequire as __hindsightCreateRequire } from "node:module"; const require = __hindsightCreateRequire(import.meta.url);' },
    legalComments: "none",
    logLevel: "warning",
  });
  for (const name of COPIED_PACKAGES) {
    await cp(path.join(root, "node_modules", name), path.join(standalone, "node_modules", name), { recursive: true });
  }
  const missing = RUNTIME_PACKAGES.filter((name) => !existsSync(path.join(standalone, "node_modules", name, "package.json")));
  if (missing.length > 0) throw new Error(`The standalone output lacks ${missing.join(", ")}: the bundled scripts could not load them.`);
  console.log(
    `Bundled ${IMAGE_SCRIPTS.map((name) => `scripts/${name}.mjs`).join(", ")} into ${path.relative(root, standalone)} in ${Math.round(performance.now() - started)} ms`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});

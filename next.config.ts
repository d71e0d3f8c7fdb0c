import type { NextConfig } from "next";
import { API_CONTENT_SECURITY_POLICY, BASE_SECURITY_HEADERS } from "./lib/security/headers";

const baseHeaders = Object.entries(BASE_SECURITY_HEADERS).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  // .next/standalone: the server and only the node_modules it uses, for the container image (Dockerfile,
  // docker/bundle.ts). `next start` (npm start, the browser tests) still serves the same build, with a warning.
  output: "standalone",
  // Packages with native or WebAssembly parts are loaded by Node at run time, not bundled.
  serverExternalPackages: ["@node-rs/argon2", "@electric-sql/pglite", "@electric-sql/pglite-socket", "@prisma/schema-engine-wasm", "pg"],
  poweredByHeader: false,
  // .ci/run checks the types before it builds (`next typegen` writes the route types this build would write, then
  // `npm run typecheck`) and sets HINDSIGHT_SKIP_BUILD_TYPECHECK=1: the build does not check them a second time there.
  typescript: { ignoreBuildErrors: process.env.HINDSIGHT_SKIP_BUILD_TYPECHECK === "1" },
  experimental: {
    // Reports are pasted and saved through server actions; the default 1 MB would refuse a report just under the
    // importer's own 1 MB limit with an opaque error.
    serverActions: { bodySizeLimit: "2mb" },
    // CI builds a clean clone once: writing Turbopack's build cache (.next/cache) there costs about 20 s and nothing
    // reads it. Elsewhere a rebuild reuses it.
    turbopackFileSystemCacheForBuild: process.env.CI !== "true",
  },
  // Pages get theirs (with a per-request CSP nonce) from proxy.ts; these cover what the proxy does not see: static
  // files, 404s, and the API, whose answers are data and get a policy that lets nothing load, frame or run in them.
  // These replace a header of the same name set by a route handler: the API policy includes the `sandbox` that
  // attachment downloads set for themselves.
  async headers() {
    return [
      { source: "/:path*", headers: baseHeaders },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
    ];
  },
};

export default nextConfig;

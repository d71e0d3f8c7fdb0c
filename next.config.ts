import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Packages with native or WebAssembly parts are loaded by Node at run time, not bundled.
  serverExternalPackages: ["@node-rs/argon2", "@electric-sql/pglite", "@electric-sql/pglite-socket", "@prisma/schema-engine-wasm", "pg"],
  poweredByHeader: false,
  // Reports are pasted and saved through server actions; the default 1 MB would refuse a report just under the
  // importer's own 1 MB limit with an opaque error.
  experimental: { serverActions: { bodySizeLimit: "2mb" } },
};

export default nextConfig;

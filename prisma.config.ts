// Prisma CLI configuration. The URL is only needed by `prisma migrate deploy` (users with internet access);
// `prisma generate` does not connect. Our own offline migration runner (lib/db/migrate.ts) reads DATABASE_URL itself.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/hindsight" },
});

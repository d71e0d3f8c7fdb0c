# syntax=docker/dockerfile:1
# Hindsight's container image: Node 24 LTS, Next's standalone server, the migrations and the bundled command-line
# scripts, run as a user without privileges. It needs PostgreSQL (DATABASE_URL) and AUTH_SECRET; compose.yaml shows a
# whole setup. Start: migrations, then the server on 0.0.0.0:3000 (docker/entrypoint.sh; `worker` runs the job worker).
#   docker build -t hindsight .
#   docker run -e DATABASE_URL=postgresql://... -e AUTH_SECRET=... -p 3000:3000 hindsight
# e2e/container.spec.ts runs the runtime stage's files as the COPY lines below lay them out.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# The dependencies first, so that a change to the code alone reuses this layer. `npm ci` generates the Prisma client
# (postinstall), which reads the schema.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma/schema.prisma prisma/schema.prisma
COPY scripts/prisma-generate.mjs scripts/prisma-generate.mjs
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
# The migrations and the job worker as plain Node scripts inside the standalone output (no tsx in the image).
RUN node_modules/.bin/tsx docker/bundle.ts

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# HOSTNAME: the standalone server listens where HOSTNAME says, and Docker sets HOSTNAME to the container id.
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0
RUN groupadd --system --gid 1001 hindsight && useradd --system --uid 1001 --gid hindsight --no-create-home hindsight
# Owned by root and read-only to the app; only Next's cache directory is writable.
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
COPY --from=build /app/prisma/migrations ./prisma/migrations
COPY --from=build /app/docker/entrypoint.sh ./entrypoint.sh
RUN mkdir -p .next/cache && chown hindsight:hindsight .next/cache
USER hindsight
EXPOSE 3000
# Healthy while this container serves: /api/health answers 200, or 503 for the job worker alone (lib/db/health.ts), so
# the database answers and every migration is applied. A missing worker is left out on purpose: with the worker in a
# container of its own (compose.yaml, HINDSIGHT_WORKER=off here) a stopped worker would mark every app container
# unhealthy though they serve, and Docker Swarm would restart them over and over, Traefik stop routing to them. The
# worker's absence is for alerting (hindsight_job_worker_seen_seconds, README "Metrics"). No curl in the slim image:
# Node's fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/api/health`).then((r) => r.json()).then((h) => process.exit(h.failed.every((part) => part === 'jobs') ? 0 : 1)).catch(() => process.exit(1))"]
ENTRYPOINT ["./entrypoint.sh"]
CMD ["server"]

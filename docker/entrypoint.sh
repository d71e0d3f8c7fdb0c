#!/bin/sh
# The container's entry point (Dockerfile). The image's working directory is Next's standalone output plus the
# bundled scripts (docker/bundle.ts).
#   server (default)  apply pending migrations, then serve on $HOSTNAME:$PORT (0.0.0.0:3000)
#   worker            the job worker (reminders, webhooks) as its own process; run the app with HINDSIGHT_WORKER=off
#   migrate           apply pending migrations and exit
#   status            list applied and pending migrations (exit 1 unless up to date)
#   user-create, token-create, reminders   the npm scripts of the same names, e.g. `user-create --email ... --role ADMIN`
# Migrations take PostgreSQL's advisory lock, so several instances starting at once apply them once.
# `exec` replaces the shell with Node, so that Node receives the container's SIGTERM itself.
set -e
command="${1:-server}"
[ "$#" -gt 0 ] && shift
case "$command" in
  server)
    node scripts/db.mjs deploy
    exec node server.js
    ;;
  worker) exec node scripts/worker.mjs "$@" ;;
  migrate) exec node scripts/db.mjs deploy ;;
  status) exec node scripts/db.mjs status ;;
  user-create | token-create | reminders) exec node "scripts/$command.mjs" "$@" ;;
  *) exec "$command" "$@" ;;
esac

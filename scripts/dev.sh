#!/usr/bin/env bash
# `make dev`: install what is missing, build, migrate local D1, serve on http://127.0.0.1:8787.
source "$(dirname "$0")/env.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh"
ensure_dev_vars
STATE="$ROOT/.wrangler/state"
cd edge
say "applying D1 migrations to local state in .wrangler/state"
wrangler d1 migrations apply DB --local --persist-to "$STATE"
say "serving on http://127.0.0.1:${PORT:-8787}"
exec wrangler dev --ip 127.0.0.1 --port "${PORT:-8787}" --persist-to "$STATE" \
  --var "BUILD_VERSION:$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo dev)"

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
say "loading the test patients' sample certificates"
"$ROOT/scripts/seed-patients.sh" "$STATE"
PORT="${PORT:-8787}" IDP_PORT="${IDP_PORT:-8788}"
mkdir -p "$ROOT/.run"
start_test_idp "$IDP_PORT" "http://127.0.0.1:$PORT" "$ROOT/.run/test-idp.log"
trap 'kill "$IDP_PID" 2>/dev/null || true' EXIT
say "test e-ID provider on http://127.0.0.1:$IDP_PORT (log: .run/test-idp.log)"
say "serving on http://127.0.0.1:$PORT (patients: http://127.0.0.1:$PORT/intyg)"
wrangler dev --ip 127.0.0.1 --port "$PORT" --persist-to "$STATE" \
  --var "BUILD_VERSION:$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo dev)" \
  --var "OIDC_ISSUER:http://127.0.0.1:$IDP_PORT"

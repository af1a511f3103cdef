#!/usr/bin/env bash
# `make dev`: install what is missing, build, migrate local D1, serve on http://127.0.0.1:8787.
source "$(dirname "$0")/env.sh"
cd "$ROOT"
# Another `make dev` (or anything else) on the fixed ports: say so and change nothing (building
# now would replace dist/ under a running server).
busy=()
for port in "${PORT:-8787}" "${IDP_PORT:-8788}" 8790 8791 8792 8798 8799; do
  python3 -c 'import socket,sys; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1])))' "$port" 2>/dev/null \
    || busy+=("$port")
done
if [ "${#busy[@]}" -gt 0 ]; then
  say "port ${busy[*]} is already in use on 127.0.0.1: is \`make dev\` already running? (http://127.0.0.1:${PORT:-8787}) Stop it first; nothing was changed."
  exit 1
fi
"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh"
ensure_dev_vars
STATE="$ROOT/.wrangler/state"
cd edge
say "applying D1 migrations to local state in .wrangler/state"
wrangler d1 migrations apply DB --local --persist-to "$STATE"
PORT="${PORT:-8787}" IDP_PORT="${IDP_PORT:-8788}"
mkdir -p "$ROOT/.run"
start_test_idp "$IDP_PORT" "http://127.0.0.1:$PORT" "$ROOT/.run/test-idp.log"
# The sample clinic site: its origin on 8792, its third parties on 8793-8797, and through
# the Worker in edge mode on 8790 (a plain TCP pass-through to 8787, keeping the Host).
start_sample_site "$ROOT/.run/sample-ports.json" "$ROOT/.run/sample-site.log" \
  --origin 8792 --analytics 8793 --video 8794 --pixel 8795 --tags 8796 --chat 8797 --forward "8790=$PORT" \
  --embed 8791 --consent "http://127.0.0.1:$PORT"
start_test_care_system 8798 "http://127.0.0.1:$PORT" "$ROOT/.run/care-system.log" "$ROOT/.run/care-keys.json"
start_test_recipient 8799 "http://127.0.0.1:$PORT" "$ROOT/.run/recipient.log"
mapfile -t CARE_VARS < <(care_network_vars 8798 8799 "$ROOT/.run/care-keys.json")
trap 'kill "$IDP_PID" "$SAMPLE_PID" "$CARE_PID" "$RECIPIENT_PID" 2>/dev/null || true' EXIT
say "publishing the sample clinic site's configuration (config/sites/klinik.json)"
"$ROOT/scripts/publish-site.sh" "$ROOT/config/sites/klinik.json" --local "$STATE"
say "test e-ID provider on http://127.0.0.1:$IDP_PORT (log: .run/test-idp.log)"
say "sample clinic site through Samtycke (edge mode) on http://127.0.0.1:8790 (origin: http://127.0.0.1:8792)"
say "the same site with the embed tag (embed mode) on http://127.0.0.1:8791"
say "test care network (three providers) on http://127.0.0.1:8798 (log: .run/care-system.log); test recipient (Försäkringskassan's intake) on http://127.0.0.1:8799"
say "serving on http://127.0.0.1:$PORT (patients: http://127.0.0.1:$PORT/intyg)"
# Once the Worker answers, the care network sends in the seed's certificates (refused until the
# patient consents, so that consent knows which provider to ask).
(for _ in $(seq 600); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/api/health" 2>/dev/null \
    && { push_seed_certificates http://127.0.0.1:8798; exit; }
  sleep 0.5
done) &
wrangler dev --test-scheduled --ip 127.0.0.1 --port "$PORT" --persist-to "$STATE" \
  --var "BUILD_VERSION:$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo dev)" \
  --var "OIDC_ISSUER:http://127.0.0.1:$IDP_PORT" \
  --var "${CARE_VARS[0]}" --var "${CARE_VARS[1]}" \
  --var "PATIENT_JURISDICTION:"  # local workerd has no jurisdictions; loopback hosts only

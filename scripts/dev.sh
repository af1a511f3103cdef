#!/usr/bin/env bash
# `make dev`: install what is missing, build, migrate local D1, serve on http://127.0.0.1:8787.
# The addresses are fixed (README, "Quick start"): the product on 8787, the test e-ID provider
# on 8788, the sample site through the Worker on 8790 and with the embed tag on 8791, its origin
# on 8792 and its third parties on 8793–8797, the test care network on 8798 and Försäkringskassan's
# stand-in on 8799. SAMTYCKE_DEV_PORT moves them all by the same amount (the product's port;
# default 8787), SAMTYCKE_DEV_STATE the local state (default .wrangler/state) and SAMTYCKE_DEV_LOGS
# the logs (default .run): tests/dev-smoke.sh runs a second one beside a developer's.
source "$(dirname "$0")/env.sh"
cd "$ROOT"
PORT="${SAMTYCKE_DEV_PORT:-8787}"
at() { echo $((PORT + $1 - 8787)); } # the port that stands where $1 stands by default
IDP_PORT="$(at 8788)"
STATE="${SAMTYCKE_DEV_STATE:-$ROOT/.wrangler/state}"
LOGS="${SAMTYCKE_DEV_LOGS:-$ROOT/.run}"
# Another `make dev` (or anything else) on these ports: say so and change nothing (building
# now would be for nothing, and the second server could not bind).
busy=()
for port in "$PORT" "$IDP_PORT" $(for p in $(seq 8790 8799); do at "$p"; done); do
  python3 -c 'import socket,sys; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1])))' "$port" 2>/dev/null \
    || busy+=("$port")
done
if [ "${#busy[@]}" -gt 0 ]; then
  say "port ${busy[*]} is already in use on 127.0.0.1: is \`make dev\` already running? (http://127.0.0.1:$PORT) Stop it first; nothing was changed."
  exit 1
fi
"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh"
ensure_dev_vars
cd edge
say "applying D1 migrations to local state in $STATE"
wrangler d1 migrations apply DB --local --persist-to "$STATE"
mkdir -p "$LOGS"
start_test_idp "$IDP_PORT" "http://127.0.0.1:$PORT" "$LOGS/test-idp.log"
# The sample clinic site: its origin on 8792, its third parties on 8793-8797, and through
# the Worker in edge mode on 8790 (a plain TCP pass-through to 8787, keeping the Host).
start_sample_site "$LOGS/sample-ports.json" "$LOGS/sample-site.log" \
  --origin "$(at 8792)" --analytics "$(at 8793)" --video "$(at 8794)" --pixel "$(at 8795)" --tags "$(at 8796)" \
  --chat "$(at 8797)" --forward "$(at 8790)=$PORT" --embed "$(at 8791)" --consent "http://127.0.0.1:$PORT"
start_test_care_system "$(at 8798)" "http://127.0.0.1:$PORT" "$LOGS/care-system.log" "$LOGS/care-keys.json"
start_test_recipient "$(at 8799)" "http://127.0.0.1:$PORT" "$LOGS/recipient.log"
mapfile -t CARE_VARS < <(care_network_vars "$(at 8798)" "$(at 8799)" "$LOGS/care-keys.json")
trap 'kill "$IDP_PID" "$SAMPLE_PID" "$CARE_PID" "$RECIPIENT_PID" 2>/dev/null || true' EXIT
say "publishing the sample clinic site's configuration (config/sites/klinik.json)"
publish_sample_site "$STATE" "$LOGS/sample-ports.json" "$(at 8790)" "$LOGS/klinik.json"
say "test e-ID provider on http://127.0.0.1:$IDP_PORT (log: $LOGS/test-idp.log)"
say "sample clinic site through Samtycke (edge mode) on http://127.0.0.1:$(at 8790) (origin: http://127.0.0.1:$(at 8792))"
say "the same site with the embed tag (embed mode) on http://127.0.0.1:$(at 8791)"
say "test care network (three providers) on http://127.0.0.1:$(at 8798) (log: $LOGS/care-system.log); test recipient (Försäkringskassan's intake) on http://127.0.0.1:$(at 8799)"
say "serving on http://127.0.0.1:$PORT (patients: http://127.0.0.1:$PORT/intyg)"
# Once the Worker answers, the care network sends in the seed's certificates (refused until the
# patient consents, so that consent knows which provider to ask).
(for _ in $(seq 600); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/api/health" 2>/dev/null \
    && { push_seed_certificates "http://127.0.0.1:$(at 8798)"; exit; }
  sleep 0.5
done) &
wrangler dev --test-scheduled --ip 127.0.0.1 --port "$PORT" --persist-to "$STATE" \
  --var "BUILD_VERSION:$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo dev)" \
  --var "OIDC_ISSUER:http://127.0.0.1:$IDP_PORT" \
  --var "${CARE_VARS[0]}" --var "${CARE_VARS[1]}"

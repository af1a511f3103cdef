#!/usr/bin/env bash
# Starts `wrangler dev` for tests on a free port with fresh local state, runs the given
# command with SAMTYCKE_URL set, and always stops wrangler (by process group) afterwards.
# Usage: scripts/serve-test.sh COMMAND [ARGS...]
source "$(dirname "$0")/env.sh"
cd "$ROOT"
ensure_dev_vars
RUN="$ROOT/.run/test-$$"
rm -rf "$RUN" && mkdir -p "$RUN"
PORT="$(free_port)"
IDP_PORT="$(free_port)"
# Tests that need a Worker of their own (other settings, another build, a restart) start one
# on a port found free as it binds (tests/e2e/fixtures.ts, TestWorker), and register it with
# the test e-ID provider.
export SAMTYCKE_URL="http://127.0.0.1:$PORT"
SAMTYCKE_ADMIN_TOKEN="$(sed -n "s/^ADMIN_TOKEN='\(.*\)'$/\1/p" "$ROOT/edge/.dev.vars")"
export SAMTYCKE_ADMIN_TOKEN
# Tests seed rows straight into local D1 with `wrangler d1 execute` against this state.
export SAMTYCKE_STATE="$RUN/state" SAMTYCKE_EDGE="$ROOT/edge"

(cd edge && wrangler d1 migrations apply DB --local --persist-to "$RUN/state" >"$RUN/migrate.log" 2>&1) \
  || { cat "$RUN/migrate.log"; exit 1; }
# The sample clinic site, shown through the Worker (edge mode) on its own port.
SITE_PORT="$(free_port)"
start_sample_site "$RUN/sample-ports.json" "$RUN/sample-site.log" --forward "$SITE_PORT=$PORT" \
  --embed 0 --consent "$SAMTYCKE_URL"
publish_sample_site "$RUN/state" "$RUN/sample-ports.json" "$SITE_PORT" "$RUN/klinik.json"
export SAMTYCKE_SITE_URL="http://127.0.0.1:$SITE_PORT" SAMTYCKE_SAMPLE_PORTS="$RUN/sample-ports.json" \
  SAMTYCKE_EMBED_URL="http://127.0.0.1:$(node -e 'console.log(String(require(process.argv[1]).embed))' "$RUN/sample-ports.json")" \
  SAMTYCKE_SITE_CONFIG="$RUN/klinik.json"
start_test_idp "$IDP_PORT" "$SAMTYCKE_URL" "$RUN/test-idp.log"
export SAMTYCKE_IDP_URL="http://127.0.0.1:$IDP_PORT"
# The test care system (sends certificates in) and the stand-in for Försäkringskassan's intake.
CARE_PORT="$(free_port)" RECIPIENT_PORT="$(free_port)"
start_test_care_system "$CARE_PORT" "$SAMTYCKE_URL" "$RUN/care-system.log" "$RUN/care-keys.json"
start_test_recipient "$RECIPIENT_PORT" "$SAMTYCKE_URL" "$RUN/recipient.log"
export SAMTYCKE_CARE_URL="http://127.0.0.1:$CARE_PORT" SAMTYCKE_RECIPIENT_URL="http://127.0.0.1:$RECIPIENT_PORT"
mapfile -t CARE_VARS < <(care_network_vars "$CARE_PORT" "$RECIPIENT_PORT" "$RUN/care-keys.json")
# For the tests' own Workers: the same care network and recipient (`NAME:value`, for --var).
export SAMTYCKE_CARE_PROVIDERS_VAR="${CARE_VARS[0]}" SAMTYCKE_RECIPIENTS_VAR="${CARE_VARS[1]}"

# setsid gives wrangler and its workerd children their own process group to stop together.
(cd edge && exec setsid wrangler dev --test-scheduled --ip 127.0.0.1 --port "$PORT" --persist-to "$RUN/state" \
  --var BUILD_VERSION:test --var ALLOWED_ORIGINS:https://klinik.example \
  --var "OIDC_ISSUER:$SAMTYCKE_IDP_URL" \
  --var "RECEIPT_RETIRED_KEYS:$(tr -d ' \n' <"$ROOT/tests/fixtures/retired-keys.json")" \
  --var "ACCESS_TEAM_DOMAIN:$SAMTYCKE_IDP_URL" --var ACCESS_AUD:samtycke-admin-test \
  --var "${CARE_VARS[0]}" --var "${CARE_VARS[1]}" --var SEND_RETRY_BASE_SECONDS:1 \
  >"$RUN/wrangler.log" 2>&1) &
WRANGLER_PID=$!
stop() {
  kill "$IDP_PID" "$SAMPLE_PID" "$CARE_PID" "$RECIPIENT_PID" 2>/dev/null || true
  kill -TERM -- "-$WRANGLER_PID" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 -- "-$WRANGLER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$WRANGLER_PID" 2>/dev/null || true
}
trap stop EXIT

for _ in $(seq 300); do
  curl -fsS "$SAMTYCKE_URL/api/health" >/dev/null 2>&1 && break
  kill -0 "$WRANGLER_PID" 2>/dev/null || { cat "$RUN/wrangler.log"; exit 1; }
  sleep 0.1
done
curl -fsS "$SAMTYCKE_URL/api/health" >/dev/null || { cat "$RUN/wrangler.log"; exit 1; }
say "wrangler dev up at $SAMTYCKE_URL (log: $RUN/wrangler.log)"
push_seed_certificates "$SAMTYCKE_CARE_URL" || { cat "$RUN/care-system.log"; exit 1; }
# Named, so that a log's step times (bench/make-times.sh) say what the longest step is.
say "running $*"
"$@"

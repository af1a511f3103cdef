#!/usr/bin/env bash
# `make dev` as a person uses it, on ports and state of its own (beside a developer's own
# `make dev`, if one runs): it comes up with every stand-in answering; a second `make dev` on
# the same ports says so and changes nothing; a rebuild while it runs leaves it serving the
# rebuilt files; and the README's export command exports what it recorded, verified offline.
# Run by `make test` after the end-to-end tests.
source "$(dirname "$0")/../scripts/env.sh"
cd "$ROOT"
WORK="$(mktemp -d /tmp/samtycke-dev-smoke.XXXXXX)"
fail() {
  echo "dev smoke test: $*" >&2
  echo "--- make dev's output (last 40 lines):" >&2
  tail -40 "$WORK/dev.log" >&2 || true
  exit 1
}
# Free to listen on, as a server binds (SO_REUSEADDR: a closed connection's TIME_WAIT does
# not count, a listener does).
free() { python3 -c 'import socket,sys; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen()' "$1" 2>/dev/null; }

# A product port with the twelve after it free, as `make dev` uses them.
base=""
for thousand in $(seq 20 60); do
  candidate=$((thousand * 1000 + 787)) all=1
  for offset in $(seq 0 12); do free $((candidate + offset)) || { all=0; break; }; done
  if [ "$all" = 1 ]; then base="$candidate"; break; fi
done
[ -n "$base" ] || fail "found no thirteen free ports in a row"
at() { echo $((base + $1 - 8787)); }
url() { echo "http://127.0.0.1:$(at "$1")$2"; }
export SAMTYCKE_DEV_PORT="$base" SAMTYCKE_DEV_STATE="$WORK/state" SAMTYCKE_DEV_LOGS="$WORK/logs"

say "dev smoke: make dev on $base and the twelve ports after it"
(exec setsid make --no-print-directory dev >"$WORK/dev.log" 2>&1) &
DEV=$!
stop() {
  kill -TERM -- "-$DEV" 2>/dev/null || true
  wait "$DEV" 2>/dev/null || true
}
trap stop EXIT
# Waited for while make dev lives (its first build may take minutes on a fresh machine).
up() {
  until curl -fsS -o /dev/null "$(url 8787 /api/health)" 2>/dev/null; do
    kill -0 "$DEV" 2>/dev/null || fail "make dev exited before it answered"
    sleep 0.5
  done
}
up

say "dev smoke: everything answers"
expect_page() { # URL TEXT: the page answers 200 and contains TEXT
  local body
  body="$(curl -fsS "$1")" || fail "$1 did not answer"
  grep -qF -- "$2" <<<"$body" || fail "$1 does not contain $2"
}
expect_page "$(url 8787 /)" 'id="samtycke"'
expect_page "$(url 8787 /integritet/intygstjansten)" 'id="kakor"'
expect_page "$(url 8788 /.well-known/openid-configuration)" '"issuer"'
# The sample site through the Worker: the banner put in, the tracker held back.
expect_page "$(url 8790 /)" 'id="samtycke"'
if curl -fsS "$(url 8790 /)" | grep -q '<script src="http://analytics.localhost'; then
  fail "the page through the Worker still loads the analytics tracker"
fi
expect_page "$(url 8791 /)" 'embed.js'
expect_page "$(url 8792 /)" 'analytics.localhost'
expect_page "$(url 8798 "/test/records?patient=191212121212")" '"records"'
expect_page "$(url 8799 /test/received)" '"deliveries"'

say "dev smoke: a second make dev on the same ports says so and changes nothing"
before="$(stat -c %Y dist/index.html edge/build/index.js)"
if make --no-print-directory dev >"$WORK/second.log" 2>&1; then fail "a second make dev started"; fi
grep -q "already in use" "$WORK/second.log" || fail "the second make dev did not say why: $(cat "$WORK/second.log")"
[ "$before" = "$(stat -c %Y dist/index.html edge/build/index.js)" ] || fail "the second make dev changed the build"
curl -fsS -o /dev/null "$(url 8787 /api/health)" || fail "the first make dev stopped answering"

say "dev smoke: the README's export command, on what this make dev recorded"
from=$(($(date +%s) * 1000 - 1000))
ids=()
for choice in reject-all accept-all; do
  key="vk_$(node -e 'console.log(require("crypto").randomUUID().replaceAll("-", ""))')"
  answer="$(curl -fsS -X POST -H 'Content-Type: application/json' "$(url 8787 /api/receipts)" \
    -d "{\"visitor_key\":\"$key\",\"choices\":{\"necessary\":true,\"analytics\":$([ "$choice" = accept-all ] && echo true || echo false)},\"method\":\"$choice\",\"language\":\"sv\",\"revision\":1}")" \
    || fail "recording a receipt failed"
  ids+=("$(node -e 'console.log(JSON.parse(process.argv[1]).receipt_id)' "$answer")")
done
(
  cd "$WORK"
  ADMIN_TOKEN="$(dev_var ADMIN_TOKEN)" "$ROOT/scripts/export-receipts.sh" "$(url 8787 "")" "$from" >receipts.ndjson
  curl -fsS -o keys.json "$(url 8787 /.well-known/samtycke/keys.json)"
  cargo run -q --manifest-path "$ROOT/Cargo.toml" -p samtycke-tools --bin verify-receipt -- receipts.ndjson --keys keys.json >verified.txt
) || fail "the export command failed"
for id in "${ids[@]}"; do grep -q "\"receipt_id\":\"$id\"" "$WORK/receipts.ndjson" || fail "receipt $id is not in the export"; done
grep -q "2 of 2 receipts valid" "$WORK/verified.txt" || fail "the export does not verify: $(cat "$WORK/verified.txt")"

say "dev smoke: a rebuild while make dev runs; it goes on serving throughout, then the rebuilt files"
# A real rebuild of the Worker (its stamp removed, so worker-build runs wasm-bindgen, wasm-opt
# and esbuild again and the result is copied in) with the app's files copied in anew, asked for
# the app's files and the Worker's routes all the while: every answer must be a 200.
rm -f .run/worker-inputs
(
  while :; do
    for path in / /style.css /pkg/samtycke_app_bg.wasm /api/health /integritet/intygstjansten; do
      code="$(curl -s -o /dev/null -w '%{http_code}' "$(url 8787 "$path")")"
      [ "$code" = 200 ] || echo "$(date +%T) $path $code" >>"$WORK/during-rebuild"
    done
    sleep 0.2
  done
) &
WATCH=$!
"$ROOT/scripts/build.sh" >"$WORK/rebuild.log" 2>&1 || { kill "$WATCH"; cat "$WORK/rebuild.log" >&2; fail "the rebuild failed"; }
up
kill "$WATCH" && wait "$WATCH" 2>/dev/null || true
grep -q "building the Worker" "$WORK/rebuild.log" && ! grep -q "is up to date" "$WORK/rebuild.log" \
  || fail "the rebuild did not build the Worker again"
[ ! -s "$WORK/during-rebuild" ] || fail "answers other than 200 during the rebuild: $(head -20 "$WORK/during-rebuild")"
# The server reloads what changed under it; each file is asked for until it answers with the
# rebuilt bytes (a minute at most).
for path in /style.css /pkg/samtycke_app.js /pkg/samtycke_app_bg.wasm; do
  for try in $(seq 120); do
    curl -fsS -o "$WORK/served" "$(url 8787 "$path")" 2>/dev/null && cmp -s "$WORK/served" "dist$path" && break
    [ "$try" = 120 ] && fail "$path does not answer the rebuilt dist$path"
    sleep 0.5
  done
done
say "dev smoke: the rebuilt files are served"
expect_page "$(url 8787 /)" 'id="samtycke"'
expect_page "$(url 8790 /)" 'id="samtycke"'
curl -fsS -o /dev/null "$(url 8787 /api/health)" || fail "the Worker does not answer after the rebuild"

say "dev smoke: stopping make dev; its ports must come free"
stop
trap - EXIT
for offset in $(seq 0 12); do
  for try in $(seq 300); do
    free $((base + offset)) && break
    [ "$try" = 300 ] && fail "port $((base + offset)) is still taken after make dev stopped"
    sleep 0.2
  done
done
rm -rf "$WORK"
say "dev smoke: passed"

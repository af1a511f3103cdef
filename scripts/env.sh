# Sourced by every script: paths and the environment that keeps the tools offline.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
export PATH="$ROOT/.tools/bin:$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# wrangler: no update check, no telemetry, no request.cf fetch, no banner.
export WRANGLER_SEND_METRICS=false WRANGLER_HIDE_BANNER=true CLOUDFLARE_CF_FETCH_ENABLED=false
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# worker-build: use the pinned local tools instead of downloading them from GitHub.
export WASM_BINDGEN_BIN="$ROOT/.tools/bin/wasm-bindgen"
export WASM_OPT_BIN="$ROOT/node_modules/.bin/wasm-opt"
export ESBUILD_BIN="$ROOT/node_modules/.bin/esbuild"
WORKER_BUILD_VERSION=0.8.7
CARGO_DENY_VERSION=0.20.2

# Each step is announced with the time since the outermost command started (`make test`'s
# log then says where its minutes go).
: "${SAMTYCKE_T0:=$(date +%s)}"
export SAMTYCKE_T0
say() {
  local t=$(($(date +%s) - SAMTYCKE_T0))
  printf '\033[1m==> [%d:%02d] %s\033[0m\n' $((t / 60)) $((t % 60)) "$*" >&2
}

# The wasm-bindgen version Cargo.lock resolved; the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

# Local secrets for wrangler dev (edge/.dev.vars, git-ignored), each made once: the
# receipt-signing key, the admin token, the session key, the identity pepper and the
# client secret shared with the local test e-ID provider. Also where local development
# stores personal data: local workerd has no Durable Object jurisdictions, so the patients'
# objects and the receipt shards are unplaced here (the Worker allows that on loopback
# hosts only; edge/wrangler.toml places both in the EU).
ensure_dev_vars() {
  local vars="$ROOT/edge/.dev.vars" name
  if ! grep -q '^RECEIPT_SHARDS=' "$vars" 2>/dev/null; then
    printf "PATIENT_JURISDICTION=''\nRECEIPT_SHARDS='0:16'\n" >>"$vars"
  fi
  if ! grep -q '^RECEIPT_SIGNING_KEY=' "$vars" 2>/dev/null; then
    say "generating a local receipt-signing key into edge/.dev.vars"
    printf "RECEIPT_SIGNING_KEY='%s'\n" "$(node "$ROOT/scripts/keys.mjs" local-dev 2>/dev/null)" >>"$vars"
  fi
  if ! grep -q '^REQUEST_SIGNING_KEY=' "$vars" 2>/dev/null; then
    say "generating a local request-signing key into edge/.dev.vars"
    printf "REQUEST_SIGNING_KEY='%s'\n" "$(node "$ROOT/scripts/keys.mjs" local-requests 2>/dev/null)" >>"$vars"
  fi
  if ! grep -q '^ADMIN_TOKEN=' "$vars" 2>/dev/null; then
    say "generating a local admin token into edge/.dev.vars"
    printf "ADMIN_TOKEN='%s'\n" "$(node -e 'console.log(require("crypto").randomBytes(24).toString("hex"))')" >>"$vars"
  fi
  for name in SESSION_KEY IDENTITY_PEPPER OIDC_CLIENT_SECRET; do
    if ! grep -q "^$name=" "$vars"; then
      say "generating a local $name into edge/.dev.vars"
      printf "%s='%s'\n" "$name" "$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64url"))')" >>"$vars"
    fi
  done
}

# The value of one variable in edge/.dev.vars.
dev_var() {
  sed -n "s/^$1='\(.*\)'$/\1/p" "$ROOT/edge/.dev.vars"
}

# Start the local test e-ID provider (scripts/test-idp.mjs) on port $1 for the relying party
# at origin $2, logging to $3; sets IDP_PID and waits until it answers.
start_test_idp() {
  node "$ROOT/scripts/test-idp.mjs" "$1" "$2" samtycke-local "$(dev_var OIDC_CLIENT_SECRET)" >"$3" 2>&1 &
  IDP_PID=$!
  wait_until_up "$IDP_PID" "$3" curl -fsS -o /dev/null "http://127.0.0.1:$1/.well-known/openid-configuration"
}

# Start the test care provider's record system (scripts/test-care-system.mjs) on port $1,
# pushing certificates to Samtycke at $2 (its base URL), logging to $3; it writes the public
# JWK set of its request-signing key to $4 (for Samtycke's config). Sets CARE_PID and waits
# until it answers.
start_test_care_system() {
  rm -f "$4"
  node "$ROOT/scripts/test-care-system.mjs" "$1" "$2" "$4" >"$3" 2>&1 &
  CARE_PID=$!
  wait_until_up "$CARE_PID" "$3" curl -fsS -o /dev/null "http://127.0.0.1:$1/health"
}

# Start the stand-in for Försäkringskassan's certificate intake (scripts/test-recipient.mjs) on
# port $1, trusting the request-signing keys Samtycke at $2 (its base URL) publishes, logging to
# $3. Sets RECIPIENT_PID and waits until it answers.
start_test_recipient() {
  node "$ROOT/scripts/test-recipient.mjs" "$1" "$2" >"$3" 2>&1 &
  RECIPIENT_PID=$!
  wait_until_up "$RECIPIENT_PID" "$3" curl -fsS -o /dev/null "http://127.0.0.1:$1/health"
}

# The Worker variables registering the local test care network (port $1, public keys in file
# $3: its three providers) and the test recipient (port $2): prints CARE_PROVIDERS and
# CERTIFICATE_RECIPIENTS as `NAME:value` lines for `wrangler dev --var`.
care_network_vars() {
  node -e '
    const [care, recipient, keyFile] = process.argv.slice(1);
    const { providers } = JSON.parse(require("fs").readFileSync(keyFile, "utf8"));
    console.log("CARE_PROVIDERS:" + JSON.stringify(Object.entries(providers).map(([id, { name, keys }]) =>
      ({ id, name, keys, resend_url: `http://127.0.0.1:${care}/${id}/resend` }))));
    console.log("CERTIFICATE_RECIPIENTS:" + JSON.stringify([{ id: "forsakringskassan", name: "Försäkringskassan",
      intake_url: `http://127.0.0.1:${recipient}/intake`, accepts: ["sjukpenning"] }]));
  ' "$1" "$2" "$3"
}

# Have the test care network push the certificates it has never pushed (the seed's), as a
# record system does when it issues them: Samtycke refuses them until the patient consents but
# learns which provider to ask then. $1 is the care network's base URL.
push_seed_certificates() {
  curl -fsS -X POST -o /dev/null "$1/test/push-all"
}

# Wait (up to 10 s) until the command after $1 (a process id) and $2 (its log) succeeds; if the
# process ends first or time runs out, show its log and fail.
wait_until_up() {
  local pid="$1" log="$2"
  shift 2
  for _ in $(seq 100); do
    "$@" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; return 1; }
    sleep 0.1
  done
  cat "$log" >&2
  return 1
}

# A free TCP port on loopback.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# A copy of edge/wrangler.toml for load tests, with the per-client write limit raised:
# all load comes from one address here. Prints the file name (relative to edge/).
write_bench_config() {
  sed 's/^simple = { limit = [0-9]*, period = 10 }/simple = { limit = 1000000, period = 10 }/' \
    "$ROOT/edge/wrangler.toml" >"$ROOT/edge/.wrangler-bench.toml"
  echo .wrangler-bench.toml
}

# Start the sample clinic site (scripts/sample-site.mjs) with its third parties; extra
# arguments go to it (fixed ports, --forward). Writes the ports to $1, logs to $2; sets
# SAMPLE_PID and waits until the origin answers.
start_sample_site() {
  local ports="$1" log="$2"
  shift 2
  rm -f "$ports"
  node "$ROOT/scripts/sample-site.mjs" --ports-file "$ports" "$@" >"$log" 2>&1 &
  SAMPLE_PID=$!
  wait_until_up "$SAMPLE_PID" "$log" test -s "$ports"
}

# Publish config/sites/klinik.json into local state $1 for the sample site whose ports are in
# $2, served through the Worker on 127.0.0.1:$3; the copy published is written to $4.
publish_sample_site() {
  node -e '
    const fs = require("fs");
    const [, file, portsFile, port, out] = process.argv;
    const config = JSON.parse(fs.readFileSync(file, "utf8"));
    const ports = JSON.parse(fs.readFileSync(portsFile, "utf8"));
    config.site.hostnames = [`127.0.0.1:${port}`, `localhost:${port}`];
    config.site.origin = `http://127.0.0.1:${ports.origin}`;
    config.site.embed_origins = ports.embed ? [`http://127.0.0.1:${ports.embed}`, `http://localhost:${ports.embed}`] : [];
    fs.writeFileSync(out, JSON.stringify(config, null, 2));
  ' "$ROOT/config/sites/klinik.json" "$2" "$3" "$4"
  "$ROOT/scripts/publish-site.sh" "$4" --local "$1" >/dev/null
}

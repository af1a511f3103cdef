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

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# The wasm-bindgen version Cargo.lock resolved; the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

# Local secrets for wrangler dev (edge/.dev.vars, git-ignored): a receipt-signing key made once.
ensure_dev_vars() {
  local vars="$ROOT/edge/.dev.vars"
  if ! grep -q '^RECEIPT_SIGNING_KEY=' "$vars" 2>/dev/null; then
    say "generating a local receipt-signing key into edge/.dev.vars"
    printf "RECEIPT_SIGNING_KEY='%s'\n" "$(node "$ROOT/scripts/keys.mjs" local-dev 2>/dev/null)" >>"$vars"
  fi
  if ! grep -q '^ADMIN_TOKEN=' "$vars" 2>/dev/null; then
    say "generating a local admin token into edge/.dev.vars"
    printf "ADMIN_TOKEN='%s'\n" "$(node -e 'console.log(require("crypto").randomBytes(24).toString("hex"))')" >>"$vars"
  fi
}

# A copy of edge/wrangler.toml for load tests, with the per-client write limit raised:
# all load comes from one address here. Prints the file name (relative to edge/).
write_bench_config() {
  sed 's/^simple = { limit = [0-9]*, period = 10 }/simple = { limit = 1000000, period = 10 }/' \
    "$ROOT/edge/wrangler.toml" >"$ROOT/edge/.wrangler-bench.toml"
  echo .wrangler-bench.toml
}

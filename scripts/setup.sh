#!/usr/bin/env bash
# Installs what building and running need, skipping whatever is already in place.
# Usage: scripts/setup.sh [--browser]   (--browser adds Chromium + chromedriver for tests)
source "$(dirname "$0")/env.sh"
cd "$ROOT"

rustup target list --installed | grep -qx wasm32-unknown-unknown \
  || { say "adding the wasm32 target"; rustup target add wasm32-unknown-unknown; }

[ -f Cargo.lock ] || cargo generate-lockfile

# npm ci waits on the disk and the registry, the tool builds on the CPU: run them side by side.
stamp="node_modules/.samtycke-lock"
npm_pid=""
if ! cmp -s package-lock.json "$stamp" 2>/dev/null; then
  say "npm ci (beside the tool builds)"
  (npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json "$stamp") &
  npm_pid=$!
fi

# The tools build into one target directory, so the crates they share (clap, serde, regex,
# rustls…) are compiled once.
export CARGO_TARGET_DIR="$ROOT/target/tools"
want="$(wasm_bindgen_version)"
if [ "$("$WASM_BINDGEN_BIN" --version 2>/dev/null | awk '{print $NF}')" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (about 3 minutes, once)"
  # Not --locked: its lock file names a webpki-roots version the index lacks.
  cargo install wasm-bindgen-cli --version "$want" --root "$ROOT/.tools" --force
fi
if [ "$(.tools/bin/worker-build --version 2>/dev/null | awk '{print $NF}')" != "$WORKER_BUILD_VERSION" ]; then
  say "installing worker-build $WORKER_BUILD_VERSION (about 5 minutes, once)"
  cargo install worker-build --version "$WORKER_BUILD_VERSION" --root "$ROOT/.tools" --force
fi
if [ "$(.tools/bin/cargo-deny --version 2>/dev/null | awk '{print $NF}')" != "$CARGO_DENY_VERSION" ]; then
  say "installing cargo-deny $CARGO_DENY_VERSION (about 3 minutes, once)"
  cargo install cargo-deny --version "$CARGO_DENY_VERSION" --locked --root "$ROOT/.tools" --force
fi
unset CARGO_TARGET_DIR
if [ -n "$npm_pid" ]; then wait "$npm_pid" || { echo "npm ci failed" >&2; exit 1; }; fi

if [ "${1:-}" = "--browser" ] && ! { [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; }; then
  say "installing Chromium and chromedriver from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends chromium chromium-driver \
    || { apt-get update && apt-get install -y --no-install-recommends chromium chromium-driver; }
fi

#!/usr/bin/env bash
# wasm-opt for a Worker built by `worker-build --profile worker` (which leaves wasm-opt to this
# script: its own keeps the name section and optimises for speed). Optimised for size, the
# name section left out: the upload budget is gzip bytes, and the Worker's errors are logged
# by what they are, not by the function they came from.
# Usage: scripts/optimize-worker.sh DIR   (the worker-build output directory)
set -euo pipefail
module="${1:?usage: scripts/optimize-worker.sh DIR}/index_bg.wasm"
# The features rustc's wasm32-unknown-unknown target emits, and the exception handling of
# wasm-bindgen's catch wrappers (the list worker-build gives its own wasm-opt).
"${WASM_OPT_BIN:-wasm-opt}" -Oz --strip-debug --strip-producers \
  --enable-mutable-globals --enable-sign-ext --enable-nontrapping-float-to-int \
  --enable-bulk-memory --enable-multivalue --enable-reference-types --enable-exception-handling \
  "$module" -o "$module.opt"
mv "$module.opt" "$module"

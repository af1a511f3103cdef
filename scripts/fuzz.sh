#!/usr/bin/env bash
# `make fuzz`: runs each cargo-fuzz target for FUZZ_SECONDS (default 60) on nightly and
# prints how many inputs it tried. Not part of `make test` (needs nightly and time).
source "$(dirname "$0")/env.sh"
cd "$ROOT"
SECONDS_PER_TARGET="${FUZZ_SECONDS:-60}"
[ -x .tools/bin/cargo-fuzz ] || { say "installing cargo-fuzz"; cargo +nightly install cargo-fuzz --root .tools; }
for target in config_parse receipt_parse; do
  say "fuzzing $target for ${SECONDS_PER_TARGET}s"
  mkdir -p "fuzz/corpus/$target"
  cargo +nightly fuzz run "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$SECONDS_PER_TARGET" -max_len=4096 2>&1 | tee ".run/fuzz-$target.log" | grep -E "^Done|crash|panicked" || true
done

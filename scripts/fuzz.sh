#!/usr/bin/env bash
# `make fuzz`: runs each cargo-fuzz target for FUZZ_SECONDS (default 60) on the machine's
# nightly toolchain (installing cargo-fuzz from crates.io once), fails if any target finds a
# crash, and writes the inputs tried per target into the README (between the fuzz markers).
# Not part of `make test` (needs nightly and time).
source "$(dirname "$0")/env.sh"
cd "$ROOT"
SECONDS_PER_TARGET="${FUZZ_SECONDS:-60}"
# Machines of this kind come with a nightly toolchain; rustup would fetch one from outside the
# package registries, so a missing one is reported instead of downloaded.
rustup toolchain list | grep -q '^nightly' \
  || { echo "fuzz: cargo-fuzz needs the nightly toolchain, which this machine lacks" >&2; exit 2; }
[ -x .tools/bin/cargo-fuzz ] || { say "installing cargo-fuzz"; cargo +nightly install cargo-fuzz --version 0.13.2 --locked --root .tools; }
export PATH="$ROOT/.tools/bin:$PATH"
mkdir -p .run
TARGETS="config_parse receipt_parse id_token session_cookie consent_form http_signature accept_language"
rows=""
failed=0
for target in $TARGETS; do
  say "fuzzing $target for ${SECONDS_PER_TARGET}s"
  mkdir -p "fuzz/corpus/$target"
  log=".run/fuzz-$target.log"
  if cargo +nightly fuzz run "$target" "fuzz/corpus/$target" -- \
      -max_total_time="$SECONDS_PER_TARGET" -max_len=4096 >"$log" 2>&1; then
    crashes=0
  else
    crashes=1
    failed=1
    say "$target found a crash: see $log and fuzz/artifacts/$target/"
  fi
  runs="$(grep -oE 'Done [0-9]+ runs' "$log" | tail -1 | grep -oE '[0-9]+' || true)"
  rows="$rows| \`$target\` | ${runs:-?} | $crashes |\n"
done
printf '| target (%s s each) | inputs tried | crashes |\n|---|---:|---:|\n%b' "$SECONDS_PER_TARGET" "$rows" >"$ROOT/.run/fuzz-table.md"
node bench/readme-section.mjs fuzz "$ROOT/.run/fuzz-table.md"
exit "$failed"

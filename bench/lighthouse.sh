#!/usr/bin/env bash
# Lighthouse (`make bench-lighthouse`): the performance score of the demo page `/` and of edge
# mode's sample page (the clinic's own page through the Worker), on the whole system as the
# end-to-end tests start it (scripts/serve-test.sh: real workerd, the sample site beside it).
# Lighthouse's default mobile settings: an emulated mid-range phone, 4 × CPU slowdown and a
# simulated slow 4G connection. RUNS (default 3) runs per page, the median reported. Lighthouse
# is installed from npm into .run/lighthouse (bench/lighthouse/package-lock.json), not into the
# project's node_modules: `make test` never installs it. Writes the README's section.
source "$(dirname "$0")/../scripts/env.sh"
cd "$ROOT"
RUNS="${RUNS:-3}"
WORK="$ROOT/.run/lighthouse"
"$ROOT/scripts/setup.sh" --browser
"$ROOT/scripts/build.sh" >/dev/null
mkdir -p "$WORK"
cp bench/lighthouse/package.json bench/lighthouse/package-lock.json "$WORK/"
if ! cmp -s "$WORK/package-lock.json" "$WORK/node_modules/.samtycke-lock" 2>/dev/null; then
  (cd "$WORK" && npm ci --no-audit --no-fund >/dev/null)
  cp "$WORK/package-lock.json" "$WORK/node_modules/.samtycke-lock"
fi
say "Lighthouse, $RUNS runs per page"
"$ROOT/scripts/serve-test.sh" node bench/lighthouse.mjs "$WORK" "$RUNS"

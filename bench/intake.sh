#!/usr/bin/env bash
# The Mina intyg benchmark (`make bench-intake`, issue #12) on local wrangler dev, through
# scripts/serve-test.sh (the real Worker, test e-ID provider, test care system and recipient):
#  1. intake: a patient logs in and consents, then certificates are signed by the test care
#     system and POSTed to /api/intake/certificates, PARALLEL in flight; requests/s and p50/p99
#     of the POST alone (signing happens before the clock starts). CERTS (default 10 000) are
#     sent in PARTS (default 5) runs, each on a freshly started Worker: local workerd keeps
#     memory per request (README, "Receipt store") and slows down past a few thousand;
#  2. statistics: rows are added to certificate_statistics up to STATS_ROWS (default 100 000)
#     and GET /api/admin/statistics is timed (median and p99 of QUERIES).
# Writes bench/results/intake.md and the README's table (between the bench:intake markers).
source "$(dirname "$0")/../scripts/env.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh" --browser
"$ROOT/scripts/build.sh" >/dev/null
mkdir -p bench/results
CERTS="${CERTS:-10000}" PARTS="${PARTS:-5}"
RUN="$ROOT/.run/bench-intake-$$"
rm -rf "$RUN" && mkdir -p "$RUN"
for part in $(seq "$PARTS"); do
  # The statistics query is timed once, in the last part.
  rows=0; [ "$part" = "$PARTS" ] && rows="${STATS_ROWS:-100000}"
  say "intake part $part of $PARTS"
  CERTS=$((CERTS / PARTS)) PARALLEL="${PARALLEL:-8}" STATS_ROWS="$rows" QUERIES="${QUERIES:-21}" \
    OUT="$RUN/part-$part.json" scripts/serve-test.sh node bench/intake.mjs
done
node bench/intake.mjs --report "$RUN"/part-*.json | tee bench/results/intake.md
node bench/readme-section.mjs bench:intake bench/results/intake.md

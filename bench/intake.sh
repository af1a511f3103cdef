#!/usr/bin/env bash
# The Mina intyg benchmark (`make bench-intake`, issue #12) on local wrangler dev, through
# scripts/serve-test.sh (the real Worker, test e-ID provider, test care system and recipient):
#  1. intake: a patient logs in and consents, then CERTS (default 10 000) certificates are
#     signed by the test care system and POSTed to /api/intake/certificates, PARALLEL in flight;
#     requests/s and p50/p99 of the POST alone (signing happens before the clock starts);
#  2. statistics: rows are added to certificate_statistics up to STATS_ROWS (default 100 000)
#     and GET /api/admin/statistics is timed (median and p99 of QUERIES).
# Writes bench/results/intake.md.
source "$(dirname "$0")/../scripts/env.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh" --browser
"$ROOT/scripts/build.sh" >/dev/null
mkdir -p bench/results
CERTS="${CERTS:-10000}" PARALLEL="${PARALLEL:-8}" STATS_ROWS="${STATS_ROWS:-100000}" QUERIES="${QUERIES:-21}" \
  scripts/serve-test.sh node bench/intake.mjs | tee bench/results/intake.md

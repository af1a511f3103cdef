#!/usr/bin/env bash
# Loads the test patients' sample certificates (seed/test-patients.json) into a local D1 state.
# Development and tests only; production certificates never come from here.
# Usage: scripts/seed-patients.sh STATE_DIR
source "$(dirname "$0")/env.sh"
cd "$ROOT"
STATE="$1"
IDENTITY_PEPPER="$(dev_var IDENTITY_PEPPER)"
export IDENTITY_PEPPER
mkdir -p "$ROOT/.run"
SQL="$ROOT/.run/seed-patients-$$.sql"
cargo run -q -p consent --bin seed-patients --locked -- seed/test-patients.json >"$SQL"
(cd edge && wrangler d1 execute DB --local --persist-to "$STATE" --file "$SQL" >/dev/null)
rm -f "$SQL"

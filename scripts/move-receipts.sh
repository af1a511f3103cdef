#!/usr/bin/env bash
# Moves every receipt of the D1 `receipts` table into the sharded receipt store, 500 rows a
# call, following `next_after` to the end. Safe to stop and run again: receipts already moved
# are skipped. Run it once after deploying the shard store (docs/capacity.md, "Moving").
# A long move can be done in parts: AFTER_ROW starts after that row number, MAX_ROWS stops
# after about that many rows and prints the AFTER_ROW to go on from.
# Usage: ADMIN_TOKEN=… [AFTER_ROW=n] [MAX_ROWS=n] scripts/move-receipts.sh https://site.example
set -euo pipefail
base="${1:?usage: ADMIN_TOKEN=… $0 BASE_URL}"
: "${ADMIN_TOKEN:?set ADMIN_TOKEN}"
after="${AFTER_ROW:-0}"
max="${MAX_ROWS:-0}"
read_total=0
moved_total=0
while :; do
  answer="$(curl -fsS --retry 5 -X POST -H "Authorization: Bearer $ADMIN_TOKEN" \
    "$base/api/admin/move-receipts?after=$after&limit=500")"
  # One string, not numbers: Node colours numbers when FORCE_COLOR is set (as CI systems and
  # test runners often set it), and the colour codes are not numbers to the shell.
  read -r read moved next < <(node -e 'const a = JSON.parse(process.argv[1]); console.log([a.read, a.moved, a.next_after ?? ""].join(" "))' "$answer")
  read_total=$((read_total + read))
  moved_total=$((moved_total + moved))
  [ -n "$next" ] || break
  after="$next"
  if [ "$max" -gt 0 ] && [ "$read_total" -ge "$max" ]; then
    echo "read $read_total receipts from D1; $moved_total were new in the shard store; go on with AFTER_ROW=$after"
    exit 0
  fi
done
echo "read $read_total receipts from D1; $moved_total were new in the shard store"

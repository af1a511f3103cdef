#!/usr/bin/env bash
# Exports every receipt of a period as NDJSON, following the admin API's cursor, so it can be
# handed to a supervisor and checked offline with verify-receipt. A page refused for the
# moment (429, 5xx, a dropped connection) is asked for again, after its Retry-After.
# A long export can be done in parts: CURSOR starts from a page's cursor, MAX_PAGES stops after
# that many pages of 1000 and prints (on standard error) the CURSOR to go on from.
# Usage: ADMIN_TOKEN=… [CURSOR=…] [MAX_PAGES=n] scripts/export-receipts.sh https://site.example [FROM_MS [TO_MS]] > receipts.ndjson
set -euo pipefail
base="${1:?usage: ADMIN_TOKEN=… $0 BASE_URL [FROM_MS [TO_MS]]}"
from="${2:-0}"
to="${3:-9000000000000000}"
: "${ADMIN_TOKEN:?set ADMIN_TOKEN}"
cursor="${CURSOR:-0}"
max="${MAX_PAGES:-0}"
pages=0
headers="$(mktemp)"
trap 'rm -f "$headers"' EXIT
while :; do
  curl -fsS -D "$headers" -H "Authorization: Bearer $ADMIN_TOKEN" \
    --retry 5 "$base/api/admin/receipts?from=$from&to=$to&cursor=$cursor&limit=1000"
  cursor="$(tr -d '\r' <"$headers" | sed -n 's/^[Xx]-[Nn]ext-[Cc]ursor: *//p')"
  [ -n "$cursor" ] || break
  pages=$((pages + 1))
  if [ "$max" -gt 0 ] && [ "$pages" -ge "$max" ]; then
    echo "exported $pages pages; go on with CURSOR=$cursor" >&2
    exit 0
  fi
done

#!/usr/bin/env bash
# Export benchmark (`make bench-export`): seeds ROWS receipts (default 1 000 000) into a fresh
# local D1, exports them all through the admin API with scripts/export-receipts.sh (pages of
# 1000 by cursor) while sampling the memory of the wrangler and workerd it started (no
# other process on the machine), then verifies the file offline
# with verify-receipt. Writes bench/results/export.md and prints the figures.
# The seeded rows repeat one real signed receipt under distinct row ids: the export reads rows,
# so the repetition does not make it cheaper, and every exported line still verifies.
source "$(dirname "$0")/../scripts/env.sh"
cd "$ROOT"
ROWS="${ROWS:-1000000}"
"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh" >/dev/null
cargo build -q --release -p consent --bin verify-receipt --locked
ensure_dev_vars
RUN="$ROOT/.run/bench-export-$$"
rm -rf "$RUN" && mkdir -p "$RUN" bench/results
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
(cd edge && wrangler d1 migrations apply DB --local --persist-to "$RUN/state" >/dev/null 2>&1)
(cd edge && exec setsid wrangler dev --ip 127.0.0.1 --port "$PORT" --persist-to "$RUN/state" >"$RUN/wrangler.log" 2>&1) &
WRANGLER_PID=$!
trap 'kill -TERM -- "-$WRANGLER_PID" 2>/dev/null || true' EXIT
for _ in $(seq 300); do curl -fsS "$BASE/api/health" >/dev/null 2>&1 && break; sleep 0.1; done

say "one real receipt to repeat"
body="$(curl -fsS -H 'Content-Type: application/json' -d '{"visitor_key":"vk_benchexport000000000000000000000000","choices":{"necessary":true,"analytics":true},"method":"accept-all","language":"sv","revision":1}' "$BASE/api/receipts")"
sql_body="${body//\'/\'\'}"
say "seeding $ROWS receipts into local D1"
start=$(date +%s.%N)
(cd edge && wrangler d1 execute DB --local --persist-to "$RUN/state" --command "
  WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < $ROWS)
  INSERT INTO receipts (receipt_id, subject, issued_at, body)
  SELECT printf('bench-%09d', x), 'v_benchexport' || (x % 1000), 1700000000000 + x, '$sql_body' FROM n;" >/dev/null)
seed_s=$(echo "$(date +%s.%N) - $start" | bc)

workerd_rss() { # total RSS of this run's wrangler and its workerd (its own session), KiB
  ps -o rss= --sid "$WRANGLER_PID" 2>/dev/null | awk '{s+=$1} END {print s+0}'
}
rss_before=$(workerd_rss)
peak="$RUN/peak"; echo "$rss_before" >"$peak"
( while :; do r=$(workerd_rss); [ "$r" -gt "$(cat "$peak")" ] && echo "$r" >"$peak"; sleep 0.5; done ) &
SAMPLER=$!
say "exporting"
start=$(date +%s.%N)
ADMIN_TOKEN="$(dev_var ADMIN_TOKEN)" scripts/export-receipts.sh "$BASE" >"$RUN/export.ndjson"
export_s=$(echo "$(date +%s.%N) - $start" | bc)
kill "$SAMPLER" 2>/dev/null || true
rss_peak=$(cat "$peak")
lines=$(wc -l <"$RUN/export.ndjson")
bytes=$(stat -c %s "$RUN/export.ndjson")

say "verifying offline"
curl -fsS "$BASE/.well-known/samtycke/keys.json" >"$RUN/keys.json"
start=$(date +%s.%N)
verdict="$(target/release/verify-receipt "$RUN/export.ndjson" --keys "$RUN/keys.json" | tail -1)"
verify_s=$(echo "$(date +%s.%N) - $start" | bc)

cat >bench/results/export.md <<MD
| rows (incl. the one posted) | seed | export (pages of 1000) | exported | runtime memory before → peak | offline verification |
|---|---|---|---|---|---|
| $((ROWS + 1)) | $(printf '%.0f' "$seed_s") s | $(printf '%.0f' "$export_s") s ($(echo "$lines / $export_s" | bc) rows/s) | $lines lines, $((bytes / 1048576)) MiB | $((rss_before / 1024)) → $((rss_peak / 1024)) MiB | $(printf '%.0f' "$verify_s") s: $verdict |
MD
cat bench/results/export.md
node bench/readme-section.mjs bench:export bench/results/export.md
rm -rf "$RUN"

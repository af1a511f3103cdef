#!/usr/bin/env bash
# The receipt store benchmark (`make bench-store`, issue #15), in one run on local wrangler dev:
#  1. writes: POST /api/receipts through the shard store against the same route on the last
#     commit that stored receipts in one D1 table (D1_BASELINE, built in a scratch worktree),
#     wrk at 1 and 32 connections, RUNS runs of DURATION each after the same warm-up per cell;
#  2. moving: ROWS receipts (default 1 000 000) seeded into the D1 table of a fresh state and
#     moved into 16 shards with scripts/move-receipts.sh, the first ROWS/10 first, so that
#  3. the dashboard (`GET /admin`) is timed at ROWS/10 and at ROWS, each on a freshly started
#     Worker: cold (its first request) and warm (median of DASH_RUNS after it);
#  4. export: every receipt through the admin API with scripts/export-receipts.sh (pages of
#     1000, time order over every shard) while sampling the runtime's memory, then verified
#     offline with verify-receipt.
# The seeded rows repeat one real signed receipt under distinct ids, subjects (100 000 of
# them, so every shard gets its share) and times spread over the last 30 days: the export
# reads rows, so the repetition does not make it cheaper, and every line still verifies.
# Writes bench/results/store.md and the README's "Receipt store" section.
source "$(dirname "$0")/../scripts/env.sh"
cd "$ROOT"
D1_BASELINE="${D1_BASELINE:-212ed0b}"
ROWS="${ROWS:-1000000}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-3s}"
RUNS="${RUNS:-3}"
DASH_RUNS="${DASH_RUNS:-11}"
command -v wrk >/dev/null || { say "installing wrk from Debian"; DEBIAN_FRONTEND=noninteractive apt-get install -y wrk; }
"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh" >/dev/null
cargo build -q --release -p samtycke-tools --bin verify-receipt --locked
ensure_dev_vars
RUN="$ROOT/.run/bench-store-$$"
rm -rf "$RUN" && mkdir -p "$RUN" bench/results
PIDS=()
stop_all() { for p in "${PIDS[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done; PIDS=(); }
cleanup() {
  stop_all
  git worktree remove --force "$RUN/d1" 2>/dev/null || true
}
trap cleanup EXIT

say "building today's D1 write path ($D1_BASELINE) in a scratch worktree"
git worktree add -q --detach "$RUN/d1" "$D1_BASELINE"
ln -s "$ROOT/node_modules" "$RUN/d1/node_modules"
ln -s "$ROOT/.tools" "$RUN/d1/.tools"
ln -s "$ROOT/dist" "$RUN/d1/dist"
cp edge/.dev.vars "$RUN/d1/edge/.dev.vars"
(cd "$RUN/d1/edge" && CARGO_TARGET_DIR="$ROOT/target/bench-d1-baseline" CARGO_PROFILE_RELEASE_OPT_LEVEL=s \
  worker-build --release >/dev/null 2>&1)

start() { # EDGE_DIR CONFIG PORT STATE: wrangler dev in its own process group, once it answers
  (cd "$1" && wrangler d1 migrations apply DB --local --config "$2" --persist-to "$4" >/dev/null 2>&1)
  (cd "$1" && exec setsid wrangler dev --config "$2" --ip 127.0.0.1 --port "$3" --persist-to "$4" >"$4.log" 2>&1) &
  PIDS+=($!)
  for _ in $(seq 600); do curl -fsS -o /dev/null "http://127.0.0.1:$3/api/health" 2>/dev/null && return; sleep 0.1; done
  cat "$4.log" >&2
  return 1
}

# --- 1. writes ------------------------------------------------------------------------------
BENCH_CONFIG="$(write_bench_config)"
sed 's/^simple = { limit = [0-9]*, period = 10 }/simple = { limit = 1000000, period = 10 }/' \
  "$RUN/d1/edge/wrangler.toml" >"$RUN/d1/edge/.wrangler-bench.toml"
SHARDS_PORT=$(free_port); D1_PORT=$(free_port)
start edge "$BENCH_CONFIG" "$SHARDS_PORT" "$RUN/writes-shards"
start "$RUN/d1/edge" .wrangler-bench.toml "$D1_PORT" "$RUN/writes-d1"

measure() { # NAME URL CONNECTIONS RUN -> "name conns run req/s p50_ms p99_ms non2xx socket_errors"
  local out
  out=$(wrk -t1 -c"$3" -d"$DURATION" --latency -s bench/post-receipt.lua "$2")
  echo "$out" >"$RUN/$1-$3-$4.txt"
  awk -v name="$1" -v c="$3" -v run="$4" '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec/ { rps=$2 } / 50%/ { p50=ms($2) } / 99%/ { p99=ms($2) } /Non-2xx/ { bad=$NF }
    /Socket errors/ { gsub(/,/, ""); sock=$4+$6+$8+$10 }
    END { printf "%s %s %s %.0f %.2f %.2f %d %d\n", name, c, run, rps, p50, p99, bad+0, sock+0 }' <<<"$out"
}
say "writes: $RUNS runs of $DURATION per cell, each warmed up for $WARMUP first"
: >"$RUN/writes"
for run in $(seq "$RUNS"); do
  for c in 1 32; do
    for cell in "d1 http://127.0.0.1:$D1_PORT/api/receipts" "shards http://127.0.0.1:$SHARDS_PORT/api/receipts"; do
      read -r name url <<<"$cell"
      wrk -t1 -c"$c" -d"$WARMUP" -s bench/post-receipt.lua "$url" >/dev/null
      measure "$name" "$url" "$c" "$run" >>"$RUN/writes"
    done
  done
done
stop_all

# --- 2.–4. moving, dashboard, export ----------------------------------------------------------
# The local runtime itself keeps tens of KB per request it has served (a bare JavaScript
# Worker does too) and aborts at V8's 1.4 GB heap limit, so the move runs in parts with a
# restart of wrangler dev between them (the state stays), as a maintainer can stop and resume.
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
STATE="$RUN/store"
start_store() { start edge "$BENCH_CONFIG" "$PORT" "$STATE"; echo "${PIDS[-1]}" >"$RUN/pid"; }
restart_store() {
  stop_all
  for _ in $(seq 100); do curl -s -o /dev/null "$BASE/" 2>/dev/null || break; sleep 0.1; done
  start_store
}
start_store
TOKEN="$(dev_var ADMIN_TOKEN)"
body="$(curl -fsS -H 'Content-Type: application/json' \
  -d '{"visitor_key":"vk_benchstore00000000000000000000000","choices":{"necessary":true,"analytics":true},"method":"accept-all","language":"sv","revision":1}' \
  "$BASE/api/receipts")"
sql_body="${body//\'/\'\'}"
now_ms=$(($(date +%s) * 1000))
say "seeding $ROWS receipts into the D1 table"
(cd edge && wrangler d1 execute DB --local --config "$BENCH_CONFIG" --persist-to "$STATE" --command "
  WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < $ROWS)
  INSERT INTO receipts (receipt_id, subject, issued_at, body)
  SELECT printf('%08x-0000-4000-8000-%012x', x, x), printf('v_bench%025d', x % 100000),
         $now_ms - 2592000000 + x * (2592000000 / $ROWS), '$sql_body' FROM n;" >/dev/null)
move_s=0
moved_rows=0
move_part() { # ROWS: move about that many more rows (from AFTER_ROW)
  local start out
  start=$(date +%s.%N)
  out="$(AFTER_ROW="$after_row" MAX_ROWS="$1" ADMIN_TOKEN="$TOKEN" scripts/move-receipts.sh "$BASE")"
  echo "$out" | tee -a "$RUN/move.log" >&2
  move_s=$(echo "$move_s + $(date +%s.%N) - $start" | bc)
  after_row="$(sed -n 's/.*go on with AFTER_ROW=//p' <<<"$out")"
}
dashboard_ms() { # "<cold> <warm>": GET /admin on a freshly started Worker (call restart_store
  # first; its first request wakes every shard), then the median of DASH_RUNS more
  local cold
  cold=$(curl -fsS -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $TOKEN" "$BASE/admin")
  for _ in $(seq "$DASH_RUNS"); do
    curl -fsS -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$BASE/admin"
  done | sort -n | awk -v cold="$cold" '{ v[NR] = $1 } END { printf "%.1f %.1f", cold * 1000, v[int((NR + 1) / 2)] * 1000 }'
}
tenth=$((ROWS / 10))
after_row=0
say "moving the first $tenth receipts into the shards"
move_part "$tenth"
restart_store
read -r dash1_cold dash1 <<<"$(dashboard_ms)"
while [ -n "$after_row" ]; do
  restart_store
  say "moving on from row $after_row"
  move_part $((ROWS / 4))
done
restart_store
read -r dash2_cold dash2 <<<"$(dashboard_ms)"
restart_store

workerd_rss() { ps -o rss= --sid "$(cat "$RUN/pid")" 2>/dev/null | awk '{s+=$1} END {print s+0}'; }
rss_before=$(workerd_rss)
echo "$rss_before" >"$RUN/peak"
( while :; do r=$(workerd_rss); [ "$r" -gt "$(cat "$RUN/peak")" ] && echo "$r" >"$RUN/peak"; sleep 0.5; done ) &
SAMPLER=$!
say "exporting (in parts of 250 pages, wrangler dev restarted between them)"
: >"$RUN/export.ndjson"
export_s=0
cursor=0
while [ -n "$cursor" ]; do
  start=$(date +%s.%N)
  CURSOR="$cursor" MAX_PAGES=250 ADMIN_TOKEN="$TOKEN" scripts/export-receipts.sh "$BASE" >>"$RUN/export.ndjson" 2>"$RUN/export.err"
  export_s=$(echo "$export_s + $(date +%s.%N) - $start" | bc)
  cursor="$(sed -n 's/.*go on with CURSOR=//p' "$RUN/export.err")"
  [ -z "$cursor" ] || restart_store
done
kill "$SAMPLER" 2>/dev/null || true
rss_peak=$(cat "$RUN/peak")
lines=$(wc -l <"$RUN/export.ndjson")
bytes=$(stat -c %s "$RUN/export.ndjson")
say "verifying offline"
curl -fsS "$BASE/.well-known/samtycke/keys.json" >"$RUN/keys.json"
start=$(date +%s.%N)
verdict="$(target/release/verify-receipt "$RUN/export.ndjson" --keys "$RUN/keys.json" | tail -1)"
verify_s=$(echo "$(date +%s.%N) - $start" | bc)
shards=$(dev_var RECEIPT_SHARDS)  # local development's layout (unplaced: workerd has no jurisdictions)

python3 - "$RUN/writes" "$RUNS" "$DURATION" "$D1_BASELINE" >"$RUN/table.md" <<'PY'
import sys, statistics
runs, duration, baseline = int(sys.argv[2]), sys.argv[3], sys.argv[4]
cells = {}
for line in open(sys.argv[1]):
    n, c, run, rps, p50, p99, bad, sock = line.split()
    cells.setdefault((n, int(c)), []).append((float(rps), float(p50), float(p99), int(bad), int(sock)))
for key, values in cells.items():
    if len(values) != runs:
        sys.exit(f"cell {key} has {len(values)} runs, not {runs}: the benchmark failed")
def spread(key, i, fmt):
    xs = [v[i] for v in cells[key]]
    return f"{fmt.format(statistics.median(xs))} ({fmt.format(min(xs))}–{fmt.format(max(xs))})"
med = lambda key, i: statistics.median(v[i] for v in cells[key])
label = {"d1": f"today's D1 table (commit {baseline})", "shards": "shard store (16 Durable Objects)"}
print(f"**Writes**, `POST /api/receipts`: median of {runs} runs of {duration} (min–max), the same warm-up per cell.\n")
print("| store | conns | req/s | p50 ms | p99 ms | non-2xx | socket errors |\n|---|---|---|---|---|---|---|")
for c in (1, 32):
    for n in ("d1", "shards"):
        k = (n, c)
        print(f"| {label[n]} | {c} | {spread(k, 0, '{:.0f}')} | {spread(k, 1, '{:.2f}')} | {spread(k, 2, '{:.2f}')} "
              f"| {sum(v[3] for v in cells[k])} | {sum(v[4] for v in cells[k])} |")
print()
for c in (1, 32):
    t = med(("shards", c), 0) / med(("d1", c), 0)
    p = med(("shards", c), 1) / med(("d1", c), 1)
    print(f"- {c} connection{'s' if c > 1 else ''}: shard store throughput **{t:.2f} ×** today's (target ≥ 0.90), p50 {p:.2f} ×")
PY
cat >>"$RUN/table.md" <<MD

**Moving, counting, exporting** $ROWS seeded receipts (plus the one posted) in \`$shards\` shards:

| step | figure |
|---|---|
| move from D1 (\`scripts/move-receipts.sh\`, in parts) | $(printf '%.0f' "$move_s") s ($(echo "$ROWS / $move_s" | bc) rows/s) |
| dashboard \`GET /admin\` at $((tenth + 1)) receipts: cold (first request after a start), warm (median of the next $DASH_RUNS) | $dash1_cold ms, $dash1 ms |
| dashboard \`GET /admin\` at $((ROWS + 1)) receipts: cold, warm (the same way) | $dash2_cold ms, $dash2 ms |
| export (pages of 1000, time order over every shard) | $(printf '%.0f' "$export_s") s ($(echo "$lines / $export_s" | bc) rows/s), $lines lines, $((bytes / 1048576)) MiB |
| runtime memory (wrangler and workerd) at the start → peak of the export | $((rss_before / 1024)) → $((rss_peak / 1024)) MiB |
| offline verification | $(printf '%.0f' "$verify_s") s: $verdict |
MD
cp "$RUN/table.md" bench/results/store.md
cat bench/results/store.md
node bench/readme-section.mjs bench:store bench/results/store.md
rm -rf "$RUN/export.ndjson" "$RUN/store" "$RUN/writes-shards" "$RUN/writes-d1"

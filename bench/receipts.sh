#!/usr/bin/env bash
# Receipt-write benchmark (`make bench-api`): wrk against local wrangler dev, in one run:
#   GET /api/health, a bare D1 insert in two comparison Workers (bench/bare-insert in
#   JavaScript, bench/bare-insert-rs in workers-rs like the product) and POST /api/receipts,
#   each at 1 and 32 connections. Every cell gets the same warm-up (WARMUP, discarded), then
#   RUNS measured runs (default 3); the table gives each figure's median with its spread and
#   every non-2xx answer and socket error. Both baselines store a real signed receipt body
#   with the product's own statement. Writes bench/results/receipts.md and the README's
#   "Receipts API" table.
# The product runs with its write rate limit raised (a generated config), since all load
# comes from one address here.
source "$(dirname "$0")/../scripts/env.sh"
cd "$ROOT"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-3s}"
RUNS="${RUNS:-3}"
command -v wrk >/dev/null || { say "installing wrk from Debian"; DEBIAN_FRONTEND=noninteractive apt-get install -y wrk; }
"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh" >/dev/null
# The workers-rs baseline is built like the product's Worker (scripts/build.sh): the Worker's
# profile (`--profile worker`: its opt-levels and per-crate overrides, the name section stripped).
(cd bench/bare-insert-rs && worker-build --profile worker >/dev/null 2>&1)
scripts/optimize-worker.sh bench/bare-insert-rs/build
ensure_dev_vars

RUN="$ROOT/.run/bench-$$"
mkdir -p "$RUN" bench/results
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PIDS=()
stop() { for p in "${PIDS[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done; }
trap stop EXIT

start() { # DIR CONFIG PORT STATE
  (cd "$1" && wrangler d1 migrations apply DB --local --config "$2" --persist-to "$4" >/dev/null 2>&1)
  (cd "$1" && exec setsid wrangler dev --config "$2" --ip 127.0.0.1 --port "$3" --persist-to "$4" >"$4.log" 2>&1) &
  PIDS+=($!)
  for _ in $(seq 300); do curl -fs -o /dev/null "http://127.0.0.1:$3/" -X OPTIONS 2>/dev/null && return; curl -s -o /dev/null "http://127.0.0.1:$3/" && return; sleep 0.1; done
}

BENCH_CONFIG="$(write_bench_config)"
PRODUCT=$(free_port); BARE=$(free_port); BARE_RS=$(free_port)
start edge "$BENCH_CONFIG" "$PRODUCT" "$RUN/product"
start bench/bare-insert wrangler.toml "$BARE" "$RUN/bare"
start bench/bare-insert-rs wrangler.toml "$BARE_RS" "$RUN/bare-rs"
curl -fsS "http://127.0.0.1:$PRODUCT/api/health" >/dev/null

# One wrk run -> "name conns run req/s p50_ms p99_ms non2xx socket_errors"
measure() { # NAME URL CONNECTIONS RUN [LUA]
  local out
  out=$(wrk -t1 -c"$3" -d"$DURATION" --latency ${5:+-s "$5"} "$2")
  echo "$out" >"$RUN/$1-$3-$4.txt"
  awk -v name="$1" -v c="$3" -v run="$4" '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec/ { rps=$2 } / 50%/ { p50=ms($2) } / 99%/ { p99=ms($2) } /Non-2xx/ { bad=$NF }
    /Socket errors/ { gsub(/,/, ""); sock=$4+$6+$8+$10 }
    END { printf "%s %s %s %.0f %.2f %.2f %d %d\n", name, c, run, rps, p50, p99, bad+0, sock+0 }' <<<"$out"
}
warm() { # URL CONNECTIONS [LUA]
  wrk -t1 -c"$2" -d"$WARMUP" ${3:+-s "$3"} "$1" >/dev/null
}

say "measuring: $RUNS runs of $DURATION per cell, each cell warmed up for $WARMUP first"
: >"$RUN/results"
cells=(
  "health http://127.0.0.1:$PRODUCT/api/health"
  "bare-insert http://127.0.0.1:$BARE/api/receipts bench/post-receipt.lua"
  "bare-insert-rs http://127.0.0.1:$BARE_RS/api/receipts bench/post-receipt.lua"
  "receipts http://127.0.0.1:$PRODUCT/api/receipts bench/post-receipt.lua"
)
for run in $(seq "$RUNS"); do
  for c in 1 32; do
    for cell in "${cells[@]}"; do
      read -r name url lua <<<"$cell"
      warm "$url" "$c" $lua
      measure "$name" "$url" "$c" "$run" $lua >>"$RUN/results"
    done
  done
done

python3 - "$RUN/results" "$RUNS" "$DURATION" <<'PY'
import sys, re, pathlib, statistics
runs, duration = int(sys.argv[2]), sys.argv[3]
cells = {}
for line in open(sys.argv[1]):
    n, c, run, rps, p50, p99, bad, sock = line.split()
    cells.setdefault((n, int(c)), []).append((float(rps), float(p50), float(p99), int(bad), int(sock)))
for key, values in cells.items():
    if len(values) != runs:
        sys.exit(f"cell {key} has {len(values)} runs, not {runs}: the benchmark failed")
def med(key, i):
    return statistics.median(v[i] for v in cells[key])
def spread(key, i, fmt):
    xs = [v[i] for v in cells[key]]
    return f"{fmt.format(statistics.median(xs))} ({fmt.format(min(xs))}–{fmt.format(max(xs))})"
lines = [f"Median of {runs} runs of {duration} each (min–max), after the same warm-up per cell.", "",
         "| route | conns | req/s | p50 ms | p99 ms | non-2xx | socket errors |", "|---|---|---|---|---|---|---|"]
label = {"health": "GET /api/health", "bare-insert": "bare D1 insert, JavaScript (bench/bare-insert)",
         "bare-insert-rs": "bare D1 insert, workers-rs (bench/bare-insert-rs)", "receipts": "POST /api/receipts (validate, sign, insert)"}
for c in (1, 32):
    for n in ("health", "bare-insert", "bare-insert-rs", "receipts"):
        k = (n, c)
        bad = sum(v[3] for v in cells[k]); sock = sum(v[4] for v in cells[k])
        lines.append(f"| {label[n]} | {c} | {spread(k, 0, '{:.0f}')} | {spread(k, 1, '{:.2f}')} | {spread(k, 2, '{:.2f}')} | {bad} | {sock} |")
lines.append("")
for base, name in (("bare-insert-rs", "workers-rs"), ("bare-insert", "JavaScript")):
    t32 = med(("receipts", 32), 0) / med((base, 32), 0)
    p1 = med(("receipts", 1), 1) / med((base, 1), 1)
    lines.append(f"- against the {name} bare insert: throughput at 32 connections **{t32:.2f} ×** (target ≥ 0.90), "
                 f"p50 at 1 connection **{p1:.2f} ×** (target ≤ 2.00)")
table = "\n".join(lines)
print(table)
pathlib.Path("bench/results/receipts.md").write_text(table + "\n")
PY
node bench/readme-section.mjs bench:receipts bench/results/receipts.md

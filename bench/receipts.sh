#!/usr/bin/env bash
# Receipt-write benchmark (`make bench-api`): wrk against local wrangler dev, in one run:
#   GET /api/health, a bare D1 insert in two comparison Workers (bench/bare-insert in
#   JavaScript, bench/bare-insert-rs in workers-rs like the product) and POST /api/receipts,
#   each at 1 and 32 connections. Prints req/s, p50, p99 and the ratios,
#   writes bench/results/receipts.md and the README's "Receipts API" table.
# The product runs with its write rate limit raised (a generated config), since all load
# comes from one address here.
source "$(dirname "$0")/../scripts/env.sh"
cd "$ROOT"
DURATION="${DURATION:-10s}"
command -v wrk >/dev/null || { say "installing wrk from Debian"; DEBIAN_FRONTEND=noninteractive apt-get install -y wrk; }
"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh" >/dev/null
(cd bench/bare-insert-rs && CARGO_PROFILE_RELEASE_OPT_LEVEL=3 worker-build --release >/dev/null 2>&1)
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

# wrk OUTPUT -> "req/s p50_ms p99_ms non2xx"
measure() { # NAME URL CONNECTIONS [LUA]
  local out
  out=$(wrk -t1 -c"$3" -d"$DURATION" --latency ${4:+-s "$4"} "$2")
  echo "$out" >"$RUN/$1-$3.txt"
  awk -v name="$1" -v c="$3" '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec/ { rps=$2 } / 50%/ { p50=ms($2) } / 99%/ { p99=ms($2) } /Non-2xx/ { bad=$NF }
    END { printf "%s %s %.0f %.2f %.2f %d\n", name, c, rps, p50, p99, bad+0 }' <<<"$out"
}

say "measuring ($DURATION per cell)"
: >"$RUN/results"
for c in 1 32; do
  measure health "http://127.0.0.1:$PRODUCT/api/health" $c >>"$RUN/results"
  measure bare-insert "http://127.0.0.1:$BARE/api/receipts" $c bench/post-receipt.lua >>"$RUN/results"
  measure bare-insert-rs "http://127.0.0.1:$BARE_RS/api/receipts" $c bench/post-receipt.lua >>"$RUN/results"
  measure receipts "http://127.0.0.1:$PRODUCT/api/receipts" $c bench/post-receipt.lua >>"$RUN/results"
done

python3 - "$RUN/results" <<'PY'
import sys, re, pathlib
rows = [l.split() for l in open(sys.argv[1])]
r = {(n, int(c)): (float(rps), float(p50), float(p99), int(bad)) for n, c, rps, p50, p99, bad in rows}
lines = ["| route | conns | req/s | p50 ms | p99 ms | non-2xx |", "|---|---|---|---|---|---|"]
label = {"health": "GET /api/health", "bare-insert": "bare D1 insert, JavaScript (bench/bare-insert)",
         "bare-insert-rs": "bare D1 insert, workers-rs (bench/bare-insert-rs)", "receipts": "POST /api/receipts (validate, sign, insert)"}
for c in (1, 32):
    for n in ("health", "bare-insert", "bare-insert-rs", "receipts"):
        rps, p50, p99, bad = r[(n, c)]
        lines.append(f"| {label[n]} | {c} | {rps:.0f} | {p50:.2f} | {p99:.2f} | {bad} |")
lines.append("")
for base, name in (("bare-insert-rs", "workers-rs"), ("bare-insert", "JavaScript")):
    t32 = r[("receipts", 32)][0] / r[(base, 32)][0]
    p1 = r[("receipts", 1)][1] / r[(base, 1)][1]
    lines.append(f"- against the {name} bare insert: throughput at 32 connections **{t32:.2f} ×** (target ≥ 0.90), "
                 f"p50 at 1 connection **{p1:.2f} ×** (target ≤ 2.00)")
table = "\n".join(lines)
print(table)
pathlib.Path("bench/results/receipts.md").write_text(table + "\n")
readme = pathlib.Path("README.md")
text = readme.read_text()
start, end = "<!-- bench:receipts:start -->", "<!-- bench:receipts:end -->"
if start in text:
    text = re.sub(re.escape(start) + ".*?" + re.escape(end), start + "\n" + table + "\n" + end, text, flags=re.S)
    readme.write_text(text)
PY

#!/usr/bin/env bash
# Banner benchmark (`make bench-banner`): ../shared/bench's headless-Chromium harness, in one
# run, against Samtycke (served by the real Worker under wrangler dev) and the control page,
# vanilla-cookieconsent, Klaro and Osano, served by the same local runtime (wrangler dev's
# static assets, so every page comes from workerd with the same compression). Writes
# bench/results/banner.md and the README's table. RUNS (default 10) page loads each.
source "$(dirname "$0")/../scripts/env.sh"
cd "$ROOT"
RUNS="${RUNS:-10}"
# PAIRS (default 40) alternating loads of the control page and Samtycke for the first-paint
# budget: one load varies by a fifth, so 15 pairs left the ratio's 90 % interval 0.92–1.20.
PAIRS="${PAIRS:-40}"
SHARED="${SHARED_BENCH:-$ROOT/../shared/bench}"
WORK="$ROOT/.run/banner-bench"
"$ROOT/scripts/setup.sh" --browser
"$ROOT/scripts/build.sh" >/dev/null
ensure_dev_vars

# The harness and the comparison libraries, installed beside a copy (the original is read-only).
mkdir -p "$WORK"
cp -r "$SHARED/harness" "$SHARED/site" "$SHARED/package.json" "$SHARED/package-lock.json" "$WORK/"
chmod -R u+w "$WORK"
if ! cmp -s "$WORK/package-lock.json" "$WORK/node_modules/.samtycke-lock" 2>/dev/null; then
  (cd "$WORK" && npm ci --no-audit --no-fund >/dev/null) && cp "$WORK/package-lock.json" "$WORK/node_modules/.samtycke-lock"
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PIDS=()
stop() { for p in "${PIDS[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done; }
trap stop EXIT
SITE_PORT=$(free_port); APP_PORT=$(free_port)
# The anchors' pages and the libraries they load (`/node_modules/...`), as static assets of a
# Worker of their own: the same server as Samtycke's, instead of the harness's Node server.
rm -rf "$WORK/anchors" && cp -r "$WORK/site" "$WORK/anchors"
for lib in cookieconsent/build klaro/dist vanilla-cookieconsent/dist; do
  mkdir -p "$WORK/anchors/node_modules/$lib" && cp -r "$WORK/node_modules/$lib/." "$WORK/anchors/node_modules/$lib/"
done
cat >"$WORK/anchors.toml" <<TOML
name = "banner-anchors"
compatibility_date = "2026-04-20"
[assets]
directory = "anchors"
TOML
(cd "$WORK" && exec setsid wrangler dev --config anchors.toml --ip 127.0.0.1 --port "$SITE_PORT" \
  --persist-to "$WORK/anchors-state" >"$WORK/anchors.log" 2>&1) &
PIDS+=($!)
BENCH_CONFIG="$(write_bench_config)"
STATE="$WORK/state-$$"
(cd edge && wrangler d1 migrations apply DB --local --config "$BENCH_CONFIG" --persist-to "$STATE" >/dev/null 2>&1)
(cd edge && exec setsid wrangler dev --config "$BENCH_CONFIG" --ip 127.0.0.1 --port "$APP_PORT" --persist-to "$STATE" >"$WORK/wrangler.log" 2>&1) &
PIDS+=($!)
for _ in $(seq 300); do curl -fs -o /dev/null "http://127.0.0.1:$APP_PORT/api/health" && curl -fs -o /dev/null "http://127.0.0.1:$SITE_PORT/control/" && break; sleep 0.1; done

cd "$WORK"
mkdir -p results shots
for c in control vanilla klaro osano; do
  sed "s/127.0.0.1:8765/127.0.0.1:$SITE_PORT/" "harness/configs/$c.json" >"results/$c.config.json"
done
cat >results/samtycke.config.json <<JSON
{
  "label": "samtycke",
  "url": "http://127.0.0.1:$APP_PORT/",
  "banner": "#samtycke .sc-banner",
  "accept": "#samtycke .sc-banner button[value=accept-all]",
  "reject": "#samtycke .sc-banner button[value=reject-all]",
  "ran": "window.__analytics && window.__analytics.runs > 0",
  "analyticsUrl": "/analytics.js",
  "assets": "/pkg/",
  "screenshot": "shots/samtycke.png",
  "out": "results/samtycke.json"
}
JSON
# BANNER_CONFIGS picks some of them (e.g. "control samtycke" while trying a change); the
# README's table is written only from a run of all five.
CONFIGS="${BANNER_CONFIGS:-control samtycke vanilla klaro osano}"
for c in $CONFIGS; do
  say "harness: $c ($RUNS runs)"
  # Every run's raw figures go to results/<name>.json (each config's "out"); a harness
  # failure fails the benchmark rather than leaving a column out.
  node harness/bench.mjs --config "results/$c.config.json" --runs "$RUNS" >"results/$c.summary.json" 2>"results/$c.log" \
    || { echo "bench-banner: the harness failed on $c:" >&2; tail -5 "results/$c.log" >&2; exit 1; }
done
# The first-paint budget is a ratio of two pages' timings, and this machine's speed drifts
# over minutes: measured one whole block after the other, the drift lands in the ratio. So the
# budget's loads alternate, control page then Samtycke, PAIRS (default 40) times, one load each
# in a fresh browser (results/paired/), beside the blocks above that make the table. Two pairs
# first are discarded, as the harness discards its warm-up load: both servers have been idle
# while the other libraries were measured.
if [[ " $CONFIGS " == *" control "* && " $CONFIGS " == *" samtycke "* ]]; then
  rm -rf results/paired results/warmup && mkdir -p results/paired results/warmup
  say "harness: control and samtycke alternating (2 warm-up pairs, then $PAIRS pairs)"
  for k in $(seq -2 "$PAIRS"); do
    [ "$k" = 0 ] && continue
    for c in control samtycke; do
      out="results/paired/$c.$k.json"
      [ "$k" -lt 0 ] && out="results/warmup/$c.$k.json"
      node harness/bench.mjs --config "results/$c.config.json" --runs 1 --warmup 0 --no-axe --no-keyboard \
        --reload-check 0 --screenshot "" --out "$out" >/dev/null 2>"results/paired/$c.log" \
        || { echo "bench-banner: the harness failed on $c (pair $k):" >&2; tail -5 "results/paired/$c.log" >&2; exit 1; }
    done
  done
fi
node harness/sizes.mjs --label samtycke "$ROOT/dist/index.html" "$ROOT/dist/style.css" \
  "$ROOT/dist/pkg/samtycke_app.js" "$ROOT/dist/pkg/samtycke_app_bg.wasm" >results/samtycke.sizes.json 2>/dev/null || true
cd "$ROOT"
if [ -n "${BANNER_CONFIGS:-}" ]; then
  [ -d "$WORK/results/paired" ] && node bench/banner-table.mjs --paired-only "$WORK/results"
  WORK="$WORK" node -e 'for (const c of process.argv.slice(2)) { const s = require(`${process.env.WORK}/results/${c}.summary.json`).summary; const t = s.timings_ms; console.log(c, "fcp", JSON.stringify(t.firstContentfulPaint), "dcl", JSON.stringify(t.domContentLoaded), "visible", JSON.stringify(t.bannerVisible)) }' $CONFIGS
  exit 0
fi
node bench/banner-table.mjs "$WORK/results" bench/results/banner.md

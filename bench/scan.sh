#!/usr/bin/env bash
# Scan benchmark (`make bench-scan`): pages scanned per minute on this machine. Starts the
# test environment (scripts/serve-test.sh: wrangler dev with the sample clinic site in edge
# mode), then scans the site behind Samtycke (every page in three states) and straight from
# its origin (one state: no banner), RUNS times each with the release build, and writes
# bench/results/scan.md and the README's table.
source "$(dirname "$0")/../scripts/env.sh"
cd "$ROOT"
if [ "${1:-}" != "--inner" ]; then
  "$ROOT/scripts/setup.sh" --browser >/dev/null
  "$ROOT/scripts/build.sh" >/dev/null
  cargo build -q --release -p samtycke-scan --locked
  exec "$ROOT/scripts/serve-test.sh" "$0" --inner
fi
RUNS="${RUNS:-3}"
origin="http://127.0.0.1:$(node -e 'console.log(String(require(process.argv[1]).origin))' "$SAMTYCKE_SAMPLE_PORTS")/"
: >.run/scan-bench
for run in $(seq "$RUNS"); do
  for target in "edge $SAMTYCKE_SITE_URL/ --config $SAMTYCKE_SITE_CONFIG" "origin $origin"; do
    read -r name url rest <<<"$target"
    start=$(date +%s.%N)
    target/release/samtycke-scan "$url" $rest --pages 4 --fail-on never --json .run/scan-bench.json >/dev/null 2>&1
    seconds=$(echo "$(date +%s.%N) - $start" | bc)
    node -e '
      const r = require(process.argv[1]);
      console.log(process.argv[2], r.summary.pages, r.summary.visits, process.argv[3]);
    ' "$ROOT/.run/scan-bench.json" "$name" "$seconds" >>.run/scan-bench
  done
done
node - "$RUNS" <<'JS' >bench/results/scan.md
const fs = require("fs");
const runs = Number(process.argv[2]);
const rows = fs.readFileSync(".run/scan-bench", "utf8").trim().split("\n").map((l) => l.split(" "));
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out = [`Median of ${runs} runs (min–max), release build, Debian's Chromium, 2 cores, including Chromium's start.`, "",
  "| site | pages | page loads | time | pages a minute | page loads a minute |", "|---|---|---|---|---|---|"];
for (const [name, label] of [["edge", "sample site behind Samtycke (edge mode): 3 states a page"], ["origin", "sample site from its origin (no banner): 1 state a page"]]) {
  const mine = rows.filter((r) => r[0] === name);
  const secs = mine.map((r) => Number(r[3]));
  const [pages, visits] = [Number(mine[0][1]), Number(mine[0][2])];
  const s = median([...secs]);
  out.push(`| ${label} | ${pages} | ${visits} | ${s.toFixed(1)} s (${Math.min(...secs).toFixed(1)}–${Math.max(...secs).toFixed(1)}) | ${(pages * 60 / s).toFixed(0)} | ${(visits * 60 / s).toFixed(0)} |`);
}
console.log(out.join("\n"));
JS
cat bench/results/scan.md
node bench/readme-section.mjs bench:scan bench/results/scan.md

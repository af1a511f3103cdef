#!/usr/bin/env bash
# `make bench-make`: how long `make test` and `make dev` take on this machine, written into the
# README (between the bench:make markers). `make test` runs RUNS times in a row (default 3)
# while a second build keeps the machine busy (BUSY=0 to measure an idle machine); with
# FRESH=1 (default) the first run is `CI=true bash .ci/run` on a fresh clone with fresh tool
# directories, as CI does. Each run's time, result and slowest end-to-end test are recorded;
# any failed run fails this script. Then `make dev` is timed until /api/health answers.
source "$(dirname "$0")/../scripts/env.sh"
cd "$ROOT"
RUNS="${RUNS:-3}"
BUSY="${BUSY:-1}"
FRESH="${FRESH:-1}"
WORK="$(mktemp -d /tmp/samtycke-make-times.XXXXXX)"
ROWS="$WORK/rows"
: >"$ROWS"
PIDS=()
stop() { for p in "${PIDS[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done; }
trap stop EXIT

if [ "$BUSY" = 1 ]; then
  say "keeping the machine busy: a second build of the workspace, over and over"
  (exec setsid bash -c 'while :; do CARGO_TARGET_DIR="$0/busy-target" cargo build -q --release --workspace --exclude samtycke-bench-bare-insert >/dev/null 2>&1; cargo clean -q --target-dir "$0/busy-target"; done' "$WORK") &
  PIDS+=($!)
fi

slowest() { # REPORT.json -> "title (seconds)"
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const all = [];
    const walk = (s) => { for (const x of s.suites || []) walk(x); for (const sp of s.specs || []) for (const t of sp.tests) for (const res of t.results) all.push([res.duration, `${sp.file}: ${sp.title}`]); };
    for (const s of r.suites) walk(s);
    all.sort((a, b) => b[0] - a[0]);
    console.log(`${all[0][1]} (${(all[0][0] / 1000).toFixed(1)} s)`);' "$1"
}

failed=0
for i in $(seq "$RUNS"); do
  if [ "$i" = 1 ] && [ "$FRESH" = 1 ]; then
    kind="fresh clone, fresh tool directories (CI=true bash .ci/run)"
    dir="$WORK/clone"
    git clone -q "$ROOT" "$dir"
    cmd=(env CI=true bash .ci/run)
  else
    kind="second run (make test)"
    dir="$ROOT"
    cmd=(make test)
  fi
  say "make test, run $i of $RUNS: $kind"
  start=$(date +%s)
  # Each run times its own steps from its own start.
  if (cd "$dir" && env -u SAMTYCKE_T0 "${cmd[@]}") >"$WORK/run-$i.log" 2>&1; then result="green"; else result="FAILED"; failed=1; fi
  took=$(( $(date +%s) - start ))
  if [ "$i" = 1 ]; then first_took="$took"; fi
  report="$dir/.run/e2e-report.json"
  worst="$( [ -f "$report" ] && slowest "$report" || echo "–")"
  printf '| %s | %s | %d min %02d s | %s | %s |\n' "$i" "$kind" $((took / 60)) $((took % 60)) "$result" "$worst" >>"$ROWS"
  say "run $i: $result in $((took / 60)) min $((took % 60)) s; slowest test: $worst"
done
stop
PIDS=()

say "make dev until /api/health answers (tools and build in place: built first)"
scripts/build.sh >"$WORK/build-before-dev.log" 2>&1
start=$(date +%s.%N)
(exec setsid make dev >"$WORK/dev.log" 2>&1) &
DEV=$!
PIDS+=($DEV)
for _ in $(seq 3000); do curl -fsS http://127.0.0.1:8787/api/health >/dev/null 2>&1 && break; sleep 0.1; done
dev_s=$(echo "$(date +%s.%N) - $start" | bc)
curl -fsS http://127.0.0.1:8787/api/health >/dev/null || { echo "make dev did not come up" >&2; tail -20 "$WORK/dev.log" >&2; exit 1; }
stop
PIDS=()

# Where the first run's time went: each step `make test` announces, from its announcement to
# the next one's (the last to the end of the run).
steps="$(node -e '
  const [log, total] = [require("fs").readFileSync(process.argv[1], "utf8"), Number(process.argv[2])];
  const marks = [...log.replaceAll(/\x1b\[[0-9;]*m/g, "").matchAll(/^==> \[(\d+):(\d+)\] (.*)$/gm)]
    .map((m) => ({ at: Number(m[1]) * 60 + Number(m[2]), what: m[3] }));
  const rows = marks.map((m, i) => {
    const took = (marks[i + 1]?.at ?? total) - m.at;
    return took >= 5 ? `| ${m.what.replaceAll("|", "/")} | ${Math.floor(took / 60)} min ${String(took % 60).padStart(2, "0")} s |` : null;
  }).filter(Boolean);
  console.log(["| step of run 1 (5 s or more) | took |", "|---|---|", ...rows].join("\n"));' "$WORK/run-1.log" "$first_took")"

busy_note="$([ "$BUSY" = 1 ] && echo "while a second build of the workspace ran the whole time" || echo "on an otherwise idle machine")"
table="$(printf '`make test`, %s runs in a row %s (2 cores):\n\n| run | kind | time | result | slowest end-to-end test |\n|---|---|---|---|---|\n%s\n\n%s\n\n`make dev` until `/api/health` answers, with tools and build in place: %.0f s.' \
  "$RUNS" "$busy_note" "$(cat "$ROWS")" "$steps" "$dev_s")"
echo "$table"
echo "$table" >"$WORK/table.md"
node bench/readme-section.mjs bench:make "$WORK/table.md"
exit "$failed"

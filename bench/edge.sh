#!/usr/bin/env bash
# Edge-mode benchmark (`make bench-edge`), in one run: the sample clinic site through the
# Worker against the same site straight from its origin (bench/edge.mjs), the rewriter's own
# throughput on a 1 MB page (rewrite/examples/throughput.rs), and the Worker's upload size.
# Writes bench/results/edge.md and the README's table. RUNS (default 30) page loads each.
source "$(dirname "$0")/../scripts/env.sh"
cd "$ROOT"
RUNS="${RUNS:-30}"
WORK="$ROOT/.run/edge-bench"
"$ROOT/scripts/setup.sh" --browser
"$ROOT/scripts/build.sh" >/dev/null
ensure_dev_vars
rm -rf "$WORK" && mkdir -p "$WORK"

PORT="$(free_port)" SITE_PORT="$(free_port)"
start_sample_site "$WORK/ports.json" "$WORK/sample-site.log" --forward "$SITE_PORT=$PORT"
BENCH_CONFIG="$(write_bench_config)"
(cd edge && wrangler d1 migrations apply DB --local --config "$BENCH_CONFIG" --persist-to "$WORK/state" >/dev/null 2>&1)
publish_sample_site "$WORK/state" "$WORK/ports.json" "$SITE_PORT" "$WORK/klinik.json"
(cd edge && exec setsid wrangler dev --config "$BENCH_CONFIG" --ip 127.0.0.1 --port "$PORT" --persist-to "$WORK/state" >"$WORK/wrangler.log" 2>&1) &
WRANGLER_PID=$!
stop() {
  kill "$SAMPLE_PID" 2>/dev/null || true
  kill -TERM -- "-$WRANGLER_PID" 2>/dev/null || true
}
trap stop EXIT
for _ in $(seq 300); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/api/health" && break; sleep 0.1; done
ORIGIN="http://127.0.0.1:$(node -e 'console.log(String(require(process.argv[1]).origin))' "$WORK/ports.json")"

say "page loads through the Worker and from the origin ($RUNS each)"
node bench/edge.mjs "http://127.0.0.1:$SITE_PORT" "$ORIGIN" "$RUNS" "$WORK/edge.json"
say "the rewriter alone on a 1 MB page"
cargo run -q --release --locked -p rewrite --example throughput >"$WORK/throughput.json"
dry_run="$(SIZES_README=README.md "$ROOT/scripts/deploy-check.sh")"
upload="$(echo "$dry_run" | sed -n 's/^Worker upload: \([0-9.]*\) KiB.*/\1/p')"

node - "$WORK/edge.json" "$WORK/throughput.json" "$upload" bench/results/edge.md <<'JS'
const fs = require("fs");
const [, , edgeFile, throughputFile, upload, out] = process.argv;
const r = JSON.parse(fs.readFileSync(edgeFile, "utf8"));
const t = JSON.parse(fs.readFileSync(throughputFile, "utf8"));
const ms = (s) => `${s.min.toFixed(0)} / ${s.median.toFixed(0)} / ${s.max.toFixed(0)}`;
const ms1 = (s) => `${s.min.toFixed(2)} / ${s.median.toFixed(2)} / ${s.max.toFixed(2)}`;
const table = [
  "| metric (min / median / max) | straight from the origin | through the Worker |",
  "|---|---|---|",
  `| first contentful paint, ms (${r.runs} loads each, fresh context) | ${ms(r.fcp.origin)} | ${ms(r.fcp.edge)} |`,
  `| time to first byte, ms (200 requests each, keep-alive) | ${ms1(r.ttfb.origin)} | ${ms1(r.ttfb.edge)} |`,
  `| time to first byte of a Worker-only route (\`/_samtycke/api/health\`, no origin), ms | – | ${ms1(r.ttfb.ownRoute)} |`,
  `| whole 1 MB page (${(r.bigPage.bytes / 1e6).toFixed(2)} MB), MB/s | ${r.bigPage.originMBps.toFixed(1)} | ${r.bigPage.edgeMBps.toFixed(1)} |`,
  `| the same megabyte as plain text, passed on untouched, MB/s | – | ${r.bigPage.edgePlainMBps.toFixed(1)} |`,
  "",
  `- first contentful paint through the Worker: **${r.fcp.ratio.toFixed(3)} ×** the origin's (${r.runs} alternating pairs, 90 % interval ${r.fcp.low.toFixed(2)}–${r.fcp.high.toFixed(2)}; budget ≤ 1.05); the banner was in that first paint in **${r.bannerInFirstPaint} of ${r.runs}** loads`,
  `- added time to first byte, p50: ${r.ttfb.addedP50.toFixed(2)} ms, of which ${r.ttfb.ownRoute.median.toFixed(2)} ms is what any request through the local \`wrangler dev\` proxy and workerd costs (a Worker-only route): **${(r.ttfb.addedP50 - r.ttfb.ownRoute.median).toFixed(2)} ms** beyond it (budget ≤ 5 ms)`,
  `- streaming the 1 MB page through the Worker: **${r.bigPage.edgeMBps.toFixed(1)} MB/s** (target ≥ 15), while any 1 MB body passed through the local \`wrangler dev\` and workerd untouched streams at ${r.bigPage.edgePlainMBps.toFixed(1)} MB/s on this machine; what rewriting adds is ${r.bigPage.rewritingMs.toFixed(0)} ms, **${r.bigPage.rewritingMBps.toFixed(1)} MB/s** of rewriting in the Worker (the body piped through a \`TransformStream\` that calls the rewriter, \`edge/src/sites/page_stream.rs\`)`,
  `- the rewriter alone (native, release, 16 KiB chunks): **${t.mb_per_s} MB/s** on a ${(t.bytes / 1e6).toFixed(2)} MB page`,
  `- bytes the edge adds, brotli: **${r.addedBrotli.firstVisit} B** for a first-time visitor (budget ≤ 10 KB; the wasm app follows on the first interaction or when the browser is idle), **${r.addedBrotli.returning} B** for a returning one (budget ≤ 1 KB; no wasm, no extra request)`,
  `- the Worker upload: **${upload} KiB** gzip (budget ≤ 850 KiB, held by \`bench/sizes.mjs\` in \`make test\`)`,
].join("\n");
fs.writeFileSync(out, table + "\n");
console.log(table);
JS
node bench/readme-section.mjs bench:edge bench/results/edge.md

// Sizes of what visitors download and of the Worker upload, from the built files (`make build`
// first), each held to its budget: fails (exit 1) naming what is over.
//   node bench/sizes.mjs WORKER_RAW_KIB WORKER_GZIP_KIB            check only (make test)
//   node bench/sizes.mjs WORKER_RAW_KIB WORKER_GZIP_KIB README.md  check, and write the README's
//                                                                  size table between its markers
import { readFileSync } from "node:fs";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { writeSection } from "./readme-section.mjs";

const [workerRaw, workerGzip, readme] = process.argv.slice(2);
if (!workerGzip) {
  console.error("usage: node bench/sizes.mjs WORKER_RAW_KIB WORKER_GZIP_KIB [README.md]");
  process.exit(2);
}
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const measure = (files) => {
  const bytes = files.map((f) => readFileSync(f));
  // Each file compressed on its own, as it is served.
  const sum = (fn) => bytes.reduce((total, b) => total + (fn ? fn(b).length : b.length), 0);
  return { raw: sum(), gzip: sum(gzipSync), brotli: sum(brotliCompressSync) };
};
// Budgets in bytes of brotli (what browsers are sent): the page before the banner is usable
// 8 KB (bench-banner's), what embed mode adds to a page 10 KB (the edge's first-visit budget),
// the app with the banner 125 KB (issue #26). The patient pages have none of their own.
const rows = [
  { label: "the demo page with the banner (HTML + inlined CSS + pre-paint check + the app's loader)", files: ["dist/index.html"], brotliBudget: 8_000 },
  { label: "the embed script (embed mode, before the banner is visible; plus its JSON answer)", files: ["dist/embed.js"], brotliBudget: 10_000 },
  { label: "the wasm app with the banner (wasm + JS glue), on every page but `/intyg`", files: ["dist/pkg/samtycke_app_bg.wasm", "dist/pkg/samtycke_app.js"], brotliBudget: 125_000 },
  { label: "the wasm app with the banner and the patient pages, on `/intyg` only", files: ["dist/pkg/samtycke_patient_bg.wasm", "dist/pkg/samtycke_patient.js"], brotliBudget: null },
].map((row) => ({ ...row, ...measure(row.files) }));
// The Worker's budget in KiB of gzip (as `wrangler deploy` counts it), issue #26's.
const WORKER_BUDGET_KIB = 850;

const over = rows
  .filter((r) => r.brotliBudget !== null && r.brotli > r.brotliBudget)
  .map((r) => `${r.label}: ${kb(r.brotli)} brotli, budget ${kb(r.brotliBudget)}`);
if (Number(workerGzip) > WORKER_BUDGET_KIB) {
  over.push(`the Worker upload: ${workerGzip} KiB gzip, budget ${WORKER_BUDGET_KIB} KiB`);
}

const table = [
  "| artifact | raw | gzip | brotli | budget |",
  "|---|---|---|---|---|",
  ...rows.map((r) => `| ${r.label} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} | ${r.brotliBudget === null ? "–" : `≤ ${kb(r.brotliBudget)} brotli`} |`),
  `| the Worker upload (\`wrangler deploy --dry-run\`; the \`worker\` profile: \`z\` throughout, no name section; notices rendered at build time) | ${(workerRaw / 1024).toFixed(1)} MB | ${Number(workerGzip).toFixed(1)} KiB | – | ≤ ${WORKER_BUDGET_KIB} KiB gzip |`,
].join("\n");
console.log(table);
if (readme) writeSection("bench:sizes", table, readme);
if (over.length > 0) {
  console.error(`over budget:\n  ${over.join("\n  ")}`);
  process.exit(1);
}

// Sizes of what visitors download and of the Worker upload, from the built files
// (`make build` first): writes the README's size table between its markers.
//   node bench/sizes.mjs WORKER_RAW_KIB WORKER_GZIP_KIB README.md
import { readFileSync } from "node:fs";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { writeSection } from "./readme-section.mjs";

const [workerRaw, workerGzip, readme] = process.argv.slice(2);
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const sizes = (files) => {
  const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
  // Each file compressed on its own, as it is served.
  const sum = (fn) => files.reduce((total, f) => total + fn(readFileSync(f)).length, 0);
  return [kb(bytes.length), kb(sum(gzipSync)), kb(sum(brotliCompressSync))];
};
const rows = [
  ["the demo page with the banner (HTML + inlined CSS + pre-paint check)", ["dist/index.html"]],
  ["the embed script (embed mode, before the banner is visible; plus its JSON answer)", ["dist/embed.js"]],
  ["the wasm app with the banner (wasm + JS glue + loader), on every page but `/intyg`", ["dist/pkg/samtycke_app_bg.wasm", "dist/pkg/samtycke_app.js", "dist/boot.js"]],
  ["the wasm app with the banner and the patient pages, on `/intyg` only", ["dist/pkg/samtycke_patient_bg.wasm", "dist/pkg/samtycke_patient.js", "dist/boot.js"]],
];
const table = [
  "| artifact | raw | gzip | brotli |",
  "|---|---|---|---|",
  ...rows.map(([label, files]) => `| ${label} | ${sizes(files).join(" | ")} |`),
  `| the Worker upload (\`wrangler deploy --dry-run\`; wasm at \`opt-level = "s"\`, crypto at 3, the handlers' crates and the HTML rewriter at \`z\`; notices rendered at build time) | ${(workerRaw / 1024).toFixed(1)} MB | ${workerGzip} KiB | – |`,
].join("\n");
writeSection("bench:sizes", table, readme);
console.log(table);

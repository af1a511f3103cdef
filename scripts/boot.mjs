// app/boot.min.js from app/boot.js: the app's loader as pages inline it, minified by esbuild
// (the same tool worker-build bundles with). Committed, because the pages crate compiles it in
// (include_str!) for edge mode; `npm run boot` rewrites it, tests/boot.test.mjs checks it.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { transformSync } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** app/boot.js as minified: the text app/boot.min.js must hold. */
export function minifiedBoot() {
  const source = readFileSync(`${ROOT}app/boot.js`, "utf8");
  // Wrapped in a function (an IIFE): as a classic script on a site's page its names stay its own.
  return transformSync(source, { loader: "js", format: "iife", minify: true }).code.trim() + "\n";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(`${ROOT}app/boot.min.js`, minifiedBoot());
}

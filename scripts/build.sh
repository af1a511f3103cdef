#!/usr/bin/env bash
# Builds the app into dist/ and the Worker into edge/build/ with the pinned local tools.
source "$(dirname "$0")/env.sh"
cd "$ROOT"

say "building the app (wasm): the banner, and the patient pages with the banner"
cargo build --release --target wasm32-unknown-unknown -p samtycke-app --bins
rm -rf dist && mkdir -p dist/pkg
for bin in samtycke-app samtycke-patient; do
  name="${bin//-/_}"
  wasm-bindgen --target web --no-typescript --out-dir dist/pkg --out-name "$name" \
    "target/wasm32-unknown-unknown/release/$bin.wasm"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "dist/pkg/${name}_bg.wasm" -o "dist/pkg/${name}_bg.wasm"
done
cp app/boot.js app/embed.js dist/
cat style/app.css style/banner.css > dist/style.css
cp -r public/. dist/
# The first-paint banner and the notices' pages are rendered from the text catalogue and
# policies/ (a host build of the pages crate); the inline pre-paint check gets the config's
# revision and lifetime, and the CSP its hash.
cargo run -q --locked -p pages --bin render-static -- dist
node scripts/inline-check.mjs
rm -r dist/static-banner dist/patient-shell

say "building the Worker"
# The Worker is built at `s` (its upload budget is 1 MB gzip, and the HTML rewriter and its
# encoding tables are large), with the crates on the receipt path (Ed25519, SHA-256) at 3 and
# its handlers' crates and the rewriter at `z` by their own overrides in Cargo.toml; the app at `z`. One release profile, the opt-level
# overridden here.
(cd edge && CARGO_PROFILE_RELEASE_OPT_LEVEL=s worker-build --release)

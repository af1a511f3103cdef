#!/usr/bin/env bash
# Builds the app into dist/ and the Worker into edge/build/ with the pinned local tools.
source "$(dirname "$0")/env.sh"
cd "$ROOT"

say "building the app (wasm)"
cargo build --release --target wasm32-unknown-unknown -p samtycke-app --bin samtycke-app
rm -rf dist && mkdir -p dist/pkg
wasm-bindgen --target web --no-typescript --out-dir dist/pkg --out-name samtycke_app \
  target/wasm32-unknown-unknown/release/samtycke-app.wasm
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  dist/pkg/samtycke_app_bg.wasm -o dist/pkg/samtycke_app_bg.wasm
cp app/index.html app/boot.js dist/
cp style/app.css dist/style.css
cp -r public/. dist/

say "building the Worker"
(cd edge && worker-build --release)

#!/usr/bin/env bash
# Builds the app into dist/ and the Worker into edge/build/ with the pinned local tools. Both
# are built beside their place and then copied into it, the directories themselves kept: a
# `make dev` running meanwhile goes on serving, and reloads the new files (it watches them).
source "$(dirname "$0")/env.sh"
cd "$ROOT"

# Make directory $2 hold exactly what $1 holds, without removing $2 itself; `$3`, if given, is
# copied last (the file a watcher reloads from, so it sees the rest already in place).
publish_into() {
  local from="$1" to="$2" last="${3:-}" file
  mkdir -p "$to"
  (cd "$from" && find . -type f ! -path "./$last") | while read -r file; do
    mkdir -p "$to/$(dirname "$file")"
    cp -p "$from/$file" "$to/$file.next" && mv -f "$to/$file.next" "$to/$file"
  done
  if [ -n "$last" ]; then cp -p "$from/$last" "$to/$last.next" && mv -f "$to/$last.next" "$to/$last"; fi
  (cd "$to" && find . -type f) | while read -r file; do
    [ -e "$from/$file" ] || rm -f "$to/$file"
  done
  find "$to" -mindepth 1 -type d -empty -delete
}

say "building the app (wasm): the banner, and the patient pages with the banner"
cargo build --release --target wasm32-unknown-unknown -p samtycke-app --bins
NEXT="$ROOT/.run/dist-next"
rm -rf "$NEXT" && mkdir -p "$NEXT/pkg"
for bin in samtycke-app samtycke-patient; do
  name="${bin//-/_}"
  wasm-bindgen --target web --no-typescript --out-dir "$NEXT/pkg" --out-name "$name" \
    "target/wasm32-unknown-unknown/release/$bin.wasm"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$NEXT/pkg/${name}_bg.wasm" -o "$NEXT/pkg/${name}_bg.wasm"
done
cp app/boot.js app/embed.js "$NEXT/"
cat style/app.css style/banner.css > "$NEXT/style.css"
cp -r public/. "$NEXT/"
# The first-paint banner and the notices' pages are rendered from the text catalogue and
# policies/ (a host build of the pages crate); the inline pre-paint check gets the config's
# revision and lifetime, and the CSP its hash.
cargo run -q --locked -p pages --bin render-static -- "$NEXT"
node scripts/inline-check.mjs "$NEXT"
rm -r "$NEXT/static-banner" "$NEXT/patient-shell"
publish_into "$NEXT" dist

say "building the Worker"
# The Worker is built at `s` (its upload budget is 1 MB gzip, and the HTML rewriter and its
# encoding tables are large), with the crates on the receipt path (Ed25519, SHA-256) at 3 and
# its handlers' crates and the rewriter at `z` by their own overrides in Cargo.toml; the app at `z`. One release profile, the opt-level
# overridden here.
(cd edge && CARGO_PROFILE_RELEASE_OPT_LEVEL=s worker-build --release --out-dir build-next)
publish_into edge/build-next edge/build index.js

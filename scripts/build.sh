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
  (cd "$from" && find . -type f ${last:+! -path "./$last"}) | while read -r file; do
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
cargo build --profile app --target wasm32-unknown-unknown -p samtycke-app --bins
NEXT="$ROOT/.run/dist-next"
rm -rf "$NEXT" && mkdir -p "$NEXT/pkg"
# wasm-bindgen and wasm-opt take most of a build in which nothing changed: what they make of a
# compiled module is kept (.run/app-pkg/<its SHA-256>) and taken again for the same module.
CACHE="$ROOT/.run/app-pkg"
mkdir -p "$CACHE"
kept=()
for bin in samtycke-app samtycke-patient; do
  name="${bin//-/_}"
  module="target/wasm32-unknown-unknown/app/$bin.wasm"
  made="$CACHE/$(cat "$module" <(wasm-bindgen --version) | sha256sum | cut -c1-32)"
  if [ ! -f "$made/${name}_bg.wasm" ]; then
    rm -rf "$made.part" && mkdir -p "$made.part"
    wasm-bindgen --target web --no-typescript --out-dir "$made.part" --out-name "$name" "$module"
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$made.part/${name}_bg.wasm" -o "$made.part/${name}_bg.wasm"
    rm -rf "$made" && mv "$made.part" "$made"
  fi
  cp -p "$made"/* "$NEXT/pkg/"
  kept+=("$(basename "$made")")
done
for old in "$CACHE"/*; do
  [[ " ${kept[*]} " == *" $(basename "$old") "* ]] || rm -rf "$old"
done
cp app/embed.js "$NEXT/"
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
# The Worker is built with its own profile (`worker` in Cargo.toml: its opt-levels, the name
# section stripped); the app with `app`.
# worker-build runs cargo, wasm-bindgen, wasm-opt and esbuild every time: it is skipped when
# nothing it reads has changed since the Worker in edge/build/ was built (every file of the
# repository but the documentation, tests and benchmarks, and the tools' versions).
inputs="$(
  { git ls-files -co --exclude-standard -z -- . ':!README.md' ':!docs' ':!tests' ':!bench' \
      | xargs -0 sha256sum 2>/dev/null || true
    worker-build --version; wasm-bindgen --version; echo "${SAMTYCKE_POLICIES:-}"
  } | sha256sum | cut -c1-64
)"
stamp="$ROOT/.run/worker-inputs"
if [ -f edge/build/index.js ] && [ "$(cat "$stamp" 2>/dev/null)" = "$inputs" ]; then
  say "the Worker in edge/build/ is up to date"
else
  rm -f "$stamp"
  (cd edge && worker-build --profile worker --out-dir build-next)
  scripts/optimize-worker.sh edge/build-next
  publish_into edge/build-next edge/build index.js
  echo "$inputs" >"$stamp"
fi

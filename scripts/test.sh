#!/usr/bin/env bash
# `make test`: install what is missing, then every check and test, fastest first.
source "$(dirname "$0")/env.sh"
cd "$ROOT"
# CI builds everything once from nothing: incremental compilation would only add work.
if [ "${CI:-}" = true ]; then export CARGO_INCREMENTAL=0; fi
# (Installing the tools beside the host checks was tried: on two cores the two cargo builds
# only took turns, and the whole took as long.)
"$ROOT/scripts/setup.sh" --browser

say "format"
cargo fmt --all --check
say "README figures: each in the block the script beside it writes"
node --test tests/readme-figures.test.mjs tests/layers.test.mjs tests/boot.test.mjs
say "clippy (host)"
cargo clippy --workspace --all-targets --locked -- -D warnings
say "clippy (wasm32)"
# The scanner drives Chromium from the host; it has no wasm32 build.
cargo clippy --workspace --exclude samtycke-scan --all-targets --locked --target wasm32-unknown-unknown -- -D warnings
say "domain and page tests (incl. property tests and HTML snapshots)"
HOST=(--workspace --exclude samtycke-app --exclude samtycke-bench-bare-insert --locked)
cargo test "${HOST[@]}"
# The host tools the end-to-end tests run (verify-receipt, samtycke-scan, samtycke-check), built
# with the same packages as the tests just run, so with the same features: nothing is
# compiled again but what the tests did not need.
say "the host tools (verify-receipt, samtycke-scan, samtycke-check)"
cargo build --bins --tests --examples "${HOST[@]}"
say "config and policy check (what maintainers run before deploying)"
target/debug/samtycke-check config/site.json edge/wrangler.toml policies/*.toml policies/examples/*.toml
say "dependencies: licences, banned crates and sources (cargo deny, deny.toml)"
cargo deny --offline check bans licenses sources
say "fuzz targets compile (they are run by \`make fuzz\`, on nightly)"
cargo check --manifest-path fuzz/Cargo.toml --bins --locked
say "app tests (wasm-bindgen-test in headless Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver cargo test -p samtycke-app --locked --target wasm32-unknown-unknown
"$ROOT/scripts/build.sh"
say "deploy dry run (bundle, bindings, size budget)"
"$ROOT/scripts/deploy-check.sh"
say "end-to-end tests (Playwright + Chromium against wrangler dev)"
"$ROOT/scripts/serve-test.sh" npx playwright test --config tests/playwright.config.ts
say "make dev, as a person runs it (tests/dev-smoke.sh)"
"$ROOT/tests/dev-smoke.sh"

#!/usr/bin/env bash
# `make scan URL=<site> [PAGES=20] [CONFIG=<site.json>] [FAIL_ON=violation|drift|never]`: builds
# samtycke-scan and runs it against a site in Debian's Chromium, writing the JSON and HTML
# reports and a draft configuration into .run/scan/. Without CONFIG, a site behind Samtycke is
# classified by the configuration it publishes. Anything after the URL is passed on:
# `scripts/scan.sh https://www.example.se --pages 50`.
source "$(dirname "$0")/env.sh"
cd "$ROOT"
url="${1:?usage: make scan URL=https://www.example.se (or scripts/scan.sh URL [OPTIONS])}"
shift
"$ROOT/scripts/setup.sh" --browser >/dev/null
cargo build -q --release -p samtycke-scan --locked
mkdir -p .run/scan
args=(--pages "${PAGES:-20}" --fail-on "${FAIL_ON:-violation}"
  --json .run/scan/scan.json --html .run/scan/scan.html --draft .run/scan/draft.json)
[ -n "${CONFIG:-}" ] && args+=(--config "$CONFIG")
[ -n "${COOKIE_DB:-}" ] && args+=(--cookie-db "$COOKIE_DB")
exec target/release/samtycke-scan "$url" "${args[@]}" "$@"

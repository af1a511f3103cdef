#!/usr/bin/env bash
# Publishes one site's configuration to the SITES KV namespace, live without a rebuild:
# validates it with samtycke-check first, then writes it under `site:<id>`, `host:<hostname>`
# for each of its host names (edge mode) and `origin:<origin>` for each page origin that
# embeds the banner (embed mode). Workers pick it up within
# SITE_CONFIG_TTL_SECONDS (10 s) plus KV's own propagation (up to a minute); the first page
# request past that time still gets the old copy while the Worker reads the new one.
# Usage: scripts/publish-site.sh FILE            (the deployed namespace)
#        scripts/publish-site.sh FILE --local DIR (local state of `wrangler dev --persist-to DIR`)
source "$(dirname "$0")/env.sh"
file="${1:?usage: scripts/publish-site.sh FILE [--local STATE_DIR]}"
file="$(cd "$(dirname "$file")" && pwd)/$(basename "$file")"
target=(--remote)
if [ "${2:-}" = "--local" ]; then
  state="${3:?--local needs the state directory}"
  # A relative directory is where the caller is, not under edge/ where wrangler runs.
  case "$state" in /*) ;; *) state="$PWD/$state" ;; esac
  target=(--local --persist-to "$state")
fi
cd "$ROOT"
cargo run -q -p samtycke-tools --bin samtycke-check --locked -- "$file"
keys="$(node -e '
  const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  if (!c.site) { console.error("the configuration has no `site` section: nothing to publish it under"); process.exit(1); }
  const keys = ["site:" + c.site.id, ...(c.site.hostnames ?? []).map((h) => "host:" + h),
    ...(c.site.embed_origins ?? []).map((o) => "origin:" + o)];
  for (const k of keys) console.log(k);
' "$file")"
cd edge
# Local state is SQLite that a running `wrangler dev` also writes: a put that finds it locked
# (SQLITE_BUSY) is tried again, a few times, instead of leaving the site half published.
put() {
  local attempt out
  for attempt in 1 2 3 4 5 6 7 8; do
    if out="$(wrangler kv key put --binding SITES "$1" --path "$file" "${target[@]}" 2>&1)"; then
      return 0
    fi
    grep -q "SQLITE_BUSY" <<<"$out" || break
    sleep "0.$attempt"
  done
  printf '%s\n' "$out" >&2
  return 1
}
while read -r key; do
  put "$key"
  say "published $key"
done <<<"$keys"

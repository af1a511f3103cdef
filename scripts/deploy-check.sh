#!/usr/bin/env bash
# `wrangler deploy --dry-run`: bundles the Worker with every binding, no credentials needed;
# then holds the upload and what visitors download to their budgets (bench/sizes.mjs).
source "$(dirname "$0")/env.sh"
cd "$ROOT/edge"
out="$(wrangler deploy --dry-run --outdir "$ROOT/.run/deploy-dry-run" 2>&1)" || { echo "$out"; exit 1; }
echo "$out" | grep -E "Total Upload|env\."
gzip_kib="$(echo "$out" | sed -n 's/.*gzip: \([0-9.]*\) KiB.*/\1/p')"
[ -n "$gzip_kib" ] || { echo "no size in wrangler's output"; exit 1; }
raw_kib="$(echo "$out" | sed -n 's/^Total Upload: \([0-9.]*\) KiB.*/\1/p')"
echo "Worker upload: $gzip_kib KiB gzip"
cd "$ROOT"
# The exact figure: rounded first, 850.1 KiB had passed an 850 KiB budget.
node bench/sizes.mjs "$raw_kib" "$gzip_kib" ${SIZES_README:+"$SIZES_README"}

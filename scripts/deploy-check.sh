#!/usr/bin/env bash
# `wrangler deploy --dry-run`: bundles the Worker with every binding, no credentials needed,
# and fails when the upload is over the 1 MB gzip budget.
source "$(dirname "$0")/env.sh"
cd "$ROOT/edge"
out="$(wrangler deploy --dry-run --outdir "$ROOT/.run/deploy-dry-run" 2>&1)" || { echo "$out"; exit 1; }
echo "$out" | grep -E "Total Upload|env\."
gzip_kib="$(echo "$out" | sed -n 's/.*gzip: \([0-9.]*\) KiB.*/\1/p')"
[ -n "$gzip_kib" ] || { echo "no size in wrangler's output"; exit 1; }
python3 -c "import sys; k=float('$gzip_kib'); print(f'Worker upload: {k:.0f} KiB gzip (budget 1024 KiB)'); sys.exit(0 if k <= 1024 else 1)"

#!/usr/bin/env bash
# Runs the end-to-end suite with its files in another order than their names' (Playwright runs
# them sorted by path): `reverse`, or `shuffle SEED` (the same seed gives the same order), each
# file copied under a numbered name into .run/e2e-ordered/ beside the shared fixtures. Extra
# arguments go to Playwright (for instance `--repeat-each 2`). Every test must pass in any order.
# Usage: tests/e2e-in-order.sh reverse|shuffle SEED [PLAYWRIGHT ARGS...]
source "$(dirname "$0")/../scripts/env.sh"
cd "$ROOT"
order="${1:?usage: $0 reverse|shuffle SEED [playwright args]}"
shift
seed=0
if [ "$order" = shuffle ]; then seed="${1:?shuffle needs a seed}"; shift; fi
DIR="$ROOT/.run/e2e-ordered"
rm -rf "$DIR" && mkdir -p "$DIR"
cp tests/e2e/fixtures.ts "$DIR/"
mapfile -t files < <(node -e '
  const [order, seed] = process.argv.slice(1);
  const files = require("fs").readdirSync("tests/e2e").filter((f) => f.endsWith(".spec.ts")).sort();
  if (order === "reverse") files.reverse();
  else if (order === "shuffle") {
    // A small seeded generator (mulberry32), so an order that fails can be run again.
    let a = Number(seed) >>> 0;
    const next = () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
    for (let i = files.length - 1; i > 0; i--) { const j = Math.floor(next() * (i + 1)); [files[i], files[j]] = [files[j], files[i]]; }
  } else { console.error(`unknown order ${order}`); process.exit(2); }
  console.log(files.join("\n"));' "$order" "$seed")
i=0
for file in "${files[@]}"; do
  i=$((i + 1))
  cp "tests/e2e/$file" "$DIR/$(printf '%02d' "$i")-$file"
done
say "end-to-end files in $order order: ${files[*]}"
SAMTYCKE_E2E_DIR="$DIR" "$ROOT/scripts/serve-test.sh" npx playwright test --config tests/playwright.config.ts "$@"

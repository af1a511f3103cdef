#!/usr/bin/env bash
# Builds the Worker as it is after a material change of the patient service's privacy notice,
# for the lapse test (tests/e2e/lapse.spec.ts): a copy of policies/ in .run/notice-change/ with
# the notice `config/site.json` links to at the next material_revision and a material change
# entry, built with SAMTYCKE_POLICIES pointing at it (a development build, into
# edge/build-notice-change/), and edge/.wrangler-notice-change.toml to run it with. Cargo keeps
# it apart from the release build, so neither rebuilds the other.
source "$(dirname "$0")/env.sh"
cd "$ROOT"
OUT="$ROOT/.run/notice-change"
rm -rf "$OUT" && mkdir -p "$OUT"
cp -r "$ROOT/policies" "$OUT/policies"
slug="$(node -e 'console.log(require("./config/site.json").policy_url.split("/").pop())')"
for lang in sv en; do
  file="$OUT/policies/$slug.$lang.toml"
  python3 - "$file" "$lang" <<'PY'
import re, sys
path, lang = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
revision = int(re.search(r"^material_revision = (\d+)$", text, re.M).group(1))
text = re.sub(r"^material_revision = \d+$", f"material_revision = {revision + 1}", text, count=1, flags=re.M)
summary = {"sv": "Testversion: en väsentlig ändring.", "en": "Test version: a material change."}[lang]
latest = re.search(r'^\[\[changes\]\]\ndate = "([0-9-]+)"', text, re.M).group(1)
entry = f'[[changes]]\ndate = "{latest}"\nsummary = "{summary}"\nmaterial = true\n\n'
text = text.replace("[[changes]]", entry + "[[changes]]", 1)
open(path, "w", encoding="utf-8").write(text)
PY
done
(cd edge && SAMTYCKE_POLICIES="$OUT/policies" worker-build --dev --out-dir build-notice-change) \
  >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
sed 's|^main = "build/index.js"|main = "build-notice-change/index.js"|' "$ROOT/edge/wrangler.toml" \
  >"$ROOT/edge/.wrangler-notice-change.toml"
say "built the Worker after a material notice change: edge/build-notice-change (log: .run/notice-change/build.log)"

# Samtycke: the two commands of the README, plus the pieces they are made of.
.PHONY: dev test build setup check audit keys publish-site scan bench-intake bench-scan bench-api bench-banner bench-lighthouse bench-edge bench-store bench-make bench-all fuzz clean

## Install what is missing, build, and serve everything on http://127.0.0.1:8787.
dev:
	@scripts/dev.sh

## Install what is missing, then run every check and test.
test:
	@scripts/test.sh

## Build the app (dist/) and the Worker (edge/build/).
build:
	@scripts/setup.sh && scripts/build.sh

## Install the pinned tools only.
setup:
	@scripts/setup.sh --browser

## Validate config/site.json, policies/*.toml and the examples in policies/examples/, and hold
## the privacy notices' statements about patients against the code and edge/wrangler.toml's
## [vars] (run before deploying).
check:
	@cargo run -q -p samtycke-tools --bin samtycke-check -- config/site.json edge/wrangler.toml policies/*.toml policies/examples/*.toml

## Known vulnerabilities in the dependencies (cargo deny check advisories): fetches the
## RustSec database from GitHub, so it runs where GitHub is reachable, not in `make test`.
audit:
	@scripts/setup.sh && .tools/bin/cargo-deny check advisories

## Generate a receipt-signing key: private JWK on stdout (for `wrangler secret put`), public on stderr.
keys:
	@node scripts/keys.mjs

## Publish a site's configuration (validated first) to the deployed SITES namespace:
## `make publish-site SITE=config/sites/klinik.json`; live without a rebuild.
publish-site:
	@scripts/publish-site.sh "$(SITE)"

## Scan a site for what it sets and loads before and after consent: make scan URL=https://…
scan:
	@scripts/scan.sh "$(URL)"

## Mina intyg: 10 000 certificates through the signed intake (req/s, p50/p99) and the
## statistics query at 100 000 certificates; writes the README's table.
bench-intake:
	@bench/intake.sh

## Pages scanned a minute by samtycke-scan (sample site, three states); writes the README's table.
bench-scan:
	@bench/scan.sh

## Edge mode: the sample site through the Worker vs from its origin; writes the README's table.
bench-edge:
	@bench/edge.sh

## Load-test the receipts API against local wrangler dev; writes the README's table.
bench-api:
	@bench/receipts.sh

## Compare the banner with vanilla-cookieconsent, Klaro and Osano (../shared/bench); writes the README's table.
bench-banner:
	@bench/banner.sh

## Lighthouse's performance score, mobile, on the demo page and edge mode's sample page;
## writes the README's table.
bench-lighthouse:
	@bench/lighthouse.sh

## The receipt store: writes vs the D1 table, 1 000 000 receipts moved into shards, the
## dashboard at 10^5 and 10^6, export and offline verification; writes the README's table.
bench-store:
	@bench/store.sh

## Time `make test` (3 runs, the first on a fresh clone, a second build running) and `make dev`.
bench-make:
	@bench/make-times.sh

## Every figure in the README, measured again at this commit, one command after another
## (about three hours; tests/readme-figures.test.mjs holds the README to it).
bench-all:
	@$(MAKE) --no-print-directory bench-banner
	@$(MAKE) --no-print-directory bench-lighthouse
	@$(MAKE) --no-print-directory bench-edge
	@$(MAKE) --no-print-directory bench-store
	@$(MAKE) --no-print-directory bench-intake
	@$(MAKE) --no-print-directory bench-scan
	@$(MAKE) --no-print-directory bench-api
	@$(MAKE) --no-print-directory fuzz
	@$(MAKE) --no-print-directory bench-make

## Fuzz every parser an anonymous caller reaches (nightly + cargo-fuzz); FUZZ_SECONDS per target.
fuzz:
	@scripts/fuzz.sh

clean:
	rm -rf dist edge/build edge/build-next .run

# Samtycke: the two commands of the README, plus the pieces they are made of.
.PHONY: dev test build setup bench clean

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

clean:
	rm -rf dist edge/build .run

# The two commands: `make demo` and `make test`. Both install what they need (as root: apt-get).
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: all install stack build typecheck lint fix unit integration e2e check-dist test demo bench clean stop uninstall-stack

all: build

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: node_modules/.installed

stack: install
	bash scripts/stack/install.sh
	bash scripts/stack/start.sh

typecheck: install
	npm run --silent typecheck

# ESLint (typescript-eslint, the layout the code follows, the dependency rule), madge (no import cycle) and
# Prettier (src/ at 120 columns; YAML, JSON, Markdown)
lint: install
	npm run --silent lint

# applies what lint would ask for
fix: install
	npx eslint --fix .
	npx prettier --write --log-level warn .

# dist/ and README's input/output tables are built from src/ and action.yml
build: install
	npm run --silent build

unit: install
	npm run --silent test:unit

integration: install stack
	npm run --silent test:integration

e2e: build stack
	npm run --silent test:e2e

# fails when the committed dist/ or README.md differ from what the sources build
check-dist: build
	@test -z "$$(git status --porcelain -- dist README.md)" || { \
	  git status --short -- dist README.md; \
	  echo "check-dist: dist/ or README.md is stale: run 'make build' and commit the result." >&2; exit 1; }

test: typecheck lint unit integration e2e check-dist

demo: install stack
	bash scripts/demo.sh

# speed is measured here, never asserted in tests: setup's wall time and AWS calls (new service, re-run);
# the ECR layer cache (cold, no change, a one-line change, each from an empty local build cache); a promoted
# release against the main tier's build of a slow two-platform image (scripts/bench-promote.mjs); the action's
# own overhead (main + post against a plain buildx push) and bundle size, against the action before issue 8; and
# the bytes push mode loads before docker starts, and the post step loads (scripts/bundle-loads.mjs)
bench: build stack
	node scripts/bundle-loads.mjs
	node scripts/bench-setup.mjs 5
	node scripts/bench-cache.mjs 3
	node scripts/bench-promote.mjs 3
	node scripts/bench-overhead.mjs 15

# ends the local stack's daemons (make demo / make test start them again)
stop:
	bash scripts/stack/stop.sh

# undoes every change the local stack made to this machine (README: "Try it on this machine")
uninstall-stack:
	bash scripts/stack/uninstall.sh

clean:
	rm -rf node_modules coverage

# Dinghuo developer commands. `make demo` and `make test` are the two the README opens with.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml tests/http_audit/package-lock.json | cksum | cut -d' ' -f1)

.PHONY: setup demo serve lint test test-postgres schema migrations clean web web-setup web-test dev
WEB := storefront
WEB_STAMP := $(WEB)/node_modules/.installed-$(shell cksum < $(WEB)/package-lock.json | cut -d' ' -f1)

$(STAMP): pyproject.toml tests/http_audit/package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	npm ci --silent --prefix tests/http_audit
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

$(WEB_STAMP): $(WEB)/package-lock.json
	npm ci --silent --prefix $(WEB)
	rm -f $(WEB)/node_modules/.installed-*
	touch $(WEB_STAMP)

web-setup: $(WEB_STAMP)

web: web-setup  ## type-check and build the web apps into storefront/dist, within the JavaScript budget
	npm run --silent --prefix $(WEB) build

web-test: setup web  ## vitest, then the browser tests (Debian's chromium) against a throwaway demo server
	npm run --silent --prefix $(WEB) unit
	cd $(WEB) && CI=$${CI:-} npx playwright test

dev: setup web-setup  ## the API on :8000 and Vite's dev server on http://127.0.0.1:5173 with hot reload
	npm run --silent --prefix $(WEB) schema
	$(BIN)/dinghuo migrate
	$(BIN)/dinghuo seed-demo
	trap 'kill 0' EXIT; $(BIN)/dinghuo serve & npm run --prefix $(WEB) dev

demo: setup web  ## install, build the web apps, migrate, load the demo data and serve on http://127.0.0.1:8000
	$(BIN)/dinghuo migrate
	$(BIN)/dinghuo seed-demo
	$(BIN)/dinghuo serve

serve: setup
	$(BIN)/dinghuo serve

lint: setup  ## ruff (lint and format), mypy on app/ and schema/, and the import contracts
	$(BIN)/ruff check app schema tests bench
	$(BIN)/ruff format --check app schema tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

test: lint  ## lint, the whole suite, then the web apps' tests; on PostgreSQL + Redis when DINGHUO_TEST_DATABASE_URL / _REDIS_URL are set
	$(BIN)/python -m pytest
	$(MAKE) web-test

test-postgres:
	DINGHUO_TEST_DATABASE_URL=$${DINGHUO_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/dinghuo_test} \
	DINGHUO_TEST_REDIS_URL=$${DINGHUO_TEST_REDIS_URL:-redis://127.0.0.1:6379/15} \
	$(MAKE) test

schema: setup  ## regenerate schema.graphql from the code
	$(BIN)/dinghuo export-schema

migrations: setup  ## generate a migration for changed models (never edit one that has landed)
	$(BIN)/tortoise makemigrations

clean:
	rm -rf $(VENV) var .pytest_cache $(WEB)/node_modules $(WEB)/dist

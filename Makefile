# Dinghuo developer commands. `make demo` and `make test` are the two the README opens with.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml tests/http_audit/package-lock.json | cksum | cut -d' ' -f1)

.PHONY: setup demo serve lint test test-postgres schema migrations clean

$(STAMP): pyproject.toml tests/http_audit/package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	npm ci --silent --prefix tests/http_audit
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

demo: setup  ## install, migrate, load the demo data and serve on http://127.0.0.1:8000
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

test: lint  ## lint, then the whole suite; on PostgreSQL + Redis when DINGHUO_TEST_DATABASE_URL / _REDIS_URL are set
	$(BIN)/python -m pytest

test-postgres: lint
	DINGHUO_TEST_DATABASE_URL=$${DINGHUO_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/dinghuo_test} \
	DINGHUO_TEST_REDIS_URL=$${DINGHUO_TEST_REDIS_URL:-redis://127.0.0.1:6379/15} \
	$(BIN)/python -m pytest

schema: setup  ## regenerate schema.graphql from the code
	$(BIN)/dinghuo export-schema

migrations: setup  ## generate a migration for changed models (never edit one that has landed)
	$(BIN)/tortoise makemigrations

clean:
	rm -rf $(VENV) var .pytest_cache

# Everyday commands for the EYFS Portal; README.md explains each one.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

VENV_BIN := .venv/bin
PY := $(VENV_BIN)/python
# Extra pytest arguments, e.g. make test PYTEST_ARGS='-m "not browser" -x'
PYTEST_ARGS ?=

.PHONY: help run sync test check lint imports fmt migrations-check deploy-check assets bench clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{ printf "  make %-18s %s\n", $$1, $$2 }'

run: ## Set up and start the portal with demo data on http://127.0.0.1:8000/
	bash scripts/run.sh

sync: ## Install uv if missing and sync .venv with uv.lock (dev dependencies too)
	bash scripts/run.sh sync

test: sync ## Run the whole test suite, browser tests included
	bash scripts/system-deps.sh
	$(VENV_BIN)/pytest $(PYTEST_ARGS)

check: lint imports migrations-check deploy-check ## Lint, format check, app layers, missing migrations, deploy check

lint: sync ## ruff check and ruff format --check
	$(VENV_BIN)/ruff check .
	$(VENV_BIN)/ruff format --check .

imports: sync ## Check the apps' layers: no app imports one above it (pyproject.toml)
	$(VENV_BIN)/lint-imports

fmt: sync ## Format the code and apply ruff's safe fixes
	$(VENV_BIN)/ruff format .
	$(VENV_BIN)/ruff check --fix .

migrations-check: sync ## Fail if a model change has no migration
	mkdir -p var
	$(PY) manage.py makemigrations --check --dry-run

# Production settings with a throw-away key: the check must pass as deployed.
deploy-check: sync ## manage.py check --deploy with production settings
	DJANGO_SETTINGS_MODULE=eyfs_portal.settings.production \
	DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	DJANGO_ALLOWED_HOSTS=eyfs.example.org \
	$(PY) manage.py check --deploy --fail-level WARNING

assets: ## Rebuild the GOV.UK Frontend assets into static/
	bash frontend/build.sh

bench: sync ## Run the benchmarks (results in docs/benchmarks.md)
	$(PY) -m bench

clean: ## Remove var/ (database, broker, mail, uploads) and collected static files
	rm -rf var staticfiles

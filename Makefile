# Folio: `make run` to try it, `make test` to test it. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run demo test lint format check serve worker collector bench clean backup restore api-types

install: $(VENV)/.installed
	@# axe-core for the accessibility tests (tests/browser); they skip where npm is missing.
	@if command -v npm >/dev/null; then test node_modules/.package-lock.json -nt package-lock.json || npm ci --no-audit --no-fund; fi

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

demo: install
	$(MANAGE) migrate --noinput
	@# First run: the site's address from where `make run` serves (an existing site keeps its own).
	$(MANAGE) setup_site --base-url "$${WAGTAILADMIN_BASE_URL:-http://$(HOST):$(PORT)}"
	$(MANAGE) load_demo
	$(MANAGE) ensure_admin

run: demo
	@echo "Folio is starting on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(MANAGE) runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=folio.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=folio.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# `make serve` and `make worker` run with the same settings, so the worker serves the
# queues production requests fill (SERVE_SETTINGS=folio.settings.dev for a local worker
# beside `make run`).
SERVE_SETTINGS ?= folio.settings.production

serve: install
	DJANGO_SETTINGS_MODULE=$(SERVE_SETTINGS) $(MANAGE) collectstatic --noinput
	DJANGO_SETTINGS_MODULE=$(SERVE_SETTINGS) $(MANAGE) migrate --noinput
	@# First run: the site tree, its address from where this serves (an existing site keeps its own).
	DJANGO_SETTINGS_MODULE=$(SERVE_SETTINGS) $(MANAGE) setup_site --base-url "$${WAGTAILADMIN_BASE_URL:-http://$(HOST):$(PORT)}"
	DJANGO_SETTINGS_MODULE=$(SERVE_SETTINGS) $(BIN)/gunicorn folio.wsgi \
		--bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-2} --access-logfile -

# Folio's tasks (webhooks, admin imports) and, in production, Wagtail's (index updates).
worker: install
	DJANGO_SETTINGS_MODULE=$(SERVE_SETTINGS) $(MANAGE) run_workers

# Analytics beacons, answered for a fraction of a gunicorn worker's cost: the proxy in front
# sends POST /analytics/beacon here (README "Analytics"). COLLECTOR_BIND, default 127.0.0.1:8001.
COLLECTOR_BIND ?= 127.0.0.1:8001
collector: install
	DJANGO_SETTINGS_MODULE=$(SERVE_SETTINGS) $(MANAGE) run_beacon_collector --bind $(COLLECTOR_BIND)

# Database + media + manifest.json into BACKUP (default backups/folio-<UTC time>/);
# `make restore BACKUP=dir` needs an empty database and media folder. See README "Operations".
BACKUP ?= backups/folio-$(shell date -u +%Y%m%d-%H%M%S)
backup: install
	$(MANAGE) backup_site $(BACKUP)

restore: install
	@test -n "$(BACKUP)" -a -d "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/folio-..."; exit 2; }
	$(MANAGE) restore_site $(BACKUP)

# Benchmarks (not part of `make test`): see bench/run.py for options, e.g.
# make bench BENCH_ARGS="--posts 1000 --databases sqlite,postgres"
bench: install
	command -v wrk >/dev/null || echo "wrk not found: using the Python load generator (apt-get install wrk)"
	cd bench && ../$(BIN)/python run.py $(BENCH_ARGS)
	cd bench && ../$(BIN)/python analytics_bench.py $(ANALYTICS_BENCH_ARGS)
	cd bench && ../$(BIN)/python api_html.py $(API_HTML_BENCH_ARGS)

# What counting costs: post page req/s alone and with 500 beacons/s (bench/analytics_bench.py).
.PHONY: bench-analytics
bench-analytics: install
	cd bench && ../$(BIN)/python analytics_bench.py $(ANALYTICS_BENCH_ARGS)

# Import speed and memory (bench/import_bench.py), e.g.
# make bench-import BENCH_ARGS="--posts 2000 --databases sqlite,postgres"
.PHONY: bench-import
bench-import: install
	$(BIN)/python bench/import_bench.py $(BENCH_ARGS)

# Soak (not part of `make test`): mixed reads and editor publishes against gunicorn +
# PostgreSQL + Redis on 127.0.0.1, 10 minutes unless SOAK_SECONDS says otherwise.
# Writes bench/results/soak.md; fails on any error or >= 10% worker memory growth.
.PHONY: soak
SOAK_SECONDS ?= 600
soak: install
	cd bench && ../$(BIN)/python soak.py --seconds $(SOAK_SECONDS)

# Fuzzing at full size (not part of `make test`, which runs the same tests with few
# examples): API v2 and HTML routes with Hypothesis, API v3 with Schemathesis.
.PHONY: fuzz
fuzz: install
	HYPOTHESIS_PROFILE=full $(BIN)/pytest tests/test_api_fuzz.py tests/test_html_fuzz.py \
		tests/test_api_v3_schema.py -p no:logging --hypothesis-show-statistics

# TypeScript types of API v2 for front ends (examples/front-end/folio-api.d.ts), made
# from its OpenAPI document with openapi-typescript; tests/test_openapi_v2_types.py
# fails while they are out of date.
API_TYPES := examples/front-end/folio-api.d.ts
api-types: install
	$(MANAGE) openapi_v2 --output .openapi-v2.json
	npx --no-install openapi-typescript .openapi-v2.json --output $(API_TYPES)
	rm -f .openapi-v2.json

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

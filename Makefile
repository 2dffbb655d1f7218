# Folio: `make run` to try it, `make test` to test it. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run demo test lint format check serve worker bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

demo: install
	$(MANAGE) migrate --noinput
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

serve: install
	DJANGO_SETTINGS_MODULE=folio.settings.production $(MANAGE) collectstatic --noinput
	DJANGO_SETTINGS_MODULE=folio.settings.production $(MANAGE) migrate --noinput
	DJANGO_SETTINGS_MODULE=folio.settings.production $(BIN)/gunicorn folio.wsgi \
		--bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-2} --access-logfile -

worker: install
	$(MANAGE) db_worker --backend folio --queue-name '*'

# Benchmarks (not part of `make test`): see bench/run.py for options, e.g.
# make bench BENCH_ARGS="--posts 1000 --databases sqlite,postgres"
bench: install
	command -v wrk >/dev/null || echo "wrk not found: using the Python load generator (apt-get install wrk)"
	cd bench && ../$(BIN)/python run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

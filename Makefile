# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: lock run test install install-dev catalogs i18n-update check-rules lint bench clean check-robust check-container

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml constraints.txt | $(VENV)/bin/python
	$(PY) -m pip install -q -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml constraints.txt $(VENV)/.installed
	$(PY) -m pip install -q -c constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.installed catalogs

install-dev: $(VENV)/.installed-dev catalogs

# Bytecode too: a server then never compiles its modules from source at start, even where
# PYTHONDONTWRITEBYTECODE is set (issue 17: ~25 ms of the engine's import alone).
catalogs: $(VENV)/.installed
	$(PY) -m app.i18n.catalogs compile
	$(PY) -m compileall -q app >/dev/null

## Serve on http://$(HOST):$(PORT) with the embedded SQLite database.
# --ws none: the app serves no WebSocket; uvicorn then imports none at start (issue 17).
run: install
	$(PY) -m app.cli migrate
	$(PY) -m uvicorn app.main:app --host $(HOST) --port $(PORT) --no-access-log --ws none

## The whole test suite (installs the browser for the accessibility checks first).
test: install-dev
	bash scripts/install-test-deps.sh
	$(PY) -m ruff check app tests bench
	$(PY) -m pytest

i18n-update: $(VENV)/.installed-dev
	$(PY) -m app.i18n.catalogs update $(DOMAIN)

check-rules: $(VENV)/.installed
	$(PY) -m app.engine.check

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check app tests bench

bench: install-dev
	$(PY) bench/screening.py
	$(PY) bench/startup.py
	$(PY) bench/search.py
	$(PY) bench/page_weight.py
	$(PY) bench/http_load.py
	$(PY) bench/roster.py

## Pin what is installed now (after `pip install -U` and a green `make test`) for CI and the image.
lock: $(VENV)/.installed-dev
	{ sed -n '1,2p' constraints.txt; $(PY) -m pip freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt

## The long robustness suite (a few minutes): schemathesis against /openapi.json, a bounded
## load test, kill -9 during case saves (SQLite, and PostgreSQL when TEST_POSTGRES_URL is set).
check-robust: install-dev
	ROBUST=1 $(PY) -m pytest -p no:cacheprovider tests/test_robust_http.py tests/test_robust_kill.py

## Build the Dockerfile for real and ask the image's own command for /healthz (needs root;
## shared/container/probe.sh beside the project, as in CI).
SHARED ?= ../shared
check-container:
	bash $(SHARED)/container/probe.sh . /healthz

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache i18n/*/LC_MESSAGES/*.mo

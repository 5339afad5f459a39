# ThiDua — the two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist workers for `make test`: one per core (`auto`); 0 runs in this one process.
# `--dist loadgroup` sends the tests of one `xdist_group` to one worker: tests/demo, so that
# the demo is loaded once per run (ignored with 0 workers).
PYTEST_WORKERS ?= auto
# Python's bytecode and pytest's rewritten test modules are cached in __pycache__ (gitignored):
# where the environment says not to write them (PYTHONDONTWRITEBYTECODE, set on some CI
# machines), every test process compiled the project and the tests again — 18 s of each
# xdist worker's start instead of 7 (bench/README.md "Test suite").
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test serve setup setup-dev lint check e2e lock messages bench clean

run: setup ## set up and serve the demo on http://127.0.0.1:8000 (SQLite under var/), with the background worker
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "  ThiDua is running at http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	@echo "  The background worker (e-mail) runs beside it: manage.py db_worker"
	@echo ""
# The worker sends the queued e-mail (docs/deploy.md); the trap stops it when the server
# stops, however the server stops (Ctrl+C, an error, a kill).
	$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup-dev ## the whole test suite on every core (SQLite; PostgreSQL when DATABASE_URL is set)
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

$(VENV)/pyvenv.cfg:
	@test -n "$(PYTHON)" || { echo "ThiDua needs Python >= 3.11 (python3 --version)."; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create a virtual environment: on Debian/Ubuntu run 'sudo apt-get install python3-venv'."; exit 1; }

# pip, or uv when the environment has it (CI puts it there from requirements-ci.lock): the same
# locked packages, hashes required, bytecode compiled, in seconds instead of half a minute.
INSTALL = $(if $(wildcard $(BIN)/uv),$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python,$(BIN)/python -m pip install --quiet --disable-pip-version-check) --require-hashes -r

$(VENV)/.runtime: requirements.lock | $(VENV)/pyvenv.cfg
	$(INSTALL) requirements.lock
	@touch $@

$(VENV)/.dev: requirements-dev.lock | $(VENV)/pyvenv.cfg
	$(INSTALL) requirements-dev.lock
	@touch $@ $(VENV)/.runtime

setup: $(VENV)/.runtime
setup-dev: $(VENV)/.dev

lint: setup-dev ## ruff
	$(BIN)/ruff check .

check: setup-dev ## migrations in step with models, deploy checks with production settings
	$(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=thidua.settings.production SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
		BALLOT_SEALING_SECRET=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(48))') \
		AUDIT_SECRET=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(48))') \
		ALLOWED_HOSTS=thidua.example.gov.vn $(BIN)/python manage.py check --deploy --fail-level WARNING

e2e: setup-dev ## only the browser tests (needs Debian's chromium)
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m e2e $(PYTEST_ARGS)

messages: setup-dev ## refresh the English catalogue (source strings are Vietnamese) and compile it
	cd src/thidua && ../../$(BIN)/python ../../manage.py makemessages -l en --no-location --no-obsolete -i "*/migrations/*"
	cd src/thidua && ../../$(BIN)/python ../../manage.py compilemessages -l en

lock: ## re-pin the dependencies with hashes (needs uv: pip install uv)
	uv pip compile --generate-hashes --python-version 3.11 -q requirements.in -o requirements.lock
	uv pip compile --generate-hashes --python-version 3.11 -q requirements-dev.in -o requirements-dev.lock
	uv pip compile --generate-hashes --python-version 3.11 -q requirements-ci.in -o requirements-ci.lock

bench: setup-dev ## national-scale benchmark (see bench/README.md)
	$(BIN)/python bench/generate.py && $(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var/thidua.sqlite3 var/static .pytest_cache .ruff_cache

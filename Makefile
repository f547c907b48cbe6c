# lgsys: `make run` and `make test` do all set-up on a fresh Debian machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test system-deps migrate demo lint format check messages backup restore bench bench-server clean

run: install migrate demo  ## install, migrate, load the demo data and serve on http://127.0.0.1:8000/ (with the PDF worker)
	@export DJANGO_DEBUG=$${DJANGO_DEBUG:-1}; \
	$(MANAGE) pdf_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

# One pytest worker per core (pytest-xdist), each with its own test database;
# an idle worker takes tests queued for a busy one (worksteal): a few tests take
# a minute each.
TEST_WORKERS ?= auto
test: install-test  ## install with the test extra and run the whole test suite on every core
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "lgsys needs Python 3.11 or newer; $(PYTHON) is $$($(PYTHON) --version)."; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create $(VENV): on Debian install the package python3-venv (apt-get install python3-venv)."; exit 1; }
	$(PIP) install --quiet --upgrade pip

# The stamps re-run pip only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

install: system-deps $(VENV)/.installed
install-test: system-deps $(VENV)/.installed-test

system-deps:  ## WeasyPrint needs Pango, SAML login xmlsec1: install them on Debian when root, else say which packages
	@bash .ci/system-packages pango xmlsec1

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) loaddemo

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

format: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install-test  ## compile every locale/*.po into its .mo (pure Python, no gettext needed)
	$(MANAGE) compilepo

backup: install  ## write a backup of the database: make backup FILE=lgsys.dump
	$(MANAGE) backup $${FILE:-lgsys-$$(date +%Y-%m-%d).dump}

restore: install  ## replace the database with a backup: make restore FILE=lgsys.dump
	$(MANAGE) restore $(FILE)

SIZE ?= large
# Never installs system packages (make install does): it says what is missing.
bench: $(VENV)/.installed-test  ## every page of every role, the report and the archive at two sizes (SIZE=large|xl); one table, bench.json, BENCHMARKS.md
	@bash .ci/system-packages --check pango xmlsec1
	$(MANAGE) bench --size $(SIZE) --output bench.json --archive benchmarks
	$(MANAGE) bench_report benchmarks/*.json > BENCHMARKS.md

bench-server: install-test  ## gunicorn (2 workers) + PostgreSQL under wrk: requests per second
	@bash .ci/system-packages wrk
	$(PIP) install --quiet -e '.[test,bench]'
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/lgsys_bench_server} \
		$(MANAGE) bench_server --output benchmarks/server-postgresql.json
	$(MANAGE) bench_report benchmarks/*.json > BENCHMARKS.md

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles

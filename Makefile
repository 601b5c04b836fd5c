# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# axe-core (accessibility audit of the browser tests), from the npm registry, served from disk.
AXE := tests/browser/node_modules/axe-core/axe.min.js
PORT ?= 8501
# Data-layer and page tests run on every core (each worker has its own SQLite files and PostgreSQL
# schemas), one file per worker. The browser tests then run on two workers, test by test (--dist
# load): by file, the French test (about 10 min alone before issue 22) bounded the half on one
# worker; the price is a module-scoped server started on each worker that needs it. (loadgroup
# does nothing here: xdist 3.8 writes the group into item._nodeid, which pytest 9 no longer reads.)
# Read-only journeys share a served app; journeys that write copy a migrated template store
# (docs/architecture.md, « Tests »). No rerun: a test that fails once is a race to fix.
# `--durations=20` prints the slowest 20 tests of each half.
TEST_WORKERS ?= auto
BROWSER_WORKERS ?= 2

.PHONY: lock run test setup axe lint typecheck check-env doctor test-fast test-browser bench clean-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Installs exactly what requirements.lock says (versions and hashes), then the project itself
# without resolving anything: the same packages on every machine, whatever the registry serves today.
$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check --disable-pip-version-check >/dev/null
	touch $(STAMP)

setup: $(STAMP)

# After changing a range in pyproject.toml: `make lock`, run the tests, commit both files.
lock: $(STAMP)
	$(BIN)/python tools/lock.py

$(AXE):
	cd tests/browser && npm install --no-save --no-audit --no-fund --loglevel=error axe-core@4

axe: $(AXE)

run: $(STAMP)
	$(BIN)/concertations db upgrade
	$(BIN)/concertations demo --if-empty
	$(BIN)/streamlit run dashboard/app.py --server.address=127.0.0.1 --server.port=$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check dashboard data_access pages tests migrations tools

typecheck: $(STAMP)
	$(BIN)/mypy

# What the whole suite needs from the machine (Chromium, PostgreSQL, npm, soffice, pdftoppm), named in
# French before anything is installed or run; fails in CI, warns on a workstation.
check-env:
	$(PYTHON) tools/check_env.py

doctor: check-env

test: check-env $(STAMP) $(AXE)
	$(BIN)/ruff check dashboard data_access pages tests migrations tools
	$(BIN)/mypy
	status=0; \
	$(BIN)/python -m pytest -m "not browser" -n $(TEST_WORKERS) --dist loadfile --durations=20 || status=1; \
	$(BIN)/python -m pytest -m browser -n $(BROWSER_WORKERS) --dist load --durations=20 || status=1; \
	exit $$status

# The data and page layers on SQLite, on every core, stopping at the first failure (under 3 minutes).
test-fast: $(STAMP)
	$(BIN)/python -m pytest tests/data_access tests/pages -m "not browser and not slow and not postgres" \
		-n $(TEST_WORKERS) --dist loadfile -x -q

test-browser: $(STAMP) $(AXE)
	$(BIN)/python -m pytest -m browser

bench: $(STAMP)
	$(BIN)/concertations bench

clean-venv:
	rm -rf $(VENV)
